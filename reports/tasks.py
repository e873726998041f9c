"""Reports that outlast a request (a region's or the nation's year) run as a task
(`manage.py db_worker`) while the person who asked watches the progress bar."""

from django.db import transaction
from django_tasks import task

from entraide.models import GeneratedReport

from . import documents


def request_report(*, unit, period, language, actor, at_once):
    """Record the report and generate it: here and now for a small one (a delegation's month
    or quarter), else by a task, queued once the record is committed."""
    with transaction.atomic():
        report = GeneratedReport.objects.create(
            unit=unit, period=str(period), language=language, created_by=actor
        )
    if at_once:
        documents.generate(report)
    else:
        generate_report.enqueue(report.pk)
    report.refresh_from_db()
    return report


@task()
def generate_report(report_id):
    report = GeneratedReport.objects.select_related("unit", "created_by").get(pk=report_id)
    documents.generate(report)
