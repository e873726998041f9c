"""Imports of people's files that outlast a request: a task runs them (`manage.py db_worker`)
while the person who sent the file watches an ImportJob's progress bar."""

import logging
import time

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from entraide.jobs import Lease
from entraide.models import ImportJob

from . import bulk

logger = logging.getLogger(__name__)


def import_job_start(*, upload, actor):
    """Store the uploaded file privately, record the job and queue its task."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            importer=ImportJob.Importer.BENEFICIARIES,
            file=upload,
            original_name=upload.name[:200],
            unit=actor.unit,
            created_by=actor,
            language=translation.get_language() or "ar",
        )
    # After the commit: a worker must find the job when it picks the task up. (The test
    # backend runs the task right here.)
    run_beneficiary_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


class ProgressWriter:
    """Writes the job's progress while the import's transaction is still open, so on the
    lease's connection, in autocommit: on the import's own connection the progress would only
    appear when everything is over. At most one write a second."""

    def __init__(self, lease, job_id):
        self.lease = lease
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if now - self.last < 1 and done < total:
            return
        self.last = now
        self.lease.write(
            "UPDATE entraide_importjob SET rows_done = %s, rows_total = %s WHERE id = %s",
            [done, total, self.job_id],
        )


@task()
def run_beneficiary_import(job_id):
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    # The lease first, then the claim: a job marked running always has a live worker or is
    # reaped (entraide.jobs). A task run twice (a retry, two workers) never imports twice.
    with Lease(job) as lease:
        if not lease.acquire():
            return None
        claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.RUNNING, started_at=timezone.now()
        )
        if not claimed:
            return None
        job.refresh_from_db()
        return _run(job, ProgressWriter(lease, job.pk))


def _run(job, progress):
    try:
        with translation.override(job.language), job.file.open("rb") as handle:
            report = bulk.import_beneficiaries(
                handle, job.original_name, actor=job.created_by, progress=progress
            )
    except BaseException:
        # Including a worker stopped by a signal it can handle: the transaction is rolled
        # back, and the job must not stay "running" for ever. (SIGKILL leaves no time for
        # this: the reaper sees the lease gone.)
        logger.exception("Import job %s failed", job.pk)
        with translation.override(job.language):
            reason = _("The import stopped on an unexpected error: nothing was imported.")
        _finish(job, ImportJob.Status.FAILED, errors=[[None, reason]])
        raise
    _finish(
        job,
        ImportJob.Status.SUCCEEDED if report.ok else ImportJob.Status.FAILED,
        rows=report.total,
        created=report.created,
        errors=[list(error) for error in report.errors],
    )
    return {"rows": report.total, "created": report.created, "errors": len(report.errors)}


def _finish(job, status, *, rows=None, created=0, errors=()):
    job.status = status
    job.finished_at = timezone.now()
    job.created_count = created
    job.errors = list(errors)
    if rows is not None:
        job.rows_total = job.rows_done = rows
    # The people's data now lives in the database (or nowhere): the uploaded copy goes.
    if job.file:
        job.file.delete(save=False)
    job.save()
