"""The report page of a unit, its tables as CSV and XLSX, its PDF, and the comparison of
units side by side."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from entraide.audit import record_access
from entraide.charts import comparison
from entraide.exports import SIGNED_COUNT, SIGNED_DECIMAL, Cell, csv_response, xlsx_response
from entraide.jobs import check, reap
from entraide.models import AccessEvent, GeneratedReport
from entraide.scoping import get_visible_or_404
from territory.models import OrgUnit

from . import figures as reckon
from .documents import indicator_labels, report_context
from .kept import kept_report_context
from .periods import Period, canonical_query, period_from_request
from .tasks import request_report

VIEW = "territory.view_orgunit"


def _period(request):
    """The period written in the URL or posted (exports, the PDF form): the current month
    when there is none, with the error when it is no period."""
    text = request.GET.get("period") or request.POST.get("period")
    if not text:
        return Period.current("month", timezone.localdate()), None
    try:
        return Period.parse(text), None
    except ValueError as error:
        return Period.current("month", timezone.localdate()), str(error.args[0])


def runs_at_once(unit, period):
    """A delegation's month or quarter renders in a few seconds; larger reports go to a task."""
    return unit.kind == OrgUnit.Kind.DELEGATION and period.kind != "year"


@permission_required(VIEW, raise_exception=True)
def unit_report(request, code):
    unit = get_visible_or_404(OrgUnit, request.user, code=code)
    period_form, period = period_from_request(request.GET, today=timezone.localdate())
    if "kind" in request.GET and period_form.is_valid():
        # Chosen in the form: shown at the URL its links and bookmarks use.
        return redirect(f"{request.path}?{canonical_query(request.GET, period)}")
    context = kept_report_context(unit, period, fresh=request.GET.get("fresh") == "1")
    context["period_form"] = period_form
    context["fresh_url"] = f"{request.path}?{urlencode({'period': str(period), 'fresh': 1})}"
    reap(GeneratedReport)
    context["recent"] = GeneratedReport.objects.filter(unit=unit).select_related("created_by")[:10]
    context["children"] = reckon.children_for_comparison(unit).exists()
    context["indicators"] = indicator_labels()
    return render(request, "reports/unit.html", context)


def _table(context, name):
    """(header, rows) of one table of the report page."""
    figures = context["figures"]
    if name == "summary":
        # The change with its sign, as the page shows it ("+12", "−3").
        return (
            ["indicator", "value", "year_before", "change"],
            [
                (
                    r["label"],
                    r["value"],
                    r["before"],
                    Cell(r["change"], SIGNED_DECIMAL if r["money"] else SIGNED_COUNT),
                )
                for r in context["summary"]
            ],
        )
    if name == "centres":
        return (
            ["type", *figures.centres_by_type[0][1].keys(), "total"]
            if figures.centres_by_type
            else ["type", "total"],
            [(str(t), *counts.values(), total) for t, counts, total in figures.centres_by_type],
        )
    if name == "people":
        rows = [("target_group", str(k), n) for k, n in figures.people_by_target_group]
        rows += [("sex", str(k), n) for k, n in figures.people_by_sex]
        rows += [("age_band", str(k), n) for k, n in figures.people_by_age_band]
        return ["breakdown", "group", "people"], rows
    if name == "centre_people":
        return (
            ["sex", "0-5", "6-17", "18-59", "60+", "total"],
            [
                (str(sex), *bands.values(), total)
                for sex, bands, total in figures.centre_people_by_sex_band
            ],
        )
    if name == "services":
        return ["service", "delivered"], [(str(s), n) for s, n in figures.services]
    if name == "response_times":
        levels = (
            ("delegation", figures.response_by_delegation),
            ("centre", figures.response_by_centre),
        )
        return (
            [
                "level",
                "code",
                "name",
                "sent",
                "answered",
                "median_hours",
                "within_deadline_percent",
                "overdue",
            ],
            [
                (
                    level,
                    r.code,
                    r.name,
                    r.sent,
                    r.answered,
                    r.median_hours,
                    r.within,
                    r.overdue,
                )
                for level, rows in levels
                for r in rows
            ],
        )
    if name == "aid":
        levels = (
            ("programme", figures.aid_by_programme),
            ("unit", figures.aid_by_unit),
            ("target_group", figures.aid_by_target_group),
        )
        return (
            [
                "breakdown",
                "name",
                "requests",
                "approved",
                "rejected",
                "waiting_for_budget",
                "people_helped",
                "households_helped",
                "value_mad",
            ],
            [
                # A target group's people are counted, not its requests (asked by a person,
                # whatever their groups): those cells are left empty.
                (
                    level,
                    r.name,
                    *(
                        (r.requests, r.approved, r.rejected, r.waiting)
                        if level != "target_group"
                        else (None,) * 4
                    ),
                    r.people,
                    r.households if level != "target_group" else None,
                    r.value,
                )
                for level, rows in levels
                for r in rows
            ],
        )
    if name == "missing":
        return (
            ["centre", "name", "delegation", "months_missing"],
            [(c.code, c.name, c.delegation.code, n) for c, n in figures.missing_centres],
        )
    raise Http404


@permission_required(VIEW, raise_exception=True)
def unit_table(request, code, table, fmt):
    unit = get_visible_or_404(OrgUnit, request.user, code=code)
    period, _error = _period(request)
    header, rows = _table(report_context(unit, period), table)
    record_access(
        action=AccessEvent.Action.EXPORT,
        request=request,
        obj=unit,
        detail={"what": f"report:{table}", "period": str(period), "format": fmt},
    )
    name = f"{unit.code}-{period}-{table}"
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", header, rows, title=table)
    return csv_response(f"{name}.csv", header, rows)


@require_POST
@permission_required(VIEW, raise_exception=True)
def report_generate(request, code):
    unit = get_visible_or_404(OrgUnit, request.user, code=code)
    period, error = _period(request)
    if error:
        messages.error(request, error)
        return redirect("reports:unit", code=code)
    language = request.POST.get("language")
    if language not in ("ar", "fr"):
        language = translation.get_language()
    report = request_report(
        unit=unit,
        period=period,
        language=language,
        actor=request.user,
        at_once=runs_at_once(unit, period),
    )
    return redirect(report)


@permission_required(VIEW, raise_exception=True)
def report_job(request, pk):
    report = get_visible_or_404(GeneratedReport.objects.select_related("unit"), request.user, pk=pk)
    check(report)
    return render(request, "reports/job.html", {"report": report})


@permission_required(VIEW, raise_exception=True)
def report_download(request, pk):
    report = get_visible_or_404(GeneratedReport, request.user, pk=pk)
    if report.status != GeneratedReport.Status.DONE:
        raise Http404
    record_access(action=AccessEvent.Action.DOWNLOAD, request=request, obj=report)
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"{report.unit.code}-{report.period}-{report.language}.pdf",
        content_type="application/pdf",
    )


@permission_required(VIEW, raise_exception=True)
def compare(request, code):
    """One indicator for the coordinations of the country, or the delegations of a region."""
    unit = get_visible_or_404(OrgUnit, request.user, code=code)
    period_form, period = period_from_request(request.GET, today=timezone.localdate())
    if "kind" in request.GET and period_form.is_valid():
        return redirect(f"{request.path}?{canonical_query(request.GET, period)}")
    labels = indicator_labels()
    indicator = request.GET.get("indicator")
    if indicator not in labels:
        indicator = "people_with_case"
    units = reckon.children_for_comparison(unit).visible_to(request.user)
    rows = reckon.compare_units(units, period, indicator)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        record_access(
            action=AccessEvent.Action.EXPORT,
            request=request,
            obj=unit,
            detail={"what": f"comparison:{indicator}", "period": str(period), "format": fmt},
        )
        header = ["unit", "code", indicator]
        data = [(str(u), u.code, value) for u, value in rows]
        name = f"{unit.code}-{period}-{indicator}"
        if fmt == "xlsx":
            return xlsx_response(f"{name}.xlsx", header, data, title=indicator)
        return csv_response(f"{name}.csv", header, data)
    return render(
        request,
        "reports/compare.html",
        {
            "unit": unit,
            "period": period,
            "period_form": period_form,
            "indicator": indicator,
            "indicator_label": labels[indicator],
            "indicators": labels,
            "rows": rows,
            "chart": comparison(
                [(str(u), value, None) for u, value in rows],
                name="comparison",
                title=labels[indicator],
                current=period.label,
                money=indicator in reckon.MONEY,
            ),
            "money": indicator in reckon.MONEY,
        },
    )
