"""Reports read from the replica (DATABASE_REPLICA_URL), everything else from the primary.

`reading_from_replica()` marks the reads of this thread as a report's: the figures and the PDF
(heavy aggregates over the whole country) then run on the replica, while the record of the
report, its file and the audit trail are written to the primary. Without a replica, nothing
changes."""

import contextlib
import threading

from django.conf import settings

_state = threading.local()


@contextlib.contextmanager
def reading_from_replica():
    previous = getattr(_state, "replica", False)
    _state.replica = "replica" in settings.DATABASES
    try:
        yield
    finally:
        _state.replica = previous


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
