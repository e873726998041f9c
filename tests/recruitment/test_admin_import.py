"""The admin of competitions and its imports: every page opens, lists and exports are scoped
and formula-safe, what only the portal writes stays read-only, and an import is all or nothing
with every bad row reported: paper applications (one per CIN) and the exam centre's marks."""

import csv
import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from entraide.imports import read_dataset, run_import
from entraide.models import AccessEvent
from entraide.roles import Role
from recruitment.models import (
    Application,
    ApplicationDocument,
    Competition,
    DeadlineExtension,
    Grade,
    PostLine,
    ReservedShare,
    Specialty,
)
from recruitment.resources import (
    ApplicationDocumentResource,
    CompetitionResource,
    DeadlineExtensionResource,
    MarksResource,
    PaperApplicationResource,
    PostLineResource,
)
from territory.models import Province
from tests.factories import UserFactory, unit

pytestmark = pytest.mark.django_db

SEQUENCE = itertools.count(1)


@pytest.fixture
def english_messages():
    """The reasons below are checked in the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def officer(db):
    """A recruitment officer of the human resources sub-directorate, with the admin."""
    return UserFactory(
        username="t-rec", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"), is_staff=True
    )


@pytest.fixture
def rabat_officer(db):
    """The same role and permissions, in a unit outside the sub-directorate's subtree."""
    return UserFactory(
        username="t-rec-rabat",
        role=Role.RECRUITMENT_OFFICER,
        unit=unit("DP-MA-RAB"),
        is_staff=True,
    )


# Small local factories -------------------------------------------------------------------------


def make_competition(unit_code="EN-SDAG", status=Competition.Status.PUBLISHED, **fields):
    n = next(SEQUENCE)
    now = timezone.now().replace(second=0, microsecond=0)
    values = {
        "reference": f"T-CONC-{n:04d}",
        "title_ar": f"مباراة توظيف متصرفين رقم {n}",
        "title_fr": f"Concours de recrutement d'administrateurs n° {n}",
        "notice_ar": "تعلن مؤسسة التعاون الوطني عن تنظيم مباراة لتوظيف متصرفين.",
        "notice_fr": "L'Entraide Nationale organise un concours de recrutement.",
        "year": 2026,
        "unit": unit(unit_code),
        "opens_at": now - datetime.timedelta(days=7),
        "deadline": now + datetime.timedelta(days=7),
        "status": status,
        **fields,
    }
    competition = Competition.objects.create(**values)
    line = PostLine.objects.create(
        competition=competition,
        grade=Grade.objects.get(code="administrator-2"),
        posts=2,
        diplomas="Licence",
    )
    line.specialties.set(Specialty.objects.filter(code__in=["financial-management", "audit"]))
    return competition


def make_application(competition, **fields):
    n = next(SEQUENCE)
    values = {
        "competition": competition,
        "post_line": competition.lines.first(),
        "cin": f"AB{100000 + n}",
        "first_name_ar": "فاطمة",
        "last_name_ar": "العلوي",
        "first_name_lat": "Fatima",
        "last_name_lat": "Alaoui",
        "sex": "F",
        "birth_date": datetime.date(1996, 4, 2),
        "email": f"candidate{n}@example.ma",
        "phone": "0612345678",
        "province": Province.objects.get(code="MA-KHO"),
        "diploma": "Licence en économie",
        "specialty": Specialty.objects.get(code="financial-management"),
        **fields,
    }
    return Application.objects.create(**values)


def make_one_of_each(unit_code="EN-SDAG"):
    """A record of every model of the app, hanging together."""
    competition = make_competition(unit_code)
    ReservedShare.objects.create(competition=competition, category="disability", percent=7)
    DeadlineExtension.objects.create(
        competition=competition,
        previous_deadline=competition.deadline - datetime.timedelta(days=3),
        new_deadline=competition.deadline,
        decided_on=timezone.localdate(),
        reason="Grève de la poste",
    )
    application = make_application(competition)
    ApplicationDocument.objects.create(
        application=application,
        kind=ApplicationDocument.Kind.CIN,
        file="recruitment/cin.pdf",
        original_name="cin.pdf",
        content_type="application/pdf",
        size=2048,
    )
    return competition


def dataset(text, encoding="utf-8-sig", name="file.csv"):
    return read_dataset(text.encode(encoding), name)


def upload(text, encoding="utf-8-sig", name="file.csv"):
    handle = io.BytesIO(text.encode(encoding))
    handle.name = name
    return handle


def by_line(report):
    reasons = {}
    for line, reason in report.errors:
        reasons.setdefault(line, []).append(reason)
    return reasons


def form_values(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        widget = form.fields[name].widget
        if isinstance(widget, forms.MultiWidget):  # the admin's date and time boxes
            for i, part in enumerate(widget.decompress(value)):
                data[f"{form.add_prefix(name)}_{i}"] = part
        elif isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
        elif value is not None and value is not False:
            data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def change_form_data(response):
    """What an admin change page would post back untouched, its inlines included."""
    assert response.status_code == 200
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return data


def export_rows(response):
    assert response.status_code == 200, response.content[:500]
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def export_all(client, model, resource, index=0):
    """POST the admin's export form of `model` with every column of `resource` ticked."""
    prefix = resource.__name__.lower()
    columns = resource().get_export_order()
    data = {"format": "0", "resource": str(index), **{f"{prefix}_{c}": "on" for c in columns}}
    return client.post(reverse(f"admin:recruitment_{model}_export"), data)


# Every page of the admin ------------------------------------------------------------------------

MODELS = [
    "grade",
    "specialty",
    "competition",
    "postline",
    "reservedshare",
    "deadlineextension",
    "application",
    "applicationdocument",
]
# Written only by the portal's services: seen and exported here.
READ_ONLY = {"deadlineextension", "applicationdocument"}
# Candidates apply online; paper applications are imported.
NOT_ADDED = {*READ_ONLY, "application"}


def test_every_model_of_the_app_has_an_admin_with_import_and_export():
    from django.apps import apps
    from django.contrib import admin
    from pghistory.models import Event

    for model in apps.get_app_config("recruitment").get_models():
        if issubclass(model, Event):
            continue  # the audit trail's tables
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, model
        assert model_admin.resource_classes, model
        assert model._meta.model_name in MODELS


@pytest.mark.parametrize("model", MODELS)
def test_every_admin_page_of_recruitment_opens_for_the_administrator(
    client_for, administrator, model
):
    make_one_of_each()
    client = client_for(administrator)
    changelist = client.get(reverse(f"admin:recruitment_{model}_changelist"))
    assert changelist.status_code == 200
    rows = list(changelist.context["cl"].result_list)
    assert rows
    add = client.get(reverse(f"admin:recruitment_{model}_add"))
    assert add.status_code == (403 if model in NOT_ADDED else 200)
    change = client.get(reverse(f"admin:recruitment_{model}_change", args=[rows[0].pk]))
    assert change.status_code == 200
    page = client.get(reverse(f"admin:recruitment_{model}_import"))
    assert page.status_code == (403 if model in READ_ONLY else 200)
    assert client.get(reverse(f"admin:recruitment_{model}_export")).status_code == 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_do_not_query_once_per_row(client_for, administrator, model):
    make_one_of_each()
    client = client_for(administrator)
    url = reverse(f"admin:recruitment_{model}_changelist")
    client.get(url)  # caches warmed (content types, permissions)
    one = count_queries(client, url)
    make_one_of_each()
    make_one_of_each(unit_code="DP-MA-RAB")
    assert count_queries(client, url) == one


def test_what_the_portal_writes_is_read_only_in_the_admin(client_for, administrator):
    competition = make_one_of_each()
    extension = competition.extensions.get()
    document = ApplicationDocument.objects.get()
    client = client_for(administrator)

    response = client.get(reverse("admin:recruitment_competition_change", args=[competition.pk]))
    assert "deadline" not in response.context["adminform"].form.fields  # published
    assert "status" not in response.context["adminform"].form.fields
    [extensions] = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is DeadlineExtension
    ]
    assert not extensions.has_add_permission and not extensions.has_change_permission
    assert "Grève de la poste" in response.content.decode()

    url = reverse("admin:recruitment_deadlineextension_change", args=[extension.pk])
    assert client.get(url).context["has_change_permission"] is False
    client.post(url, {"reason": "Autre motif"})
    extension.refresh_from_db()
    assert extension.reason == "Grève de la poste"

    url = reverse("admin:recruitment_applicationdocument_change", args=[document.pk])
    response = client.get(url)
    assert response.context["has_change_permission"] is False
    body = response.content.decode()
    # The file through the portal's scoped, recorded download; never its storage path.
    assert reverse("recruitment:document", args=[document.pk]) in body
    assert "recruitment/cin.pdf" not in body

    application = document.application
    url = reverse("admin:recruitment_application_change", args=[application.pk])
    form = client.get(url).context["adminform"].form
    assert {"eligibility", "written_mark", "result", "cin"}.isdisjoint(form.fields)
    assert AccessEvent.objects.filter(
        actor=administrator, action="view", object_id=str(application.pk)
    ).exists()


def test_a_competition_is_changed_in_the_admin_with_its_posts_and_its_deadline_history(
    client_for, administrator
):
    competition = make_one_of_each()
    deadline = competition.deadline
    client = client_for(administrator)
    url = reverse("admin:recruitment_competition_change", args=[competition.pk])
    data = change_form_data(client.get(url))
    later = timezone.localtime(deadline + datetime.timedelta(days=30))
    typed = {"deadline_0": later.date().isoformat(), "deadline_1": later.strftime("%H:%M:%S")}
    data.update({"title_fr": "Concours modifié", **typed})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    competition.refresh_from_db()
    assert competition.title_fr == "Concours modifié"
    assert competition.deadline == deadline  # published: only an extension moves it
    assert competition.lines.count() == competition.extensions.count() == 1

    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.DRAFT)
    data = change_form_data(client.get(url))
    data.update(typed)
    assert client.post(url, data).status_code == 302
    competition.refresh_from_db()
    assert competition.deadline == later


def test_deadline_extensions_and_documents_are_not_imported(english_messages):
    report = run_import(
        DeadlineExtensionResource(),
        dataset("competition_reference,new_deadline\nT-CONC-X,2026-06-01 12:00:00\n"),
    )
    assert report.errors == [
        (
            None,
            "Deadlines are extended from the competition's page, which keeps the previous "
            "deadline: extensions are not imported.",
        )
    ]
    assert not DeadlineExtension.objects.exists()
    report = run_import(
        ApplicationDocumentResource(), dataset("receipt_number,kind\nAAAAAAAAAA,cin\n")
    )
    assert report.errors == [
        (None, "Candidates' documents come with their applications: they are not imported.")
    ]


# Scope ------------------------------------------------------------------------------------------


def test_an_officer_outside_the_competitions_unit_neither_sees_nor_exports_it(
    client_for, officer, rabat_officer
):
    competition = make_one_of_each()
    application = competition.applications.get()
    client = client_for(rabat_officer)
    for model in ("competition", "postline", "application", "applicationdocument"):
        response = client.get(reverse(f"admin:recruitment_{model}_changelist"))
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
    for url in (
        reverse("admin:recruitment_competition_change", args=[competition.pk]),
        reverse("admin:recruitment_application_change", args=[application.pk]),
    ):
        assert client.get(url).status_code in (302, 404)  # the admin redirects a missing object
    assert export_rows(export_all(client, "application", PaperApplicationResource)) == []
    assert export_rows(export_all(client, "application", MarksResource, index=1)) == []
    form = client.get(reverse("admin:recruitment_competition_add")).context["adminform"].form
    assert {u.code for u in form.fields["unit"].queryset} == {"DP-MA-RAB"}

    client = client_for(officer)
    [row] = export_rows(export_all(client, "application", PaperApplicationResource))
    assert (row["competition_reference"], row["cin"]) == (competition.reference, application.cin)
    assert AccessEvent.objects.filter(actor=officer, action="export").count() == 1


def test_an_officer_outside_the_competitions_unit_cannot_import_into_it(
    rabat_officer, english_messages
):
    competition = make_competition()
    application = make_application(competition, eligibility="eligible")
    line = competition.lines.get()

    report = run_import(
        PaperApplicationResource(user=rabat_officer),
        dataset(PAPER_HEADER + paper_row(competition, "CD123456")),
    )
    assert by_line(report) == {
        2: [
            f"competition_reference: No competition with reference “{competition.reference}”.",
            f"post_line: No post line with id “{line.pk}”.",
        ]
    }
    report = run_import(
        MarksResource(user=rabat_officer),
        dataset(
            f"receipt_number,written_present,written_mark\n{application.receipt_number},1,12\n"
        ),
    )
    assert report.errors == [
        (2, f"receipt_number: No application with receipt number “{application.receipt_number}”.")
    ]
    report = run_import(
        CompetitionResource(user=rabat_officer),
        dataset(COMPETITION_HEADER + competition_row("T-RAB-1", unit_code="EN-SDAG")),
    )
    assert report.errors == [(2, "unit_code: No organisational unit with code “EN-SDAG”.")]
    assert competition.applications.count() == 1
    application.refresh_from_db()
    assert application.written_mark is None
    assert not Competition.objects.filter(reference="T-RAB-1").exists()


# Paper applications -------------------------------------------------------------------------------

PAPER_COLUMNS = [
    "competition_reference",
    "post_line",
    "cin",
    "first_name_ar",
    "last_name_ar",
    "first_name_lat",
    "last_name_lat",
    "sex",
    "birth_date",
    "email",
    "phone",
    "province_code",
    "diploma",
    "specialty_code",
    "category",
]
PAPER_HEADER = ",".join(PAPER_COLUMNS) + "\n"


def paper_row(competition, cin, **values):
    row = {
        "competition_reference": competition.reference,
        "post_line": competition.lines.first().pk,
        "cin": cin,
        "first_name_ar": "فاطمة الزهراء",
        "last_name_ar": "بناني",
        "first_name_lat": "Fatima Zahra",
        "last_name_lat": "Bennani",
        "sex": "F",
        "birth_date": "1996-04-02",
        "email": "fz.bennani@example.ma",
        "phone": "0612345678",
        "province_code": "MA-KHO",
        "diploma": "Licence en économie",
        "specialty_code": "financial-management",
        "category": "",
        **values,
    }
    return ",".join(str(row[column]) for column in PAPER_COLUMNS) + "\n"


def bad_paper_file(competition, other):
    make_application(competition, cin="EE111111")  # received online
    return PAPER_HEADER + "".join(
        [
            paper_row(competition, "AB100001"),  # line 2: the same CIN as line 5
            paper_row(competition, "AB100002", province_code="MA-XXX", sex="X"),  # 3
            paper_row(competition, "EE111111"),  # 4: already received online
            paper_row(competition, "ab 100001", last_name_lat="Bennani bis"),  # 5
            paper_row(competition, "AB100003", post_line=other.lines.get().pk),  # 6
            paper_row(competition, "AB100004", specialty_code="law"),  # 7
            paper_row(competition, "AB100005", birth_date="1950-01-01"),  # 8
            paper_row(competition, "AB100006", category="disability"),  # 9: no such share
            paper_row(competition, "CD200002", last_name_lat="Chraibi"),  # 10: good
        ]
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256"])
def test_a_paper_file_with_bad_rows_writes_nothing_and_reports_every_bad_line(
    officer, english_messages, encoding
):
    competition = make_competition(reference="CONC-2026-PAPER")
    other = make_competition()
    text = bad_paper_file(competition, other)
    report = run_import(PaperApplicationResource(user=officer), dataset(text, encoding))
    reasons = by_line(report)
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9]  # the header is line 1
    twice = "cin: This CIN is on more than one row of this file for this competition."
    assert reasons[2] == reasons[5] == [twice]
    assert sorted(reasons[3]) == [
        "province_code: No province or prefecture with code “MA-XXX”.",
        "sex: Value 'X' is not a valid choice.",
    ]
    assert reasons[4] == [
        "cin: An application with this CIN has already been received for this competition."
    ]
    assert reasons[6] == ["post_line: This post is not one of the competition's."]
    assert reasons[7] == [
        f"specialty_code: Post line {competition.lines.get().pk} is not open to the specialty law."
    ]
    [age] = reasons[8]
    assert age.startswith("birth_date: This post is open to candidates aged 18 to 45")
    assert reasons[9] == [
        "category: Competition CONC-2026-PAPER reserves no share of its posts for “disability”."
    ]
    assert list(competition.applications.values_list("cin", flat=True)) == ["EE111111"]


def test_a_clean_paper_file_creates_applications_received_on_paper(officer):
    competition = make_competition()
    ReservedShare.objects.create(competition=competition, category="disability", percent=7)
    text = PAPER_HEADER + (
        paper_row(competition, " ab 123456 ")
        + paper_row(
            competition,
            "CD654321",
            first_name_lat="Youssef",
            sex="m",
            category="disability",
            specialty_code="audit",
        )
    )
    report = run_import(PaperApplicationResource(user=officer), dataset(text, "cp1256"))
    assert report.ok, report.errors
    assert report.new == 2
    first, second = competition.applications.order_by("cin")
    assert (first.cin, first.channel, first.status, first.eligibility) == (
        "AB123456",
        "paper",
        "submitted",
        "pending",
    )
    assert first.last_name_ar == "بناني" and first.diploma == "Licence en économie"
    assert (second.cin, second.sex, second.category, second.specialty.code) == (
        "CD654321",
        "M",
        "disability",
        "audit",
    )
    assert len(first.receipt_number) == 10 and first.receipt_number != second.receipt_number
    assert first.documents.count() == 0  # the paper file keeps them


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256"])
def test_the_admin_import_of_a_bad_paper_file_shows_every_bad_line_and_writes_nothing(
    client_for, administrator, encoding
):
    competition = make_competition()
    text = bad_paper_file(competition, make_competition())
    response = client_for(administrator).post(
        reverse("admin:recruitment_application_import"),
        {"import_file": upload(text, encoding), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    # Lines 2 to 9 of the file, as the spreadsheet numbers them.
    assert [row.number for row in result.invalid_rows] == [2, 3, 4, 5, 6, 7, 8, 9]
    body = response.content.decode()
    assert "MA-XXX" in body
    assert not response.context.get("confirm_form")
    assert list(competition.applications.values_list("cin", flat=True)) == ["EE111111"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256"])
def test_the_admin_imports_a_clean_paper_file_after_confirmation(client_for, officer, encoding):
    competition = make_competition()
    client = client_for(officer)
    text = PAPER_HEADER + paper_row(competition, "AB123456")
    response = client.post(
        reverse("admin:recruitment_application_import"),
        {"import_file": upload(text, encoding), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert not competition.applications.exists()  # the first step only checks
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:recruitment_application_process_import"), confirm)
    assert response.status_code == 302
    application = competition.applications.get()
    assert (application.cin, application.channel, application.first_name_ar) == (
        "AB123456",
        "paper",
        "فاطمة الزهراء",
    )


def test_a_paper_file_for_a_competition_not_receiving_applications_is_refused(
    officer, english_messages
):
    draft = make_competition(status=Competition.Status.DRAFT)
    written = make_competition(status=Competition.Status.WRITTEN)
    text = PAPER_HEADER + paper_row(draft, "AB123456") + paper_row(written, "AB123456")
    report = run_import(PaperApplicationResource(user=officer), dataset(text))
    assert report.errors == [
        (
            2,
            f"competition_reference: Competition {draft.reference} receives no applications "
            "at this stage (draft).",
        ),
        (
            3,
            f"competition_reference: Competition {written.reference} receives no applications "
            "at this stage (written exam).",
        ),
    ]
    assert not Application.objects.exists()


# Marks ------------------------------------------------------------------------------------------

MARKS_HEADER = "receipt_number,written_present,written_mark\n"


@pytest.fixture
def written_exam():
    competition = make_competition(status=Competition.Status.WRITTEN)
    eligible = [
        make_application(competition, eligibility=Application.Eligibility.ELIGIBLE)
        for _i in range(4)
    ]
    pending = make_application(competition)
    return competition, eligible, pending


def test_a_marks_file_updates_the_marks_of_the_applications_it_names(officer, written_exam):
    _competition, (a, b, c, d), _pending = written_exam
    text = MARKS_HEADER + (
        f'{a.receipt_number},1,"14,5"\n'
        f"{b.receipt_number.lower()},0,\n"
        f" {c.receipt_number} ,oui,9.75\n"
    )
    report = run_import(MarksResource(user=officer), dataset(text))
    assert report.ok, report.errors
    assert (report.new, report.updated) == (0, 3)
    for application in (a, b, c, d):
        application.refresh_from_db()
    assert (a.written_present, a.written_mark) == (True, Decimal("14.5"))
    assert (b.written_present, b.written_mark) == (False, None)
    assert (c.written_present, c.written_mark) == (True, Decimal("9.75"))
    assert (d.written_present, d.written_mark) == (None, None)
    assert Application.objects.count() == 5


def test_a_marks_file_with_bad_rows_writes_nothing_and_says_why(
    officer, written_exam, english_messages
):
    _competition, (a, b, c, d), pending = written_exam
    text = MARKS_HEADER + (
        f"{a.receipt_number},1,12\n"  # good, but not written: the file has bad rows
        f"{b.receipt_number},1,21\n"
        "ZZZZZZZZZZ,1,12\n"
        f"{c.receipt_number},1,\n"
        f"{d.receipt_number},0,8\n"
        f"{pending.receipt_number},1,10\n"
        f",1,10\n"
        f"{a.receipt_number},1,douze\n"
    )
    report = run_import(MarksResource(user=officer), dataset(text))
    assert report.errors == [
        (3, "written_mark: Ensure this value is less than or equal to 20."),
        (4, "receipt_number: No application with receipt number “ZZZZZZZZZZ”."),
        (5, "written_mark: A present candidate needs a mark."),
        (6, "written_mark: An absent candidate has no mark: leave it empty."),
        (7, "written_present: This candidate is not called to the written exam."),
        (8, "receipt_number: Give the application's receipt number."),
        (9, "written_mark: “douze” is not a mark."),
    ]
    assert not Application.objects.filter(written_mark__isnull=False).exists()
    assert not Application.objects.filter(written_present__isnull=False).exists()


def test_oral_marks_are_only_for_candidates_called_to_the_oral(
    officer, written_exam, english_messages
):
    _competition, (a, b, _c, _d), _pending = written_exam
    Application.objects.filter(pk=a.pk).update(
        written_present=True, written_mark=Decimal("15"), called_to_oral=True
    )
    text = (
        "receipt_number,oral_present,oral_mark\n"
        f"{a.receipt_number},1,16.25\n"
        f"{b.receipt_number},1,11\n"
    )
    report = run_import(MarksResource(user=officer), dataset(text))
    assert report.errors == [(3, "oral_present: This candidate is not called to the oral exam.")]
    report = run_import(MarksResource(user=officer), dataset(text.rsplit("\n", 2)[0] + "\n"))
    assert report.ok, report.errors
    a.refresh_from_db()
    assert (a.written_mark, a.oral_present, a.oral_mark) == (Decimal("15"), True, Decimal("16.25"))


def test_only_those_who_enter_marks_import_them(central, written_exam, english_messages):
    _competition, (a, *_others), _pending = written_exam
    assert not central.has_perm("recruitment.enter_marks")
    report = run_import(
        MarksResource(user=central), dataset(MARKS_HEADER + f"{a.receipt_number},1,12\n")
    )
    assert report.errors == [(None, "Only those who enter exam marks may import them.")]
    a.refresh_from_db()
    assert a.written_mark is None


def test_the_exam_centre_fills_in_the_exported_marks_sheet_and_the_admin_reads_it_back(
    client_for, officer, written_exam
):
    _competition, (a, b, c, d), pending = written_exam
    client = client_for(officer)
    rows = export_rows(export_all(client, "application", MarksResource, index=1))
    assert len(rows) == 5
    filled = io.StringIO()
    writer = csv.DictWriter(filled, fieldnames=list(rows[0]))
    writer.writeheader()
    marks = {a.receipt_number: ("1", "13.5"), b.receipt_number: ("0", "")}
    for row in rows:
        row["written_present"], row["written_mark"] = marks.get(row["receipt_number"], ("", ""))
        row["last_name_lat"] = "not read back"
        writer.writerow(row)
    response = client.post(
        reverse("admin:recruitment_application_import"),
        {"import_file": upload(filled.getvalue()), "format": "0", "resource": "1"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:recruitment_application_process_import"), confirm)
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.written_present, a.written_mark, a.last_name_lat) == (True, Decimal("13.5"), "Alaoui")
    assert (b.written_present, b.written_mark) == (False, None)
    assert Application.objects.filter(written_present__isnull=True).count() == 3


# Competitions and their posts ---------------------------------------------------------------------

COMPETITION_HEADER = (
    "reference,title_ar,title_fr,notice_ar,notice_fr,year,unit_code,opens_at,deadline,"
    "exam_place_ar,exam_place_fr,oral_minimum\n"
)


def competition_row(reference, unit_code="EN-SDAG", deadline="2026-06-30 16:00:00", **values):
    row = {
        "title_ar": "مباراة توظيف تقنيين",
        "title_fr": "Concours de techniciens",
        "notice_ar": "إعلان",
        "notice_fr": "Avis",
        "year": "2026",
        "opens_at": "2026-06-01 09:00:00",
        "exam_place_ar": "الرباط",
        "exam_place_fr": "Rabat",
        "oral_minimum": '"12,5"',  # a decimal comma, quoted
        **values,
    }
    return (
        f"{reference},{row['title_ar']},{row['title_fr']},{row['notice_ar']},{row['notice_fr']},"
        f"{row['year']},{unit_code},{row['opens_at']},{deadline},{row['exam_place_ar']},"
        f"{row['exam_place_fr']},{row['oral_minimum']}\n"
    )


def test_competitions_import_by_reference_as_drafts(officer, english_messages):
    text = COMPETITION_HEADER + competition_row("CONC-2026-TECH")
    report = run_import(CompetitionResource(user=officer), dataset(text))
    assert report.ok, report.errors
    competition = Competition.objects.get(reference="CONC-2026-TECH")
    assert (competition.status, competition.unit.code, competition.oral_minimum) == (
        "draft",
        "EN-SDAG",
        Decimal("12.5"),
    )
    assert (competition.title_ar, competition.title_fr) == (
        "مباراة توظيف تقنيين",
        "Concours de techniciens",
    )
    assert timezone.localtime(competition.deadline).hour == 16

    text = COMPETITION_HEADER + competition_row(
        "CONC-2026-TECH", deadline="2026-07-15 16:00:00", title_fr="Concours de techniciens (2)"
    )
    report = run_import(CompetitionResource(user=officer), dataset(text))
    assert (report.ok, report.updated) == (True, 1)
    bad = COMPETITION_HEADER + competition_row("conc 3", deadline="2026-05-01 09:00:00")
    report = run_import(CompetitionResource(user=officer), dataset(bad))
    assert sorted(reason for _line, reason in report.errors) == [
        "The deadline comes after the opening.",
        "reference: Use capital letters, digits and hyphens.",
    ]


def test_an_import_does_not_move_the_deadline_of_a_published_competition(officer, english_messages):
    competition = make_competition(reference="CONC-2026-PUB")
    rows = CompetitionResource(user=officer).export().csv
    assert run_import(CompetitionResource(user=officer), dataset(rows)).ok  # read back as it was
    later = timezone.localtime(competition.deadline + datetime.timedelta(days=3))
    text = COMPETITION_HEADER + competition_row(
        "CONC-2026-PUB", deadline=later.strftime("%Y-%m-%d %H:%M:%S")
    )
    report = run_import(CompetitionResource(user=officer), dataset(text))
    assert report.errors == [
        (
            2,
            "deadline: Competition CONC-2026-PUB is published: extend its deadline from the "
            "competition's page.",
        )
    ]
    deadline = competition.deadline
    competition.refresh_from_db()
    assert competition.deadline == deadline


def test_post_lines_are_added_with_their_specialties_by_code(officer, english_messages):
    competition = make_competition(reference="CONC-2026-LINES", status=Competition.Status.DRAFT)
    header = "competition_reference,grade_code,specialties,posts,diplomas,min_age,max_age\n"
    text = header + (
        "CONC-2026-LINES,technician-3,software|building,3,DTS,18,40\n"
        "CONC-2026-LINES,technician-3,software|nothing,3,DTS,18,40\n"
        "CONC-2026-LINES,no-grade,,0,DTS,40,18\n"
    )
    report = run_import(PostLineResource(user=officer), dataset(text))
    reasons = by_line(report)
    assert reasons[3] == ["specialties: Unknown codes: nothing"]
    assert sorted(reasons[4]) == [
        "The maximum age is below the minimum age.",
        "grade_code: No grade with code “no-grade”.",
        "posts: Ensure this value is greater than or equal to 1.",
        "specialties: This field cannot be blank.",
    ]
    assert competition.lines.count() == 1

    report = run_import(PostLineResource(user=officer), dataset(header + text.splitlines()[1]))
    assert report.ok, report.errors
    line = competition.lines.get(grade__code="technician-3")
    assert {s.code for s in line.specialties.all()} == {"software", "building"}
    report = run_import(
        PostLineResource(user=officer),
        dataset("id," + header + f"{line.pk}," + text.splitlines()[1]),
    )
    assert report.errors == [(2, "This import only adds new records: leave the id column empty.")]


# Exports ----------------------------------------------------------------------------------------


def test_exports_are_formula_safe(client_for, administrator):
    competition = make_competition(title_fr="@SUM(A1)")
    make_application(
        competition, last_name_lat='=HYPERLINK("http://x","ici")', first_name_lat="+Fatima"
    )
    client = client_for(administrator)
    [row] = export_rows(export_all(client, "application", PaperApplicationResource))
    assert row["last_name_lat"] == '\'=HYPERLINK("http://x","ici")'
    assert row["first_name_lat"] == "'+Fatima"
    assert row["channel"] == "online"
    [row] = export_rows(export_all(client, "application", MarksResource, index=1))
    assert row["last_name_lat"] == '\'=HYPERLINK("http://x","ici")'
    [row] = export_rows(export_all(client, "competition", CompetitionResource))
    assert row["title_fr"] == "'@SUM(A1)"
    assert AccessEvent.objects.filter(actor=administrator, action="export").count() == 3
