"""Issue 19: the daily sweep of partnerships tells the partnership officers who follow a
convention of its reports owed that are overdue and of its tranches coming due, once each."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from entraide.roles import Role
from notifications.models import Kind, Notification
from partnerships import schedule
from partnerships.models import Convention, OwedReport, Tranche
from partnerships.services import TRANCHE_NOTICE_DAYS, partnerships_sweep
from tests.factories import ConventionFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def officer(username, code="DP-MA-KHO", **kwargs):
    return UserFactory(username=username, role=Role.PARTNERSHIP_OFFICER, unit=unit(code), **kwargs)


@pytest.fixture
def khouribga_officer(db):
    return officer("t-po-khouribga")


@pytest.fixture
def others(db):
    """Who must not hear of Khouribga's conventions while Khouribga has its own officer:
    Rabat's officer, the region's and the central services' officers, Khouribga's delegate."""
    return [
        officer("t-po-rabat", "DP-MA-RAB"),
        officer("t-po-region", "CR-MA-05"),
        officer("t-po-central", "EN"),
        UserFactory(username="t-po-delegate", delegate=True),
    ]


@pytest.fixture
def convention(db):
    return ConventionFactory(in_force=True, reference="CONV-KHO-NOTE")


def owed(convention, days_late, **kwargs):
    return OwedReport.objects.create(
        convention=convention,
        kind=OwedReport.Kind.ACTIVITY,
        period="S1 2026",
        due_date=TODAY - datetime.timedelta(days=days_late),
        **kwargs,
    )


def tranche(convention, days_ahead, number=1, **kwargs):
    return Tranche.objects.create(
        convention=convention,
        number=number,
        planned_amount=Decimal("10000"),
        planned_date=TODAY + datetime.timedelta(days=days_ahead),
        **kwargs,
    )


def told(kind):
    return {n.recipient for n in Notification.objects.filter(kind=kind)}


def test_an_overdue_report_tells_the_officer_of_the_convention_and_nobody_else(
    convention, khouribga_officer, others
):
    report = owed(convention, days_late=3)
    owed(convention, days_late=-3)  # due in three days: not overdue
    owed(convention, days_late=10, received_on=TODAY)  # received
    assert partnerships_sweep() == {"reports_overdue": 1, "tranches_due": 0}
    notification = Notification.objects.get()
    assert notification.recipient == khouribga_officer
    assert notification.kind == Kind.REPORT_OWED_OVERDUE
    assert notification.key == f"report-overdue:{report.pk}"
    assert notification.about == "CONV-KHO-NOTE · S1 2026"
    assert notification.url == f"{convention.get_absolute_url()}#report"
    assert not Notification.objects.filter(recipient__in=others).exists()


def test_a_tranche_due_within_the_week_or_late_tells_the_officer(
    convention, khouribga_officer, others
):
    soon = tranche(convention, TRANCHE_NOTICE_DAYS, number=1)
    late = tranche(convention, -2, number=2)
    tranche(convention, TRANCHE_NOTICE_DAYS + 1, number=3)  # not yet
    tranche(convention, -5, number=4, paid_on=TODAY, paid_amount=Decimal("10000"))  # paid already
    assert partnerships_sweep() == {"reports_overdue": 0, "tranches_due": 2}
    assert told(Kind.TRANCHE_DUE) == {khouribga_officer}
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"tranche-due:{soon.pk}", f"tranche-due:{late.pk}"}
    notification = Notification.objects.get(key=f"tranche-due:{soon.pk}")
    assert notification.about == f"CONV-KHO-NOTE #1 · {soon.planned_date:%Y-%m-%d}"
    assert notification.url == f"{convention.get_absolute_url()}#tranche"
    assert not Notification.objects.filter(recipient__in=others).exists()


def test_a_tranche_of_a_convention_not_in_force_is_not_announced(khouribga_officer):
    draft = ConventionFactory(reference="CONV-KHO-DRAFT")
    tranche(draft, 1)
    assert partnerships_sweep()["tranches_due"] == 0
    assert not Notification.objects.exists()


def test_sweeping_twice_tells_each_officer_once(convention, khouribga_officer):
    second = officer("t-po-khouribga-2")
    owed(convention, days_late=3)
    tranche(convention, 1)
    assert partnerships_sweep() == {"reports_overdue": 1, "tranches_due": 1}
    assert partnerships_sweep() == {"reports_overdue": 0, "tranches_due": 0}
    assert Notification.objects.filter(recipient=khouribga_officer).count() == 2
    assert Notification.objects.filter(recipient=second).count() == 2


def test_the_day_of_the_sweep_can_be_given(convention, khouribga_officer):
    owed(convention, days_late=-10)  # due in ten days
    assert partnerships_sweep()["reports_overdue"] == 0
    later = TODAY + datetime.timedelta(days=11)
    assert partnerships_sweep(today=later)["reports_overdue"] == 1


def test_a_convention_signed_where_nobody_follows_partnerships_goes_to_the_officers_above(
    convention, others
):
    rabat, region, central, _delegate = others
    owed(convention, days_late=3)
    partnerships_sweep()
    assert told(Kind.REPORT_OWED_OVERDUE) == {region}


def test_an_inactive_officer_or_a_closed_convention_is_left_out(convention, khouribga_officer):
    khouribga_officer.is_active = False
    khouribga_officer.save()
    closed = ConventionFactory(reference="CONV-KHO-CLOSED", status=Convention.Status.CLOSED)
    owed(closed, days_late=3)
    active = officer("t-po-khouribga-2")
    owed(convention, days_late=3)
    assert partnerships_sweep()["reports_overdue"] == 1
    assert told(Kind.REPORT_OWED_OVERDUE) == {active}


def test_the_sweep_is_a_daily_job_of_partnerships():
    assert schedule.DAILY == [partnerships_sweep]
