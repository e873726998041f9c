"""A referral to a partner association reaches it through the accounts of its own staff (role
"partner staff"): they read and answer the referrals sent to the association and to the
centres it runs under a convention signed or in force, and nothing else of the portal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from beneficiaries import services
from beneficiaries.models import CaseFile, Consent, Referral
from entraide.roles import Role
from notifications.models import Kind, Notification
from tests.factories import (
    AssociationFactory,
    BeneficiaryFactory,
    CaseFileFactory,
    CentreFactory,
    ConventionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return UserFactory(username="t-partner", role=Role.PARTNER_STAFF)


@pytest.fixture
def association(partner):
    association = AssociationFactory(name_fr="Association Annour", name_ar="جمعية النور")
    association.staff.add(partner)
    return association


@pytest.fixture
def run_centre(association):
    """A centre the association runs under a convention in force."""
    centre = CentreFactory(code="C-T-ANNOUR")
    convention = ConventionFactory(
        in_force=True, kind="centre_management", associations=[association]
    )
    convention.centres.add(centre)
    return centre


@pytest.fixture
def case(worker):
    person = BeneficiaryFactory(first_name_lat="Khadija", last_name_lat="Ouali")
    Consent.objects.create(
        beneficiary=person, purpose=Consent.Purpose.SHARING, given=True, recorded_by=worker
    )
    return CaseFileFactory(beneficiary=person, worker=worker, number=f"{person.file_number}-1")


def send(client, case, **fields):
    data = {
        "referral-date": timezone.localdate().isoformat(),
        "referral-reason": "Accompagnement psychologique",
        **{f"referral-{name}": value for name, value in fields.items()},
    }
    return client.post(reverse("beneficiaries:entry_add", args=[case.number, "referral"]), data)


def test_a_referral_to_an_association_reaches_its_staff_who_answer_it(
    client_for, worker, case, association, partner
):
    response = send(client_for(worker), case, target_kind="association", association=association.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get(case=case)
    assert referral.association == association
    assert referral.organisation == ""
    assert [n.recipient for n in Notification.objects.filter(kind=Kind.REFERRAL_RECEIVED)] == [
        partner
    ]
    # The referring side records no answer for it: the association gives it itself.
    assert referral.next_states() == [Referral.State.WITHDRAWN]
    with pytest.raises(ValidationError):
        services.referral_set_state(referral=referral, state="accepted", actor=worker)

    client = client_for(partner)
    inbox = client.get(reverse("beneficiaries:inbox"))
    assert inbox.status_code == 200
    page = inbox.content.decode()
    assert case.number in page and "Khadija" in page and "جمعية النور" in page
    response = client.post(
        reverse("beneficiaries:referral_received", args=[referral.pk]), {"answer": "accept"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == Referral.State.ACCEPTED
    assert referral.answered_by == partner
    assert Notification.objects.filter(recipient=worker, kind=Kind.REFERRAL_ANSWERED).exists()


def test_partner_staff_answer_the_referrals_to_the_centres_their_association_runs(
    client_for, worker, case, run_centre, partner
):
    send(client_for(worker), case, target_kind="centre", centre=run_centre.pk)
    referral = Referral.objects.get(case=case)
    assert Notification.objects.filter(recipient=partner, kind=Kind.REFERRAL_RECEIVED).exists()
    assert list(Referral.objects.received_by(partner)) == [referral]
    assert Referral.objects.with_receiver().get(pk=referral.pk).has_receiver
    response = client_for(partner).post(
        reverse("beneficiaries:referral_received", args=[referral.pk]),
        {"answer": "refuse", f"refuse-{referral.pk}-refusal_reason": "no_place"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == Referral.State.REFUSED


def test_a_convention_no_longer_in_force_ends_the_staffs_access_to_the_centre(
    client_for, worker, case, run_centre, partner
):
    send(client_for(worker), case, target_kind="centre", centre=run_centre.pk)
    referral = Referral.objects.get(case=case)
    run_centre.conventions.update(status="terminated")
    assert not Referral.objects.received_by(partner).exists()
    assert (
        client_for(partner)
        .get(reverse("beneficiaries:referral_received", args=[referral.pk]))
        .status_code
        == 404
    )


def test_partner_staff_see_nothing_else(client_for, worker, case, association, partner):
    other_association = AssociationFactory()
    other_case = CaseFileFactory(beneficiary=BeneficiaryFactory(), worker=worker)
    elsewhere = Referral.objects.create(
        case=other_case,
        author=worker,
        target_kind="association",
        association=other_association,
        reason="Aide alimentaire",
    )
    other_centre = CentreFactory(code="C-T-OTHER")
    to_centre = Referral.objects.create(
        case=other_case, author=worker, target_kind="centre", centre=other_centre, reason="X"
    )
    client = client_for(partner)
    for referral in (elsewhere, to_centre):
        response = client.get(reverse("beneficiaries:referral_received", args=[referral.pk]))
        assert response.status_code == 404
    # No person, case, list or centre of the delegation, though the account sits in one.
    assert not partner.has_perm("beneficiaries.view_beneficiary")
    for name, args in [
        ("beneficiaries:search", []),
        ("beneficiaries:detail", [case.beneficiary.file_number]),
        ("beneficiaries:case", [case.number]),
        ("beneficiaries:referrals", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code in (403, 404), name
    assert not partner.has_perm("beneficiaries.view_casefile")
    assert CaseFile.objects.count() == 2


def test_an_association_without_staff_account_is_answered_by_the_referring_side(
    client_for, worker, case
):
    lonely = AssociationFactory()
    send(client_for(worker), case, target_kind="association", association=lonely.pk)
    referral = Referral.objects.with_receiver().get(case=case)
    assert not referral.has_receiver
    page = client_for(worker).get(reverse("beneficiaries:case", args=[case.number]))
    assert 'data-testid="referral-no-receiver"' in page.content.decode()


def test_an_association_only_named_is_answered_by_the_referring_side(client_for, worker, case):
    send(client_for(worker), case, target_kind="association", organisation="Association Tilila")
    referral = Referral.objects.get(case=case)
    assert referral.association is None
    services.referral_set_state(referral=referral, state="accepted", actor=worker)
    referral.refresh_from_db()
    assert referral.state == Referral.State.ACCEPTED
