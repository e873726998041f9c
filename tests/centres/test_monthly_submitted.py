"""Issue 16: a month the centre has submitted is the delegation's to review. The delegate reads
it (no "save as draft" nor "submit" offered), validates it or returns it for correction; the
server refuses a post that would change it from anyone not entitled."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

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
    return CentreFactory(code="C-SUB", capacity=50)


@pytest.fixture
def manager(centre):
    user = UserFactory(username="t-sub-manager", role=Role.CENTRE_MANAGER)
    centre.managers.add(user)
    return user


@pytest.fixture
def submitted(centre, manager):
    return MonthlyActivityFactory(
        centre=centre,
        status=MonthlyActivity.Status.SUBMITTED,
        submitted_by=manager,
        submitted_at=timezone.now(),
        people_served=30,
    )


def url(activity, action=""):
    base = f"/fr/centres/{activity.centre.code}/activity/{activity.month.year}/"
    return base + f"{activity.month.month}/" + (f"{action}/" if action else "")


def grid(people=31):
    reception = Service.objects.get(code="reception")
    return {
        "people_served": people,
        "new_entries": 4,
        "exits": 1,
        "sessions_held": 10,
        "over_capacity_note": "",
        cell_name(reception.pk, "F", "18-59"): 12,
    }


def test_the_delegate_reads_a_submitted_month_and_is_offered_only_to_review_it(
    client_for, delegate, submitted
):
    page = client_for(delegate).get(url(submitted))
    html = page.content.decode()
    assert page.context["can_enter"] is False
    assert 'data-testid="save-draft"' not in html
    assert 'data-testid="submit-month"' not in html
    assert html.count("<fieldset disabled>") == 2  # every figure shown read-only
    assert 'data-testid="validate-month"' in html
    assert 'data-testid="return-month"' in html
    assert 'data-testid="activity-notice"' in html


@pytest.mark.parametrize("button", ["save", "submit"])
def test_the_server_refuses_the_delegates_change_to_a_submitted_month(
    client_for, delegate, submitted, button
):
    response = client_for(delegate).post(url(submitted), {**grid(), button: ""})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == MonthlyActivity.Status.SUBMITTED
    assert submitted.people_served == 30
    assert not submitted.lines.exists()


def test_the_delegate_returns_a_submitted_month_for_correction_and_the_centre_corrects_it(
    client_for, delegate, manager, submitted
):
    client = client_for(delegate)
    assert client.post(url(submitted, "reopen"), {"reason": ""}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == MonthlyActivity.Status.SUBMITTED  # a reason is needed
    client.post(url(submitted, "reopen"), {"reason": "Les hommes de 60 ans et plus manquent"})
    submitted.refresh_from_db()
    assert submitted.status == MonthlyActivity.Status.DRAFT
    assert submitted.reopen_reason == "Les hommes de 60 ans et plus manquent"
    client = client_for(manager)
    response = client.post(url(submitted), {**grid(people=32), "submit": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.people_served) == (MonthlyActivity.Status.SUBMITTED, 32)


def test_the_delegate_validates_a_submitted_month_from_its_read_only_page(
    client_for, delegate, submitted
):
    client = client_for(delegate)
    assert client.post(url(submitted, "validate")).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == MonthlyActivity.Status.VALIDATED
    page = client.get(url(submitted))
    html = page.content.decode()
    assert page.context["can_enter"] is False
    assert 'data-testid="save-draft"' not in html and 'data-testid="reopen-month"' in html
    assert client.post(url(submitted), {**grid(), "save": ""}).status_code == 403


def test_the_centres_manager_may_still_take_a_submitted_month_back(client_for, manager, submitted):
    page = client_for(manager).get(url(submitted))
    assert page.context["can_enter"] is True
    assert 'data-testid="activity-notice"' in page.content.decode()


def test_a_manager_of_another_centre_and_a_social_worker_cannot_change_a_submitted_month(
    client_for, worker, submitted
):
    other = UserFactory(username="t-sub-other", role=Role.CENTRE_MANAGER)
    CentreFactory(code="C-SUB-OTHER").managers.add(other)
    for user in (other, worker):
        client = client_for(user)
        assert client.get(url(submitted)).context["can_enter"] is False
        assert client.post(url(submitted), {**grid(), "save": ""}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.people_served == 30


def test_the_delegate_still_enters_a_draft_month_for_the_centre(client_for, delegate, centre):
    activity = MonthlyActivityFactory(centre=centre, month=last_month())
    page = client_for(delegate).get(url(activity))
    assert page.context["can_enter"] is True
    assert 'data-testid="save-draft"' in page.content.decode()


def test_a_save_from_a_page_read_before_the_month_was_submitted_is_refused(
    delegate, manager, centre
):
    """The delegate opened the draft; the centre submitted it meanwhile: the delegate's save,
    decided on the draft, must not overwrite the submitted figures."""
    read_by_delegate = MonthlyActivityFactory(centre=centre, month=last_month())
    services.activity_save(
        activity=MonthlyActivity.objects.get(pk=read_by_delegate.pk),
        figures={"people_served": 30},
        cells={},
        actor=manager,
        submit=True,
    )
    with pytest.raises(ValidationError):
        services.activity_save(
            activity=read_by_delegate, figures={"people_served": 1}, cells={}, actor=delegate
        )
    read_by_delegate.refresh_from_db()
    assert (read_by_delegate.status, read_by_delegate.people_served) == ("submitted", 30)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_submitted_month_renders_in_both_languages(client_for, delegate, submitted, language):
    page = client_for(delegate).get(url(submitted).replace("/fr/", f"/{language}/"))
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.content.decode()
