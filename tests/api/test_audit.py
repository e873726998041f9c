"""Every call with a token is in the audit trail with the token's name: one read per person or
case shown, one event for a call that showed none (a refusal, a 404, figures); and a change
made through the API carries the token's name and account in its audit context."""

import pytest
from django.contrib.contenttypes.models import ContentType

from beneficiaries.models import Beneficiary, CaseFile, Referral
from entraide.models import AccessEvent
from entraide.roles import Role
from tests.factories import BeneficiaryFactory, CaseFileFactory, CentreFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_looked_up_is_a_read_of_their_file_naming_the_token(issue, worker, api):
    person = BeneficiaryFactory(cin="AU100001")
    token, key = issue(worker, ["read_people"], name="RSU (ANR)")
    api(key).get("/api/v1/people/?cin=AU100001", HTTP_USER_AGENT="rsu-client/2")
    [event] = AccessEvent.objects.filter(detail__api_token="RSU (ANR)")
    assert event.action == AccessEvent.Action.VIEW
    assert event.actor == worker
    assert event.content_type == ContentType.objects.get_for_model(Beneficiary)
    assert event.object_id == str(person.pk)
    assert event.object_repr == person.file_number
    assert event.user_agent == "rsu-client/2"
    assert event.detail == {
        "api_token": "RSU (ANR)",
        "api_token_prefix": token.prefix,
        "operation": "people",
        "method": "GET",
        "status": 200,
    }


def test_a_refused_or_empty_call_is_recorded_too(issue, worker, api):
    token, key = issue(worker, ["read_people"], name="probe")
    api(key).get("/api/v1/people/?cin=ZZ000001")  # nobody: 404
    api(key).get("/api/v1/figures/DP-MA-KHO/")  # no scope: 403
    events = AccessEvent.objects.filter(detail__api_token="probe").order_by("pk")
    assert [(e.detail["operation"], e.detail["status"], e.object_id) for e in events] == [
        ("people", 404, ""),
        ("figures", 403, ""),
    ]


def test_a_revoked_key_still_in_use_is_recorded(issue, worker, api, administrator):
    from api.services import token_revoke

    token, key = issue(worker, ["read_people"], name="old system")
    token_revoke(token=token, actor=administrator)
    api(key).get("/api/v1/people/?cin=ZZ000001")
    [event] = AccessEvent.objects.filter(detail__api_token="old system")
    assert event.detail["status"] == 401


def test_public_calls_and_unknown_keys_record_nothing(api):
    before = AccessEvent.objects.count()
    api().get("/api/v1/centres/")
    api("en_0000000000_" + "x" * 43).get("/api/v1/people/?cin=AB1")
    assert AccessEvent.objects.count() == before


def test_the_referrals_listed_are_reads_of_their_cases(issue, worker, api):
    manager = UserFactory(username="t-audit-manager", role=Role.CENTRE_MANAGER)
    centre = CentreFactory()
    centre.managers.add(manager)
    cases = [CaseFileFactory(worker=worker) for _ in range(2)]
    for case in cases:
        Referral.objects.create(
            case=case, author=worker, target_kind="centre", centre=centre, reason="Accueil"
        )
    _token, key = issue(manager, ["read_referrals"], name="centre app")
    api(key).get("/api/v1/referrals/")
    events = AccessEvent.objects.filter(detail__api_token="centre app")
    assert {e.object_id for e in events} == {str(case.pk) for case in cases}
    assert {e.content_type for e in events} == {ContentType.objects.get_for_model(CaseFile)}


def test_an_answer_is_changed_under_the_tokens_name_and_account(issue, worker, api):
    manager = UserFactory(username="t-audit-manager2", role=Role.CENTRE_MANAGER)
    centre = CentreFactory()
    centre.managers.add(manager)
    referral = Referral.objects.create(
        case=CaseFileFactory(worker=worker),
        author=worker,
        target_kind="centre",
        centre=centre,
        reason="Accueil",
    )
    token, key = issue(manager, ["write_referrals"], name="centre app")
    response = api(key).post_json(f"/api/v1/referrals/{referral.pk}/answer", {"answer": "accept"})
    assert response.status_code == 200
    from django.apps import apps

    events = apps.get_model("beneficiaries", "ReferralEvent").objects
    event = events.filter(pgh_obj_id=referral.pk).order_by("-pgh_id").first()
    assert event.state == "accepted"
    metadata = event.pgh_context.metadata
    assert metadata["user"] == manager.pk
    assert metadata["api_token"] == "centre app"
    assert metadata["api_token_prefix"] == token.prefix
    [access] = AccessEvent.objects.filter(detail__api_token="centre app")
    assert access.detail["method"] == "POST"
    assert access.object_id == str(referral.case_id)
