"""A token reads exactly what a user of its unit with its account's role reads in the portal:
a person, a unit's figures or a referral of another delegation answer 404, as missing ones."""

import pytest
from django.utils import timezone

from beneficiaries.models import Referral
from entraide.roles import Role
from tests.factories import (
    BeneficiaryFactory,
    CaseFileFactory,
    CentreFactory,
    UserFactory,
    unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "inside": BeneficiaryFactory(cin="KH100001", rsu_id="1234567890"),
        "neighbour": BeneficiaryFactory(cin="KH100002", rsu_id="1234567890"),
        "outside": BeneficiaryFactory(rabat=True, cin="RB100001", rsu_id="9876543210"),
    }


def test_a_person_of_another_delegation_is_404_like_a_missing_one(issue, worker, api, people):
    _token, key = issue(worker, ["read_people"])
    client = api(key)
    assert client.get("/api/v1/people/?cin=KH100001").status_code == 200
    elsewhere = client.get("/api/v1/people/?cin=RB100001")
    missing = client.get("/api/v1/people/?cin=ZZ999999")
    assert elsewhere.status_code == missing.status_code == 404
    assert elsewhere.json() == missing.json()
    assert client.get("/api/v1/people/?rsu=9876543210").status_code == 404


def test_a_household_is_found_by_its_rsu_identifier_within_scope(issue, worker, api, people):
    _token, key = issue(worker, ["read_people"])
    response = api(key).get("/api/v1/people/?rsu=1234567890")
    assert response.status_code == 200
    numbers = {p["file_number"] for p in response.json()["results"]}
    assert numbers == {people["inside"].file_number, people["neighbour"].file_number}


def test_a_coordinators_token_sees_the_region(issue, coordinator, api, people):
    _token, key = issue(coordinator, ["read_people"])
    assert api(key).get("/api/v1/people/?cin=KH100001").status_code == 200
    assert api(key).get("/api/v1/people/?cin=RB100001").status_code == 404


def test_a_token_narrowed_to_a_delegation_sees_only_it(issue, coordinator, api):
    # The coordinator sees Béni Mellal's files; their token for Khouribga does not.
    beni_mellal = BeneficiaryFactory(delegation=unit("DP-MA-BEM"), cin="BM100001")
    _wide, wide = issue(coordinator, ["read_people", "read_figures"], name="region")
    _narrow, narrow = issue(
        coordinator, ["read_people", "read_figures"], unit_code="DP-MA-KHO", name="khouribga"
    )
    assert api(wide).get(f"/api/v1/people/?cin={beni_mellal.cin}").status_code == 200
    assert api(narrow).get(f"/api/v1/people/?cin={beni_mellal.cin}").status_code == 404
    assert api(narrow).get("/api/v1/figures/DP-MA-KHO/?period=2025").status_code == 200
    assert api(narrow).get("/api/v1/figures/DP-MA-BEM/?period=2025").status_code == 404
    assert api(narrow).get("/api/v1/figures/CR-MA-05/?period=2025").status_code == 404
    assert api(wide).get("/api/v1/figures/CR-MA-05/?period=2025").status_code == 200
    # The account itself is untouched: the token's unit is a copy's.
    coordinator.refresh_from_db()
    assert coordinator.unit.code == "CR-MA-05"


def test_the_figures_of_another_units_are_404(issue, delegate, api, central):
    _token, key = issue(delegate, ["read_figures"])
    assert api(key).get("/api/v1/figures/DP-MA-KHO/?period=2025-Q1").status_code == 200
    outside = api(key).get("/api/v1/figures/DP-MA-RAB/?period=2025-Q1")
    missing = api(key).get("/api/v1/figures/NO-SUCH-UNIT/?period=2025-Q1")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    # A national role's token sees every unit.
    _token, national = issue(central, ["read_figures"])
    assert api(national).get("/api/v1/figures/DP-MA-RAB/?period=2025-Q1").status_code == 200


def test_the_figures_are_the_reports_own(issue, delegate, api):
    from reports.figures import INDICATORS, MONEY, scalars
    from reports.periods import Period

    CentreFactory()
    _token, key = issue(delegate, ["read_figures"])
    body = api(key).get("/api/v1/figures/DP-MA-KHO/?period=2025").json()
    expected = scalars(unit("DP-MA-KHO"), Period.parse("2025"))
    assert list(body["indicators"]) == INDICATORS
    for name in INDICATORS:
        value = expected[name]
        assert body["indicators"][name] == (f"{value:.2f}" if name in MONEY else value)
    assert body["period"] == {
        "code": "2025",
        "kind": "year",
        "start": "2025-01-01",
        "end": "2025-12-31",
        "label": "2025",
    }


@pytest.fixture
def referrals(worker, worker_rabat):
    """A referral to Khouribga's centre (managed by `manager`) and one to Rabat's centre."""
    manager = UserFactory(username="t-api-manager", role=Role.CENTRE_MANAGER)
    mine = CentreFactory()
    mine.managers.add(manager)
    theirs = CentreFactory(rabat=True)
    theirs.managers.add(
        UserFactory(username="t-api-manager-rabat", role=Role.CENTRE_MANAGER, rabat=True)
    )
    inside = Referral.objects.create(
        case=CaseFileFactory(worker=worker),
        author=worker,
        target_kind="centre",
        centre=mine,
        reason="Hébergement",
    )
    outside = Referral.objects.create(
        case=CaseFileFactory(beneficiary=BeneficiaryFactory(rabat=True), worker=worker_rabat),
        author=worker_rabat,
        target_kind="centre",
        centre=theirs,
        reason="Formation",
    )
    return manager, inside, outside


def test_the_referrals_are_the_inbox_of_the_tokens_account(issue, api, referrals):
    manager, inside, outside = referrals
    _token, key = issue(manager, ["read_referrals", "write_referrals"])
    body = api(key).get("/api/v1/referrals/").json()
    assert [r["id"] for r in body["results"]] == [inside.pk]
    assert body["next"] is None
    [shown] = body["results"]
    assert shown["case_number"] == inside.case.number
    assert shown["answers"] == ["accept", "refuse"]


def test_a_referral_of_another_delegation_cannot_be_answered(issue, api, referrals):
    manager, inside, outside = referrals
    _token, key = issue(manager, ["write_referrals"])
    response = api(key).post_json(f"/api/v1/referrals/{outside.pk}/answer", {"answer": "accept"})
    missing = api(key).post_json("/api/v1/referrals/999999/answer", {"answer": "accept"})
    assert response.status_code == missing.status_code == 404
    outside.refresh_from_db()
    assert outside.state == Referral.State.SENT


def test_a_referral_is_answered_through_the_inboxs_service(issue, api, referrals):
    manager, inside, _outside = referrals
    _token, key = issue(manager, ["write_referrals"])
    client = api(key, "fr")
    refused = client.post_json(f"/api/v1/referrals/{inside.pk}/answer", {"answer": "refuse"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.refusal_reason"
    response = client.post_json(
        f"/api/v1/referrals/{inside.pk}/answer",
        {"answer": "refuse", "refusal_reason": "no_place"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "refused"
    inside.refresh_from_db()
    assert inside.state == Referral.State.REFUSED
    assert inside.refusal_reason == "no_place"
    assert inside.answered_by == manager
    assert inside.answered_at <= timezone.now()
    # Answered already: the service refuses another answer (409), in the language asked.
    again = client.post_json(f"/api/v1/referrals/{inside.pk}/answer", {"answer": "accept"})
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    # The referring worker is told, as when the manager answers from the page.
    from notifications.models import Kind, Notification

    assert Notification.objects.filter(
        recipient=inside.case.worker, kind=Kind.REFERRAL_ANSWERED
    ).exists()


def test_the_person_of_a_referral_is_shown_as_their_consent_allows(issue, api, referrals):
    manager, inside, _outside = referrals
    _token, key = issue(manager, ["read_referrals"])
    [shown] = api(key).get("/api/v1/referrals/").json()["results"]
    # No consent to sharing recorded: who the person is stays withheld.
    assert shown["person"]["withheld"] is True
    assert shown["person"]["first_name_lat"] is None
    assert shown["person"]["phone"] is None
    assert "cin" not in shown["person"]


def test_a_partner_associations_system_reads_and_answers_the_referrals_sent_to_it(
    issue, api, worker, referrals
):
    """A token acting for the staff account of a partner association: the referrals sent to
    the association, not those of the centres; answered as its staff answer on the page."""
    from tests.factories import AssociationFactory

    _manager, inside, _outside = referrals
    partner = UserFactory(username="t-api-partner", role=Role.PARTNER_STAFF)
    association = AssociationFactory(name_fr="Association Annour", name_ar="جمعية النور")
    association.staff.add(partner)
    sent = Referral.objects.create(
        case=CaseFileFactory(worker=worker),
        author=worker,
        target_kind="association",
        association=association,
        reason="Accompagnement psychologique",
    )
    _token, key = issue(partner, ["read_referrals", "write_referrals"])
    client = api(key, "fr")
    listed = client.get("/api/v1/referrals/").json()["results"]
    assert [row["id"] for row in listed] == [sent.pk]
    assert (
        client.post_json(f"/api/v1/referrals/{inside.pk}/answer", {"answer": "accept"}).status_code
        == 404
    )
    response = client.post_json(f"/api/v1/referrals/{sent.pk}/answer", {"answer": "accept"})
    assert response.status_code == 200, response.content
    sent.refresh_from_db()
    assert (sent.state, sent.answered_by) == (Referral.State.ACCEPTED, partner)
