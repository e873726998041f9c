"""Reads for pages: the partnership officer's work list and the figures by region and
delegation. Everything starts from `visible_to`."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from territory.models import OrgUnit

from .models import Convention, Inspection, OwedReport, Recommendation, Tranche

ENDING_WITHIN_DAYS = 90
TRANCHES_DUE_WITHIN_DAYS = 30


def overdue_reports_of(convention_ref):
    """A subquery: reports of the convention (an OuterRef) past due and not received."""
    return OwedReport.objects.filter(
        convention=convention_ref, received_on=None, due_date__lt=timezone.localdate()
    )


def tranches_due(user, today):
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


def reports_overdue(user, today):
    """Reports owed past their due date and not received, of conventions not closed."""
    return (
        OwedReport.objects.visible_to(user)
        .filter(received_on=None, due_date__lt=today)
        .exclude(convention__status=Convention.Status.CLOSED)
    )


def work_items(user, limit=50):
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
    unit: object
    in_force: int = 0
    committed: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    children: list = field(default_factory=list)

    def add(self, other):
        self.in_force += other.in_force
        self.committed += other.committed
        self.paid += other.paid


def figures_by_unit(user, year):
    """Conventions in force, subsidies committed (tranches planned in the year) and paid in the
    year, per signing unit, rolled up: [(coordination or central unit, Figures with children:
    the delegations)], and the total of what the user sees."""
    conventions = Convention.objects.visible_to(user)
    in_force = dict(
        conventions.in_force()
        .values_list("signing_unit")
        .annotate(n=Count("pk"))
        .values_list("signing_unit", "n")
    )
    money = (
        Tranche.objects.filter(convention__in=conventions)
        .values_list("convention__signing_unit")
        .annotate(
            committed=Sum("planned_amount", filter=Q(planned_date__year=year)),
            paid=Sum("paid_amount", filter=Q(paid_on__year=year)),
        )
        .values_list("convention__signing_unit", "committed", "paid")
    )
    by_unit = {}
    for unit_id, count in in_force.items():
        by_unit.setdefault(unit_id, [0, Decimal(0), Decimal(0)])[0] = count
    for unit_id, committed, paid in money:
        row = by_unit.setdefault(unit_id, [0, Decimal(0), Decimal(0)])
        row[1] = committed or Decimal(0)
        row[2] = paid or Decimal(0)

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
