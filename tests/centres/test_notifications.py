"""Issue 19: a month of activity submitted tells the delegates who validate it; a month returned
to the centre tells its managers and whoever submitted it. Nobody else is told."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from centres import services
from centres.models import MonthlyActivity
from entraide.roles import Role
from notifications.models import Kind, Notification
from tests.factories import CentreFactory, MonthlyActivityFactory, UserFactory

pytestmark = pytest.mark.django_db

FIGURES = {"people_served": 30, "new_entries": 4, "exits": 1, "sessions_held": 10}


def last_month():
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def centre():
    return CentreFactory(code="C-NOTE", capacity=50)


@pytest.fixture
def manager(centre):
    user = UserFactory(username="t-note-manager", role=Role.CENTRE_MANAGER)
    centre.managers.add(user)
    return user


@pytest.fixture
def bystanders(db):
    """Those who must not be told of a Khouribga centre's month: Rabat's delegate, the
    region's coordinator, a social worker of Khouribga and the manager of another centre."""
    other_manager = UserFactory(username="t-note-other-manager", role=Role.CENTRE_MANAGER)
    CentreFactory(code="C-NOTE-OTHER").managers.add(other_manager)
    return [
        UserFactory(username="t-note-rabat-delegate", delegate=True, rabat=True),
        UserFactory(username="t-note-coordinator", coordinator=True),
        UserFactory(username="t-note-worker"),
        other_manager,
    ]


def told(kind):
    return {n.recipient for n in Notification.objects.filter(kind=kind)}


def submit(activity, actor):
    return services.activity_save(
        activity=activity, figures=FIGURES, cells={}, actor=actor, submit=True
    )


def test_a_submitted_month_tells_the_delegates_of_its_delegation(
    centre, manager, delegate, bystanders
):
    second = UserFactory(username="t-note-delegate-2", delegate=True)
    activity = submit(MonthlyActivity(centre=centre, month=last_month()), manager)
    assert told(Kind.MONTH_TO_VALIDATE) == {delegate, second}
    notification = Notification.objects.filter(recipient=delegate).get()
    assert notification.about == f"C-NOTE {last_month():%Y-%m}"
    assert notification.url == activity.get_absolute_url()
    assert not Notification.objects.filter(recipient__in=[manager, *bystanders]).exists()


def test_a_draft_tells_nobody_and_a_month_submitted_again_is_not_announced_twice(
    centre, manager, delegate
):
    draft = services.activity_save(
        activity=MonthlyActivity(centre=centre, month=last_month()),
        figures=FIGURES,
        cells={},
        actor=manager,
    )
    assert not Notification.objects.exists()
    activity = submit(draft, manager)
    # The manager corrects a figure of the month already submitted, and submits it again.
    submit(activity, manager)
    assert Notification.objects.filter(recipient=delegate).count() == 1


def test_a_delegate_entering_the_month_is_not_told_of_it_but_the_other_delegates_are(
    centre, delegate
):
    second = UserFactory(username="t-note-delegate-2", delegate=True)
    submit(MonthlyActivity(centre=centre, month=last_month()), delegate)
    assert told(Kind.MONTH_TO_VALIDATE) == {second}


def test_the_page_submitting_a_month_tells_the_delegate(client_for, centre, manager, delegate):
    month = last_month()
    response = client_for(manager).post(
        f"/fr/centres/{centre.code}/activity/{month.year}/{month.month}/",
        {**FIGURES, "over_capacity_note": "", "submit": ""},
    )
    assert response.status_code == 302
    assert told(Kind.MONTH_TO_VALIDATE) == {delegate}


def test_a_returned_month_tells_the_centre_managers_and_whoever_submitted_it(
    centre, manager, delegate, bystanders
):
    second_manager = UserFactory(username="t-note-manager-2", role=Role.CENTRE_MANAGER)
    centre.managers.add(second_manager)
    # Entered and submitted for the centre by another delegate of the delegation.
    submitter = UserFactory(username="t-note-delegate-2", delegate=True)
    activity = MonthlyActivityFactory(
        centre=centre,
        status=MonthlyActivity.Status.SUBMITTED,
        submitted_by=submitter,
        submitted_at=timezone.now(),
    )
    services.activity_reopen(activity=activity, reason="Chiffres à revoir", actor=delegate)
    assert told(Kind.MONTH_RETURNED) == {manager, second_manager, submitter}
    notification = Notification.objects.filter(recipient=manager).get()
    assert notification.about == f"C-NOTE {activity.month:%Y-%m}"
    assert notification.url == activity.get_absolute_url()
    # The delegate who returned it knows, and nobody else hears of it.
    assert not Notification.objects.filter(recipient__in=[delegate, *bystanders]).exists()


def test_a_validated_month_reopened_tells_the_centre(client_for, centre, manager, delegate):
    activity = MonthlyActivityFactory(
        centre=centre,
        status=MonthlyActivity.Status.VALIDATED,
        submitted_by=manager,
        submitted_at=timezone.now(),
        validated_by=delegate,
        validated_at=timezone.now(),
    )
    month = activity.month
    response = client_for(delegate).post(
        f"/fr/centres/{centre.code}/activity/{month.year}/{month.month}/reopen/",
        {"reason": "Erreur de saisie"},
    )
    assert response.status_code == 302
    assert told(Kind.MONTH_RETURNED) == {manager}
    assert Notification.objects.count() == 1


def test_a_refused_return_tells_nobody(centre, manager, delegate):
    draft = MonthlyActivityFactory(centre=centre, submitted_by=manager)
    with pytest.raises(ValidationError):
        services.activity_reopen(activity=draft, reason="Erreur", actor=delegate)
    assert not Notification.objects.exists()
