"""Reports read from the replica (DATABASE_REPLICA_URL), everything else from the primary.

`reading_from_replica()` marks the reads of this thread as a report's: the figures and the PDF
(heavy aggregates over the whole country) then run on the replica, while the record of the
report, its file and the audit trail are written to the primary. Without a replica, nothing
changes.

A streaming standby replays the primary's writes a little after they are committed. A report
asked for right after a month was validated must show that month: before reading from the
replica, `reading_from_replica` takes the primary's position in its write-ahead log (every
write committed so far lies before it) and waits until the standby has replayed up to there,
for REPLICA_WAIT_SECONDS at most; a standby further behind, or one that does not answer, is
passed over and the report reads from the primary. (The same wait-for-position rule as
GitLab's database load balancing, for example.)"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

_state = threading.local()

# How often the standby's position is read while waiting for it.
POLL_SECONDS = 0.01


@contextlib.contextmanager
def reading_from_replica():
    previous = getattr(_state, "replica", False)
    _state.replica = "replica" in settings.DATABASES and (previous or replica_caught_up())
    try:
        yield
    finally:
        _state.replica = previous


def replica_in_use() -> bool:
    """Whether this thread's reads go to the replica now."""
    return getattr(_state, "replica", False)


def replica_caught_up(wait: float | None = None) -> bool:
    """Whether the replica has replayed every write the primary had committed when asked,
    waiting up to `wait` seconds (REPLICA_WAIT_SECONDS) for it to get there. A replica that is
    not in recovery (a promoted standby, or the primary itself under a second name) is up to
    date by definition."""
    wait = settings.REPLICA_WAIT_SECONDS if wait is None else wait
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()")
            [position] = cursor.fetchone()
        deadline = time.monotonic() + wait
        with connections["replica"].cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                    [position],
                )
                if cursor.fetchone()[0]:
                    return True
                if time.monotonic() >= deadline:
                    logger.warning(
                        "The replica is more than %s s behind: reading from the primary", wait
                    )
                    return False
                time.sleep(POLL_SECONDS)
    except DatabaseError:
        logger.warning("The replica does not answer: reading from the primary", exc_info=True)
        # A connection left broken is replaced at its next use.
        connections["replica"].close_if_unusable_or_obsolete()
        return False


class ReportReplicaRouter:
    def db_for_read(self, model, **hints):
        if getattr(_state, "replica", False):
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
