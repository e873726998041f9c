"""Reads of the register: the waiting list with each person's position and why, attendance
rates. Scope is the caller's: pass querysets already `visible_to` the user, or records read
through them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth

from .models import Attendance, Enrolment, Section


def waiting_list(section: Section) -> QuerySet[Enrolment]:
    """The section's waiting list in its order, each with its `position` (1 first)."""
    return (
        section.enrolments.waiting()
        .select_related("person", "target_group")
        .annotate(
            position=Window(
                RowNumber(),
                order_by=[
                    F("priority_group").desc(),
                    F("vulnerability").desc(),
                    F("requested_on").asc(),
                    F("pk").asc(),
                ],
            )
        )
        .in_priority_order()
    )


@dataclass(frozen=True)
class Standing:
    """Where a waiting person stands on their list, and why: how many come before for each
    rule of the order (Enrolment.PRIORITY), the first that separates them."""

    position: int
    waiting: int
    before_by_group: int  # served first (a target group the section serves first), they not
    before_by_vulnerability: int  # same group rule, more vulnerable
    before_by_date: int  # same group rule and vulnerability, asked earlier (or same day, first)


def standing(enrolment: Enrolment) -> Standing | None:
    """Why `enrolment` is where it is on its waiting list (one query), or None if it waits no
    more."""
    if enrolment.status != Enrolment.Status.WAITING:
        return None
    same_group = Q(priority_group=enrolment.priority_group)
    same_vulnerability = same_group & Q(vulnerability=enrolment.vulnerability)
    earlier = Q(requested_on__lt=enrolment.requested_on) | Q(
        requested_on=enrolment.requested_on, pk__lt=enrolment.pk
    )
    # Nobody comes before one served first by the first rule.
    by_group = (
        {} if enrolment.priority_group else {"by_group": Count("pk", filter=Q(priority_group=True))}
    )
    counts = (
        Enrolment.objects.filter(section_id=enrolment.section_id)
        .waiting()
        .aggregate(
            waiting=Count("pk"),
            by_vulnerability=Count(
                "pk", filter=same_group & Q(vulnerability__gt=enrolment.vulnerability)
            ),
            by_date=Count("pk", filter=same_vulnerability & earlier),
            **by_group,
        )
    )
    counts.setdefault("by_group", 0)
    before = counts["by_group"] + counts["by_vulnerability"] + counts["by_date"]
    return Standing(
        position=before + 1,
        waiting=counts["waiting"],
        before_by_group=counts["by_group"],
        before_by_vulnerability=counts["by_vulnerability"],
        before_by_date=counts["by_date"],
    )


def rates(
    enrolments: QuerySet[Enrolment] | list[Enrolment],
    first: datetime.date | None = None,
    last: datetime.date | None = None,
) -> dict[int, tuple[int, int]]:
    """{enrolment id: (present, called)} over the roll-calls from `first` to `last` (all
    without them), for the enrolments of a queryset (one query)."""
    marks = Attendance.objects.filter(enrolment__in=enrolments)
    if first:
        marks = marks.filter(roll_call__day__gte=first)
    if last:
        marks = marks.filter(roll_call__day__lte=last)
    rows = marks.values("enrolment_id").annotate(
        present=Count("pk", filter=Q(present=True)), called=Count("pk")
    )
    return {row["enrolment_id"]: (row["present"], row["called"]) for row in rows}


def monthly_rates(enrolment: Enrolment) -> list[tuple[datetime.date, int, int]]:
    """[(month, present, called)] of one enrolment, month by month (one query)."""
    rows = (
        Attendance.objects.filter(enrolment=enrolment)
        .annotate(month=TruncMonth("roll_call__day"))
        .values("month")
        .annotate(present=Count("pk", filter=Q(present=True)), called=Count("pk"))
        .order_by("month")
    )
    return [(row["month"], row["present"], row["called"]) for row in rows]


def rate(present: int, called: int) -> int | None:
    """A whole percentage, or None when nobody was called."""
    return round(100 * present / called) if called else None
