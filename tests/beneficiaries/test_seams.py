"""Attacks on the seams of people's files: names that display reversed, executables renamed
as scans, signatures in a colleague's name, a CIN rule that differs from one app to another."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beneficiaries import bulk
from beneficiaries.models import Attachment, Beneficiary, HouseholdMember, Note, ServiceDelivery
from beneficiaries.resources import ServiceDeliveryResource
from entraide.imports import read_dataset, run_import
from entraide.validators import CIN_PATTERN
from tests.factories import BeneficiaryFactory, CaseFileFactory, UserFactory

pytestmark = pytest.mark.django_db

RLO, PDF_MARK, ZWSP = "\u202e", "\u202c", "\u200b"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_name_with_a_right_to_left_override_is_stored_without_it():
    person = BeneficiaryFactory(
        first_name_lat=f"{RLO}anima{PDF_MARK}", last_name_ar=f"العلوي{ZWSP}\x00", address="x\ty"
    )
    person.refresh_from_db()
    assert (person.first_name_lat, person.last_name_ar) == ("anima", "العلوي")
    assert person.address == "xy"
    # The folded search column is computed from the stored, clean names.
    assert Beneficiary.objects.filter(pk=person.pk, search_name__contains="anima").exists()
    # A bulk update goes through the same field.
    Beneficiary.objects.filter(pk=person.pk).update(commune=f"Oued{RLO} Zem")
    person.refresh_from_db()
    assert person.commune == "Oued Zem"


def test_free_texts_keep_their_lines_but_lose_invisible_characters(worker):
    case = CaseFileFactory()
    note = Note.objects.create(
        case=case, author=worker, kind="other", text=f"first\r\nsecond{RLO} line\x07"
    )
    note.refresh_from_db()
    assert note.text == "first\nsecond line"
    member = HouseholdMember.objects.create(
        beneficiary=case.beneficiary, name=f"{RLO}dama", relation="child"
    )
    member.refresh_from_db()
    assert member.name == "dama"


def test_a_bulk_import_stores_names_without_control_or_bidirectional_characters(worker):
    text = (
        "first_name_ar,last_name_ar,first_name_lat,last_name_lat,sex,province_code\n"
        f"أمينة,العلوي,{RLO}anima{PDF_MARK},Al{ZWSP}aoui,F,MA-KHO\n"
    )
    report = bulk.import_beneficiaries(io.BytesIO(text.encode("utf-8")), "people.csv", actor=worker)
    assert report.ok, report.errors
    person = Beneficiary.objects.get(last_name_ar="العلوي")
    assert (person.first_name_lat, person.last_name_lat) == ("anima", "Alaoui")


def test_the_cin_and_phone_rules_are_the_kernels():
    assert CIN_PATTERN == Beneficiary._meta.get_field("cin").validators[0].regex.pattern
    person = BeneficiaryFactory.build(cin="ab 123456", phone="06 12-34.56 78")
    person.full_clean(exclude=["file_number"])
    assert (person.cin, person.phone) == ("AB123456", "0612345678")
    person.cin = "ABC1234567"
    with pytest.raises(ValidationError) as refused:
        person.full_clean(exclude=["file_number"])
    assert "cin" in refused.value.message_dict


def test_an_executable_renamed_as_a_scan_is_refused_on_every_path_that_validates(worker):
    person = BeneficiaryFactory()
    attachment = Attachment(
        beneficiary=person,
        kind="id",
        file=SimpleUploadedFile("id.pdf", EXECUTABLE),
        original_name=f"id{RLO}fdp.exe",
        content_type="application/pdf",
        size=len(EXECUTABLE),
        uploaded_by=worker,
    )
    with pytest.raises(ValidationError) as refused:
        attachment.full_clean()
    assert "file" in refused.value.message_dict
    attachment.file = SimpleUploadedFile("id.pdf", b"%PDF-1.4 a real scan")
    attachment.full_clean()
    attachment.save()
    attachment.refresh_from_db()
    assert attachment.original_name == "idfdp.exe"
    # A stored file is not read again on the next validation.
    attachment.full_clean()


def test_an_admin_cannot_sign_a_note_in_a_colleagues_name(client_for, administrator, worker):
    case = CaseFileFactory()
    response = client_for(administrator).post(
        reverse("admin:beneficiaries_note_add"),
        {"case": case.pk, "date": "2026-01-05", "author": worker.pk, "kind": "other", "text": "x"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Note.objects.get(case=case).author == administrator


def test_an_imported_service_is_signed_by_the_importer_whatever_the_author_column(worker):
    colleague = UserFactory(username="t-colleague")
    case = CaseFileFactory()
    services = (
        "case_number,date,service_code,centre_code,quantity,amount,notes,author\n"
        f"{case.number},2026-01-06,reception,,1,,,{colleague.username}\n"
    )
    report = run_import(
        ServiceDeliveryResource(user=worker), read_dataset(services.encode(), "s.csv")
    )
    assert report.ok, report.errors
    assert ServiceDelivery.objects.get().author == worker
    # Imported by a command without a user: refused, since nobody would sign them.
    report = run_import(ServiceDeliveryResource(), read_dataset(services.encode(), "s.csv"))
    assert not report.ok
    assert ServiceDelivery.objects.count() == 1
