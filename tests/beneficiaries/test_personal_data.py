"""The person's rights under law 09-08: their whole file on request (JSON and PDF), and
anonymisation once the retention period has ended."""

import datetime
import io
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pghistory.models import Events

from beneficiaries import services
from beneficiaries.exports import person_file
from beneficiaries.models import (
    Assessment,
    Beneficiary,
    CaseFile,
    Consent,
    FollowUp,
    HouseholdMember,
    Mediation,
    Note,
    PlanGoal,
    Referral,
    ServiceDelivery,
)
from beneficiaries.retention import beneficiary_anonymise, eligible_for_anonymisation
from centres.models import Service, TargetGroup
from entraide.audit import acting_as
from entraide.models import AccessEvent
from entraide.pdf import PDFResourceError, _url_fetcher, render_pdf
from entraide.roles import Role
from tests.factories import BeneficiaryFactory, CaseFileFactory, UserFactory

pytestmark = pytest.mark.django_db

DOCUMENT = b"%PDF-1.4 the scanned consent form"

ENTRY_TYPES = {
    "note",
    "assessment",
    "plangoal",
    "servicedelivery",
    "referral",
    "followup",
    "mediation",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Attachments go to a throw-away folder, not to the development media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def add_every_entry(case, author):
    with acting_as(author):
        Note.objects.create(case=case, author=author, kind="listening", text="Elle a peur.")
        Assessment.objects.create(
            case=case, author=author, housing=3, protection=4, summary="Hébergement urgent."
        )
        PlanGoal.objects.create(
            case=case, author=author, goal="Trouver un logement", responsible="Mme Alaoui"
        )
        ServiceDelivery.objects.create(
            case=case,
            author=author,
            service=Service.objects.get(code="reception"),
            quantity=1,
            amount=Decimal("150.00"),
            notes="Kit d'hygiène",
        )
        Referral.objects.create(
            case=case,
            author=author,
            target_kind="institution",
            organisation="Hôpital provincial",
            reason="Certificat médical",
        )
        FollowUp.objects.create(
            case=case,
            author=author,
            notes="Visite à domicile",
            next_date=timezone.localdate() + datetime.timedelta(days=7),
        )
        Mediation.objects.create(
            case=case,
            author=author,
            parties="Elle et son frère",
            outcome="agreement",
            notes="Accord sur la garde",
        )


@pytest.fixture
def person(worker, delegate):
    """A whole file: identity, household, target group, consent, a case with one entry of
    every kind, a document, and a duplicate file merged into it."""
    person = BeneficiaryFactory(
        first_name_ar="خديجة",
        last_name_ar="بنسعيد",
        first_name_lat="Khadija",
        last_name_lat="Bensaid",
        cin="AB123456",
        phone="0612345678",
        address="12 rue des Orangers",
        commune="Oued Zem",
        disability_card="H-778",
        created_by=worker,
    )
    person.target_groups.add(TargetGroup.objects.get(code="women"))
    HouseholdMember.objects.create(beneficiary=person, name="سعيد بنسعيد", relation="child", age=9)
    signed = services.attachment_add(
        beneficiary=person,
        upload=SimpleUploadedFile("consent.pdf", DOCUMENT, "application/pdf"),
        kind="consent",
        actor=worker,
    )
    services.consent_record(
        beneficiary=person,
        purpose=Consent.Purpose.SHARING,
        given=True,
        given_by="Khadija Bensaid",
        signed_form=signed,
        actor=worker,
    )
    case = services.case_open(
        beneficiary=person,
        channel=CaseFile.Channel.WALK_IN,
        problems=["violence", "homelessness"],
        risk=CaseFile.Risk.HIGH,
        worker=worker,
        protection_details="Menacée par son ancien mari.",
        actor=worker,
    )
    add_every_entry(case, worker)
    duplicate = BeneficiaryFactory(first_name_lat="Khadija", last_name_lat="Ben Said")
    services.beneficiary_merge(keep=person, duplicate=duplicate, actor=delegate)
    person.duplicate = duplicate
    person.case = case
    return person


def export_url(name, person, language="fr"):
    with translation.override(language):
        return reverse(f"beneficiaries:{name}", args=[person.file_number])


# The JSON export -------------------------------------------------------------------------


def test_the_json_export_holds_identity_household_consents_and_every_kind_of_entry(
    client_for, worker, person
):
    response = client_for(worker).get(export_url("export_json", person))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["file_number"] == person.file_number
    assert data["identity"]["first_name_ar"] == "خديجة"
    assert data["identity"]["last_name_lat"] == "Bensaid"
    assert data["identity"]["cin"] == "AB123456"
    assert data["identity"]["birth_date"] == "1990-05-17"
    assert data["identity"]["province"]["code"] == person.province.code
    assert [g["code"] for g in data["target_groups"]] == ["women"]
    assert data["household"] == [{"name": "سعيد بنسعيد", "relation": "child", "age": 9}]
    assert data["consents"][0]["purpose"] == "sharing"
    assert data["consents"][0]["given"] is True
    assert data["consents"][0]["given_by"] == "Khadija Bensaid"
    [case] = data["cases"]
    assert case["number"] == person.case.number
    assert case["problems"] == ["violence", "homelessness"]
    assert {entry["type"] for entry in case["timeline"]} == ENTRY_TYPES
    by_type = {entry["type"]: entry for entry in case["timeline"]}
    assert by_type["note"]["text"] == "Elle a peur."
    assert by_type["assessment"]["housing"] == 3
    assert by_type["servicedelivery"]["service"]["code"] == "reception"
    assert by_type["servicedelivery"]["amount"] == "150.00"
    assert by_type["referral"]["state"] == "sent"
    assert by_type["mediation"]["parties"] == "Elle et son frère"
    assert by_type["followup"]["author"] == str(worker)


def test_the_json_export_lists_the_files_merged_into_it(client_for, worker, person):
    data = client_for(worker).get(export_url("export_json", person)).json()

    assert data["merged_files"] == [person.duplicate.file_number]
    assert data["merged_into"] is None


def test_the_json_export_describes_attachments_without_their_contents(client_for, worker, person):
    data = client_for(worker).get(export_url("export_json", person)).json()

    [attachment] = data["attachments"]
    assert attachment["original_name"] == "consent.pdf"
    assert attachment["kind"] == "consent"
    assert attachment["size"] == len(DOCUMENT)
    assert "file" not in attachment
    assert "scanned consent form" not in json.dumps(data)


def test_the_json_export_is_recorded_as_an_access_event(client_for, worker, person):
    client_for(worker).get(export_url("export_json", person))

    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT, actor=worker)
    assert event.object_id == str(person.pk)
    assert event.detail == {"format": "json"}


def test_the_whole_file_is_plain_json_data(person, worker):
    # No default=str needed: dates, datetimes and amounts are already strings.
    json.dumps(person_file(person, viewer=worker))


def test_protection_details_reach_only_those_who_may_read_them(person, worker):
    colleague = UserFactory(username="t-colleague")

    for_assigned = person_file(person, viewer=worker)["cases"][0]
    for_colleague = person_file(person, viewer=colleague)["cases"][0]

    assert for_assigned["protection_details"] == "Menacée par son ancien mari."
    assert "protection_details_withheld" not in for_assigned
    assert for_colleague["protection_details"] is None
    assert for_colleague["protection_details_withheld"] is True


def test_the_export_reads_the_file_in_a_fixed_number_of_queries(
    person, worker, django_assert_max_num_queries
):
    add_every_entry(person.case, worker)
    second = CaseFileFactory(beneficiary=person)
    add_every_entry(second, worker)

    with django_assert_max_num_queries(16):
        person_file(person, viewer=worker)


# The PDF export --------------------------------------------------------------------------


def pdf_text(content, tmp_path):
    path = tmp_path / "export.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), " ")


def words(line):
    return sorted(line.translate(BIDI_MARKS).split())


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_pdf_export_shows_the_names_translated_headings_and_page_numbers(
    client_for, worker, person, language, tmp_path
):
    response = client_for(worker).get(export_url("export_pdf", person, language))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    # The Arabic name reads back letter for letter (see entraide.pdf on /ActualText).
    assert "خديجة بنسعيد" in text
    assert "Khadija Bensaid" in text
    assert person.case.number in text
    with translation.override(language):
        identity = gettext("Identity")
        page_of = gettext("Page %(number)s of %(total)s")
    assert identity != "Identity"  # the heading really is translated
    assert identity in text
    # Every page says "page X of Y". pdftotext reorders digits inside Arabic lines, so the
    # footer is compared word by word.
    pages = text.split("\f")[:-1]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        footer = words(page_of % {"number": number, "total": len(pages)})
        assert any(words(line) == footer for line in page.splitlines()), (number, footer)


def test_the_pdf_export_is_recorded_as_an_access_event(client_for, worker, person):
    client_for(worker).get(export_url("export_pdf", person))

    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT, actor=worker)
    assert event.object_id == str(person.pk)
    assert event.detail == {"format": "pdf"}


def test_the_pdf_footer_says_who_generated_it(client_for, worker, person, tmp_path):
    response = client_for(worker).get(export_url("export_pdf", person, "fr"))

    text = pdf_text(response.content, tmp_path)
    assert str(worker) in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text


def test_the_pdf_shows_protection_details_only_to_those_who_may_read_them(
    client_for, worker, person, tmp_path
):
    colleague = UserFactory(username="t-colleague")

    for_assigned = pdf_text(
        client_for(worker).get(export_url("export_pdf", person)).content, tmp_path
    )
    for_colleague = pdf_text(
        client_for(colleague).get(export_url("export_pdf", person)).content, tmp_path
    )

    assert "Menacée par son ancien mari." in for_assigned
    assert "Menacée" not in for_colleague
    assert "Khadija Bensaid" in for_colleague


def test_the_pdf_embeds_only_the_packaged_fonts(client_for, worker, person, tmp_path):
    response = client_for(worker).get(export_url("export_pdf", person, "ar"))
    path = tmp_path / "export.pdf"
    path.write_bytes(response.content)

    fonts = subprocess.run(
        ["pdffonts", str(path)],  # noqa: S607 - poppler-utils
        capture_output=True,
        check=True,
        text=True,
    ).stdout.splitlines()[2:]

    # Named after the @font-face families of entraide/pdf/base.html: no server font stood in.
    names = {line.split()[0].split("+")[-1] for line in fonts}
    assert "EN-Sans-Arabic" in names
    assert names <= {"EN-Sans", "EN-Sans-Bold", "EN-Sans-Arabic", "EN-Sans-Arabic-Bold"}


def test_a_pdf_can_be_rendered_without_a_request_for_tasks(tmp_path):
    with translation.override("fr"):
        content = render_pdf(
            "entraide/pdf/base.html",
            {"title": "Rapport national", "generated_by": "Tâche planifiée"},
        )
    path = tmp_path / "report.pdf"
    path.write_bytes(content)

    info = subprocess.run(
        ["pdfinfo", str(path)],  # noqa: S607 - poppler-utils
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "Rapport national" in info
    assert "Tâche planifiée" in info
    text = pdf_text(content, tmp_path)
    assert "Tâche planifiée" in text
    assert "Page 1 sur 1" in text


def test_a_pdf_template_cannot_reach_the_network():
    with pytest.raises(PDFResourceError):
        _url_fetcher().fetch("https://example.com/tracker.png")


# Who may export --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["export_json", "export_pdf"])
def test_a_worker_of_another_delegation_gets_404(client_for, worker_rabat, person, name):
    response = client_for(worker_rabat).get(export_url(name, person))

    assert response.status_code == 404
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).exists()


@pytest.mark.parametrize("name", ["export_json", "export_pdf"])
def test_a_coordinator_who_may_read_but_not_export_gets_403(client_for, coordinator, person, name):
    assert coordinator.role == Role.COORDINATOR
    assert coordinator.has_perm("beneficiaries.view_beneficiary")

    response = client_for(coordinator).get(export_url(name, person))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["export_json", "export_pdf"])
def test_the_delegate_may_export(client_for, delegate, person, name):
    assert client_for(delegate).get(export_url(name, person)).status_code == 200


# Anonymisation ---------------------------------------------------------------------------

LONG_AGO = timezone.localdate() - datetime.timedelta(days=365 * 11)


def closed_file(closed_on=LONG_AGO, **kwargs):
    case = CaseFileFactory(
        opened_on=closed_on - datetime.timedelta(days=90),
        status=CaseFile.Status.CLOSED,
        closure_reason=CaseFile.ClosureReason.GOALS_MET,
        closed_on=closed_on,
        **kwargs,
    )
    return case.beneficiary


def test_a_file_closed_longer_ago_than_the_retention_period_is_eligible():
    person = closed_file()

    assert list(eligible_for_anonymisation()) == [person]


def test_a_recently_closed_file_is_not_eligible():
    closed_file(closed_on=timezone.localdate() - datetime.timedelta(days=365 * 2))

    assert not eligible_for_anonymisation().exists()


def test_a_file_with_one_case_still_open_is_not_eligible():
    person = closed_file()
    CaseFileFactory(beneficiary=person, opened_on=LONG_AGO)

    assert not eligible_for_anonymisation().exists()


def test_a_file_without_cases_counts_from_its_creation():
    old, recent = BeneficiaryFactory(), BeneficiaryFactory()
    Beneficiary.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=365 * 11)
    )

    assert list(eligible_for_anonymisation()) == [old]
    assert recent not in eligible_for_anonymisation()


def test_a_file_merged_into_another_is_not_eligible_by_itself(delegate):
    keep, duplicate = closed_file(), BeneficiaryFactory()
    Beneficiary.objects.filter(pk=duplicate.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=365 * 11)
    )
    services.beneficiary_merge(keep=keep, duplicate=duplicate, actor=delegate)

    assert list(eligible_for_anonymisation()) == [keep]


def test_the_retention_period_comes_from_the_setting(settings):
    person = closed_file(closed_on=timezone.localdate() - datetime.timedelta(days=365 * 4))
    settings.BENEFICIARY_RETENTION_YEARS = 3

    assert list(eligible_for_anonymisation()) == [person]


def test_the_dry_run_lists_the_files_and_changes_nothing():
    person = closed_file()
    out = io.StringIO()

    call_command("anonymise_closed_files", stdout=out)

    assert "1 file(s) to anonymise" in out.getvalue()
    assert person.file_number in out.getvalue()
    person.refresh_from_db()
    assert person.anonymised_at is None
    assert person.first_name_ar
    assert not Events.objects.tracks(person).filter(pgh_label="update").exists()


def test_the_retention_years_option_overrides_the_setting():
    person = closed_file(closed_on=timezone.localdate() - datetime.timedelta(days=365 * 4))
    out = io.StringIO()

    call_command("anonymise_closed_files", "--retention-years", "3", stdout=out)

    assert person.file_number in out.getvalue()
    assert "retention 3 years" in out.getvalue()


@pytest.fixture
def old_file(person):
    """The whole file of `person`, its case closed eleven years ago."""
    CaseFile.objects.filter(pk=person.case.pk).update(
        status=CaseFile.Status.CLOSED,
        closure_reason=CaseFile.ClosureReason.GOALS_MET,
        opened_on=LONG_AGO - datetime.timedelta(days=200),
        closed_on=LONG_AGO,
    )
    return person


def test_apply_removes_the_identity_and_keeps_the_statistics(
    old_file, media_root, django_capture_on_commit_callbacks
):
    person = old_file
    stored = person.attachments.get().file.path
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_closed_files", "--apply", stdout=out)

    assert "anonymised 1 file(s)" in out.getvalue()
    assert person.file_number in out.getvalue()
    person.refresh_from_db()
    # The identity is gone...
    assert person.anonymised_at is not None
    for name in ("first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat"):
        assert getattr(person, name) == ""
    assert (person.cin, person.phone, person.address, person.commune) == ("", "", "", "")
    assert person.disability_card == ""
    assert person.birth_date is None
    assert list(person.household.values_list("name", flat=True)) == [""]
    assert list(person.consents.values_list("given_by", flat=True)) == [""]
    case = CaseFile.objects.get(pk=person.case.pk)
    assert case.protection_details == ""
    assert Note.objects.get(case=case).text == ""
    assert Assessment.objects.get(case=case).summary == ""
    assert FollowUp.objects.get(case=case).notes == ""
    mediation = Mediation.objects.get(case=case)
    assert (mediation.parties, mediation.notes) == ("", "")
    assert Referral.objects.get(case=case).reason == ""
    assert not person.attachments.exists()
    assert not Path(stored).exists()
    # ...the statistics stay.
    assert (person.sex, person.birth_year) == ("F", 1990)
    assert person.province_id and person.delegation.code == "DP-MA-KHO"
    assert list(person.target_groups.values_list("code", flat=True)) == ["women"]
    assert (case.status, case.risk, case.problems) == (
        "closed",
        "high",
        ["violence", "homelessness"],
    )
    assert case.closed_on == LONG_AGO
    assert list(person.household.values_list("relation", "age")) == [("child", 9)]
    delivery = ServiceDelivery.objects.get(case=case)
    assert (delivery.service.code, delivery.amount) == ("reception", Decimal("150.00"))
    referral = Referral.objects.get(case=case)
    assert (referral.state, referral.organisation) == ("sent", "Hôpital provincial")
    assert Assessment.objects.get(case=case).housing == 3


def test_the_files_merged_into_an_anonymised_file_lose_their_identity_too(old_file):
    beneficiary_anonymise(beneficiary=old_file)

    duplicate = Beneficiary.objects.get(pk=old_file.duplicate.pk)
    assert duplicate.anonymised_at is not None
    assert (duplicate.first_name_lat, duplicate.last_name_lat) == ("", "")
    assert duplicate.birth_year == 1990 and duplicate.birth_date is None


def test_an_anonymised_file_is_no_longer_eligible(old_file):
    beneficiary_anonymise(beneficiary=old_file)

    assert not eligible_for_anonymisation().exists()
    out = io.StringIO()
    call_command("anonymise_closed_files", "--apply", stdout=out)
    assert "anonymised 0 file(s)" in out.getvalue()


def test_the_anonymisation_is_recorded_in_the_audit_trail(old_file, administrator):
    beneficiary_anonymise(beneficiary=old_file, actor=administrator)

    [event] = Events.objects.tracks(old_file).filter(pgh_diff__has_key="anonymised_at")
    assert event.pgh_context["command"] == "anonymise"
    assert event.pgh_context["user"] == administrator.pk
    note = Note.objects.get(case=old_file.case)
    assert Events.objects.tracks(note).filter(pgh_context__command="anonymise").exists()


def test_the_audit_trail_keeps_who_did_what_but_no_longer_the_identity(
    old_file, administrator, client_for
):
    client_for(administrator).get(old_file.get_absolute_url())
    beneficiary_anonymise(beneficiary=old_file, actor=administrator)
    history = list(Events.objects.tracks(old_file)) + list(
        Events.objects.tracks(Note.objects.get(case=old_file.case))
    )
    assert len(history) >= 3  # created, changed by the anonymisation, and the note
    dumped = json.dumps([e.pgh_data for e in history], ensure_ascii=False, default=str)
    assert "خديجة" not in dumped and "Khadija" not in dumped
    assert "AB123456" not in dumped
    # The access log names the file by its number only, never the person.
    event = AccessEvent.objects.get(action="view", object_id=str(old_file.pk))
    assert event.object_repr == old_file.file_number


def test_a_file_with_an_open_case_cannot_be_anonymised(person):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        beneficiary_anonymise(beneficiary=person)

    person.refresh_from_db()
    assert person.anonymised_at is None
