"""Files that move between delegations: a worker asks to transfer a person's file to another
delegation, whose delegate accepts or refuses; on acceptance the file, its cases and their
history belong to the receiving delegation under its numbers, the former numbers still lead
to them, and the sending side no longer sees them. A worker who meets a file held elsewhere
learns only that it exists, and may ask its owner for it or for read access."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from beneficiaries import services
from beneficiaries.models import (
    Beneficiary,
    CaseFile,
    Consent,
    FileRequest,
    Note,
)
from notifications.models import Kind, Notification
from tests.factories import BeneficiaryFactory, CaseFileFactory, UserFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def rabat_delegate():
    return UserFactory(username="t-delegate-rabat", delegate=True, rabat=True)


@pytest.fixture
def person(worker):
    person = BeneficiaryFactory(
        first_name_lat="Hanane",
        last_name_lat="Berrada",
        cin="BE123456",
        birth_date=datetime.date(1988, 2, 3),
    )
    Consent.objects.create(
        beneficiary=person, purpose=Consent.Purpose.SHARING, given=True, recorded_by=worker
    )
    return person


@pytest.fixture
def case(person, worker):
    case = CaseFileFactory(beneficiary=person, worker=worker, number=f"{person.file_number}-1")
    Note.objects.create(case=case, author=worker, date=timezone.localdate(), text="Visite")
    return case


def rabat_province():
    return unit("DP-MA-RAB").provinces.first()


def ask(client, person, **data):
    return client.post(
        reverse("beneficiaries:transfer_new", args=[person.file_number]),
        {"to": "DP-MA-RAB", "province": rabat_province().pk, "reason": "La famille a déménagé"}
        | data,
    )


def test_a_transfer_accepted_moves_the_file_its_cases_and_history(
    client_for, worker, delegate, rabat_delegate, worker_rabat, person, case
):
    old_file, old_case = person.file_number, case.number
    response = ask(client_for(worker), person)
    assert response.status_code == 302, response.content.decode()[:3000]
    request = FileRequest.objects.get()
    assert request.asked_by_owner and request.state == FileRequest.State.REQUESTED
    assert Notification.objects.filter(recipient=rabat_delegate, kind=Kind.TRANSFER_ASKED).exists()

    # Rabat's delegate reads who it is about, and decides.
    client = client_for(rabat_delegate)
    page = client.get(reverse("beneficiaries:file_request", args=[request.pk]))
    assert page.status_code == 200
    assert "Hanane" in page.content.decode()
    response = client.post(
        reverse("beneficiaries:file_request", args=[request.pk]), {"answer": "accept"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    person.refresh_from_db()
    case.refresh_from_db()
    assert request.state == FileRequest.State.ACCEPTED
    assert person.delegation == unit("DP-MA-RAB") and person.province == request.province
    assert person.file_number.startswith("RAB-") and request.new_number == person.file_number
    assert case.number == f"{person.file_number}-1" and case.delegation == unit("DP-MA-RAB")
    assert case.worker is None  # the receiving delegate assigns it
    assert Notification.objects.filter(recipient=worker, kind=Kind.TRANSFER_DECIDED).exists()

    # The receiving side owns the file, its cases and their history; the former numbers lead
    # to them.
    rabat = client_for(worker_rabat)
    assert rabat.get(reverse("beneficiaries:detail", args=[old_file])).status_code == 200
    case_page = rabat.get(reverse("beneficiaries:case", args=[old_case]))
    assert case_page.status_code == 200 and "Visite" in case_page.content.decode()
    found = rabat.get(reverse("beneficiaries:search"), {"q": old_file})
    assert person.file_number in found.content.decode()
    # The sending side no longer sees them, under either number.
    khouribga = client_for(worker)
    for name, number in [
        ("beneficiaries:detail", old_file),
        ("beneficiaries:detail", person.file_number),
        ("beneficiaries:case", old_case),
        ("beneficiaries:case", case.number),
    ]:
        assert khouribga.get(reverse(name, args=[number])).status_code == 404
    assert not Beneficiary.objects.visible_to(delegate).filter(pk=person.pk).exists()


def test_every_step_of_a_transfer_is_in_the_audit_trail(worker, rabat_delegate, person, case):
    request = services.transfer_request(
        beneficiary=person,
        to=unit("DP-MA-RAB"),
        province=rabat_province(),
        reason="Déménagement",
        actor=worker,
    )
    services.file_request_accept(request=request, actor=rabat_delegate)
    person_events = Beneficiary.pgh_event_model.objects.filter(pgh_obj_id=person.pk)
    moved = person_events.filter(delegation=unit("DP-MA-RAB")).latest("pgh_id")
    assert moved.pgh_context.metadata["user"] == rabat_delegate.pk
    assert CaseFile.pgh_event_model.objects.filter(
        pgh_obj_id=case.pk, delegation=unit("DP-MA-RAB")
    ).exists()
    events = FileRequest.pgh_event_model.objects.filter(pgh_obj_id=request.pk)
    assert {e.state for e in events} == {"requested", "accepted"}


def test_without_consent_to_sharing_a_transfer_needs_an_override_reason(client_for, worker, person):
    Consent.objects.create(
        beneficiary=person, purpose=Consent.Purpose.SHARING, given=False, recorded_by=worker
    )
    response = ask(client_for(worker), person)
    assert response.status_code == 400
    assert not FileRequest.objects.exists()
    response = ask(client_for(worker), person, override_reason="Enfant en danger, suivi urgent")
    assert response.status_code == 302
    assert FileRequest.objects.get().override_reason == "Enfant en danger, suivi urgent"


def test_a_refused_transfer_leaves_the_file_where_it_was(
    client_for, worker, rabat_delegate, person, case
):
    ask(client_for(worker), person)
    request = FileRequest.objects.get()
    url = reverse("beneficiaries:file_request", args=[request.pk])
    assert client_for(rabat_delegate).post(url, {"answer": "refuse"}).status_code == 400
    response = client_for(rabat_delegate).post(
        url, {"answer": "refuse", "refusal_note": "Adresse hors de notre ressort"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.delegation == unit("DP-MA-KHO")
    assert FileRequest.objects.get().state == FileRequest.State.REFUSED


def test_only_the_receiving_delegate_decides(client_for, worker, delegate, worker_rabat, person):
    ask(client_for(worker), person)
    request = FileRequest.objects.get()
    for user in (worker, delegate, worker_rabat):
        with pytest.raises(ValidationError):
            services.file_request_accept(request=request, actor=user)
    # Another delegation's delegate does not even see it.
    other = UserFactory(username="t-delegate-other", delegate=True, unit=unit("DP-MA-SAL"))
    page = client_for(other).get(reverse("beneficiaries:file_request", args=[request.pk]))
    assert page.status_code == 404


def test_a_file_found_elsewhere_is_only_said_to_exist_and_may_be_asked_for(
    client_for, worker_rabat, delegate, person, case
):
    client = client_for(worker_rabat)
    # The CIN, searched for from Rabat: nothing of the file, an offer to ask for it.
    page = client.get(reverse("beneficiaries:search"), {"q": person.cin}).content.decode()
    assert 'data-testid="file-elsewhere"' in page
    for secret in (person.file_number, "Hanane", "Berrada", "DP-MA-KHO"):
        assert secret not in page
    token = page.split('name="elsewhere-token" value="')[1].split('"')[0]
    response = client.post(
        reverse("beneficiaries:request_elsewhere"),
        {
            "elsewhere-token": token,
            "elsewhere-kind": "read",
            "elsewhere-reason": "La personne se présente à Rabat",
        },
    )
    assert response.status_code == 302
    request = FileRequest.objects.get()
    assert not request.asked_by_owner and request.other == unit("DP-MA-RAB")
    assert request.asked_about == person.cin
    # The asking side's page of its request shows nothing of the file before the answer.
    mine = client.get(reverse("beneficiaries:file_request", args=[request.pk])).content.decode()
    assert "Hanane" not in mine and person.file_number not in mine
    assert client.get(reverse("beneficiaries:shared_file", args=[request.pk])).status_code == 404
    # The owner's delegate is told and grants read access.
    assert Notification.objects.filter(recipient=delegate, kind=Kind.TRANSFER_ASKED).exists()
    services.file_request_accept(request=request, actor=delegate)
    shared = client.get(reverse("beneficiaries:shared_file", args=[request.pk]))
    assert shared.status_code == 200
    assert person.file_number in shared.content.decode() and case.number in (
        shared.content.decode()
    )
    # Read access is reading: the file itself stays the owner's.
    assert client.get(reverse("beneficiaries:detail", args=[person.file_number])).status_code == 404


def test_a_person_form_meeting_a_file_elsewhere_offers_the_request(
    client_for, worker_rabat, person
):
    response = client_for(worker_rabat).post(
        reverse("beneficiaries:create"),
        {
            "first_name_lat": "Hanane",
            "last_name_lat": "Berrada",
            "sex": "F",
            "birth_date": "1988-02-03",
            "province": rabat_province().pk,
            "delegation": "DP-MA-RAB",
            "household-TOTAL_FORMS": "0",
            "household-INITIAL_FORMS": "0",
        },
    )
    page = response.content.decode()
    assert 'data-testid="file-elsewhere"' in page
    assert person.file_number not in page


def test_a_request_elsewhere_needs_a_token_of_ones_own_session(client_for, worker_rabat, person):
    response = client_for(worker_rabat).post(
        reverse("beneficiaries:request_elsewhere"),
        {"elsewhere-token": "forged", "elsewhere-kind": "read", "elsewhere-reason": "x"},
    )
    assert response.status_code == 302
    assert not FileRequest.objects.exists()
