"""People's files and cases: finding them, creating them without duplicates, working a case
from reception to closure; scoped, audited and in both languages."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Events

from beneficiaries.forms import HOUSEHOLD_MAX
from beneficiaries.models import (
    Attachment,
    Beneficiary,
    CaseFile,
    Consent,
    FollowUp,
    NumberAlias,
    Referral,
)
from centres.models import Service
from entraide.models import AccessEvent
from entraide.roles import Role
from tests.factories import BeneficiaryFactory, CaseFileFactory, CentreFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def amina():
    return BeneficiaryFactory(
        first_name_ar="آمِنة",
        last_name_ar="الإدريسي",
        first_name_lat="Amina",
        last_name_lat="El Idrissi",
        cin="AB123456",
        phone="0612345678",
        birth_date=datetime.date(1988, 3, 2),
    )


@pytest.fixture
def case(amina, worker):
    return CaseFileFactory(beneficiary=amina, worker=worker, protection_details="Violence")


def found(client, query):
    response = client.get(reverse("beneficiaries:search"), {"q": query})
    assert response.status_code == 200
    return {p.file_number for p in response.context["page"]}


@pytest.mark.parametrize(
    "query",
    [
        "امنة",  # without hamza on the alef, without harakat
        "آمنة الادريسي",
        "الإدريسي امنه",  # any order, taa marbuta written haa
        "amina",
        "EL IDRISSI",
        "idri",
        "ab123456",
        "AB 123456",
        "0612345678",
        "+212 6 12 34 56 78",
    ],
)
def test_search_finds_a_person_however_the_name_or_number_is_typed(
    client_for, worker, amina, query
):
    assert amina.file_number in found(client_for(worker), query)


def test_search_finds_by_file_number_and_case_number(client_for, worker, amina, case):
    client = client_for(worker)
    assert found(client, amina.file_number.lower()) == {amina.file_number}
    real = CaseFileFactory(beneficiary=amina, number=f"{amina.file_number}-2")
    assert found(client, real.number) == {amina.file_number}


def test_search_finds_a_former_number_in_scope_only(client_for, worker, worker_rabat, amina, case):
    # The numbers a file and a case had before a transfer, typed in either case.
    NumberAlias.objects.create(number="RAB-2025-000042", beneficiary=amina)
    NumberAlias.objects.create(number="RAB-2025-000042-1", case=case)
    client = client_for(worker)
    for query in ["RAB-2025-000042", "rab-2025-000042", "RAB-2025-000042-1", "rab-2025-000042-1"]:
        assert found(client, query) == {amina.file_number}, query
    # Another delegation's worker is not led to the file by any of its numbers.
    other = client_for(worker_rabat)
    for query in [amina.file_number, "RAB-2025-000042", case.number, "RAB-2025-000042-1"]:
        assert found(other, query) == set(), query


def test_numbers_given_in_small_letters_are_written_in_capitals_and_found_either_way(
    client_for, worker, amina, case
):
    """A delegation whose code held small letters gave numbers in small letters, which the
    search (by the unique index, in capitals) would find only as stored: the migration writes
    them in capitals, and new numbers are given so."""
    import importlib

    from beneficiaries.services import delegation_prefix

    migration = importlib.import_module("beneficiaries.migrations.0024_numbers_in_capitals")
    Beneficiary.objects.filter(pk=amina.pk).update(file_number=amina.file_number.lower())
    CaseFile.objects.filter(pk=case.pk).update(number=f"{amina.file_number.lower()}-1")
    with connection.cursor() as cursor:
        cursor.execute(migration.CAPITALS)
    amina.refresh_from_db()
    case.refresh_from_db()
    assert amina.file_number == amina.file_number.upper()
    assert case.number == case.number.upper()
    client = client_for(worker)
    for query in [amina.file_number, amina.file_number.lower(), case.number, case.number.lower()]:
        assert found(client, query) == {amina.file_number}, query
    assert delegation_prefix(SimpleNamespace(code="DP-MA-kho")) == "KHO"


def test_search_stays_within_the_users_delegation(client_for, worker_rabat, central, amina):
    assert found(client_for(worker_rabat), "amina") == set()
    assert amina.file_number in found(client_for(central), "amina")


@pytest.mark.parametrize(
    ("language", "about", "delegation"),
    [("fr", "vers 1970", "name_fr"), ("ar", "حوالي 1970", "name_ar")],
)
def test_search_results_show_each_person_as_the_table_reads_them(
    client_for, worker, amina, language, about, delegation
):
    """The rows (beneficiaries/templatetags/people.py): the file number linked to the file, the
    badge of a name that only sounds like the query, both scripts' names, the date or the
    approximate year of birth, the CIN (escaped) and the delegation, in the page's language."""
    sounds = BeneficiaryFactory(
        first_name_ar="",
        last_name_ar="",
        first_name_lat="Amina",
        last_name_lat="Idrisi",
        birth_date=None,
        birth_year=1970,
        cin="<b>X</b>",  # kept in capitals, as every CIN
    )
    assertions = SimpleTestCase()
    response = client_for(worker).get(f"/{language}/beneficiaries/", {"q": "Amina El Idrissi"})
    html = response.content.decode()
    place = getattr(amina.delegation, delegation)
    badge = response.context["sounds_like"]
    assertions.assertInHTML(
        f'<tr><td dir="ltr"><a href="{amina.get_absolute_url()}"><bdi>{amina.file_number}</bdi></a>'
        '</td><td lang="ar" dir="rtl">آمِنة الإدريسي</td><td lang="fr" dir="ltr">Amina El Idrissi'
        f'</td><td>02/03/1988</td><td dir="ltr">AB123456</td><td>{place}</td></tr>',
        html,
    )
    assertions.assertInHTML(
        f'<tr><td dir="ltr"><a href="{sounds.get_absolute_url()}"><bdi>{sounds.file_number}</bdi>'
        f'</a> {badge}</td><td lang="ar" dir="rtl"> </td><td lang="fr" dir="ltr">Amina Idrisi</td>'
        f'<td>{about}</td><td dir="ltr">&lt;B&gt;X&lt;/B&gt;</td><td>{place}</td></tr>',
        html,
    )
    assert html.index(amina.file_number) < html.index(sounds.file_number)
    assert html.count('data-testid="sounds-like"') == 1
    assert f"/{language}/beneficiaries/{amina.file_number}/" == amina.get_absolute_url()
    # No result: the row that says so, and nothing else.
    empty = client_for(worker).get(f"/{language}/beneficiaries/", {"q": "Zzyzx Qwerty"})
    assert empty.content.decode().count("<tr>") == 2  # the head's and the empty row's


def test_search_is_recorded_in_the_audit_trail(client_for, worker, amina):
    found(client_for(worker), "amina")
    search = AccessEvent.objects.get(actor=worker, action="view", object_id="")
    assert search.detail["query"] == "amina"
    # The person the results showed is read too (entraide.reads).
    shown = AccessEvent.objects.get(actor=worker, action="view", object_id=str(amina.pk))
    assert shown.object_repr == amina.file_number


def test_roles_without_need_cannot_open_peoples_files(client_for, amina):
    for role in (Role.CENTRE_MANAGER, Role.PARTNERSHIP_OFFICER, Role.RECRUITMENT_OFFICER):
        user = UserFactory(username=f"t-{role}", role=role)
        client = client_for(user)
        assert client.get(reverse("beneficiaries:search")).status_code == 403
        assert client.get(amina.get_absolute_url()).status_code == 403


def person_data(delegate_unit, **overrides):
    data = {
        "first_name_ar": "فاطمة",
        "last_name_ar": "الزهراء",
        "first_name_lat": "Fatima",
        "last_name_lat": "Zahra",
        "sex": "F",
        "birth_date": "1995-04-01",
        "province": delegate_unit.provinces.first().pk,
        "delegation": delegate_unit.pk,
        "household-TOTAL_FORMS": "1",
        "household-INITIAL_FORMS": "0",
        "household-0-name": "Youssef",
        "household-0-relation": "child",
        "household-0-age": "4",
    }
    data.update(overrides)
    return data


def test_a_worker_creates_a_file_with_a_number_of_their_delegation(client_for, worker):
    response = client_for(worker).post(reverse("beneficiaries:create"), person_data(worker.unit))
    assert response.status_code == 302
    person = Beneficiary.objects.get(first_name_lat="Fatima")
    year = timezone.localdate().year
    assert person.file_number.startswith(f"KHO-{year}-")
    assert person.created_by == worker
    assert [(m.name, m.relation) for m in person.household.all()] == [("Youssef", "child")]
    assert Events.objects.tracks(person).get(pgh_label="insert").pgh_context["user"] == worker.pk


def test_a_household_lists_thirty_members_at_most_whatever_the_form_claims(client_for, worker):
    """The page shows the members and two empty rows: a POST claiming more rows than a
    household may list (once 2,000 rows built and rendered, 4 s of CPU) is refused, nothing
    is written and the page shows no more rows than the cap."""
    client = client_for(worker)
    members = {
        f"household-{i}-{key}": value
        for i in range(HOUSEHOLD_MAX + 1)
        for key, value in (("name", f"Membre {i}"), ("relation", "child"), ("age", "4"))
    }
    for total, extra in (("100000", {}), (str(HOUSEHOLD_MAX + 1), members)):
        data = person_data(worker.unit, **{"household-TOTAL_FORMS": total}, **extra)
        response = client.post(reverse("beneficiaries:create"), data)
        assert response.status_code == 200
        assert response.context["household"].non_form_errors()
        assert len(response.context["household"].forms) <= HOUSEHOLD_MAX
        assert len(re.findall(rb'name="household-\d+-name"', response.content)) <= HOUSEHOLD_MAX
    assert not Beneficiary.objects.filter(first_name_lat="Fatima").exists()
    # As many as the cap are kept.
    data = person_data(worker.unit, **{"household-TOTAL_FORMS": str(HOUSEHOLD_MAX)}, **members)
    assert client.post(reverse("beneficiaries:create"), data).status_code == 302
    assert Beneficiary.objects.get(first_name_lat="Fatima").household.count() == HOUSEHOLD_MAX


def test_file_numbers_follow_each_other_and_are_never_reused(client_for, worker):
    client = client_for(worker)
    client.post(reverse("beneficiaries:create"), person_data(worker.unit))
    client.post(
        reverse("beneficiaries:create"),
        person_data(
            worker.unit, first_name_lat="Other", first_name_ar="آخر", birth_date="2001-01-01"
        ),
    )
    first, second = Beneficiary.objects.order_by("pk").values_list("file_number", flat=True)
    assert int(second.rsplit("-", 1)[1]) == int(first.rsplit("-", 1)[1]) + 1
    Beneficiary.objects.filter(file_number=second).update(first_name_lat="x")
    third = BeneficiaryFactory()
    assert int(third.file_number.rsplit("-", 1)[1]) == int(second.rsplit("-", 1)[1]) + 1


def test_likely_duplicates_are_shown_before_creating(client_for, worker, amina):
    client = client_for(worker)
    data = person_data(
        worker.unit,
        first_name_ar="امنة",
        last_name_ar="الادريسي",
        first_name_lat="Amina",
        last_name_lat="Idrissi",
        birth_date="1988-03-02",
    )
    response = client.post(reverse("beneficiaries:create"), data)
    assert response.status_code == 200
    assert [d.file_number for d in response.context["duplicates"]] == [amina.file_number]
    assert Beneficiary.objects.count() == 1
    response = client.post(reverse("beneficiaries:create"), {**data, "create_anyway": "1"})
    assert response.status_code == 302
    created = Beneficiary.objects.exclude(pk=amina.pk).get()
    context = Events.objects.tracks(created).get(pgh_label="insert").pgh_context
    assert context["created_despite_duplicates"] == [amina.file_number]


def test_the_same_cin_is_a_duplicate_and_cannot_be_given_twice(client_for, worker, amina):
    client = client_for(worker)
    data = person_data(worker.unit, cin="ab123456")
    response = client.post(reverse("beneficiaries:create"), data)
    assert [d.file_number for d in response.context["duplicates"]] == [amina.file_number]
    response = client.post(reverse("beneficiaries:create"), {**data, "create_anyway": "1"})
    assert response.status_code == 200
    from django.utils import translation

    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = translation.gettext("Another file already has this CIN: %(number)s.") % {
            "number": amina.file_number
        }
        assert expected in [str(e) for e in response.context["form"].errors["cin"]]
    assert Beneficiary.objects.count() == 1


def test_a_malformed_cin_is_refused(client_for, worker):
    data = person_data(worker.unit, cin="123AB")
    response = client_for(worker).post(reverse("beneficiaries:create"), data)
    assert "cin" in response.context["form"].errors


def test_reading_a_persons_file_is_audited(client_for, worker, amina):
    assert client_for(worker).get(amina.get_absolute_url()).status_code == 200
    event = AccessEvent.objects.get(actor=worker, action="view", object_id=str(amina.pk))
    assert event.content_type.model == "beneficiary"


def test_reading_a_case_is_audited(client_for, worker, case):
    assert client_for(worker).get(case.get_absolute_url()).status_code == 200
    assert AccessEvent.objects.filter(actor=worker, action="view", object_id=str(case.pk)).exists()


def test_every_page_of_another_delegations_person_is_a_404(client_for, worker_rabat, case):
    person = case.beneficiary
    attachment = Attachment.objects.create(
        beneficiary=person,
        kind="id",
        file=SimpleUploadedFile("id.pdf", PDF),
        original_name="id.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=worker_rabat,
    )
    referral = Referral.objects.create(
        case=case, author=worker_rabat, target_kind="institution", organisation="x", reason="y"
    )
    client = client_for(worker_rabat)
    gets = [
        person.get_absolute_url(),
        reverse("beneficiaries:edit", args=[person.file_number]),
        case.get_absolute_url(),
        attachment.get_absolute_url(),
        reverse("beneficiaries:export_json", args=[person.file_number]),
        reverse("beneficiaries:entry_add", args=[case.number, "referral"]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("beneficiaries:consent", args=[person.file_number]),
        reverse("beneficiaries:attachment_upload", args=[person.file_number]),
        reverse("beneficiaries:case_open", args=[person.file_number]),
        reverse("beneficiaries:case_edit", args=[case.number]),
        reverse("beneficiaries:case_status", args=[case.number]),
        reverse("beneficiaries:entry_add", args=[case.number, "note"]),
        reverse("beneficiaries:referral_state", args=[referral.pk]),
    ]
    for url in posts:
        assert client.post(url, {}).status_code == 404, url
    assert not AccessEvent.objects.filter(actor=worker_rabat, action__in=["view", "download"])


def test_the_case_page_runs_a_fixed_number_of_queries(client_for, worker, case):
    client = client_for(worker)
    client.get(case.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(case.get_absolute_url())
    service = Service.objects.get(code="reception")
    centre = CentreFactory(code="C-Q")
    for i in range(5):
        client.post(
            reverse("beneficiaries:entry_add", args=[case.number, "note"]),
            {"note-date": f"2026-01-0{i + 1}", "note-kind": "listening", "note-text": "t"},
        )
        client.post(
            reverse("beneficiaries:entry_add", args=[case.number, "service"]),
            {
                "service-date": "2026-02-01",
                "service-service": service.pk,
                "service-centre": centre.pk,
                "service-quantity": "1",
            },
        )
    with CaptureQueriesContext(connection) as many:
        client.get(case.get_absolute_url())
    assert len(many) == len(few)


def test_protection_details_are_for_the_assigned_worker_and_above(client_for, case, delegate):
    colleague = UserFactory(username="t-colleague")
    assert "Violence" not in client_for(colleague).get(case.get_absolute_url()).content.decode()
    assert "Violence" in client_for(case.worker).get(case.get_absolute_url()).content.decode()
    assert "Violence" in client_for(delegate).get(case.get_absolute_url()).content.decode()


def test_a_colleague_editing_the_case_cannot_erase_protection_details(client_for, case):
    colleague = UserFactory(username="t-colleague2")
    client_for(colleague).post(
        reverse("beneficiaries:case_edit", args=[case.number]),
        {"channel": "walk_in", "risk": "high", "problems": ["violence"], "version": case.version},
    )
    case.refresh_from_db()
    assert case.risk == "high"
    assert case.protection_details == "Violence"


def test_the_second_of_two_concurrent_edits_is_refused_and_nothing_is_lost(client_for, case):
    first, second = UserFactory(username="t-first"), UserFactory(username="t-second")
    url = reverse("beneficiaries:case_edit", args=[case.number])
    version = case.version
    data = {"channel": "walk_in", "problems": ["violence"], "version": version}
    assert client_for(first).post(url, {**data, "risk": "high"}).status_code == 302
    response = client_for(second).post(url, {**data, "risk": "low", "channel": "hotline"})
    assert response.status_code == 409
    assert response.context["conflict"]
    # The refused values are still in the form, for the worker to apply again.
    assert response.context["case_form"].data["channel"] == "hotline"
    case.refresh_from_db()
    assert (case.risk, case.channel, case.version) == ("high", "walk_in", version + 1)


def test_a_case_moves_through_its_statuses_and_closes_with_a_reason(client_for, worker, case):
    client = client_for(worker)
    url = reverse("beneficiaries:case_status", args=[case.number])
    # Assessed once its assessment is recorded (tests/beneficiaries/test_case_defects.py).
    client.post(
        reverse("beneficiaries:entry_add", args=[case.number, "assessment"]),
        {"assessment-date": "2026-01-02", "assessment-health": "2"},
    )
    for status in ("assessed", "plan", "follow_up"):
        case.refresh_from_db()
        client.post(url, {"status": status, "version": case.version})
    case.refresh_from_db()
    assert case.status == "follow_up"
    client.post(url, {"status": "closed", "version": case.version})
    case.refresh_from_db()
    assert case.status == "follow_up"  # no reason, no closing
    client.post(url, {"status": "closed", "reason": "goals_met", "version": case.version})
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == ("closed", "goals_met")
    assert case.closed_on == timezone.localdate()
    client.post(url, {"status": "open", "version": case.version})
    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closed_on) == ("open", "", None)


def test_a_case_cannot_skip_statuses(client_for, worker, case):
    client_for(worker).post(
        reverse("beneficiaries:case_status", args=[case.number]),
        {"status": "follow_up", "version": case.version},
    )
    case.refresh_from_db()
    assert case.status == "open"


ENTRIES = {
    "note": {"note-date": "2026-01-05", "note-kind": "reception", "note-text": "Accueil"},
    "assessment": {
        "assessment-date": "2026-01-06",
        "assessment-housing": "3",
        "assessment-protection": "4",
        "assessment-summary": "Besoins urgents",
    },
    "goal": {
        "goal-date": "2026-01-07",
        "goal-goal": "Hébergement",
        "goal-responsible": "Salma",
        "goal-due_date": "2026-03-01",
        "goal-progress": "20",
        "goal-state": "in_progress",
    },
    "follow-up": {
        "follow-up-date": "2026-01-10",
        "follow-up-notes": "Visite",
        "follow-up-next_date": "2026-02-10",
    },
    "mediation": {
        "mediation-date": "2026-01-12",
        "mediation-parties": "Époux",
        "mediation-outcome": "partial",
    },
}


@pytest.mark.parametrize("kind", ENTRIES)
def test_each_kind_of_entry_joins_the_timeline_signed_by_its_author(client_for, worker, case, kind):
    response = client_for(worker).post(
        reverse("beneficiaries:entry_add", args=[case.number, kind]), ENTRIES[kind]
    )
    assert response.status_code == 302
    timeline = client_for(worker).get(case.get_absolute_url()).context["timeline"]
    assert len(timeline) == 1
    assert timeline[0].author == worker


def test_a_service_delivered_is_recorded_with_its_centre(client_for, worker, case):
    centre = CentreFactory(code="C-SRV")
    service = Service.objects.get(code="meals")
    client_for(worker).post(
        reverse("beneficiaries:entry_add", args=[case.number, "service"]),
        {"service-date": "2026-01-05", "service-service": service.pk, "service-centre": centre.pk},
    )
    assert not case.deliveries.exists()  # neither quantity nor amount
    client_for(worker).post(
        reverse("beneficiaries:entry_add", args=[case.number, "service"]),
        {
            "service-date": "2026-01-05",
            "service-service": service.pk,
            "service-centre": centre.pk,
            "service-amount": "250.00",
        },
    )
    assert case.deliveries.get().centre == centre


def test_a_future_date_is_refused(client_for, worker, case):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client_for(worker).post(
        reverse("beneficiaries:entry_add", args=[case.number, "note"]),
        {"note-date": future, "note-kind": "reception", "note-text": "x"},
    )
    assert response.status_code == 400
    assert not case.notes.exists()


def test_a_referral_to_a_partner_needs_consent_to_sharing(client_for, worker, case):
    from django.utils import translation

    client = client_for(worker)
    # In French, whatever language an earlier test left active: the message is read below.
    with translation.override("fr"):
        url = reverse("beneficiaries:entry_add", args=[case.number, "referral"])
    data = {
        "referral-date": "2026-01-05",
        "referral-target_kind": "association",
        "referral-organisation": "Association Annajda",
        "referral-reason": "Hébergement d'urgence",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "consentement" in response.content.decode()
    client.post(
        reverse("beneficiaries:consent", args=[case.beneficiary.file_number]),
        {"purpose": "sharing", "given": "True", "given_by": "elle-même"},
    )
    assert client.post(url, data).status_code == 302
    referral = case.referrals.get()
    for state in ("accepted", "completed"):
        client.post(reverse("beneficiaries:referral_state", args=[referral.pk]), {"state": state})
    referral.refresh_from_db()
    assert referral.state == "completed"
    assert referral.answered_on and referral.completed_on


def test_a_refused_consent_blocks_referrals_again(client_for, worker, case):
    Consent.objects.create(
        beneficiary=case.beneficiary, purpose="sharing", given=True, recorded_by=worker
    )
    Consent.objects.create(
        beneficiary=case.beneficiary, purpose="sharing", given=False, recorded_by=worker
    )
    response = client_for(worker).post(
        reverse("beneficiaries:entry_add", args=[case.number, "referral"]),
        {
            "referral-date": "2026-01-05",
            "referral-target_kind": "institution",
            "referral-organisation": "Hôpital",
            "referral-reason": "Soins",
        },
    )
    assert response.status_code == 400


def test_a_refused_referral_cannot_then_be_completed(client_for, worker, case):
    # The referring worker records the answers of an outside institution (a centre answers
    # its own referrals from its inbox: tests/beneficiaries/test_referral_inbox.py).
    referral = Referral.objects.create(
        case=case, author=worker, target_kind="institution", organisation="Hôpital", reason="r"
    )
    client = client_for(worker)
    client.post(reverse("beneficiaries:referral_state", args=[referral.pk]), {"state": "refused"})
    client.post(reverse("beneficiaries:referral_state", args=[referral.pk]), {"state": "completed"})
    referral.refresh_from_db()
    assert referral.state == "refused"


def test_documents_are_checked_stored_privately_and_downloads_audited(
    client_for, worker, amina, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(worker)
    url = reverse("beneficiaries:attachment_upload", args=[amina.file_number])
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    client.post(url, {"kind": "id", "file": fake})
    exe = SimpleUploadedFile("virus.exe", b"MZ")
    client.post(url, {"kind": "id", "file": exe})
    assert not amina.attachments.exists()
    client.post(url, {"kind": "id", "file": SimpleUploadedFile("cin.pdf", PDF)})
    attachment = amina.attachments.get()
    assert "cin" not in attachment.file.name  # a random name, nothing about the person
    assert not attachment.file.name.startswith("static")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AccessEvent.objects.filter(actor=worker, action="download").count() == 1


def test_a_delegate_merges_two_files_keeping_all_history(client_for, delegate, worker, amina):
    twin = BeneficiaryFactory(first_name_lat="Amina", cin="", phone="")
    twin_case = CaseFileFactory(beneficiary=twin, number="T-TWIN-1")
    client = client_for(worker)
    merge_url = reverse("beneficiaries:merge", args=[amina.file_number])
    assert (
        client.post(merge_url, {"duplicate": twin.file_number, "confirm": "on"}).status_code == 403
    )
    client = client_for(delegate)
    client.post(merge_url, {"duplicate": twin.file_number, "confirm": "on"})
    twin.refresh_from_db()
    twin_case.refresh_from_db()
    assert twin.merged_into == amina
    assert twin_case.beneficiary == amina
    assert client.get(twin.get_absolute_url()).url == amina.get_absolute_url()
    assert Events.objects.tracks(twin_case).filter(pgh_label="update").exists()


def test_the_work_list_shows_my_cases_follow_ups_due_and_referrals_waiting(
    client_for, worker, case
):
    FollowUp.objects.create(
        case=case, author=worker, notes="n", next_date=timezone.localdate() - datetime.timedelta(1)
    )
    Referral.objects.create(
        case=case, author=worker, target_kind="institution", organisation="Hôpital", reason="r"
    )
    other = CaseFileFactory(number="T-OTHER", worker=UserFactory(username="t-someone"))
    response = client_for(worker).get(reverse("beneficiaries:work"))
    assert [c.number for c in response.context["cases"]] == [case.number]
    assert len(response.context["follow_ups"]) == 1
    assert len(response.context["referrals"]) == 1
    assert other.number not in response.content.decode()
    home = client_for(worker).get(reverse("home"))
    assert case.number in home.content.decode()


def test_the_overview_is_for_delegates_and_shows_overdue_and_dormant_cases(
    client_for, worker, delegate, case
):
    assert client_for(worker).get(reverse("beneficiaries:overview")).status_code == 403
    CaseFile.objects.filter(pk=case.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=120)
    )
    FollowUp.objects.create(
        case=case, author=worker, notes="n", next_date=timezone.localdate() - datetime.timedelta(3)
    )
    response = client_for(delegate).get(reverse("beneficiaries:overview"))
    assert response.status_code == 200
    assert [c.number for c in response.context["dormant"]] == [case.number]
    assert len(response.context["overdue"]) == 1
    assert dict((v, n) for _label, n, v in response.context["by_status"])["open"] == 1


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_every_beneficiary_page_renders_in_both_languages(
    client_for, delegate, case, language, direction
):
    client = client_for(delegate)
    person = case.beneficiary
    for path in [
        "beneficiaries/",
        "beneficiaries/?q=amina",
        "beneficiaries/new/",
        "beneficiaries/work/",
        "beneficiaries/overview/",
        f"beneficiaries/{person.file_number}/",
        f"beneficiaries/{person.file_number}/edit/",
        f"beneficiaries/cases/{case.number}/",
    ]:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        assert f'<html lang="{language}" dir="{direction}">' in response.content.decode(), path


def test_the_timeline_names_each_entry_in_the_page_language(client_for, worker, case):
    from django.utils import translation

    from beneficiaries.models import Note

    Note.objects.create(case=case, author=worker, kind="listening", text="t")
    for language in ("ar", "fr"):
        content = client_for(worker).get(f"/{language}{case.get_absolute_url()[3:]}").content
        with translation.override(language):
            label = str(Note.Kind.LISTENING.label)
        assert label[0].upper() + label[1:] in content.decode()


def test_changing_a_persons_target_groups_is_audited(client_for, worker, amina):
    from beneficiaries.models import BeneficiaryTargetGroup
    from centres.models import TargetGroup

    data = person_data(worker.unit, target_groups=[TargetGroup.objects.get(code="women").pk])
    data.update({"household-TOTAL_FORMS": "0", "household-INITIAL_FORMS": "0"})
    response = client_for(worker).post(
        reverse("beneficiaries:edit", args=[amina.file_number]), data
    )
    assert response.status_code == 302
    link = BeneficiaryTargetGroup.objects.get(beneficiary=amina)
    event = Events.objects.tracks(link).get(pgh_label="insert")
    assert event.pgh_context["user"] == worker.pk


def test_the_forms_that_offer_centres_have_a_page_of_their_own(client_for, worker, case):
    near = CentreFactory(code="C-NEAR")  # Khouribga, in the case's region
    far = CentreFactory(code="C-FAR", rabat=True)
    client = client_for(worker)
    page = client.get(case.get_absolute_url())
    assert page.context["entry_fields"]["referral"] is None  # a link, not a form
    response = client.get(reverse("beneficiaries:entry_add", args=[case.number, "referral"]))
    assert response.status_code == 200
    centres = set(response.context["form"].fields["centre"].queryset)
    assert near in centres and far not in centres
    response = client.get(reverse("beneficiaries:entry_add", args=[case.number, "service"]))
    assert set(response.context["form"].fields["centre"].queryset) == {near}


def test_the_blank_forms_of_the_case_page_follow_the_language_and_the_day(
    client_for, worker, case, monkeypatch
):
    """They are rendered once per language and day (beneficiaries.views.blank_entry_fields):
    neither a French label in Arabic nor yesterday's date may come back from that memory."""
    import re

    from django.utils import translation
    from django.utils.text import capfirst

    from beneficiaries.models import Note

    def page(language):
        client = client_for(worker)  # signed in anew: tomorrow, yesterday's session has expired
        with translation.override(language):
            url = case.get_absolute_url()
            label = capfirst(Note._meta.get_field("kind").verbose_name)
        html = client.get(url).content.decode()
        date = re.search(r'<input[^>]*id="id_note-date"[^>]*>', html).group()
        assert re.search(f'<label for="id_note-kind"[^>]*>{re.escape(str(label))}</label>', html)
        assert f'value="{timezone.localdate().isoformat()}"' in date

    for language in ("fr", "ar", "fr", "ar"):
        page(language)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert timezone.localdate() == timezone.localtime(tomorrow).date()
    page("fr")
    # A refused entry comes back with its error and what was typed, not the blank form.
    response = client_for(worker).post(
        reverse("beneficiaries:entry_add", args=[case.number, "note"]),
        {"note-date": "", "note-kind": "reception", "note-text": "Écoute au guichet"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Écoute au guichet" in html and 'id="id_note-date_error"' in html
