"""Imports of people's files that outlast a request: a task runs them (`manage.py db_worker`)
while the person who sent the file watches an ImportJob's progress bar."""

import datetime
import logging
import time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from entraide.jobs import reap, running
from entraide.models import ImportJob
from notifications.models import Kind
from notifications.services import notify

from . import bulk, duplicates
from .models import DuplicateScan

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
    """Writes the job's progress while the import's transaction is still open, so through the
    lease (entraide.jobs): on the import's own connection the progress would only appear when
    everything is over. At most one write a second."""

    def __init__(self, lease):
        self.lease = lease
        self.last = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if now - self.last < 1 and done < total:
            return
        self.last = now
        self.lease.progress(rows_done=done, rows_total=total)


@task()
def run_beneficiary_import(job_id):
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with running(job) as lease:
        if lease is None:
            return None
        return _run(job, ProgressWriter(lease))


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
            job.fail(_("The import stopped on an unexpected error: nothing was imported."))
        _finish(job)
        raise
    job.finish(ImportJob.Status.SUCCEEDED if report.ok else ImportJob.Status.FAILED)
    job.rows_total = job.rows_done = report.total
    job.created_count = report.created
    job.errors = [list(error) for error in report.errors]
    _finish(job)
    if report.created_ids:
        # The new files against the country's: their likely duplicates go to the queue. The
        # import stands whatever happens here: the night's scan finds them otherwise.
        try:
            found = duplicates.scan(new_ids=report.created_ids)
            duplicates.tell_owners(found, key=f"import-{job.pk}")
        except Exception:
            logger.exception("Duplicate scan after import %s failed", job.pk)
    return {"rows": report.total, "created": report.created, "errors": len(report.errors)}


def _finish(job):
    # The people's data now lives in the database (or nowhere): the uploaded copy goes.
    if job.file:
        job.file.delete(save=False)
    job.save()
    with translation.override(job.language):
        url = reverse("import_job", args=[job.pk])
    notify(
        recipients=[job.created_by],
        kind=Kind.JOB_FINISHED,
        about=job.original_name,
        url=url,
        key=f"import:{job.pk}",
    )


# The nightly search for duplicates across the country --------------------------------------------


def duplicate_scan_start(*, actor=None):
    """Queue a search of the country's files for likely duplicates (duplicates.scan); its
    progress shows on the queue's page. Returns the scan."""
    from territory.models import OrgUnit

    scan = DuplicateScan.objects.create(
        unit=OrgUnit.objects.get_first_root_node(),
        created_by=actor,
        language=translation.get_language() or "ar",
    )
    run_duplicate_scan.enqueue(scan.pk)
    scan.refresh_from_db()
    return scan


# A scan still waiting after this long was lost with its task (a worker gone before taking
# it): the night's run starts another.
SCAN_WAIT = datetime.timedelta(hours=20)


def duplicate_scan_nightly():
    """The daily job (schedule.py): one scan, unless one is already running or waiting
    (a scan whose worker is gone is failed first, and one waiting since yesterday lost)."""
    reap(DuplicateScan)
    lost = DuplicateScan.objects.filter(
        status=DuplicateScan.Status.QUEUED, created_at__lt=timezone.now() - SCAN_WAIT
    )
    for scan in lost:
        with translation.override(scan.language):
            scan.fail(str(DuplicateScan.interrupted))
        scan.save()
    waiting = DuplicateScan.objects.filter(
        status__in=[DuplicateScan.Status.QUEUED, DuplicateScan.Status.RUNNING]
    )
    if waiting.exists():
        return 0
    return duplicate_scan_start().pairs_new


@task()
def run_duplicate_scan(scan_id):
    scan = DuplicateScan.objects.get(pk=scan_id)
    with running(scan) as lease:
        if lease is None:
            return None
        try:
            found = duplicates.scan(progress=lease.progress)
        except BaseException:
            logger.exception("Duplicate scan %s failed", scan.pk)
            with translation.override(scan.language):
                scan.fail(_("The search stopped on an unexpected error."))
            scan.save()
            raise
        scan.finish(DuplicateScan.Status.SUCCEEDED)
        scan.people = found.people
        scan.parts_done = scan.parts_total = duplicates.PARTS
        scan.pairs_found = found.pairs_found
        scan.pairs_new = found.pairs_new
        scan.save()
    duplicates.tell_owners(found, key=f"scan-{scan.pk}")
    return {"people": found.people, "pairs": found.pairs_found, "new": found.pairs_new}
