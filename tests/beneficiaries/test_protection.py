"""Personal data sealed at every seam: each test is an attack that used to work.

Protected fields (entraide.protection), reads recorded (entraide.reads), the admin's lookups,
raw-id labels and shortcut, the audit trail's values, and a CIN's existence outside scope.
"""

import datetime
import io
import subprocess

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beneficiaries import services
from beneficiaries.bulk import import_beneficiaries
from beneficiaries.models import Attachment, Beneficiary, CaseFile, Consent, Note, Referral
from entraide.audit import acting_as
from entraide.models import AccessEvent
from entraide.protection import lookup_reveals_hidden, may_read
from entraide.roles import Role
from recruitment.models import Competition
from tests.factories import (
    ApplicationFactory,
    AssociationFactory,
    BeneficiaryFactory,
    CaseFileFactory,
    CentreFactory,
    CompetitionFactory,
    UserFactory,
    unit,
)

pytestmark = pytest.mark.django_db

SECRET = "Violences répétées SECRET-7Q"


@pytest.fixture
def colleague(db):
    """A social worker of the same delegation, not assigned to the case."""
    return UserFactory(username="t-colleague")


@pytest.fixture
def case(worker):
    return CaseFileFactory(worker=worker, protection_details=SECRET)


def pdf_text(content, tmp_path):
    path = tmp_path / "file.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def case_form(case, **overrides):
    data = {
        "channel": case.channel,
        "problems": case.problems,
        "risk": case.risk,
        "version": case.version,
    }
    data.update(overrides)
    return data


# The worker of a case is chosen only by those who oversee -------------------------------------


def test_worker_who_posts_themselves_as_the_cases_worker_is_not_assigned(
    client_for, colleague, case, tmp_path
):
    client = client_for(colleague)
    url = reverse("beneficiaries:case_edit", args=[case.number])
    client.post(url, case_form(case, worker=colleague.pk, risk="high"))
    case.refresh_from_db()
    assert case.worker_id != colleague.pk
    assert case.risk == "high"  # the rest of the edit went through
    assert case.protection_details == SECRET  # not in their form, so not erased either
    # ... and the protection details stay closed to them everywhere.
    assert SECRET not in client.get(case.get_absolute_url()).content.decode()
    person = case.beneficiary
    exported = client.get(reverse("beneficiaries:export_json", args=[person.file_number]))
    assert SECRET not in exported.content.decode()
    pdf = client.get(reverse("beneficiaries:export_pdf", args=[person.file_number])).content
    assert "SECRET-7Q" not in pdf_text(pdf, tmp_path)
    # The delegate, who oversees, reads them.
    delegate = UserFactory(username="t-exporter", delegate=True)
    assert SECRET in client_for(delegate).get(case.get_absolute_url()).content.decode()


def test_a_workers_own_edit_leaves_the_assignment_as_it_is(client_for, worker, case):
    client_for(worker).post(
        reverse("beneficiaries:case_edit", args=[case.number]),
        case_form(case, risk="low", protection_details=SECRET),
    )
    case.refresh_from_db()
    assert case.worker_id == worker.pk
    assert case.risk == "low"


def test_the_delegate_assigns_and_reassigns(client_for, delegate, colleague, case):
    client_for(delegate).post(
        reverse("beneficiaries:case_edit", args=[case.number]),
        case_form(case, worker=colleague.pk, protection_details=SECRET),
    )
    case.refresh_from_db()
    assert case.worker_id == colleague.pk


def test_a_worker_who_opens_a_case_takes_it_on_and_cannot_give_it_to_another(
    client_for, worker, colleague
):
    person = BeneficiaryFactory()
    client_for(worker).post(
        reverse("beneficiaries:case_open", args=[person.file_number]),
        {"channel": "walk_in", "risk": "low", "worker": colleague.pk, "protection_details": ""},
    )
    opened = CaseFile.objects.get(beneficiary=person)
    assert opened.worker_id == worker.pk


def test_the_service_refuses_an_assignment_by_a_worker(worker, colleague, case):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.case_update(
            case=case, version=case.version, changes={"worker": colleague}, actor=colleague
        )


# The admin never filters, searches or orders on a field one may not read --------------------


@pytest.fixture
def staff_worker(db):
    return UserFactory(username="t-staff-worker", is_staff=True)


@pytest.fixture
def staff_coordinator_without_bank(db):
    return UserFactory(username="t-staff-coord", coordinator=True, is_staff=True)


def test_admin_refuses_a_filter_on_protection_details_to_a_worker(client_for, staff_worker, case):
    client = client_for(staff_worker)
    url = reverse("admin:beneficiaries_casefile_changelist")
    assert client.get(url).status_code == 200
    response = client.get(url, {"protection_details__icontains": "SECRET"})
    assert response.status_code == 400
    response = client.get(url, {"protection_details__startswith": "V"})
    assert response.status_code == 400


def test_admin_refuses_a_filter_on_bank_details_to_those_without_them(
    client_for, staff_coordinator_without_bank
):
    association = AssociationFactory()
    client = client_for(staff_coordinator_without_bank)
    url = reverse("admin:partnerships_association_changelist")
    assert client.get(url).status_code == 200
    for lookup in ("bank_account__startswith", "bank_account", "bank_name__icontains"):
        response = client.get(url, {lookup: association.bank_account[:3]})
        assert response.status_code == 400, lookup
    # Through a relation too.
    conventions = reverse("admin:partnerships_convention_changelist")
    response = client.get(conventions, {"associations__bank_account__startswith": "3"})
    assert response.status_code == 400


def test_lookups_through_a_hidden_field_are_recognised(worker, delegate):
    assert lookup_reveals_hidden(worker, CaseFile, "protection_details__icontains")
    assert lookup_reveals_hidden(worker, Note, "case__protection_details__startswith")
    assert lookup_reveals_hidden(worker, CaseFile, "-protection_details")
    assert not lookup_reveals_hidden(worker, CaseFile, "risk")
    assert not lookup_reveals_hidden(delegate, CaseFile, "protection_details__icontains")


def test_admin_search_and_ordering_leave_hidden_fields_out(rf, staff_worker):
    from django.contrib import admin

    model_admin = admin.site._registry[CaseFile]
    request = rf.get("/")
    request.user = staff_worker
    model_admin.search_fields = [*model_admin.search_fields, "protection_details"]
    model_admin.ordering = ["protection_details"]
    try:
        assert "protection_details" not in model_admin.get_search_fields(request)
        assert "protection_details" not in model_admin.get_ordering(request)
    finally:
        model_admin.search_fields = model_admin.search_fields[:-1]
        model_admin.ordering = None


# Raw-id labels and the view-on-site shortcut stay within scope --------------------------------


def test_raw_id_widget_does_not_name_a_person_outside_scope(client_for):
    staff = UserFactory(username="t-staff-delegate", delegate=True, is_staff=True)
    outside = BeneficiaryFactory(rabat=True, first_name_lat="Zoubida", last_name_lat="Outsider")
    inside = BeneficiaryFactory(first_name_lat="Ghita", last_name_lat="Insider")
    client = client_for(staff)
    url = reverse("admin:beneficiaries_consent_add")
    page = client.get(url, {"beneficiary": outside.pk}).content.decode()
    assert "Outsider" not in page and outside.file_number not in page
    page = client.get(url, {"beneficiary": inside.pk}).content.decode()
    assert inside.file_number in page


def test_admin_shortcut_answers_404_outside_scope(client_for):
    staff = UserFactory(username="t-staff-delegate", delegate=True, is_staff=True)
    outside = BeneficiaryFactory(rabat=True)
    inside = BeneficiaryFactory()
    client = client_for(staff)
    content_type = ContentType.objects.get_for_model(Beneficiary).pk
    response = client.get(reverse("admin:view_on_site", args=[content_type, outside.pk]))
    assert response.status_code == 404
    response = client.get(reverse("admin:view_on_site", args=[content_type, inside.pk]))
    assert response.status_code == 302
    assert inside.file_number in response["Location"]
    response = client.get(reverse("admin:view_on_site", args=[content_type, "not-a-number"]))
    assert response.status_code == 404


# The audit trail shows a field's values only to those who may read it -------------------------


def test_audit_trail_withholds_bank_details_from_an_inspector_and_records_the_read(client_for):
    inspector = UserFactory(username="t-inspector", inspector=True)
    administrator = UserFactory(username="t-admin", administrator=True)
    association = AssociationFactory(bank_account="111122223333444455556666")
    with acting_as(administrator):
        association.bank_account = "999988887777666655554444"
        association.save()
    url = reverse("audit")
    query = {"record_type": "partnerships.Association", "record_id": association.pk}
    page = client_for(inspector).get(url, query).content.decode()
    assert "bank_account" in page  # the change is listed...
    assert "999988887777666655554444" not in page  # ... without its values
    assert "111122223333444455556666" not in page
    read = AccessEvent.objects.filter(actor=inspector, detail__what="entraide.audit")
    assert read.exists()
    page = client_for(administrator).get(url, query).content.decode()
    assert "999988887777666655554444" in page


def test_audit_trail_withholds_protection_details_from_those_who_may_not_read_them(worker, case):
    from pghistory.models import Events

    from entraide.views import _withhold_protected_values

    events = list(Events.objects.filter(pgh_obj_model="beneficiaries.CaseFile"))
    assert events
    _withhold_protected_values(worker, events)
    assert all(SECRET not in str(e.pgh_data) + str(e.pgh_diff) for e in events)
    central = UserFactory(username="t-central", national=True)
    assert may_read(central, CaseFile, "protection_details")


# One declaration per protected field, asked by every path --------------------------------------
#
# Each model with protected fields (entraide.protection) has a walk: it plants a value in each of
# its protected fields, then visits every path that shows, exports or finds the record (its
# pages, the lists and searches that find it, exports, PDF, the admin's list, page, search and
# history, the audit trail) as readers who may not read them, and returns the fields it walked.
# The test goes through the registry: a field declared and not walked fails it.


def shown(response, tmp_path):
    """What a response shows its reader, as text: a page, a CSV file, the cells of a
    workbook, the text of a PDF."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        return pdf_text(content, tmp_path)
    if "spreadsheetml" in kind:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode("utf-8", errors="replace")


def assert_withheld(client, paths, planted, tmp_path):
    """No path shows any form of any planted value. `planted`: {field: [forms of its value]};
    a path is a URL to GET or (URL, data) to POST. It may answer 200, 400 (a form shown
    again), 403 or 404: none shows the values."""
    for path in paths:
        data = None
        if isinstance(path, tuple):
            path, data = path
        response = client.post(path, data) if data is not None else client.get(path)
        assert response.status_code in (200, 400, 403, 404), (path, response.status_code)
        text = shown(response, tmp_path)
        for field, forms in planted.items():
            for form in forms:
                assert form not in text, (path, field, form)


def walk_case_file(client_for, tmp_path):
    """protection_details, as a colleague of the delegation not assigned to the case."""
    worker = UserFactory(username="t-walk-worker")
    case = CaseFileFactory(worker=worker, protection_details=SECRET)
    person = case.beneficiary
    planted = {"protection_details": [SECRET, "SECRET-7Q"]}
    colleague = UserFactory(username="t-walk-colleague")
    staff_colleague = UserFactory(username="t-walk-staff-colleague", is_staff=True)
    portal = [
        case.get_absolute_url(),
        person.get_absolute_url(),
        reverse("beneficiaries:edit", args=[person.file_number]),
        reverse("beneficiaries:export_json", args=[person.file_number]),
        reverse("beneficiaries:export_pdf", args=[person.file_number]),
        # Searches and lists that find the record.
        reverse("beneficiaries:search") + f"?q={person.file_number}",
        reverse("beneficiaries:cases"),
        reverse("beneficiaries:work"),
        # A refused edit shown again with the case's form.
        (reverse("beneficiaries:case_edit", args=[case.number]), {"risk": "nonsense"}),
    ]
    for user in (colleague, staff_colleague):
        client = client_for(user)
        for path in portal[:4]:
            assert client.get(path).status_code == 200, path
        assert_withheld(client, portal, planted, tmp_path)
    # The delegate reads them (the value planted is found where it is shown).
    delegate = UserFactory(username="t-walk-delegate", delegate=True)
    assert SECRET in shown(client_for(delegate).get(case.get_absolute_url()), tmp_path)
    admin = client_for(staff_colleague)
    changelist = reverse("admin:beneficiaries_casefile_changelist")
    paths = [
        changelist,
        f"{changelist}?q={case.number}",
        reverse("admin:beneficiaries_casefile_change", args=[case.pk]),
        reverse("admin:beneficiaries_casefile_history", args=[case.pk]),
    ]
    for path in paths:
        assert admin.get(path).status_code == 200, path
    assert case.number in admin.get(paths[1]).content.decode()  # the search finds the case
    assert_withheld(admin, paths, planted, tmp_path)
    return set(planted)


def walk_person(client_for, tmp_path):
    """Who a referral is about, as the manager of the centre that receives it: their CIN never,
    their identity (names, birth, phone, address) only with their consent to sharing."""
    worker = UserFactory(username="t-walk-referrer")
    manager = UserFactory(username="t-walk-manager", role=Role.CENTRE_MANAGER, is_staff=True)
    centre = CentreFactory(code="C-T-WALK")
    centre.managers.add(manager)
    # A date of birth on one person, an approximate year on the other (never both).
    born = BeneficiaryFactory(
        first_name_ar="ثريا",
        last_name_ar="البوعزاوي",
        first_name_lat="Thouraya",
        last_name_lat="Bouazzaoui",
        cin="BZ918273",
        rsu_id="4871203966",
        phone="0661987123",
        address="زنقة السرو 77",
        commune="Douar Tighmert",
        birth_date=datetime.date(1937, 11, 23),
    )
    aged = BeneficiaryFactory(
        first_name_ar="رقية",
        last_name_ar="الزمراني",
        first_name_lat="Rkia",
        last_name_lat="Zemrani",
        cin="BZ564738",
        birth_date=None,
        birth_year=1941,
    )
    planted = {
        "cin": ["BZ918273", "BZ564738"],
        "rsu_id": ["4871203966"],
        "first_name_ar": ["ثريا", "رقية"],
        "last_name_ar": ["البوعزاوي", "الزمراني"],
        "first_name_lat": ["Thouraya", "Rkia"],
        "last_name_lat": ["Bouazzaoui", "Zemrani"],
        "birth_date": ["1937", "١٩٣٧"],
        "birth_year": ["1941", "١٩٤١"],
        "phone": ["0661987123", "06 61 98 71 23"],
        "address": ["زنقة السرو"],
        "commune": ["Tighmert"],
    }
    referrals = []
    for person in (born, aged):
        case = CaseFileFactory(beneficiary=person, worker=worker)
        referral = Referral.objects.create(
            case=case,
            author=worker,
            target_kind=Referral.TargetKind.CENTRE,
            centre=centre,
            reason="Hébergement",
        )
        services.referral_sent(referral)
        referrals.append(referral)
    client = client_for(manager)
    inbox = reverse("beneficiaries:inbox")
    # With consent, the inbox shows who the person is (the planted values are found)...
    Consent.objects.create(
        beneficiary=born, purpose="sharing", given=True, given_by="self", recorded_by=worker
    )
    page = client.get(inbox).content.decode()
    for field in ("first_name_lat", "last_name_ar", "phone", "address", "commune"):
        assert planted[field][0] in page, field
    assert "BZ918273" not in page  # ... never the CIN.
    # ... withdrawn, or never given, nothing of it on any path the receiver may open.
    Consent.objects.create(
        beneficiary=born, purpose="sharing", given=False, given_by="self", recorded_by=worker
    )
    paths = [inbox, f"{inbox}?state=awaiting", f"{inbox}?state=closed&overdue=1"]
    for referral in referrals:
        received = reverse("beneficiaries:referral_received", args=[referral.pk])
        paths += [received, (received, {"answer": "refuse"})]  # refused, shown again
    paths += [reverse("notifications:inbox")]
    for response_path in paths[:2]:
        assert client.get(response_path).status_code == 200
    assert_withheld(client, paths, planted, tmp_path)
    # Nor where a reader of people's files would look (a search that finds them, their page,
    # the admin's list, search, page and history): all closed to the receiver. (Searched by
    # the file number: a page may repeat what its reader typed.)
    elsewhere = []
    for person in (born, aged):
        changelist = reverse("admin:beneficiaries_beneficiary_changelist")
        elsewhere += [
            reverse("beneficiaries:search") + f"?q={person.file_number}",
            person.get_absolute_url(),
            reverse("beneficiaries:export_json", args=[person.file_number]),
            f"{changelist}?q={person.file_number}",
            reverse("admin:beneficiaries_beneficiary_change", args=[person.pk]),
            reverse("admin:beneficiaries_beneficiary_history", args=[person.pk]),
        ]
    assert_withheld(client, elsewhere, planted, tmp_path)
    return set(planted)


def walk_association(client_for, tmp_path):
    """bank_name and bank_account, as those who read associations but do not pay them."""
    association = AssociationFactory(
        acronym="WALKBANK", bank_name="Banque Tighmert Solidaire", bank_account="7311" * 6
    )
    with acting_as(UserFactory(username="t-walk-admin", administrator=True)):
        association.bank_account = "9422" * 6
        association.bank_name = "Caisse Zemrani Mutuelle"
        association.save()
    planted = {
        "bank_name": ["Banque Tighmert Solidaire", "Caisse Zemrani Mutuelle", "Tighmert"],
        "bank_account": ["7311" * 6, "9422" * 6, "73117311", "94229422"],
    }
    coordinator = UserFactory(username="t-walk-coord", coordinator=True, is_staff=True)
    inspector = UserFactory(username="t-walk-inspector", inspector=True, is_staff=True)
    changelist = reverse("admin:partnerships_association_changelist")
    paths = [
        association.get_absolute_url(),
        reverse("partnerships:associations") + "?q=WALKBANK",
        reverse("partnerships:associations_csv") + "?q=WALKBANK",
        reverse("partnerships:associations_xlsx") + "?q=WALKBANK",
        changelist,
        f"{changelist}?q=WALKBANK",
        reverse("admin:partnerships_association_change", args=[association.pk]),
        reverse("admin:partnerships_association_history", args=[association.pk]),
        reverse("audit") + f"?record_type=partnerships.Association&record_id={association.pk}",
        (reverse("admin:partnerships_association_export"), {"format": "0", "resource": "0"}),
    ]
    for user in (coordinator, inspector):
        client = client_for(user)
        found = client.get(paths[1]).content.decode()
        assert "WALKBANK" in found  # the search finds the association
        assert client.get(paths[0]).status_code == 200
        assert_withheld(client, paths, planted, tmp_path)
    # Those who pay read them where they are shown.
    payer = UserFactory(username="t-walk-payer", delegate=True)
    page = shown(client_for(payer).get(association.get_absolute_url()), tmp_path)
    assert "Caisse Zemrani Mutuelle" in page
    return set(planted)


def walk_application(client_for, tmp_path):
    """A candidate's CIN, masked on the published lists: to the public, and to staff without
    the recruitment roles."""
    competition = CompetitionFactory(
        reference="CONC-WALK",
        status=Competition.Status.RESULTS,
        opens_at=timezone.now() - datetime.timedelta(days=90),
        deadline=timezone.now() - datetime.timedelta(days=60),
    )
    application = ApplicationFactory(
        competition=competition,
        cin="BZ731946",
        last_name_lat="Tighmerti",
        eligibility="eligible",
        written_present=True,
        written_mark=15,
        called_to_oral=True,
        oral_present=True,
        oral_mark=14,
        final_mark="14.5",
        rank=1,
        result="admitted",
    )
    planted = {"cin": ["BZ731946", "731946"]}
    public = Client()
    lists = [
        reverse("recruitment:published_list", args=[competition.reference, stage])
        for stage in ("written", "oral", "admitted")
    ]
    # The published list names the candidate (the PDF's text is read) with the CIN masked.
    admitted = shown(public.get(lists[-1]), tmp_path)
    assert "Tighmerti" in admitted and application.masked_cin() in admitted
    assert_withheld(
        public,
        [*lists, reverse("recruitment:notice", args=[competition.reference])],
        planted,
        tmp_path,
    )
    # Staff who read competitions (a permission given alone), not applications.
    staff = UserFactory(username="t-walk-staff", is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="view_competition", content_type__app_label="recruitment")
    )
    changelist = reverse("admin:recruitment_application_changelist")
    paths = [
        competition.get_absolute_url(),
        reverse("admin:recruitment_competition_change", args=[competition.pk]),
        reverse("admin:recruitment_competition_history", args=[competition.pk]),
        reverse("recruitment:applications", args=[competition.reference]),
        reverse("recruitment:application", args=[competition.reference, application.pk]),
        f"{changelist}?q={application.receipt_number}",
        reverse("admin:recruitment_application_change", args=[application.pk]),
        reverse("admin:recruitment_application_history", args=[application.pk]),
    ]
    assert_withheld(client_for(staff), paths, planted, tmp_path)
    return set(planted)


WALKS = {
    "beneficiaries.casefile": walk_case_file,
    "beneficiaries.beneficiary": walk_person,
    "partnerships.association": walk_association,
    "recruitment.application": walk_application,
}


def test_every_path_withholds_each_protected_field_from_those_who_may_not_read_it(
    client_for, tmp_path
):
    from entraide.protection import _REGISTRY

    assert _REGISTRY  # the apps' perms.py declared their fields
    unwalked = []
    for label, fields in sorted(_REGISTRY.items()):
        walk = WALKS.get(label)
        walked = walk(client_for, tmp_path) if walk else set()
        unwalked += [f"{label}.{name}" for name in fields if name not in walked]
    assert unwalked == [], "protected fields declared that no walk plants and looks for"


# Every read recorded, by one mechanism ----------------------------------------------------------


def reads_of(user, obj):
    return AccessEvent.objects.filter(
        actor=user,
        action=AccessEvent.Action.VIEW,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
    )


def test_lists_record_every_person_they_show_with_or_without_a_query(client_for, worker):
    people = [BeneficiaryFactory() for _i in range(3)]
    client = client_for(worker)
    client.get(reverse("beneficiaries:search"))
    for person in people:
        assert reads_of(worker, person).count() == 1
    client.get(reverse("beneficiaries:search"), {"page": 2})
    client.get(reverse("beneficiaries:search"), {"q": people[0].file_number})
    assert reads_of(worker, people[0]).count() == 2


def test_the_edit_form_and_a_form_shown_again_after_a_refusal_are_reads(client_for, worker):
    person = BeneficiaryFactory()
    client = client_for(worker)
    client.get(reverse("beneficiaries:edit", args=[person.file_number]))
    assert reads_of(worker, person).count() == 1
    response = client.post(reverse("beneficiaries:edit", args=[person.file_number]), {})
    assert response.status_code == 200  # shown again with its errors
    assert reads_of(worker, person).count() == 2


def test_a_refused_case_edit_shown_again_is_a_read(client_for, worker, case):
    response = client_for(worker).post(
        reverse("beneficiaries:case_edit", args=[case.number]), {"risk": "nonsense"}
    )
    assert response.status_code == 400
    assert reads_of(worker, case).count() == 1


def test_admin_change_pages_of_every_personal_data_model_are_reads(
    client_for, case, worker, private_media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from beneficiaries.models import ServiceDelivery
    from centres.models import Service

    administrator = UserFactory(username="t-admin", administrator=True)
    person = case.beneficiary
    note = Note.objects.create(case=case, kind="other", text="x", author=worker)
    referral = Referral.objects.create(
        case=case, target_kind="institution", organisation="Hôpital", reason="r", author=worker
    )
    consent = Consent.objects.create(
        beneficiary=person, purpose="sharing", given=True, given_by="self", recorded_by=worker
    )
    attachment = services.attachment_add(
        beneficiary=person,
        upload=SimpleUploadedFile("id.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
        kind=Attachment.Kind.ID,
        actor=worker,
    )
    delivery = ServiceDelivery.objects.create(
        case=case, service=Service.objects.get(code="reception"), author=worker
    )
    pages = [
        (note, case),
        (referral, case),
        (delivery, case),
        (consent, person),
        (attachment, person),
        (case, case),
        (person, person),
    ]
    client = client_for(administrator)
    for obj, subject in pages:
        meta = obj._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200, url
        event = reads_of(administrator, subject).order_by("-pk").first()
        assert event is not None, url
        assert meta.label_lower in event.detail["shown"], url
        assert event.path.startswith(url), url
    changelist = reverse("admin:beneficiaries_attachment_changelist")
    assert client.get(changelist).status_code == 200


def test_the_referral_inbox_and_a_received_referral_are_reads_of_the_case(
    client_for, case, centre_manager
):
    centre = CentreFactory(code="C-T-READS")
    centre.managers.add(centre_manager)
    referral = Referral.objects.create(
        case=case,
        target_kind=Referral.TargetKind.CENTRE,
        centre=centre,
        reason="Hébergement",
        author=case.worker,
    )
    client = client_for(centre_manager)
    for url in (
        reverse("beneficiaries:inbox"),
        reverse("beneficiaries:referral_received", args=[referral.pk]),
    ):
        before = reads_of(centre_manager, case).count()
        assert client.get(url).status_code == 200, url
        events = reads_of(centre_manager, case).order_by("pk")
        assert events.count() == before + 1, url
        event = events.last()
        assert event.path.startswith(url), url
        assert "beneficiaries.referral" in event.detail["shown"], url
    # A refusal shown again with its errors is a read too.
    response = client.post(
        reverse("beneficiaries:referral_received", args=[referral.pk]), {"answer": "refuse"}
    )
    assert response.status_code == 400
    assert reads_of(centre_manager, case).count() == 3


def test_a_redirect_or_a_404_records_no_read(client_for, worker):
    outside = BeneficiaryFactory(rabat=True)
    client = client_for(worker)
    assert client.get(outside.get_absolute_url()).status_code == 404
    assert not AccessEvent.objects.filter(actor=worker, action="view").exists()


def test_a_download_is_recorded_once_as_a_download(client_for, worker, private_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = BeneficiaryFactory()
    attachment = services.attachment_add(
        beneficiary=person,
        upload=SimpleUploadedFile("id.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
        kind=Attachment.Kind.ID,
        actor=worker,
    )
    response = client_for(worker).get(reverse("beneficiaries:attachment", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"
    events = AccessEvent.objects.filter(actor=worker)
    assert events.filter(action="download").count() == 1
    assert not events.filter(action="view").exists()


# A CIN's existence never leaks outside scope ------------------------------------------------------


def person_data(**overrides):
    kho = unit("DP-MA-KHO")
    data = {
        "first_name_ar": "فاطمة",
        "last_name_ar": "الزهراء",
        "sex": "F",
        "birth_year": "1980",
        "province": kho.provinces.first().pk,
        "delegation": kho.pk,
        "household-TOTAL_FORMS": "0",
        "household-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_a_cin_held_in_another_delegation_is_refused_without_saying_where(client_for, worker):
    from django.utils import translation

    elsewhere = BeneficiaryFactory(rabat=True, cin="BK778899", last_name_lat="Elsewhere")
    response = client_for(worker).post(reverse("beneficiaries:create"), person_data(cin="BK778899"))
    page = response.content.decode()
    with translation.override("ar"):
        assert str(services.CIN_HELD_ELSEWHERE) in page
    assert elsewhere.file_number not in page and "Elsewhere" not in page
    assert not Beneficiary.objects.filter(delegation=unit("DP-MA-KHO"), cin="BK778899").exists()
    refused = AccessEvent.objects.get(actor=worker, action=AccessEvent.Action.CIN_REFUSED)
    assert refused.detail["cins"] == ["BK778899"]


def test_a_cin_held_in_scope_leads_to_the_file(client_for, worker):
    here = BeneficiaryFactory(cin="BK112233")
    page = client_for(worker).post(reverse("beneficiaries:create"), person_data(cin="BK112233"))
    assert here.file_number in page.content.decode()
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.CIN_REFUSED).exists()


def test_cin_probes_are_rate_limited_per_user(client_for, worker):
    from django.utils import translation

    client = client_for(worker)
    for n in range(services.CIN_REFUSALS_PER_HOUR):
        BeneficiaryFactory(rabat=True, cin=f"BK9{n:05d}")
        client.post(reverse("beneficiaries:create"), person_data(cin=f"BK9{n:05d}"))
    # Past the allowance, no CIN is checked any more, held elsewhere or not.
    response = client.post(reverse("beneficiaries:create"), person_data(cin="ZZ123"))
    with translation.override("ar"):
        paused = str(services.CIN_CHECKS_PAUSED)
    assert paused in response.content.decode()
    assert not Beneficiary.objects.filter(cin="ZZ123").exists()


def import_file(cins):
    header = "first_name_ar,last_name_ar,sex,birth_year,cin,province_code,delegation_code\n"
    kho = unit("DP-MA-KHO")
    province = kho.provinces.first().code
    lines = [f"فاطمة,العلوي,F,1980,{cin},{province},{kho.code}" for cin in cins]
    return io.BytesIO((header + "\n".join(lines) + "\n").encode())


def test_an_import_does_not_say_which_delegation_holds_a_cin(worker):
    elsewhere = BeneficiaryFactory(rabat=True, cin="BK445566")
    report = import_beneficiaries(import_file(["BK445566", "BK445567"]), "p.csv", actor=worker)
    assert not report.ok
    text = " ".join(str(reason) for _line, reason in report.errors)
    assert elsewhere.file_number not in text
    assert [line for line, _reason in report.errors] == [2]
    assert AccessEvent.objects.filter(actor=worker, action="cin_refused").count() == 1


def test_an_import_of_many_cins_held_elsewhere_gets_no_line_by_line_answer(worker):
    cins = [f"BK8{n:05d}" for n in range(services.CIN_REFUSALS_PER_HOUR + 5)]
    for cin in cins:
        BeneficiaryFactory(rabat=True, cin=cin)
    report = import_beneficiaries(import_file(cins), "p.csv", actor=worker)
    assert not report.ok
    assert report.errors == [(None, str(services.CIN_CHECKS_PAUSED))]
    assert not Beneficiary.objects.filter(delegation=unit("DP-MA-KHO")).exists()


# Error reports -----------------------------------------------------------------------------------


def test_an_error_report_carries_no_posted_personal_data(rf, settings):
    import sys

    from django.views.debug import ExceptionReporter

    request = rf.post("/fr/beneficiaries/new/", {"cin": "BK123456", "protection_details": SECRET})
    protection_details = SECRET  # a local variable of the failing frame
    try:
        raise ValueError(protection_details[:0] + "boom")
    except ValueError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "boom" in report
    assert "BK123456" not in report and "SECRET-7Q" not in report


def test_admin_autocomplete_offers_and_names_only_records_in_scope(client_for):
    staff = UserFactory(username="t-staff-delegate", delegate=True, is_staff=True)
    inside = AssociationFactory(acronym="INSIDE")
    outside = AssociationFactory(rabat=True, acronym="OUTSIDE")
    client = client_for(staff)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "partnerships",
            "model_name": "convention",
            "field_name": "associations",
            "term": "",
        },
    )
    assert response.status_code == 200
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert inside.pk in ids and outside.pk not in ids
    page = client.get(
        reverse("admin:partnerships_convention_add"), {"associations": outside.pk}
    ).content.decode()
    assert outside.name_fr not in page and outside.name_ar not in page


def test_the_admin_form_and_import_give_the_same_answer_for_a_cin_held_elsewhere(client_for):
    from django.utils import translation

    from beneficiaries.models import CIN_HELD_ELSEWHERE
    from beneficiaries.resources import BeneficiaryResource
    from entraide.imports import read_dataset, run_import

    staff = UserFactory(username="t-staff-delegate", delegate=True, is_staff=True)
    elsewhere = BeneficiaryFactory(rabat=True, cin="BK334455")
    person = BeneficiaryFactory()
    url = reverse("admin:beneficiaries_beneficiary_change", args=[person.pk])
    data = {
        "first_name_ar": person.first_name_ar,
        "sex": "F",
        "cin": "BK334455",
        "province": person.province_id,
        "delegation": person.delegation_id,
        "household-TOTAL_FORMS": "0",
        "household-INITIAL_FORMS": "0",
    }
    page = client_for(staff).post(url, data).content.decode()
    with translation.override("ar"):
        assert str(CIN_HELD_ELSEWHERE) in page
    assert elsewhere.file_number not in page
    assert AccessEvent.objects.filter(actor=staff, action="cin_refused").count() == 1

    kho = unit("DP-MA-KHO")
    csv = (
        "first_name_ar,sex,birth_year,cin,province_code,delegation_code\n"
        f"فاطمة,F,1980,BK334455,{kho.provinces.first().code},{kho.code}\n"
    ).encode()
    with translation.override("fr"):
        report = run_import(BeneficiaryResource(user=staff), read_dataset(csv, "p.csv"))
        text = " ".join(reason for _line, reason in report.errors)
        assert str(CIN_HELD_ELSEWHERE) in text
    assert elsewhere.file_number not in text
    # Recorded although the import rolled back.
    refused = AccessEvent.objects.filter(actor=staff, action="cin_refused").order_by("pk")
    assert [e.detail["where"] for e in refused] == ["admin", "admin import"]


def test_an_admin_import_past_the_allowance_refuses_every_cin_unchecked():
    from beneficiaries.resources import BeneficiaryResource
    from entraide.imports import read_dataset, run_import

    staff = UserFactory(username="t-staff-delegate", delegate=True, is_staff=True)
    held = [f"BK7{n:05d}" for n in range(services.CIN_REFUSALS_PER_HOUR)]
    for cin in held:
        BeneficiaryFactory(rabat=True, cin=cin)
    kho = unit("DP-MA-KHO")
    province = kho.provinces.first().code
    lines = [f"فاطمة,F,1980,{cin},{province},{kho.code}" for cin in [*held, "ZZ1", "ZZ2"]]
    csv = "first_name_ar,sex,birth_year,cin,province_code,delegation_code\n" + "\n".join(lines)
    report = run_import(BeneficiaryResource(user=staff), read_dataset(csv.encode(), "p.csv"))
    by_line = dict(report.errors)
    # The free CINs past the allowance get the same answer as any other: nothing to learn.
    assert by_line[len(held) + 2] == by_line[len(held) + 3] == f"cin: {services.CIN_CHECKS_PAUSED}"
    assert not services.cin_refusals_left(staff)
