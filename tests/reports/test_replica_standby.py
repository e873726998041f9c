"""Reports read from a real streaming standby, yet a report asked for right after a month was
validated shows that month.

A primary and its hot standby (pg_basebackup, streaming replication) are started on loopback
from the embedded PostgreSQL's binaries, with the test database's schema and reference data
(pg_dump). A process of the portal's own, pointed at both (DATABASE_URL, DATABASE_REPLICA_URL),
validates a month and at once computes the report (tests/reports/replica_scenario.py): the
report waits for the standby to replay the primary's position, or reads from the primary when
the standby stays behind longer than REPLICA_WAIT_SECONDS, or does not answer.

Slow for a unit test (20 to 40 seconds: two servers, a schema restored, three processes)."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from psycopg.conninfo import make_conninfo

from tests.cluster.pg import BIN, Server, as_owner

pytestmark = pytest.mark.django_db

WAIT = 1.5  # REPLICA_WAIT_SECONDS of the portal's process
COLUMN_OPTIONS = re.compile(r"^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(.*\);$")


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def standby(tmp_path_factory, django_db_setup, django_db_blocker):
    """(primary, standby): the standby streaming from the primary, which holds the test
    database's schema and reference data in its database `entraide`."""
    folder = tmp_path_factory.mktemp("cluster")
    primary = Server(folder / "primary", free_port())
    replica = Server(folder / "standby", free_port())
    try:
        primary.initdb()
        primary.configure(shared_buffers="'64MB'", max_connections="50", wal_keep_size="'256MB'")
        primary.start()
        primary.sql('CREATE DATABASE "entraide"')
        # The test database, however it is reached (a socket folder, a host, a password).
        params = connection.get_connection_params()
        params.pop("options", None)
        params.pop("cursor_factory", None)
        source = make_conninfo(**{k: v for k, v in params.items() if isinstance(v, (str, int))})
        dump = subprocess.run(
            [str(BIN / "pg_dump"), "--no-owner", "--no-acl", f"--dbname={source}"],
            capture_output=True, text=True, **as_owner(),
        )  # fmt: skip
        assert dump.returncode == 0, dump.stderr
        # Per-column options are the source server's own (some servers tag every column with
        # options of their extensions, unknown elsewhere); the portal sets none.
        script = "\n".join(
            line for line in dump.stdout.splitlines() if not COLUMN_OPTIONS.match(line)
        )
        restored = subprocess.run(
            [str(BIN / "psql"), "--quiet", "-v", "ON_ERROR_STOP=1", primary.url("entraide")],
            input=script, capture_output=True, text=True, **as_owner(),
        )  # fmt: skip
        assert restored.returncode == 0, restored.stderr
        replica.base_backup_of(primary.url(), standby=True)
        replica.configure(shared_buffers="'64MB'", max_connections="50")
        replica.start()
        assert replica.sql("SELECT pg_is_in_recovery()") == (True,)
        yield primary, replica
    finally:
        replica.stop("immediate")
        primary.stop("immediate")


def report_after_validating(primary, replica, month, people, *extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "entraide.settings.test",
        "DATABASE_URL": primary.url("entraide"),
        "DATABASE_REPLICA_URL": replica.url("entraide"),
        "REPLICA_WAIT_SECONDS": str(WAIT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.reports.replica_scenario", month, str(people), *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_report_reads_the_standby_once_it_has_replayed_the_month_just_validated(standby):
    primary, replica = standby
    # The standby stops replaying: it lags behind the primary until resumed, 0.3 s after the
    # month is validated; the report waits for it, then reads from it.
    replica.sql("SELECT pg_wal_replay_pause()")
    found = report_after_validating(primary, replica, "2026-03", 37, "--resume-after", "0.3")
    assert found["people_in_centres"] == 37
    assert found["from_replica"] is True
    assert found["replica_queries"] > 10  # the report's figures, from the standby
    assert 0.25 < found["waited"] < WAIT
    # In steady use the standby is already there: no wait to speak of.
    found = report_after_validating(primary, replica, "2026-04", 12)
    assert (found["people_in_centres"], found["from_replica"]) == (12, True)
    assert found["waited"] < 0.5


def test_a_standby_too_far_behind_is_passed_over_for_the_primary(standby):
    primary, replica = standby
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        found = report_after_validating(primary, replica, "2026-05", 41)
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    # Waited its bound, then read the primary: the month is there all the same.
    assert found["people_in_centres"] == 41
    assert found["from_replica"] is False
    assert found["replica_queries"] == 0
    assert found["waited"] >= WAIT


def test_a_standby_that_does_not_answer_is_passed_over_for_the_primary(standby):
    primary, replica = standby
    replica.stop("fast")
    try:
        found = report_after_validating(primary, replica, "2026-06", 8)
    finally:
        replica.start()
    assert (found["people_in_centres"], found["from_replica"]) == (8, False)
