"""A report shows its period beside the same period a year earlier, and the home page the
month beside the year: the indicators whose rows are the same whatever the period (the
overdue follow-ups: every pending follow-up of the unit's open cases, then each period's end)
are read once for both (reports.figures.shared_reads), with the figures of each period as
each alone gives them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beneficiaries.models import FollowUp
from reports.figures import scalars, shared_reads, unit_figures
from reports.periods import Period
from tests.factories import BeneficiaryFactory, CaseFileFactory, unit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)
D = datetime.date


@pytest.fixture
def follow_ups(worker):
    """Khouribga's pending follow-ups: one overdue since last year, one overdue this month
    only, one not yet due, one on a closed case, one superseded; and one of Rabat's."""

    def follow_up(date, due, *, delegation="DP-MA-KHO", done=False, **case):
        person = BeneficiaryFactory(rabat=delegation == "DP-MA-RAB")
        on_case = CaseFileFactory(beneficiary=person, opened_on=D(2025, 1, 5), **case)
        return FollowUp.objects.create(
            case=on_case, date=date, author=worker, notes="Visite", next_date=due, done=done
        )

    follow_up(D(2025, 9, 1), D(2025, 10, 1))
    follow_up(D(2026, 10, 2), D(2026, 11, 3))
    follow_up(D(2026, 11, 20), D(2026, 12, 20))
    follow_up(
        D(2025, 9, 1),
        D(2025, 10, 1),
        status="closed",
        closed_on=D(2026, 1, 5),
        closure_reason="resolved",
    )
    follow_up(D(2025, 9, 1), D(2025, 10, 1), done=True)
    follow_up(D(2025, 9, 1), D(2025, 10, 1), delegation="DP-MA-RAB")


def follow_up_queries(queries):
    return [q for q in queries.captured_queries if '"beneficiaries_followup"' in q["sql"]]


def test_a_report_counts_the_overdue_follow_ups_of_both_its_periods_in_one_read(follow_ups):
    khouribga = unit("DP-MA-KHO")
    month = Period.current("month", TODAY)
    alone = (
        scalars(khouribga, month, today=TODAY)["follow_ups_overdue"],
        scalars(khouribga, month.year_before(), today=TODAY)["follow_ups_overdue"],
    )
    assert alone == (2, 1)
    with CaptureQueriesContext(connection) as queries:
        periods = shared_reads(khouribga, [month, month.year_before()], today=TODAY)
        now = unit_figures(khouribga, month, today=TODAY, periods=periods)
        before = scalars(khouribga, month.year_before(), today=TODAY, periods=periods)
    assert (now["follow_ups_overdue"], before["follow_ups_overdue"]) == alone
    assert len(follow_up_queries(queries)) == 1


def test_the_home_pages_month_and_year_read_the_overdue_follow_ups_once(follow_ups):
    from reports.dashboard import compute_figures

    with CaptureQueriesContext(connection) as queries:
        found = compute_figures(unit("DP-MA-KHO"), TODAY)
    assert found["values"]["follow_ups_overdue"] == (2, 2)
    assert len(follow_up_queries(queries)) == 1


def test_shared_reads_serve_only_their_own_unit_and_day(follow_ups):
    month = Period.current("month", TODAY)
    periods = shared_reads(unit("DP-MA-KHO"), [month], today=TODAY)
    with pytest.raises(ValueError, match="another unit"):
        scalars(unit("DP-MA-RAB"), month, today=TODAY, periods=periods)
    with pytest.raises(ValueError, match="another day"):
        unit_figures(unit("DP-MA-KHO"), month, today=TODAY + datetime.timedelta(1), periods=periods)
