"""One definition of each indicator: the apps publish their reads as QuerySet methods, the
activity report (reports.figures) and the partnership figures page both count through them, so
the two pages give the same number for the same unit and period."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import CaseFile, ServiceDelivery
from centres.models import MonthlyActivity, Service
from entraide.periods import Period
from partnerships.models import Convention, Tranche
from reports.figures import unit_figures
from tests.factories import (
    CaseFileFactory,
    CentreFactory,
    ConventionFactory,
    MonthlyActivityFactory,
    unit,
)

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025
PERIOD = Period("year", YEAR)
TODAY = D(2026, 11, 24)


def convention(status, start, end, *, signed_on=None, status_date=None, **fields):
    """A convention of Khouribga (unless `signing_unit` says otherwise) with its status as
    the services leave it: signed on a date unless a draft, and the date of its status."""
    if signed_on is None and status != Convention.Status.DRAFT:
        signed_on = start - datetime.timedelta(days=10)
    return ConventionFactory(
        status=status,
        start_date=start,
        end_date=end,
        signed_on=signed_on,
        status_date=status_date or start,
        **fields,
    )


@pytest.fixture
def conventions():
    """Khouribga's conventions around 2025, those in force during the year and those not, and
    one of Rabat's."""
    S = Convention.Status
    counted = {
        "in force over the year": convention(S.IN_FORCE, D(2025, 1, 1), D(2030, 12, 31)),
        "signed, starting in March": convention(S.SIGNED, D(2025, 3, 1), D(2027, 2, 28)),
        "expired in June": convention(
            S.EXPIRED, D(2022, 7, 1), D(2025, 6, 30), status_date=D(2025, 7, 1)
        ),
        "terminated in June": convention(
            S.TERMINATED, D(2024, 1, 1), D(2028, 12, 31), status_date=D(2025, 6, 15)
        ),
        "ending on the year's first day": convention(S.EXPIRED, D(2023, 1, 1), D(2025, 1, 1)),
        "suspended in November": convention(
            S.SUSPENDED, D(2024, 1, 1), D(2028, 12, 31), status_date=D(2025, 11, 3)
        ),
    }
    not_counted = {
        "ended before the year": convention(S.EXPIRED, D(2020, 1, 1), D(2024, 12, 31)),
        "not yet started": convention(S.SIGNED, D(2026, 1, 1), D(2029, 12, 31)),
        "suspended before the year": convention(
            S.SUSPENDED, D(2024, 1, 1), D(2028, 12, 31), status_date=D(2024, 6, 1)
        ),
        "terminated before the year": convention(
            S.TERMINATED, D(2023, 1, 1), D(2027, 12, 31), status_date=D(2024, 11, 30)
        ),
        "terminated before it started": convention(
            S.TERMINATED,
            D(2025, 9, 1),
            D(2027, 8, 31),
            signed_on=D(2024, 12, 1),
            status_date=D(2025, 5, 1),
        ),
        "closed after its termination": convention(
            S.CLOSED, D(2022, 1, 1), D(2027, 12, 31), status_date=D(2024, 10, 1)
        ),
        "a draft": convention(S.DRAFT, D(2025, 1, 1), D(2026, 12, 31)),
        "signed after the year": convention(
            S.SIGNED, D(2025, 1, 1), D(2026, 12, 31), signed_on=D(2026, 1, 15)
        ),
    }
    rabat = convention(S.IN_FORCE, D(2025, 1, 1), D(2029, 12, 31), rabat=True)
    return counted, not_counted, rabat


def in_force(start, end, **scope):
    return set(Convention.objects.filter(**scope).in_force_during(start, end))


# Convention.objects.in_force_during --------------------------------------------------------------


def test_conventions_in_force_during_a_year_are_those_in_force_on_some_day_of_it(conventions):
    counted, not_counted, _rabat = conventions
    found = in_force(PERIOD.start, PERIOD.end, signing_unit=unit("DP-MA-KHO"))
    assert found == set(counted.values())
    assert not found & set(not_counted.values())


def test_a_convention_suspended_or_terminated_counts_until_the_day_it_stopped(conventions):
    counted, _not_counted, _rabat = conventions
    terminated, suspended = counted["terminated in June"], counted["suspended in November"]
    kho = {"signing_unit": unit("DP-MA-KHO")}
    june, july = Period("month", YEAR, 6), Period("month", YEAR, 7)
    assert terminated in in_force(june.start, june.end, **kho)
    assert terminated not in in_force(july.start, july.end, **kho)
    october, december = Period("month", YEAR, 10), Period("month", YEAR, 12)
    assert suspended in in_force(october.start, october.end, **kho)
    assert suspended not in in_force(december.start, december.end, **kho)


def test_a_past_periods_figure_does_not_change_when_a_convention_is_terminated_later():
    running = convention(Convention.Status.IN_FORCE, D(2025, 1, 1), D(2030, 12, 31))
    before = in_force(PERIOD.start, PERIOD.end)
    Convention.objects.filter(pk=running.pk).update(
        status=Convention.Status.TERMINATED, status_date=D(2026, 10, 1)
    )
    assert in_force(PERIOD.start, PERIOD.end) == before == {running}
    later = Period("year", 2027)
    assert in_force(later.start, later.end) == set()


def test_a_convention_put_back_in_force_after_a_suspension_counts_over_its_term():
    resumed = convention(
        Convention.Status.IN_FORCE, D(2024, 1, 1), D(2028, 12, 31), status_date=D(2026, 3, 1)
    )
    assert in_force(PERIOD.start, PERIOD.end) == {resumed}


# The two pages -----------------------------------------------------------------------------------


def test_the_partnership_figures_and_the_activity_report_count_the_same_conventions(
    client_for, central, conventions
):
    counted, _not_counted, _rabat = conventions
    client = client_for(central)
    page = client.get(reverse("partnerships:figures"), {"year": YEAR})
    region = next(r for r in page.context["rows"] if r.unit and r.unit.code == "CR-MA-05")
    khouribga = next(c for c in region.children if c.unit.code == "DP-MA-KHO")
    rabat = next(c for r in page.context["rows"] for c in r.children if c.unit.code == "DP-MA-RAB")

    def reported(code):
        response = client.get(reverse("reports:unit", args=[code]), {"period": str(PERIOD)})
        assert response.status_code == 200
        return response.context["figures"]["conventions_in_force"]

    assert khouribga.in_force == reported("DP-MA-KHO") == len(counted) == 6
    assert region.in_force == reported("CR-MA-05") == 6
    assert rabat.in_force == reported("DP-MA-RAB") == 1
    total = page.context["total"].in_force
    assert total == unit_figures(unit("EN"), PERIOD, today=TODAY)["conventions_in_force"] == 7


def test_a_delegations_officer_sees_on_both_pages_the_number_of_their_delegation(
    client_for, partnership_officer, conventions
):
    client = client_for(partnership_officer)
    page = client.get(reverse("partnerships:figures"), {"year": YEAR})
    report = client.get(reverse("reports:unit", args=["DP-MA-KHO"]), {"period": str(YEAR)})
    assert page.context["total"].in_force == report.context["figures"]["conventions_in_force"]
    assert page.context["total"].in_force == 6  # not Rabat's


def test_both_pages_count_the_same_subsidies_committed_and_paid(client_for, central):
    running = convention(Convention.Status.IN_FORCE, D(2024, 1, 1), D(2030, 12, 31))
    for number, planned_on, paid_on in [
        (1, D(2024, 12, 15), D(2025, 1, 10)),  # planned in 2024, paid in 2025
        (2, D(2025, 6, 1), D(2025, 6, 20)),
        (3, D(2025, 12, 1), D(2026, 1, 5)),  # planned in 2025, paid in 2026
        (4, D(2026, 3, 1), None),
    ]:
        Tranche.objects.create(
            convention=running,
            number=number,
            planned_amount=Decimal("10000") * number,
            planned_date=planned_on,
            paid_amount=Decimal("1000") * number if paid_on else None,
            paid_on=paid_on,
        )
    page = client_for(central).get(reverse("partnerships:figures"), {"year": YEAR})
    figures = unit_figures(unit("EN"), PERIOD, today=TODAY)
    total = page.context["total"]
    assert total.committed == figures["subsidies_committed"] == Decimal("50000")
    assert total.paid == figures["subsidies_paid"] == Decimal("3000")


# The other reads behind the report ---------------------------------------------------------------


def test_tranches_planned_and_paid_in_a_period():
    running = convention(Convention.Status.IN_FORCE, D(2025, 1, 1), D(2030, 12, 31))
    early = Tranche.objects.create(
        convention=running,
        number=1,
        planned_amount=Decimal("1000"),
        planned_date=D(2025, 3, 31),
        paid_amount=Decimal("1000"),
        paid_on=D(2025, 4, 1),
    )
    late = Tranche.objects.create(
        convention=running, number=2, planned_amount=Decimal("1000"), planned_date=D(2025, 4, 1)
    )
    q1, q2 = Period("quarter", YEAR, 1), Period("quarter", YEAR, 2)
    assert list(Tranche.objects.planned_in(q1.start, q1.end)) == [early]
    assert list(Tranche.objects.planned_in(q2.start, q2.end)) == [late]
    assert list(Tranche.objects.paid_in(q1.start, q1.end)) == []
    assert list(Tranche.objects.paid_in(q2.start, q2.end)) == [early]


def test_cases_open_during_a_period_are_those_open_on_some_day_of_it():
    october = Period("month", YEAR, 10)

    def case(opened_on, closed_on=None):
        if closed_on is None:
            return CaseFileFactory(opened_on=opened_on)
        return CaseFileFactory(
            opened_on=opened_on, closed_on=closed_on, status="closed", closure_reason="goals_met"
        )

    still_open = case(D(2025, 9, 1))
    opened_on_the_last_day = case(D(2025, 10, 31))
    closed_on_the_first_day = case(D(2025, 9, 1), D(2025, 10, 1))
    closed_inside = case(D(2025, 10, 5), D(2025, 10, 20))
    case(D(2025, 11, 1))  # opened after
    case(D(2025, 8, 1), D(2025, 9, 30))  # closed before
    assert set(CaseFile.objects.open_during(october.start, october.end)) == {
        still_open,
        opened_on_the_last_day,
        closed_on_the_first_day,
        closed_inside,
    }


def test_only_the_validated_months_of_a_period_count(delegate):
    centre = CentreFactory()

    def month(day, status):
        validated = status == MonthlyActivity.Status.VALIDATED
        return MonthlyActivityFactory(
            centre=centre,
            month=day,
            status=status,
            validated_at=timezone.now() if validated else None,
            validated_by=delegate if validated else None,
        )

    counted = month(D(2025, 10, 1), MonthlyActivity.Status.VALIDATED)
    month(D(2025, 11, 1), MonthlyActivity.Status.SUBMITTED)
    month(D(2025, 12, 1), MonthlyActivity.Status.DRAFT)
    month(D(2024, 12, 1), MonthlyActivity.Status.VALIDATED)
    q4 = Period("quarter", YEAR, 4)
    assert list(MonthlyActivity.objects.validated_in(q4.start, q4.end)) == [counted]


def test_services_delivered_in_a_period_are_those_dated_in_it(worker):
    case = CaseFileFactory(opened_on=D(2025, 1, 1))
    reception = Service.objects.get(code="reception")

    def delivered(day):
        return ServiceDelivery.objects.create(case=case, date=day, author=worker, service=reception)

    inside = [delivered(D(2025, 10, 1)), delivered(D(2025, 10, 31))]
    delivered(D(2025, 9, 30))
    delivered(D(2025, 11, 1))
    october = Period("month", YEAR, 10)
    assert set(ServiceDelivery.objects.dated_between(october.start, october.end)) == set(inside)
