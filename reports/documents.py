"""The PDF of an activity report, and the record kept of each one generated."""

import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entraide.audit import record_access
from entraide.charts import comparison
from entraide.jobs import running
from entraide.models import AccessEvent, GeneratedReport
from notifications.models import Kind
from notifications.services import notify

from . import figures as reckon
from .periods import Period

# The share of the work done after each step of `unit_figures`, for the progress bar; the
# rest is the year before and the PDF itself.
STEPS = {"indicators": 25, "centres": 30, "people": 45, "activity": 55, "aid": 60}


def report_context(unit, period, *, today=None, progress=None):
    """What the report page and the PDF show: this period's figures, the same period a year
    earlier, and the summary's rows with the change."""
    today = today or timezone.localdate()
    # The indicators whose rows are the same in both periods, read once for the two.
    periods = reckon.shared_reads(unit, [period, period.year_before()], today=today)
    now = reckon.unit_figures(unit, period, today=today, progress=progress, periods=periods)
    before = reckon.scalars(unit, period.year_before(), today=today, periods=periods)
    if progress:
        progress("year_before")
    labels = indicator_labels()
    summary = [
        {
            "name": name,
            "label": labels[name],
            "value": now.scalars[name],
            "before": before[name],
            "change": now.scalars[name] - before[name],
            "money": name in reckon.MONEY,
        }
        for name in reckon.INDICATORS
    ]
    chart = comparison(
        [(row["label"], row["value"], row["before"]) for row in summary if not row["money"]],
        name="indicators",
        title=_("Indicators, this period and a year earlier"),
        current=period.label,
        previous=period.year_before().label,
    )
    from centres.models import AgeBand, Centre

    return {
        "unit": unit,
        "period": period,
        "centre_statuses": Centre.Status.choices,
        "age_bands": AgeBand.choices,
        "figures": now,
        "before": before,
        "summary": summary,
        "chart": chart,
    }


def indicator_labels():
    return {
        "centres_open": _("Open centres"),
        "people_with_case": _("People with a case file"),
        "people_in_centres": _("People served in centres"),
        "people_in_sections": _("Different people served in centre sections"),
        "cases_new": _("New cases"),
        "cases_closed": _("Cases closed"),
        "referrals_made": _("Referrals made"),
        "referrals_completed": _("Referrals completed"),
        "services_delivered": _("Services delivered"),
        "follow_ups_overdue": _("Follow-ups overdue"),
        "conventions_in_force": _("Conventions in force"),
        "subsidies_committed": _("Subsidies committed"),
        "subsidies_paid": _("Subsidies paid"),
        "aid_requests": _("Aid requests recorded"),
        "aid_decided": _("Aid requests decided by the committees"),
        "aid_people_helped": _("People handed aid"),
        "aid_households_helped": _("Households handed an emergency kit"),
        "aid_value": _("Value of the aid handed over"),
    }


def render(unit, period, language, *, generated_by="", progress=None):
    from entraide.pdf import render_pdf
    from entraide.routers import reading_from_replica

    with translation.override(language), reading_from_replica():
        context = report_context(unit, period, progress=progress)
        context["title"] = _("Activity report: %(unit)s, %(period)s") % {
            "unit": unit.name,
            "period": period.label,
        }
        context["generated_by"] = generated_by
        return render_pdf("reports/pdf.html", context)


def generate(report):
    """Generate a recorded report: progress as it goes, the file kept, the audit told. Under a
    lease (entraide.jobs): a report whose worker dies is marked failed, not left running."""
    with running(report, progress=5) as lease:
        if lease is not None:
            _generate(report, lease)
    return report


def _generate(report, lease):
    started = time.monotonic()

    def progress(step):
        lease.progress(progress=STEPS.get(step, 80))

    try:
        pdf = render(
            report.unit,
            Period.parse(report.period),
            report.language,
            # The user, not a name: rendered in the report's language, their name is written
            # in its script (User.display_name).
            generated_by=report.created_by or "",
            progress=progress,
        )
    except Exception as error:
        report.fail(str(error)[:2000])
        report.save(update_fields=["status", "error", "finished_at"])
        _notify_finished(report)
        raise
    with transaction.atomic():
        report.file.save(
            f"{report.unit.code}-{report.period}-{report.language}.pdf",
            ContentFile(pdf),
            save=False,
        )
        report.finish(GeneratedReport.Status.DONE)
        report.progress = 100
        report.seconds = round(time.monotonic() - started, 2)
        report.save(update_fields=["file", "status", "progress", "finished_at", "seconds"])
        record_access(
            action=AccessEvent.Action.REPORT,
            actor=report.created_by,
            obj=report.unit,
            detail={"period": report.period, "language": report.language, "report": report.pk},
        )
        _notify_finished(report)
    return report


def _notify_finished(report):
    """Tell whoever asked for the report that it is ready (or failed): its page says which."""
    with translation.override(report.language):
        url = reverse("reports:job", args=[report.pk])
    notify(
        recipients=[report.created_by],
        kind=Kind.JOB_FINISHED,
        about=f"{report.unit.code} {report.period}",
        url=url,
        key=f"report:{report.pk}",
    )
