"""Backups of the rehearsal's primary, and the drill that proves they restore.

    python -m tests.cluster.backup backup      (make backup)
    python -m tests.cluster.backup drill       (make restore-drill)

`backup`: a base backup of the primary (pg_basebackup, tar format, with the WAL written during
the copy and a manifest), checked by pg_verifybackup, into .data/cluster/backups/<time>/. With
the primary's continuous WAL archive (.data/cluster/wal-archive/, written by archive_command),
it restores the database to any moment after the backup: a base backup and WAL archiving, not
pg_dump, because a dump restores only the moment it was taken (a day of work lost for a
nightly dump), and at national size restoring one means rebuilding every index (tens of
minutes), where a base backup is files copied and WAL replayed.

`drill`: on the primary (quiet: no load running), counts the rows of every table, notes the
moment, then makes a mistake (a bulk deletion of a delegation's case notes, by SQL, as a
wrong script would) and a few writes after it. It then restores the latest base backup into a
new server, replaying the archived WAL up to the moment before the mistake, starts the portal
on it (gunicorn, production settings: /healthz and the sign-in page), counts every table again
and compares: it names every table whose rows differ from the source at that moment (the data
lost; there must be none) and says that the mistake and the writes after it are absent, the
audit trail's events included. It prints how long the restore took. The restored server is
stopped and removed at the end (DRILL_KEEP=1 keeps it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.cluster.pg import Server, as_owner, owned, run
from tests.cluster.run import ARCHIVE, BACKUPS, DATABASE, DB_PORT, HOME, Cluster, Process, log

DRILL = HOME / "drill"
DRILL_PORT = DB_PORT + 2
DRILL_APP_PORT = int(os.environ.get("CLUSTER_PORT") or 8300) + 9
# The mistake: every note of this delegation's cases deleted.
MISTAKE_DELEGATION = os.environ.get("DRILL_DELEGATION") or "DP-MA-KHO"


def primary_running(cluster: Cluster) -> tuple[Server, bool]:
    """The rehearsal's primary, started with its standby if need be (it commits only once
    the standby has the commit); whether this process started them."""
    primary = cluster.primary
    if not primary.exists:
        raise SystemExit("no rehearsal cluster yet: run `make cluster` once first")
    if primary.running and cluster.standby.running:
        return primary, False
    cluster.ensure_databases()
    return cluster.primary, True


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def take_backup(primary: Server) -> Path:
    owned(BACKUPS)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = BACKUPS / stamp
    owned(target)
    log(f"base backup of {primary.name} into {target}...")
    started = time.monotonic()
    run(
        "pg_basebackup", "-d", primary.url(), "-D", str(target), "--format=tar",
        "--wal-method=stream", "--checkpoint=fast", "--label", f"entraide {stamp}",
    )  # fmt: skip
    took = time.monotonic() - started
    run("pg_verifybackup", "--no-parse-wal", str(target))
    info = {"taken": stamp, "seconds": round(took, 1), "bytes": size(target)}
    (target / "entraide-backup.json").write_text(json.dumps(info))
    log(
        f"  {info['bytes'] / 1e9:.2f} GB in {took:.0f} s, verified (pg_verifybackup); "
        f"WAL archive: {ARCHIVE} ({size(ARCHIVE) / 1e9:.2f} GB)"
    )
    return target


def latest_backup() -> Path | None:
    found = sorted(p for p in BACKUPS.glob("*") if (p / "entraide-backup.json").exists())
    return found[-1] if found else None


def table_counts(url: str) -> dict[str, int]:
    """Rows of every table of the portal's database, exactly (count(*)), in one snapshot."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables "
                "WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608


def archive_now(url: str) -> None:
    """Close the current WAL segment and wait until the archive has it: the archive keeps up
    (checked before the drill harms anything), and the restore can read the WAL up to here."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        [segment] = conn.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            [archived] = conn.execute("SELECT last_archived_wal FROM pg_stat_archiver").fetchone()
            if archived and archived[-24:] >= segment[-24:]:
                return
            time.sleep(0.2)
    raise SystemExit(
        f"the WAL segment {segment} was not archived in 60 s: see the primary's log "
        "(archive_command); no drill without a working archive"
    )


def make_mistake(url: str) -> dict:
    """A bulk deletion, then writes after it; returns what they did."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        deleted = conn.execute(
            "DELETE FROM beneficiaries_note WHERE case_id IN (SELECT c.id FROM "
            "beneficiaries_casefile c JOIN territory_orgunit u ON u.id = c.delegation_id "
            "WHERE u.code = %s)",
            [MISTAKE_DELEGATION],
        ).rowcount
        # Work done after the mistake (lost with it: the price of going back before it).
        conn.execute(
            "UPDATE territory_orgunit SET name_fr = name_fr WHERE code = %s", [MISTAKE_DELEGATION]
        )
    # The WAL of the mistake goes to the archive (the restore must see it to stop before).
    archive_now(url)
    return {"notes_deleted": deleted}


def repair(source_url: str, restored_url: str) -> int:
    """What an operator does after such a drill: the rows the mistake deleted, copied back
    from the restored server into the primary, which keeps the work done since (the copy is
    written by the primary's audit trail like any write). Returns the rows put back."""
    import psycopg

    table = "beneficiaries_note"
    deleted = (
        "SELECT n.* FROM beneficiaries_note n JOIN beneficiaries_casefile c ON c.id = n.case_id "
        "JOIN territory_orgunit u ON u.id = c.delegation_id WHERE u.code = %s"
    )
    with psycopg.connect(restored_url) as restored, psycopg.connect(source_url) as source:
        columns = ", ".join(
            name
            for (name,) in source.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND is_generated = 'NEVER' ORDER BY ordinal_position",
                [table],
            )
        )
        source.execute(f"CREATE TEMP TABLE put_back (LIKE {table})")
        query = f"SELECT {columns} FROM ({deleted}) n"  # noqa: S608 - our own names
        with (
            restored.cursor().copy(f"COPY ({query}) TO STDOUT", [MISTAKE_DELEGATION]) as out,
            source.cursor().copy(f"COPY put_back ({columns}) FROM STDIN") as into,
        ):
            for chunk in out:
                into.write(chunk)
        put = source.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM put_back b "  # noqa: S608
            f"WHERE NOT EXISTS (SELECT FROM {table} n WHERE n.id = b.id)"
        ).rowcount
    return put


def restore(backup: Path, target_time: str) -> tuple[Server, float]:
    """A new server from `backup`, its WAL replayed from the archive up to `target_time`."""
    server = Server(DRILL, DRILL_PORT, "drill")
    server.stop("immediate")
    if DRILL.exists():
        shutil.rmtree(DRILL)
    started = time.monotonic()
    owned(DRILL)
    # Unpacked as the servers' user, who must own the files.
    tar = shutil.which("tar") or "/bin/tar"
    subprocess.run(
        [tar, "-xf", str(backup / "base.tar"), "-C", str(DRILL)], check=True, **as_owner()
    )
    wal = owned(DRILL / "pg_wal")
    subprocess.run(
        [tar, "-xf", str(backup / "pg_wal.tar"), "-C", str(wal)], check=True, **as_owner()
    )
    DRILL.chmod(0o700)
    server.configure(
        archive_mode="off",
        synchronous_standby_names="''",
        restore_command=f"'cp {ARCHIVE}/%f %p'",
        recovery_target_time=f"'{target_time}'",
        recovery_target_inclusive="off",
        recovery_target_action="'promote'",
        shared_buffers="'256MB'",
    )
    (DRILL / "standby.signal").unlink(missing_ok=True)
    (DRILL / "recovery.signal").touch()
    if os.geteuid() == 0:
        shutil.chown(DRILL / "recovery.signal", "embedded_postgres", "embedded_postgres")
    server.start(timeout=1800)
    while server.sql("SELECT pg_is_in_recovery()")[0]:
        time.sleep(0.5)
    return server, time.monotonic() - started


def portal_answers(cluster: Cluster, server: Server) -> list[str]:
    """Start gunicorn with the production settings on the restored database (the cluster's,
    pointed at it alone); the pages it served, or a problem."""
    import urllib.request

    env = cluster.env(DATABASE_URL=server.url(DATABASE))
    env.pop("DATABASE_REPLICA_URL")
    command = [sys.executable, "-m", "gunicorn", "entraide.wsgi:application"]
    app = Process("drill-app", [*command, "--bind", f"127.0.0.1:{DRILL_APP_PORT}"], env)
    app.start()
    try:
        cluster.wait_healthy(DRILL_APP_PORT, app)
        served = ["/healthz 200"]
        with urllib.request.urlopen(f"http://127.0.0.1:{DRILL_APP_PORT}/fr/login/") as response:
            served.append(f"/fr/login/ {response.status}")
    except (OSError, SystemExit) as problem:
        served = [f"NO ANSWER ({problem})"]
    finally:
        app.stop()
    return served


def drill() -> int:
    import psycopg

    cluster = Cluster()
    primary, started_here = primary_running(cluster)
    source = primary.url(DATABASE)
    try:
        backup = latest_backup() or take_backup(primary)
        info = json.loads((backup / "entraide-backup.json").read_text())
        log(f"latest base backup: {backup.name} ({info['bytes'] / 1e9:.2f} GB)")
        archive_now(source)
        log("counting every table of the source...")
        before = table_counts(source)
        with psycopg.connect(source, autocommit=True) as conn:
            moment = conn.execute("SELECT clock_timestamp()::text").fetchone()[0]
        time.sleep(1.0)  # the mistake comes strictly after the chosen moment
        mistake = make_mistake(source)
        log(
            f"the mistake, after {moment}: {mistake['notes_deleted']} case notes of "
            f"{MISTAKE_DELEGATION} deleted, then one more write"
        )
        after_mistake = table_counts(source)
        log(f"restoring {backup.name} into {DRILL}, WAL replayed up to {moment}...")
        server, took = restore(backup, moment)
        try:
            served = portal_answers(cluster, server)
            restored = table_counts(server.url(DATABASE))
            put_back = repair(source, server.url(DATABASE))
            repaired = table_counts(source)
        finally:
            if os.environ.get("DRILL_KEEP") != "1":
                server.stop("immediate")
                shutil.rmtree(DRILL, ignore_errors=True)
    finally:
        if started_here:
            cluster.stop()
    lost = {t: (n, restored.get(t)) for t, n in before.items() if restored.get(t) != n}
    changed = sorted(t for t in before if after_mistake.get(t) != before[t])
    events = [t for t in before if t.endswith("event")]
    print(f"\nrestore drill of {backup.name} to {moment} (before the mistake)")
    print(f"  restore time: {took:.0f} s (files of the base backup, then the archived WAL)")
    print(
        f"  data size: {info['bytes'] / 1e9:.2f} GB; {sum(before.values()):,} rows in "
        f"{len(before)} tables"
    )
    print(f"  portal on the restored database: {', '.join(served)}")
    print(f"  tables compared: {len(before)}, of which {len(events)} of the audit trail")
    print(f"  the mistake touched: {', '.join(changed) or 'nothing'}")
    print(
        "  data lost before the chosen moment: "
        + (
            "none: every table has the rows it had then, audit trail included"
            if not lost
            else "; ".join(f"{t}: {a} then, {b} restored" for t, (a, b) in lost.items())
        )
    )
    back = all(restored.get(t) == before[t] for t in changed)
    print(
        "  the mistake undone: "
        + ("yes (the deleted notes are back, their deletion events absent)" if back else "NO")
    )
    notes = "public.beneficiaries_note"
    fixed = repaired[notes] == before[notes]
    print(
        f"  the primary repaired: {put_back} notes copied back from the restored copy; "
        + ("its notes as before the mistake" if fixed else "NOT as before")
    )
    # A drill whose mistake deleted nothing proves nothing.
    problems = (
        bool(lost) or not back or not fixed or not changed or any("NO ANSWER" in s for s in served)
    )
    print(
        "\nFAILED" if problems else "\nOK: restored to the moment before the mistake, nothing lost."
    )
    return 1 if problems else 0


def backup() -> int:
    cluster = Cluster()
    primary, started_here = primary_running(cluster)
    try:
        take_backup(primary)
    finally:
        if started_here:
            cluster.stop()
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "backup"
    sys.exit({"backup": backup, "drill": drill}[command]())
