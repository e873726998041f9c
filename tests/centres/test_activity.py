"""Monthly activity: entered and submitted by the centre, validated (locked) by the delegation,
reopened only by the delegation and with a reason that the audit trail keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pghistory.models import Events

from centres import services
from centres.forms import cell_name
from centres.models import MonthlyActivity, Service
from entraide.roles import Role
from tests.factories import CentreFactory, MonthlyActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


def last_month():
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def centre():
    return CentreFactory(code="C-ACT", capacity=50)


@pytest.fixture
def manager(centre):
    user = UserFactory(username="t-centre-manager", role=Role.CENTRE_MANAGER)
    centre.managers.add(user)
    return user


def url(centre, month, action=""):
    base = f"/fr/centres/{centre.code}/activity/{month.year}/{month.month}/"
    return base + (f"{action}/" if action else "")


def grid(centre, people=30, **cells):
    reception = Service.objects.get(code="reception")
    data = {
        "people_served": people,
        "new_entries": 4,
        "exits": 1,
        "sessions_held": 10,
        "over_capacity_note": "",
    }
    for (sex, band), n in cells.items() if cells else {("F", "18-59"): 12, ("M", "60+"): 3}.items():
        data[cell_name(reception.pk, sex, band)] = n
    return data


def test_a_centre_manager_enters_and_submits_the_month(client_for, centre, manager):
    client = client_for(manager)
    month = last_month()
    response = client.post(url(centre, month), {**grid(centre), "submit": ""})
    assert response.status_code == 302
    activity = MonthlyActivity.objects.get(centre=centre, month=month)
    assert activity.status == MonthlyActivity.Status.SUBMITTED
    assert activity.submitted_by == manager
    assert activity.people_served == 30
    assert sorted((line.sex, line.age_band, line.people) for line in activity.lines.all()) == [
        ("F", "18-59", 12),
        ("M", "60+", 3),
    ]


def test_saving_again_replaces_the_lines_instead_of_adding(client_for, centre, manager):
    client = client_for(manager)
    month = last_month()
    client.post(url(centre, month), {**grid(centre), "save": ""})
    reception = Service.objects.get(code="reception")
    data = grid(centre)
    data[cell_name(reception.pk, "M", "60+")] = ""
    data[cell_name(reception.pk, "F", "18-59")] = 20
    client.post(url(centre, month), {**data, "save": ""})
    activity = MonthlyActivity.objects.get(centre=centre, month=month)
    assert activity.status == MonthlyActivity.Status.DRAFT
    assert [(line.sex, line.people) for line in activity.lines.all()] == [("F", 20)]


def test_a_service_counting_more_people_than_were_served_is_refused(client_for, centre, manager):
    reception = Service.objects.get(code="reception")
    data = grid(centre, people=10)
    data[cell_name(reception.pk, "F", "18-59")] = 8
    data[cell_name(reception.pk, "F", "60+")] = 8
    response = client_for(manager).post(url(centre, last_month()), {**data, "submit": ""})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "19" in errors and "10" in errors  # 8 + 8, and the 3 men over 60 of grid()
    assert not MonthlyActivity.objects.filter(centre=centre).exists()


def test_entries_above_people_served_are_refused(client_for, centre, manager):
    data = {**grid(centre, people=3), "new_entries": 5}
    data = {k: v for k, v in data.items() if not k.startswith("n_")}
    response = client_for(manager).post(url(centre, last_month()), {**data, "save": ""})
    assert response.status_code == 200
    assert "new_entries" in response.context["form"].errors


def test_figures_above_capacity_are_flagged_and_need_an_explanation(client_for, centre, manager):
    client = client_for(manager)
    month = last_month()
    response = client.post(url(centre, month), {**grid(centre, people=80), "submit": ""})
    assert response.status_code == 200
    assert "over_capacity_note" in response.context["form"].errors
    assert not MonthlyActivity.objects.filter(centre=centre).exists()
    data = {**grid(centre, people=80), "over_capacity_note": "Vague de froid", "submit": ""}
    assert client.post(url(centre, month), data).status_code == 302
    activity = MonthlyActivity.objects.get(centre=centre, month=month)
    assert activity.over_capacity
    page = client.get(centre.get_absolute_url()).content.decode()
    assert "flag" in page


def test_a_manager_of_another_centre_cannot_enter_this_one(client_for, centre):
    other = UserFactory(username="t-other-manager", role=Role.CENTRE_MANAGER)
    CentreFactory(code="C-OTHER").managers.add(other)
    client = client_for(other)
    assert client.get(url(centre, last_month())).context["can_enter"] is False
    assert client.post(url(centre, last_month()), grid(centre)).status_code == 403


def test_a_social_worker_reads_the_month_but_cannot_change_it(client_for, worker, centre):
    client = client_for(worker)
    assert client.get(url(centre, last_month())).status_code == 200
    assert client.post(url(centre, last_month()), grid(centre)).status_code == 403
    MonthlyActivityFactory(centre=centre, status=MonthlyActivity.Status.SUBMITTED)
    assert client.post(url(centre, last_month(), "validate")).status_code == 403


def test_a_month_of_another_delegation_is_a_404(client_for, worker_rabat, centre):
    assert client_for(worker_rabat).get(url(centre, last_month())).status_code == 404


def test_a_future_month_cannot_be_entered(client_for, centre, manager):
    future = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=1)
    assert client_for(manager).get(url(centre, future)).status_code == 404


def test_the_delegate_validates_and_the_month_is_locked(client_for, delegate, centre, manager):
    activity = MonthlyActivityFactory(centre=centre, status=MonthlyActivity.Status.SUBMITTED)
    response = client_for(delegate).post(url(centre, activity.month, "validate"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == MonthlyActivity.Status.VALIDATED
    assert activity.validated_by == delegate
    # Locked: the centre can no longer change it, through the page or the service.
    client = client_for(manager)
    assert client.get(url(centre, activity.month)).context["can_enter"] is False
    assert client.post(url(centre, activity.month), grid(centre)).status_code == 403
    with pytest.raises(ValidationError):
        services.activity_save(
            activity=activity, figures={"people_served": 1}, cells={}, actor=delegate
        )


def test_only_a_submitted_month_can_be_validated(delegate, centre):
    activity = MonthlyActivityFactory(centre=centre)
    with pytest.raises(ValidationError):
        services.activity_validate(activity=activity, actor=delegate)


def test_reopening_needs_the_delegation_and_a_reason_and_is_audited(
    client_for, delegate, centre, manager
):
    activity = MonthlyActivityFactory(
        centre=centre,
        status=MonthlyActivity.Status.VALIDATED,
        validated_by=delegate,
        validated_at=timezone.now(),
    )
    assert client_for(manager).post(url(centre, activity.month, "reopen")).status_code == 403
    client = client_for(delegate)
    client.post(url(centre, activity.month, "reopen"), {"reason": ""})
    activity.refresh_from_db()
    assert activity.status == MonthlyActivity.Status.VALIDATED
    client.post(url(centre, activity.month, "reopen"), {"reason": "Erreur de saisie"})
    activity.refresh_from_db()
    assert activity.status == MonthlyActivity.Status.DRAFT
    event = Events.objects.tracks(activity).filter(pgh_label="update").latest("pgh_created_at")
    assert event.pgh_diff["status"] == ["validated", "draft"]
    assert event.pgh_context["user"] == delegate.pk
    assert event.pgh_context["reopen_reason"] == "Erreur de saisie"


def test_the_database_refuses_inconsistent_totals_and_a_second_row_per_month(centre):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyActivityFactory(centre=centre, people_served=2, new_entries=5)
    MonthlyActivityFactory(centre=centre)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyActivityFactory(centre=centre)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyActivityFactory(centre=centre, month=datetime.date(2026, 1, 15))


def test_a_refused_first_submission_leaves_the_month_not_started(client_for, centre, manager):
    response = client_for(manager).post(
        url(centre, last_month()), {**grid(centre, people=80), "submit": ""}
    )
    assert response.status_code == 200
    shown = response.context["activity"]
    assert shown.pk is None
    assert shown.status == MonthlyActivity.Status.DRAFT
    assert shown.submitted_at is None


def test_saving_a_draft_of_a_submitted_month_takes_it_back(client_for, centre, manager):
    client = client_for(manager)
    month = last_month()
    client.post(url(centre, month), {**grid(centre), "submit": ""})
    client.post(url(centre, month), {**grid(centre, people=31), "save": ""})
    activity = MonthlyActivity.objects.get(centre=centre, month=month)
    assert activity.status == MonthlyActivity.Status.DRAFT
    assert activity.people_served == 31
