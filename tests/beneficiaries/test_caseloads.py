"""Caseloads: a delegate gives many cases to one worker at once, each change audited and the
worker told; the overview shows each worker's open cases, overdue follow-ups and pending
referrals. A worker is reminded of tomorrow's follow-up visits, once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from beneficiaries import services
from beneficiaries.models import CaseFile, FollowUp, Referral
from notifications.models import Kind, Notification
from tests.factories import BeneficiaryFactory, CaseFileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague():
    return UserFactory(username="t-colleague")


@pytest.fixture
def cases(worker):
    return [CaseFileFactory(beneficiary=BeneficiaryFactory(), worker=worker) for _ in range(3)]


def test_a_delegate_reassigns_cases_in_bulk_each_change_audited_and_told(
    client_for, delegate, worker, colleague, cases
):
    client = client_for(delegate)
    page = client.get(reverse("beneficiaries:reassign"), {"from": worker.pk})
    assert page.status_code == 200
    assert all(case.number in page.content.decode() for case in cases)
    response = client.post(
        f"{reverse('beneficiaries:reassign')}?from={worker.pk}",
        {"cases": [cases[0].number, cases[1].number], "worker": colleague.pk},
    )
    assert response.status_code == 302
    assert list(
        CaseFile.objects.filter(worker=colleague).order_by("pk").values_list("pk", flat=True)
    ) == [cases[0].pk, cases[1].pk]
    assert CaseFile.objects.get(pk=cases[2].pk).worker == worker
    told = Notification.objects.filter(recipient=colleague, kind=Kind.CASE_ASSIGNED)
    assert sorted(told.values_list("about", flat=True)) == sorted(
        [cases[0].number, cases[1].number]
    )
    for case in cases[:2]:
        event = CaseFile.pgh_event_model.objects.filter(pgh_obj_id=case.pk, worker=colleague)
        assert event.get().pgh_context.metadata["user"] == delegate.pk


def test_a_social_worker_reassigns_nothing(client_for, worker, colleague, cases):
    assert client_for(worker).get(reverse("beneficiaries:reassign")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.cases_reassign(cases=cases, worker=colleague, actor=worker)
    assert not CaseFile.objects.filter(worker=colleague).exists()


def test_cases_go_only_to_a_worker_of_their_delegation(delegate, worker_rabat, cases):
    with pytest.raises(ValidationError):
        services.cases_reassign(cases=cases, worker=worker_rabat, actor=delegate)
    assert not CaseFile.objects.filter(worker=worker_rabat).exists()


def test_the_overview_shows_what_waits_on_each_worker(client_for, delegate, worker, cases):
    today = timezone.localdate()
    FollowUp.objects.create(
        case=cases[0], author=worker, date=today, notes="x", next_date=today - datetime.timedelta(3)
    )
    Referral.objects.create(
        case=cases[1], author=worker, target_kind="institution", organisation="Hôpital", reason="x"
    )
    page = client_for(delegate).get(reverse("beneficiaries:overview")).content.decode()
    row = page.split(worker.display_name)[1].split("</tr>")[0]
    assert 'data-testid="worker-overdue"><bdi dir="ltr">1<' in row
    assert 'data-testid="worker-pending"><bdi dir="ltr">1<' in row
    assert f"?from={worker.pk}" in row


def test_a_worker_assigned_by_the_delegates_case_form_is_told(delegate, colleague, cases):
    case = cases[0]
    services.case_update(
        case=case, version=case.version, changes={"worker": colleague}, actor=delegate
    )
    assert Notification.objects.filter(recipient=colleague, kind=Kind.CASE_ASSIGNED).count() == 1


def test_tomorrows_follow_ups_are_reminded_once(worker, cases):
    today = timezone.localdate()
    FollowUp.objects.create(
        case=cases[0], author=worker, date=today, notes="x", next_date=today + datetime.timedelta(1)
    )
    FollowUp.objects.create(
        case=cases[1], author=worker, date=today, notes="x", next_date=today + datetime.timedelta(2)
    )
    assert services.follow_ups_remind(today=today) == 1
    assert services.follow_ups_remind(today=today) == 0
    told = Notification.objects.get(recipient=worker, kind=Kind.FOLLOW_UP_DUE)
    assert told.about == cases[0].number
