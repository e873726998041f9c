"""Reports that outlast a request (a region's or the nation's year) run as a task
(`manage.py db_worker`) while the person who asked watches the progress bar."""

import datetime

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


@task()
def refresh_home_figures(unit_id, day):
    """Compute a unit's home figures of `day` (ISO date) again (reports.dashboard)."""
    from territory.models import OrgUnit

    from .dashboard import compute_figures, figures_fresh

    unit = OrgUnit.objects.filter(pk=unit_id).first()
    today = datetime.date.fromisoformat(day)
    if unit is not None and not figures_fresh(unit, today):
        compute_figures(unit, today)
