"""Reads for pages: the partnership officer's work list and the figures by region and
delegation. Everything starts from `visible_to`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils import timezone

from entraide.periods import Period
from territory.models import OrgUnit

from .models import Convention, Inspection, OwedReport, Recommendation, Tranche

if TYPE_CHECKING:
    from entraide.models import User

ENDING_WITHIN_DAYS = 90
TRANCHES_DUE_WITHIN_DAYS = 30


def overdue_reports_of(convention_ref: OuterRef) -> QuerySet[OwedReport]:
    """A subquery: reports of the convention (an OuterRef) past due and not received."""
    return OwedReport.objects.filter(
        convention=convention_ref, received_on=None, due_date__lt=timezone.localdate()
    )


def tranches_due(user: User, today: datetime.date) -> QuerySet[Tranche]:
    """Tranches unpaid, of conventions in force or signed, planned within
    TRANCHES_DUE_WITHIN_DAYS or already late; `blocked` when reports of the convention are
    overdue. The work list's "Tranches due", counted on the home page (partnerships.awaiting)."""
    return (
        Tranche.objects.visible_to(user)
        .filter(
            paid_on=None,
            convention__status__in=Convention.ACTIVE,
            planned_date__lte=today + datetime.timedelta(days=TRANCHES_DUE_WITHIN_DAYS),
        )
        .annotate(blocked=Exists(overdue_reports_of(OuterRef("convention"))))
    )


def reports_overdue(user: User, today: datetime.date) -> QuerySet[OwedReport]:
    """Reports owed past their due date and not received, of conventions not closed."""
    return (
        OwedReport.objects.visible_to(user)
        .filter(received_on=None, due_date__lt=today)
        .exclude(convention__status=Convention.Status.CLOSED)
    )


def work_items(user: User, limit: int = 50) -> dict[str, Any]:
    today = timezone.localdate()
    ending = (
        Convention.objects.visible_to(user)
        .filter(
            status__in=Convention.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=ENDING_WITHIN_DAYS),
        )
        .select_related("signing_unit")
        .order_by("end_date", "reference")
    )
    tranches = (
        tranches_due(user, today)
        .select_related("convention")
        .order_by("planned_date", "convention__reference", "number")
    )
    reports = reports_overdue(user, today).select_related("convention").order_by("due_date", "pk")
    recommendations = (
        Recommendation.objects.visible_to(user)
        .open()
        .select_related("inspection__association", "inspection__convention", "inspection__centre")
        .order_by("due_date", "pk")
    )
    inspections_late = (
        Inspection.objects.visible_to(user)
        .filter(status=Inspection.Status.PLANNED, planned_date__lt=today)
        .select_related("association", "convention", "centre")
        .order_by("planned_date", "pk")
    )
    return {
        "today": today,
        "ending": list(ending[:limit]),
        "tranches": list(tranches[:limit]),
        "reports": list(reports[:limit]),
        "recommendations": list(recommendations[:limit]),
        "inspections_late": list(inspections_late[:limit]),
    }


@dataclass
class Figures:
    unit: OrgUnit | None  # None: the central services, or the total
    in_force: int = 0
    committed: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    children: list[Figures] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.in_force += other.in_force
        self.committed += other.committed
        self.paid += other.paid


def figures_by_unit(user: User, year: int) -> tuple[list[Figures], Figures]:
    """Conventions in force during the year, subsidies committed (tranches planned in the year)
    and paid in the year, per signing unit, rolled up: [(coordination or central unit, Figures
    with children: the delegations)], and the total of what the user sees. Counted as the
    activity report counts them (reports.figures), through the same QuerySet methods: a unit's
    row here and its report for the year give the same numbers."""
    period = Period("year", year)
    start, end = period.start, period.end
    # order_by() before grouping: modeltranslation's querysets carry the model's ordering
    # (start date, reference), which would otherwise split each unit's count into one row
    # per convention, of which dict() kept the last (every unit showed at most 1).
    in_force = dict(
        Convention.objects.visible_to(user)
        .in_force_during(start, end)
        .order_by()
        .values_list("signing_unit")
        .annotate(n=Count("pk"))
        .values_list("signing_unit", "n")
    )
    tranches = Tranche.objects.visible_to(user)

    def by_signing_unit(rows: QuerySet[Tranche], amount: str) -> dict[int, Decimal]:
        return dict(
            rows.order_by()
            .values_list("convention__signing_unit")
            .annotate(s=Sum(amount))
            .values_list("convention__signing_unit", "s")
        )

    committed = by_signing_unit(tranches.planned_in(start, end), "planned_amount")
    paid = by_signing_unit(tranches.paid_in(start, end), "paid_amount")
    by_unit = {
        unit_id: (
            in_force.get(unit_id, 0),
            committed.get(unit_id) or Decimal(0),
            paid.get(unit_id) or Decimal(0),
        )
        for unit_id in in_force.keys() | committed.keys() | paid.keys()
    }

    # Every unit falls under its regional coordination, or else under the central services.
    coordinations = {
        c.path: Figures(unit=c)
        for c in OrgUnit.objects.filter(kind=OrgUnit.Kind.COORDINATION).order_by("path")
    }
    central = Figures(unit=None)
    seen = set()
    total = Figures(unit=None)
    for unit in OrgUnit.objects.visible_to(user).order_by("path"):
        own = Figures(unit=unit)
        if unit.pk in by_unit:
            own.in_force, own.committed, own.paid = by_unit[unit.pk]
        total.add(own)
        prefix = unit.path[: len(next(iter(coordinations), ""))]
        group = coordinations.get(prefix) if unit.kind != OrgUnit.Kind.DIRECTION else None
        group = group or central
        seen.add(id(group))
        if unit.kind == OrgUnit.Kind.DELEGATION:
            group.children.append(own)
        group.add(own)
    rows = [g for g in coordinations.values() if id(g) in seen]
    if id(central) in seen and (central.in_force or central.committed or central.paid):
        rows.insert(0, central)
    return rows, total
