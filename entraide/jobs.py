"""Background jobs that outlive their worker: a killed worker must not leave a job "running"
for ever, nor its uploaded file (people's data) on disk.

While a worker runs a job it holds a lease: a PostgreSQL advisory lock, on a connection of
its own, keyed by the job's table and id. PostgreSQL releases the lock the moment that
connection ends, however the process ended (SIGKILL, out of memory, a lost machine), with
nothing for the process to do. So a job marked "running" whose lease nobody holds is a job
whose worker is gone: `reap` marks it failed and deletes its upload. The job pages reap the
job they show, and `manage.py reap_jobs` (run by cron, or by each worker as it starts) reaps
the rest.

The lease is taken before the job is marked running and dropped after its outcome is saved,
so a live job is never taken for dead. Workers must reach PostgreSQL directly, or through a
pooler in session mode: a transaction-mode pooler would give the lock to another client.
"""

import logging
import zlib
from contextlib import contextmanager

from django.db import connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def lock_space(model):
    """The first key of the advisory locks of a model's jobs: a stable number from its table
    name, in PostgreSQL's int4 range."""
    return zlib.crc32(model._meta.db_table.encode()) & 0x7FFFFFFF


class Lease:
    """Held while a worker runs one job. `progress(field=value, ...)` writes how far the job is
    on the lease's own connection, in autocommit: the progress shows while the work's own
    transaction is still open."""

    def __init__(self, job):
        self.job = job
        self.keys = [lock_space(type(job)), job.pk]
        self.connection = None

    def acquire(self):
        """True if this worker now holds the job; False if another one does."""
        self.connection = connections.create_connection("default")
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", self.keys)
            [held] = cursor.fetchone()
        if not held:
            self.release()
        return held

    def progress(self, **values):
        """Write how far the job is (its progress fields) on the lease's connection. Progress
        is news, not a record: a write that would wait for a lock on the job's row (held by
        the worker's own transaction, or the reaper's) is skipped rather than wait, and the
        next one tells."""
        meta = type(self.job)._meta
        quote = self.connection.ops.quote_name
        fields = [meta.get_field(name) for name in values]
        params = [
            field.get_db_prep_save(value, self.connection)
            for field, value in zip(fields, values.values(), strict=True)
        ]
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE {pk} = "  # noqa: S608 - the model's names
                f"(SELECT {pk} FROM {table} WHERE {pk} = %s FOR UPDATE SKIP LOCKED)",
                [*params, self.job.pk],
            )

    def release(self):
        # Closing the connection drops the lock.
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()


@contextmanager
def running(job, **values):
    """Run `job` here: yields its lease once the job is marked running (with `values`), or None
    when another worker holds it or it no longer waits (a task run twice, a retry: the work is
    never done twice). The lease comes first, then the claim: a job marked running always has
    a live worker or is reaped."""
    model = type(job)
    with Lease(job) as lease:
        if not lease.acquire():
            yield None
            return
        claimed = model.objects.filter(pk=job.pk, status=model.Status.QUEUED).update(
            status=model.Status.RUNNING, started_at=timezone.now(), **values
        )
        if not claimed:
            yield None
            return
        job.refresh_from_db(fields=["status", "started_at", *values])
        yield lease


def is_abandoned(job):
    """Whether a job marked running has lost its worker. Call within a transaction that has
    locked the job's row: the outcome a worker saves cannot land in between."""
    with connections["default"].cursor() as cursor:
        # Taken, the lock is only ours until our transaction ends; nobody else wanted it.
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [lock_space(type(job)), job.pk])
        [free] = cursor.fetchone()
    return free


def reap(model, *, pk=None):
    """Mark failed every job of `model` (or the one with `pk`) whose worker is gone, with the
    model's reason (`Job.abandon`) in the job's language, and delete its file. Returns how
    many."""
    marked_running = model.objects.filter(status=model.Status.RUNNING)
    if pk is not None:
        marked_running = marked_running.filter(pk=pk)
    reaped = 0
    for job_pk in marked_running.values_list("pk", flat=True):
        with transaction.atomic():
            # A row locked by someone else is being written: its job is alive.
            job = model.objects.select_for_update(skip_locked=True).filter(pk=job_pk).first()
            if job is None or job.status != model.Status.RUNNING or not is_abandoned(job):
                continue
            job.abandon()
            upload, storage = job.file.name, job.file.storage
            job.file = ""
            job.save()
        # Once the job says so: a file is never missing from a job still marked running.
        if upload:
            storage.delete(upload)
        reaped += 1
        logger.warning("%s %s: its worker is gone, marked failed", model.__name__, job_pk)
    return reaped


def check(job):
    """The job as it stands, reaped first if its worker is gone: for the pages showing it."""
    if job.status == type(job).Status.RUNNING and reap(type(job), pk=job.pk):
        job.refresh_from_db()
    return job


def reap_all():
    """Reap every kind of job, whichever app declares it; returns {model name: how many}."""
    from django.apps import apps

    from .models import Job

    kinds = [m for m in apps.get_models() if issubclass(m, Job)]
    return {model._meta.verbose_name_plural: reap(model) for model in kinds}
