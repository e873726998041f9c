import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.audit import record_access
from entraide.charts import Point, series
from entraide.enums import Sex
from entraide.exports import csv_response, xlsx_response
from entraide.fields import with_languages
from entraide.models import AccessEvent
from entraide.numbers import percent_of
from entraide.scoping import get_visible_or_404

from . import computed, perms, services
from .forms import (
    ActivityForm,
    CentreFilterForm,
    CentreForm,
    ReopenForm,
    activity_services,
)
from .models import AgeBand, Centre, MonthlyActivity

PAGE_SIZE = 50


def _listed(user):
    return Centre.objects.visible_to(user).select_related("type", "delegation", "province")


# What the list shows of a centre and of what it belongs to: the rest of their columns stays
# in the table (a page of 50 centres made 250 full instances; 6.2 to 4.4 ms).
LIST_FIELDS = [
    "code",
    "status",
    "capacity",
    "capacity_unit",
    *with_languages("name", "type__name", "delegation__name", "province__name"),
]


def _month(year, month):
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None


def _previous_month(day):
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@permission_required("centres.view_centre", raise_exception=True)
def centre_list(request):
    form = CentreFilterForm(request.GET or None, user=request.user)
    centres = form.filter(_listed(request.user).only(*LIST_FIELDS))
    page = Paginator(centres, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_add": request.user.has_perm("centres.add_centre"),
    }
    return render(request, "centres/list.html", context)


EXPORT_HEADER = [
    "code",
    "name_ar",
    "name_fr",
    "type",
    "delegation",
    "province",
    "region",
    "commune",
    "status",
    "management",
    "capacity",
    "capacity_unit",
    "staff",
    "phone",
    "email",
]


@permission_required("centres.view_centre", raise_exception=True)
def centre_export(request, fmt):
    """The filtered list, as on screen but without pages; recorded as an export."""
    form = CentreFilterForm(request.GET or None, user=request.user)
    centres = form.filter(_listed(request.user).select_related("province__region"))
    record_access(
        action=AccessEvent.Action.EXPORT,
        request=request,
        detail={"what": "centres.Centre", "format": fmt, "filters": request.GET.dict()},
    )
    rows = (
        (
            c.code,
            c.name_ar,
            c.name_fr,
            c.type.name,
            c.delegation.code,
            c.province.name,
            c.province.region.name,
            c.commune,
            c.get_status_display(),
            c.get_management_mode_display(),
            c.capacity,
            c.get_capacity_unit_display(),
            c.staff_count,
            c.phone,
            c.email,
        )
        for c in centres.iterator(chunk_size=1000)
    )
    if fmt == "xlsx":
        return xlsx_response("centres.xlsx", EXPORT_HEADER, rows, title="centres")
    return csv_response("centres.csv", EXPORT_HEADER, rows)


def _last_months(count=12):
    month = timezone.localdate().replace(day=1)
    months = []
    for _i in range(count):
        months.append(month)
        month = _previous_month(month)
    return list(reversed(months))


def activity_chart(centre, activities):
    """People served in each of the last 12 months, validated or not, beside the capacity."""
    by_month = {a.month: a for a in activities}
    points = []
    for month in _last_months():
        activity = by_month.get(month)
        if activity is None:
            value, state = None, "missing"  # no column, and "not reported" in its title
        else:
            value = activity.people_served
            state = "validated" if activity.is_locked else "pending"
        points.append(
            Point(
                name=formats.date_format(month, "YEAR_MONTH_FORMAT"),
                tick=formats.date_format(month, "m/y"),
                value=value,
                state=state,
            )
        )
    return series(
        points,
        name="activity",
        title=_("People served per month"),
        states={"validated": _("validated"), "pending": _("not yet validated")},
        reference=centre.capacity,
        reference_label=_("capacity"),
    )


@permission_required("centres.view_centre", raise_exception=True)
def centre_detail(request, code):
    centre = get_visible_or_404(
        Centre.objects.select_related(
            "type__parent", "delegation", "province__region"
        ).prefetch_related("services", "target_groups", "managers"),
        request.user,
        code=code,
    )
    first = _last_months()[0]
    activities = list(centre.activities.filter(month__gte=first).order_by("month"))
    latest = next((a for a in reversed(activities) if a.is_locked), None)
    occupancy = percent_of(latest.people_served, centre.capacity) if latest else None
    # Who runs it, when an association does: its centre management conventions in force
    # (partnerships), named here without importing that app.
    management = (
        centre.conventions.filter(kind="centre_management", status__in=["signed", "in_force"])
        .prefetch_related("associations")
        .order_by("-start_date")
        if centre.management_mode != Centre.ManagementMode.EN
        else []
    )
    context = {
        "centre": centre,
        "management": management,
        "chart": activity_chart(centre, activities),
        "activities": list(reversed(activities)),
        "latest": latest,
        "occupancy": occupancy,
        "this_month": timezone.localdate().replace(day=1),
        "last_month": _previous_month(timezone.localdate()),
        "can_edit": request.user.has_perm("centres.change_centre"),
        "can_enter": perms.can_enter_activity(request.user, centre),
        # Its manager answers the referrals sent to it (the beneficiaries app's inbox).
        "answers_referrals": request.user.has_perm("beneficiaries.answer_referral")
        and any(manager.pk == request.user.pk for manager in centre.managers.all()),
    }
    return render(request, "centres/detail.html", context)


def _edit(request, centre):
    form = CentreForm(request.POST or None, instance=centre, user=request.user)
    if request.method == "POST" and form.is_valid():
        centre = services.centre_save(form=form, actor=request.user)
        messages.success(request, _("The centre has been saved."))
        return redirect(centre)
    return render(request, "centres/form.html", {"form": form, "centre": centre})


@permission_required("centres.add_centre", raise_exception=True)
def centre_create(request):
    return _edit(request, None)


@permission_required("centres.change_centre", raise_exception=True)
def centre_edit(request, code):
    return _edit(request, get_visible_or_404(Centre, request.user, code=code))


def _activity(request, code, year, month):
    centre = get_visible_or_404(
        Centre.objects.select_related("delegation"), request.user, code=code
    )
    day = _month(year, month)
    activity = (
        MonthlyActivity.objects.select_related("centre", "submitted_by", "validated_by")
        .filter(centre=centre, month=day)
        .first()
    )
    return centre, activity or MonthlyActivity(centre=centre, month=day)


@permission_required("centres.view_monthlyactivity", raise_exception=True)
def activity_edit(request, code, year, month):
    centre, activity = _activity(request, code, year, month)
    if activity.month > timezone.localdate():
        raise Http404
    # A centre with a register has its month computed and corrected on the register's page
    # (centres.computed): this page shows the figures and is where the delegation decides.
    computed_at = computed.computed_at(centre, activity.month)
    # Refused on the server too: a submitted or validated month changes only by those
    # entitled (perms.can_enter_activity), whatever the page they posted from showed.
    can_enter = computed_at is None and perms.can_enter_activity(request.user, centre, activity)
    if request.method == "POST" and not can_enter:
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None, activity=activity, services=activity_services(centre, activity)
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.activity_save(
                activity=activity,
                figures=form.figures(),
                cells=form.cells(),
                actor=request.user,
                submit=submit,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submit:
                messages.success(request, _("The month has been submitted to the delegation."))
            else:
                messages.success(request, _("The figures have been saved as a draft."))
            return redirect(activity.get_absolute_url())
    context = {
        "centre": centre,
        "activity": activity,
        "form": form,
        "can_enter": can_enter,
        "computed_at": computed_at,
        "can_enter_computed": computed_at is not None
        and perms.can_enter_activity(request.user, centre, activity),
        "group_table": group_table(activity) if computed_at else None,
        "can_validate": perms.can_validate_activity(request.user),
        "reopen_form": ReopenForm(),
        "return_form": ReopenForm(label=_("What needs correcting")),
    }
    return render(request, "centres/activity.html", context)


def group_table(activity):
    """The people served of a computed month by target group (rows), sex and age band
    (columns), as stored: [(group, [people per column], total)], and the columns."""
    lines = list(activity.group_lines.select_related("target_group")) if activity.pk else []
    bands = list(AgeBand.choices)
    if any(line.age_band == "" for line in lines):
        bands.append(("", _("age unknown")))
    columns = [(sex, band) for sex in Sex for band, _label in bands]
    rows = {}
    for line in lines:
        group = line.target_group
        row = rows.setdefault(group.pk if group else None, [group, {}])
        row[1][(line.sex, line.age_band)] = line.people
    ordered = sorted(
        rows.values(),
        key=lambda row: (row[0] is None, row[0].position if row[0] else 0, str(row[0] or "")),
    )
    return {
        "bands": [label for _sex in Sex for _band, label in bands],
        "band_count": len(bands),
        "rows": [
            (
                group or _("No target group"),
                [cells.get(column, 0) for column in columns],
                sum(cells.values()),
            )
            for group, cells in ordered
        ],
    }


@require_POST
@permission_required("centres.validate_monthlyactivity", raise_exception=True)
def activity_validate(request, code, year, month):
    _centre, activity = _activity(request, code, year, month)
    if activity.pk is None:
        raise Http404
    try:
        services.activity_validate(activity=activity, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The month is validated and locked."))
    return redirect(activity.get_absolute_url())


@require_POST
@permission_required("centres.validate_monthlyactivity", raise_exception=True)
def activity_reopen(request, code, year, month):
    _centre, activity = _activity(request, code, year, month)
    if activity.pk is None:
        raise Http404
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the month is reopened."))
        services.activity_reopen(
            activity=activity, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if activity.status == MonthlyActivity.Status.SUBMITTED:
            messages.success(request, _("The month is returned to the centre for correction."))
        else:
            messages.success(request, _("The month is reopened for corrections."))
    return redirect(activity.get_absolute_url())


@permission_required("centres.view_monthlyactivity", raise_exception=True)
def missing_returns(request):
    """Open centres whose month is not yet submitted, and months awaiting validation."""
    try:
        month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()  # noqa: DTZ007 - a month, not an instant
    except ValueError:
        month = _previous_month(timezone.localdate())
    sent = MonthlyActivity.objects.filter(
        centre=OuterRef("pk"),
        month=month,
        status__in=[MonthlyActivity.Status.SUBMITTED, MonthlyActivity.Status.VALIDATED],
    )
    centres = _listed(request.user).open().annotate(sent=Exists(sent))
    missing = centres.filter(sent=False).prefetch_related(
        Prefetch(
            "activities",
            queryset=MonthlyActivity.objects.filter(month=month),
            to_attr="this_month",
        )
    )
    awaiting = (
        MonthlyActivity.objects.visible_to(request.user)
        .filter(month=month, status=MonthlyActivity.Status.SUBMITTED)
        .select_related("centre__delegation", "submitted_by")
        .order_by("centre__code")
    )
    context = {
        "month": month,
        "previous": _previous_month(month),
        "next": (month + datetime.timedelta(days=32)).replace(day=1),
        "missing": missing,
        "awaiting": awaiting,
        "open_count": centres.count(),
    }
    return render(request, "centres/missing.html", context)
