"""A centre's month computed from its register, corrected by the centre with a reason, stored
as the centre's monthly activity (centres.MonthlyActivity, through centres.services).

What the register counts in a month (`compute`):
- people served: each person once, who held a place in one of the centre's sections on some
  day of the month (`EnrolmentQuerySet.present_during`) and, when their section called the
  roll on a day they held it, was present at least once: a place never taken up is no one
  served. By sex, by age band (on the month's first day, from the date of birth or else the
  year) and by target group (that of the person's earliest admission among those counted; a
  person in two sections is one person, in one group);
- new entries and exits: the people served admitted (or, admitted before, whose section's
  season began), or gone, during the month;
- sessions held: the days on which some section of the centre called the roll.
A handful of aggregate queries in PostgreSQL, whatever the centre's size.

A figure the centre corrects is kept with the value computed then, the value given, the
reason, who and when (`MonthCorrection`); the last correction of a figure stands until
another replaces it, and one back to the computed value lets the register's count stand
again. The month is then stored and submitted as any other (`month_save`), validated,
returned or reopened by the delegation on the centre's activity page.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centres import computed
from centres.models import AgeBand, MonthlyActivity
from centres.services import activity_save
from entraide.audit import acting_as
from entraide.numbers import number

from .models import Attendance, Enrolment, MonthCorrection, RollCall, Section

if TYPE_CHECKING:
    from collections.abc import Mapping

    from centres.models import Centre
    from entraide.models import User

# The band of the people whose file gives neither a date nor a year of birth.
AGE_UNKNOWN = ""

# A cell of the table: (target group id or None, sex, age band).
Cell = tuple[int | None, str, str]
# A figure: the name of a total, or a cell.
Key = str | Cell

TOTALS = tuple(MonthCorrection.TOTALS)


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class Month:
    """The figures of a centre's month, as the register gives them or as corrected."""

    people_served: int = 0
    new_entries: int = 0
    exits: int = 0
    sessions_held: int = 0
    cells: dict[Cell, int] = field(default_factory=dict)

    def value(self, key: Key) -> int:
        return self.cells.get(key, 0) if isinstance(key, tuple) else getattr(self, key)

    def totals(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in TOTALS}

    def counted(self) -> int:
        """The people the table counts."""
        return sum(self.cells.values())


def has_register(centre: Centre, month: datetime.date) -> bool:
    """Whether the centre has sections running in the month: its month is then computed from
    its register; without any, the centre types its totals as before."""
    first, last = month_bounds(month)
    return Section.objects.filter(centre=centre, starts_on__lte=last, ends_on__gte=first).exists()


@computed.register
def month_page(centre: Centre, month: datetime.date) -> str | None:
    """centres.computed's source: this app's page for the months of a centre with a
    register."""
    if not has_register(centre, month):
        return None
    return reverse("enrolments:month", args=[centre.code, month.year, month.month])


def _age_band(first: datetime.date) -> Case:
    """The person's age band on `first`, in SQL: from the date of birth, or else from the
    approximate year (the age that year, as `Beneficiary.age` counts it)."""

    def born_after(years: int) -> datetime.date:
        try:
            return first.replace(year=first.year - years)
        except ValueError:  # 29 February
            return first.replace(year=first.year - years, day=28)

    def younger_than(years: int) -> Q:
        return Q(person__birth_date__gt=born_after(years)) | Q(
            person__birth_date__isnull=True, person__birth_year__gt=first.year - years
        )

    return Case(
        When(
            person__birth_date__isnull=True,
            person__birth_year__isnull=True,
            then=Value(AGE_UNKNOWN),
        ),
        When(younger_than(6), then=Value(AgeBand.UNDER_6.value)),
        When(younger_than(18), then=Value(AgeBand.FROM_6_TO_17.value)),
        When(younger_than(60), then=Value(AgeBand.FROM_18_TO_59.value)),
        default=Value(AgeBand.FROM_60.value),
    )


def served(centre: Centre, month: datetime.date):
    """The enrolments through which the centre served someone in the month: a place held on
    some day of it, and, if the section called the roll on a day the place was held, present
    at least once in the month."""
    first, last = month_bounds(month)
    called = RollCall.objects.filter(
        section=OuterRef("section"),
        day__gte=first,
        day__lte=last,
    ).filter(day__gte=OuterRef("admitted_on"), day__lte=Coalesce(OuterRef("left_on"), last))
    came = Attendance.objects.filter(
        enrolment=OuterRef("pk"), present=True, roll_call__day__gte=first, roll_call__day__lte=last
    )
    return (
        Enrolment.objects.filter(section__centre=centre)
        .present_during(first, last)
        .filter(~Exists(called) | Exists(came))
    )


def compute(centre: Centre, month: datetime.date) -> Month:
    """The month's figures from the register and the roll-calls: three queries."""
    first, last = month_bounds(month)
    enrolments = served(centre, first)
    # One enrolment per person, the earliest admission: their group, sex and band.
    each_person = enrolments.order_by("person_id", "admitted_on", "pk").distinct("person_id")
    rows = (
        Enrolment.objects.filter(pk__in=each_person.values("pk"))
        .annotate(band=_age_band(first))
        .values_list("target_group", "person__sex", "band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {(group, sex, band): n for group, sex, band, n in rows}
    # A place given before its section's season began is taken up when the season begins.
    moves = enrolments.annotate(entered=Greatest("admitted_on", "section__starts_on")).aggregate(
        entries=Count("person", distinct=True, filter=Q(entered__gte=first, entered__lte=last)),
        exits=Count("person", distinct=True, filter=Q(left_on__gte=first, left_on__lte=last)),
    )
    sessions = RollCall.objects.filter(
        section__centre=centre, day__gte=first, day__lte=last
    ).aggregate(n=Count("day", distinct=True))["n"]
    return Month(
        people_served=sum(cells.values()),
        new_entries=moves["entries"],
        exits=moves["exits"],
        sessions_held=sessions,
        cells=cells,
    )


# Corrections ------------------------------------------------------------------------------------


def standing(activity: MonthlyActivity | None) -> dict[Key, MonthCorrection]:
    """The corrections that stand, by figure: the last of each (one query)."""
    if activity is None or activity.pk is None:
        return {}
    corrections = MonthCorrection.objects.filter(activity=activity).in_force()
    return {c.key: c for c in corrections}


def corrected(register: Month, corrections: Mapping[Key, MonthCorrection]) -> Month:
    """The register's figures with the corrections that stand applied: a correction back to
    the value then computed lets the register's count stand again."""
    month = Month(**register.totals(), cells=dict(register.cells))
    for key, correction in corrections.items():
        if correction.corrected == correction.computed:
            continue
        if isinstance(key, tuple):
            month.cells[key] = correction.corrected
        else:
            setattr(month, key, correction.corrected)
    return month


def check(month: Month) -> list[str]:
    """What does not add up: entries or exits above the people served, or a table counting
    more people than were served."""
    problems = []
    for name in ("new_entries", "exits"):
        if month.value(name) > month.people_served:
            problems.append(
                ngettext(
                    "%(figure)s: %(count)s, more than the %(people)s person served.",
                    "%(figure)s: %(count)s, more than the %(people)s people served.",
                    month.people_served,
                )
                % {
                    "figure": MonthCorrection.Figure(name).label,
                    "count": number(month.value(name)),
                    "people": number(month.people_served),
                }
            )
    if month.counted() > month.people_served:
        problems.append(
            ngettext(
                "The table counts %(count)s people, more than the %(people)s person served.",
                "The table counts %(count)s people, more than the %(people)s people served.",
                month.people_served,
            )
            % {"count": number(month.counted()), "people": number(month.people_served)}
        )
    return problems


def month_save(
    *,
    centre: Centre,
    activity: MonthlyActivity,
    changes: Mapping[Key, int],
    reason: str,
    over_capacity_note: str,
    actor: User,
    submit: bool = False,
) -> MonthlyActivity:
    """Store the month computed from the register, with the figures the centre corrects
    (`changes`: {figure: value given}), each kept with the value computed now and the reason,
    which a correction needs. Submitted if asked, else a draft; a validated month is locked
    (centres.services.activity_save, whose rules hold here too)."""
    reason = (reason or "").strip()
    with transaction.atomic(), acting_as(actor):
        register = compute(centre, activity.month)
        corrections = standing(activity)
        before = corrected(register, corrections)
        changed = {key: value for key, value in changes.items() if before.value(key) != value}
        if changed and not reason:
            raise ValidationError({"reason": _("Say why the figures are corrected.")})
        month = Month(**before.totals(), cells=dict(before.cells))
        for key, value in changed.items():
            if isinstance(key, tuple):
                month.cells[key] = value
            else:
                setattr(month, key, value)
        problems = check(month)
        if problems:
            raise ValidationError(problems)
        stored = activity_save(
            activity=activity,
            figures={**month.totals(), "over_capacity_note": over_capacity_note},
            cells={},
            groups=month.cells,
            actor=actor,
            submit=submit,
        )
        MonthCorrection.objects.bulk_create(
            [
                MonthCorrection(
                    activity=stored,
                    figure=MonthCorrection.Figure.CELL if isinstance(key, tuple) else key,
                    target_group_id=key[0] if isinstance(key, tuple) else None,
                    sex=key[1] if isinstance(key, tuple) else "",
                    age_band=key[2] if isinstance(key, tuple) else "",
                    computed=register.value(key),
                    corrected=value,
                    reason=reason,
                    by=actor,
                )
                for key, value in changed.items()
            ]
        )
        return stored
