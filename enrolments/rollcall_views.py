"""Roll-calls and attendance: a section's roll on one day (a tap per person, on a phone), the
attendance rates of a month and of the season, and the people absent too long.

The roll-call page reads the same number of rows whatever the group's size: the people called
with their files (one query), the day's roll-call and its marks (two). Saving goes through
services.roll_call_save, which keeps the absences in a row and tells the centre's managers.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from entraide.numbers import number
from entraide.periods import Period
from entraide.scoping import get_visible_or_404

from . import selectors, services
from .awaiting import absent_too_long
from .models import Attendance, RollCall, Section
from .perms import can_keep

ONE_DAY = datetime.timedelta(days=1)
PAGE_SIZE = 50


def _section(request, pk):
    return get_visible_or_404(Section.objects.select_related("centre"), request.user, pk=pk)


def _day(request):
    """The day asked for (`?day=YYYY-MM-DD`), today without one."""
    text = request.GET.get("day", "").strip()
    if not text:
        return timezone.localdate()
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        day = None
    # The calendar's first and last days have no day before or after for the page's links.
    if day is None or not (datetime.date.min < day < datetime.date.max):
        raise BadRequest(_("“%(text)s” is not a day: write 2026-10-05.") % {"text": text})
    return day


def roll_call_url(section, day=None):
    url = reverse("enrolments:roll_call", args=[section.pk])
    return f"{url}?day={day.isoformat()}" if day else url


# The roll-call ----------------------------------------------------------------------------------


class _Toggles(forms.CheckboxSelectMultiple):
    # A group of checkboxes has no label of its own (Django leaves it unlinked): the error
    # summary links to the first person's toggle instead.
    def id_for_label(self, id_, index="0"):
        return forms.widgets.ChoiceWidget.id_for_label(self, id_, index)


class RollCallForm(forms.Form):
    """The people present among those called: the page draws each as a toggle
    (templates/enrolments/roll_call.html), with the ids this widget gives."""

    present = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Present"), coerce=int, required=False, widget=_Toggles
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(e.pk, e.person.display_name) for e in people]


def _saved_message(day, present, called):
    return ngettext(
        "The roll of %(day)s is saved: %(present)s present out of %(count)s person called.",
        "The roll of %(day)s is saved: %(present)s present out of %(count)s people called.",
        called,
    ) % {
        "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
        "present": number(present),
        "count": number(called),
    }


@require_http_methods(["GET", "POST"])
@permission_required("enrolments.view_rollcall", raise_exception=True)
def roll_call(request, pk):
    """A section's roll on a day (`?day=`, today without one): every person called is a toggle,
    present unless marked absent; the roll already called shows its marks, and saving again
    corrects them. Those who do not keep the centre's register read the marks."""
    user = request.user
    # Checked before the section is looked up: the answer says nothing about it.
    if request.method == "POST" and not user.has_perm("enrolments.add_rollcall"):
        raise PermissionDenied
    section = _section(request, pk)
    day = _day(request)
    keeper = can_keep(user, section.centre, "enrolments.add_rollcall")
    if request.method == "POST" and not keeper:
        raise PermissionDenied
    today = timezone.localdate()
    people = list(services.roll_call_people(section, day))
    called = RollCall.objects.filter(section=section, day=day).select_related("taken_by").first()
    marks = (
        dict(Attendance.objects.filter(roll_call=called).values_list("enrolment_id", "present"))
        if called
        else {}
    )

    form = RollCallForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST":
        if form.is_valid():
            present = form.cleaned_data["present"]
            try:
                services.roll_call_save(section=section, day=day, present=present, actor=user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _saved_message(day, len(set(present)), len(people)))
                return redirect(roll_call_url(section, day))
        ticked = set(request.POST.getlist("present"))
        checked = {e.pk: str(e.pk) in ticked for e in people}
    else:
        # A new roll: everyone present, to untick the absent; a roll called: its marks (a
        # person placed since, present).
        checked = {e.pk: marks.get(e.pk, True) for e in people}

    in_season = section.starts_on <= day <= section.ends_on
    previous_day, next_day = day - ONE_DAY, day + ONE_DAY
    present_count = sum(checked.values())
    context = {
        "section": section,
        "centre": section.centre,
        "day": day,
        "today": today,
        "is_today": day == today,
        "in_season": in_season,
        "to_come": day > today,
        "keeper": keeper,
        "can_save": keeper and in_season and day <= today,
        "called": called,
        "rows": [
            {"enrolment": e, "checked": checked[e.pk], "mark": marks.get(e.pk)} for e in people
        ],
        "present_count": present_count,
        "absent_count": len(people) - present_count,
        "marked_present": sum(marks.values()),
        "marked_absent": len(marks) - sum(marks.values()),
        "form": form,
        "previous_url": roll_call_url(section, previous_day)
        if previous_day >= section.starts_on
        else "",
        "next_url": roll_call_url(section, next_day)
        if next_day <= min(today, section.ends_on)
        else "",
        "today_url": roll_call_url(section),
        "first_day": section.starts_on,
        "last_day": min(today, section.ends_on),
        "action": roll_call_url(section, day),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "enrolments/roll_call.html", context, status=status)


# Attendance ------------------------------------------------------------------------------------


def _months(section):
    """The months of the section's season, first to last."""
    months, day = [], section.starts_on.replace(day=1)
    while day <= section.ends_on:
        months.append(Period("month", day.year, day.month))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month(request, section):
    """The month asked for (`?month=YYYY-MM`); without one, this month, or the season's
    nearest when it is not running."""
    text = request.GET.get("month", "").strip()
    if text:
        try:
            period = Period.parse(text)
        except ValueError as error:
            raise BadRequest(str(error)) from None
        if period.kind != "month":
            raise BadRequest(_("Choose a month: write 2026-10."))
        return period
    day = min(max(timezone.localdate(), section.starts_on), section.ends_on)
    return Period.current("month", day)


def _rate(counts):
    present, called = counts
    return {"present": present, "called": called, "rate": selectors.rate(present, called)}


def attendance_url(section, month):
    return f"{reverse('enrolments:attendance', args=[section.pk])}?month={month}"


@require_GET
@permission_required("enrolments.view_enrolment", raise_exception=True)
def attendance(request, pk):
    """The attendance rate of each person of a section in a month (`?month=YYYY-MM`) and over
    the season, and the section's; those absent too many times in a row are flagged."""
    section = _section(request, pk)
    month = _month(request, section)
    people = list(
        section.enrolments.present_during(month.start, month.end)
        .select_related("person")
        .order_by("person__last_name_lat", "person__first_name_lat", "person__last_name_ar", "pk")
    )
    everyone = section.enrolments.all()
    of_month = selectors.rates(everyone, month.start, month.end)
    of_season = selectors.rates(everyone, section.starts_on, section.ends_on)
    nothing = (0, 0)
    rows = [
        {
            "enrolment": enrolment,
            "month": _rate(of_month.get(enrolment.pk, nothing)),
            "season": _rate(of_season.get(enrolment.pk, nothing)),
            "flagged": enrolment.is_placed
            and enrolment.absences_in_a_row >= section.absences_before_alert,
        }
        for enrolment in people
    ]

    def total(counts):
        return _rate(tuple(map(sum, zip(*counts.values(), strict=True))) if counts else nothing)

    months = _months(section)
    index = next((n for n, m in enumerate(months) if m == month), None)
    context = {
        "section": section,
        "centre": section.centre,
        "month": month,
        "months": months,
        "rows": rows,
        "section_month": total(of_month),
        "section_season": total(of_season),
        "roll_calls": section.roll_calls.filter(day__range=(month.start, month.end)).count(),
        "flagged": sum(row["flagged"] for row in rows),
        "previous_url": attendance_url(section, months[index - 1]) if index else "",
        "next_url": attendance_url(section, months[index + 1])
        if index is not None and index + 1 < len(months)
        else "",
        "roll_call_url": roll_call_url(section),
    }
    return render(request, "enrolments/attendance.html", context)


# The people absent too long ---------------------------------------------------------------------


@require_GET
@permission_required("enrolments.view_enrolment", raise_exception=True)
def absent(request):
    """The people placed whose absences in a row reached their section's limit, in the user's
    scope (a centre manager: in the centres they manage), the longest absent first within
    each section; `?section=` one section's (the home page's figure by section)."""
    rows = absent_too_long(request.user)
    section = None
    if text := request.GET.get("section", "").strip():
        if not (text.isdigit() and len(text) <= 9):
            raise BadRequest(_("Choose a section from the list."))
        section = get_visible_or_404(
            Section.objects.select_related("centre"), request.user, pk=text
        )
        rows = rows.filter(section=section)
    rows = rows.select_related("person", "section__centre").order_by(
        "section__centre__code",
        "section__name",
        "-absences_in_a_row",
        "person__last_name_lat",
        "person__first_name_lat",
        "pk",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "section": section,
        "query": f"section={section.pk}" if section else "",
    }
    return render(request, "enrolments/absent.html", context)
