"""Enrolment lists imported from a centre's register: CSV or XLSX, all or nothing, every bad line
with its column and reason; people found among the files the importer may see; a list that
would overbook a section refused as a whole; for those who keep the centre's register only."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from centres.models import TargetGroup
from enrolments.models import Enrolment, WaitingListChange
from enrolments.resources import EnrolmentResource
from entraide.imports import read_dataset, run_import
from entraide.roles import Role
from tests.factories import (
    BeneficiaryFactory,
    CentreFactory,
    EnrolmentFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "section,file_number,status,requested_on,admitted_on,target_group,vulnerability\n"


@pytest.fixture
def english_messages():
    """The reasons below are checked in the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def centre():
    return CentreFactory(code="C-LIST-1")


@pytest.fixture
def manager(centre):
    user = UserFactory(username="t-list-manager", role=Role.CENTRE_MANAGER)
    centre.managers.add(user)
    return user


@pytest.fixture
def sewing(centre):
    return SectionFactory(centre=centre, name="Couture", places=3)


@pytest.fixture
def people(centre):
    return [BeneficiaryFactory(delegation=centre.delegation) for _n in range(4)]


def days_ago(n):
    return f"{timezone.localdate() - datetime.timedelta(days=n):%Y-%m-%d}"


def csv_upload(text, name="list.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def xlsx_upload(rows, name="list.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def page(centre):
    # The page in the default language, whatever language the test reads reasons in.
    with translation.override(None):
        return reverse("enrolments:import", args=[centre.code])


def post(client, centre, upload):
    return client.post(page(centre), {"file": upload})


def import_list(text, *, user, centre=None):
    dataset = read_dataset(text.encode("utf-8-sig"), "list.csv")
    return run_import(EnrolmentResource(user=user, centre=centre), dataset, actor=user)


def reasons_by_line(report):
    found = {}
    for line, reason in report.errors:
        found.setdefault(line, []).append(reason)
    return found


# Importing ------------------------------------------------------------------------------------


def test_a_csv_list_places_people_on_the_waiting_list_and_admits_others(
    client_for, manager, centre, sewing, people
):
    sewing.priority_groups.add(TargetGroup.objects.get(code="women"))
    text = HEADER + (
        f"Couture,{people[0].file_number},admitted,{days_ago(30)},{days_ago(10)},women,\n"
        f"couture,{people[1].file_number.lower()},active,{days_ago(40)},{days_ago(9)},,high\n"
        f"Couture,{people[2].file_number},waiting,{days_ago(5)},,women,urgent\n"
        f"Couture,{people[3].file_number},,,,,\n"
    )
    response = post(client_for(manager), centre, csv_upload(text))
    assert response.status_code == 302
    assert response.url == reverse("enrolments:centre", args=[centre.code])
    sewing.refresh_from_db()
    assert sewing.taken == 2
    first = Enrolment.objects.get(person=people[0])
    assert (first.status, first.admitted_on, first.target_group.code, first.priority_group) == (
        Enrolment.Status.ADMITTED,
        timezone.localdate() - datetime.timedelta(days=10),
        "women",
        True,
    )
    assert Enrolment.objects.get(person=people[1]).vulnerability == Enrolment.Vulnerability.HIGH
    waiting = Enrolment.objects.get(person=people[2])
    assert (waiting.status, waiting.vulnerability, waiting.admitted_on) == ("waiting", 2, None)
    last = Enrolment.objects.get(person=people[3])
    assert (last.status, last.requested_on) == ("waiting", timezone.localdate())
    # Those placed on the list are recorded as when placed one by one, with their position.
    changes = WaitingListChange.objects.filter(enrolment__section=sewing)
    assert {(c.enrolment.person_id, c.kind, c.position_after, c.by) for c in changes} == {
        (people[2].pk, "added", 1, manager),
        (people[3].pk, "added", 2, manager),
    }


def test_an_xlsx_list_is_read_with_its_typed_dates_and_numbers(
    client_for, delegate, centre, sewing, people
):
    admitted = datetime.datetime.combine(  # noqa: DTZ001 - spreadsheets have naive dates
        timezone.localdate() - datetime.timedelta(days=3), datetime.time()
    )
    rows = [
        ["Section", "File_Number", "Status", "admitted_on", "vulnerability"],
        ["Couture", people[0].file_number, "admitted", admitted, 1],
        [None],  # a blank row is skipped
        ["Couture", people[1].file_number, "waiting", None, 2],
    ]
    response = post(client_for(delegate), centre, xlsx_upload(rows))
    assert response.status_code == 302
    first = Enrolment.objects.get(person=people[0])
    assert (first.admitted_on, first.vulnerability) == (admitted.date(), 1)
    assert Enrolment.objects.get(person=people[1]).vulnerability == 2


def test_one_bad_line_writes_nothing_and_every_bad_line_is_reported_with_its_column(
    client_for, manager, centre, sewing, people, english_messages
):
    rabat = BeneficiaryFactory(rabat=True)
    text = HEADER + (
        f"Couture,{people[0].file_number},admitted,,,,\n"  # 2: good
        f"Tricot,{people[1].file_number},waiting,,,,\n"  # 3: no such section
        f"Couture,{rabat.file_number},waiting,,,,\n"  # 4: a file out of scope
        "Couture,KHO-1999-999999,waiting,,,,\n"  # 5: no such file
        f"Couture,{people[2].file_number},left,,,,\n"  # 6: not a status of a list
        f"Couture,{people[3].file_number},waiting,{days_ago(-2)},{days_ago(1)},nobody,7\n"  # 7
    )
    before = Enrolment.objects.count()
    report = import_list(text, user=manager, centre=centre)
    assert Enrolment.objects.count() == before
    sewing.refresh_from_db()
    assert sewing.taken == 0
    reasons = reasons_by_line(report)
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert reasons[3] == ["section: C-LIST-1 has no section “Tricot” this season."]
    # Out of scope reads exactly as missing: the report does not tell that the file exists.
    assert reasons[4] == [f"file_number: No beneficiary with file_number “{rabat.file_number}”."]
    assert reasons[5] == ["file_number: No beneficiary with file_number “KHO-1999-999999”."]
    assert reasons[6][0].startswith("status: “left” is not a status a list may give")
    assert set(reasons[7]) == {
        "requested_on: The date of the request cannot be in the future.",
        "admitted_on: A person on the waiting list has no admission date: leave it empty, "
        "or give the status admitted.",
        "target_group: No target group with code “nobody”.",
        "vulnerability: Write ordinary, high or urgent (or 0, 1, 2).",
    }

    # The page says the same, line, column and reason, and keeps the form to send it again.
    response = post(client_for(manager), centre, csv_upload(text))
    assert response.status_code == 200
    shown = response.context["reasons"]
    assert [(line, column) for line, column, _reason in shown][:2] == [
        (3, "section"),
        (4, "file_number"),
    ]
    assert response.context["form"].errors["file"]
    assert Enrolment.objects.count() == before


def test_a_list_that_would_overbook_a_section_is_refused_whole_naming_the_section(
    client_for, manager, centre, sewing, people, english_messages
):
    EnrolmentFactory(
        section=sewing, status=Enrolment.Status.ADMITTED, admitted_on=timezone.localdate()
    )
    others = [BeneficiaryFactory(delegation=centre.delegation) for _n in range(2)]
    rows = [f"Couture,{p.file_number},admitted,,,,\n" for p in [*people, *others]]
    text = HEADER + "".join(rows)
    report = import_list(text, user=manager, centre=centre)
    assert report.errors == [
        (
            None,
            "The section “Couture” has 3 places, 2 of them free: this file admits 4 people "
            "more than it can take (lines 4, 5, 6, 7). Nothing was imported: admit fewer "
            "people, put the others on the waiting list, or give the section more places.",
        )
    ]
    sewing.refresh_from_db()
    assert sewing.taken == 1
    assert sewing.enrolments.count() == 1

    response = post(client_for(manager), centre, csv_upload(text))
    assert response.status_code == 200
    assert "Couture" in response.context["reasons"][0][2]
    assert sewing.enrolments.count() == 1

    # Those who do not fit wait: the same people, two admitted and the rest waiting, go in.
    text = HEADER + "".join(
        row.replace("admitted", "waiting") if n >= 2 else row for n, row in enumerate(rows)
    )
    assert import_list(text, user=manager, centre=centre).ok
    sewing.refresh_from_db()
    assert sewing.taken == 3
    assert sewing.enrolments.waiting().count() == 4


def test_a_person_already_listed_in_the_section_is_a_bad_line(
    manager, centre, sewing, people, english_messages
):
    EnrolmentFactory(section=sewing, person=people[0])
    other = SectionFactory(centre=centre, name="Cuisine")
    text = HEADER + (
        f"Couture,{people[0].file_number},waiting,,,,\n"
        f"Couture,{people[1].file_number},waiting,,,,\n"
        f"Cuisine,{people[0].file_number},waiting,,,,\n"  # another section: fine
        f"Couture,{people[1].file_number},waiting,,,,\n"
    )
    report = import_list(text, user=manager, centre=centre)
    assert reasons_by_line(report) == {
        2: ["file_number: This person is already listed in this section."],
        5: ["file_number: The same person is on line 3 for this section."],
    }
    assert not other.enrolments.exists()
    assert sewing.enrolments.count() == 1


def test_a_person_is_found_by_cin_by_those_who_read_cins_only(
    client_for, worker, manager, centre, sewing, english_messages
):
    person = BeneficiaryFactory(delegation=centre.delegation, cin="AB123456")
    text = "section,cin\nCouture,ab 123456\nCouture,ZZ999999\n"
    report = import_list(text, user=worker, centre=centre)
    assert reasons_by_line(report) == {
        3: ["cin: No file with the CIN “ZZ999999” among the files you may see."]
    }
    assert import_list(text.rsplit("\n", 2)[0] + "\n", user=worker, centre=centre).ok
    assert Enrolment.objects.get().person == person
    # A centre's manager reads no CIN: nor looks a person up by one.
    refused = import_list(text, user=manager, centre=centre)
    assert refused.errors == [
        (None, "You may not import the columns cin: remove them from the file.")
    ]
    shown = client_for(manager).get(page(centre))
    assert "cin" not in [name for name, _required, _help in shown.context["columns"]]


def test_a_social_worker_places_people_on_the_list_but_admits_nobody(
    worker, centre, sewing, people, english_messages
):
    text = HEADER + (
        f"Couture,{people[0].file_number},waiting,,,,\n"
        f"Couture,{people[1].file_number},admitted,,,,\n"
    )
    report = import_list(text, user=worker, centre=centre)
    assert [line for line, _reason in report.errors] == [3]
    assert report.errors[0][1].startswith("status: You may place people on the waiting list")
    assert not Enrolment.objects.exists()


def test_a_file_without_its_columns_or_too_long_is_refused_at_once(
    manager, centre, sewing, english_messages, monkeypatch
):
    report = import_list("name,status\nCouture,waiting\n", user=manager, centre=centre)
    assert report.errors == [
        (None, "The file has no columns section, file_number: its first line must name them.")
    ]
    monkeypatch.setattr("enrolments.resources.LIST_MAX_ROWS", 1)
    report = import_list(HEADER + "a,b,,,,,\nc,d,,,,,\n", user=manager, centre=centre)
    assert [line for line, _reason in report.errors] == [None]
    assert "at most 1" in report.errors[0][1]


def test_a_list_of_another_centre_is_not_imported_here(
    manager, centre, sewing, people, english_messages
):
    text = "centre_code," + HEADER + f"C-OTHER,Couture,{people[0].file_number},,,,,\n"
    report = import_list(text, user=manager, centre=centre)
    assert report.errors[0][0] == 2
    assert "this is the list of C-LIST-1" in report.errors[0][1]


def test_the_command_imports_a_list_naming_its_centres_as_a_user(
    tmp_path, delegate, centre, sewing, people
):
    path = tmp_path / "list.csv"
    path.write_text(
        "centre_code," + HEADER + f"C-LIST-1,Couture,{people[0].file_number},waiting,,,,\n",
        encoding="utf-8",
    )
    resource = "enrolments.resources.EnrolmentResource"
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_records", resource, str(path), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import_records", resource, str(path), "--user", delegate.username, stdout=out)
    assert "1 new" in out.getvalue()
    assert sewing.enrolments.get().person == people[0]


def test_the_import_is_audited_with_the_importing_user(manager, centre, sewing, people):
    from pghistory.models import Events

    import_list(
        HEADER + f"Couture,{people[0].file_number},admitted,,,,\n", user=manager, centre=centre
    )
    event = Events.objects.tracks(Enrolment.objects.get()).get(pgh_label="insert")
    assert event.pgh_context["user"] == manager.pk


# Who may import -------------------------------------------------------------------------------


def test_the_import_page_shows_its_columns_to_a_keeper(client_for, manager, centre):
    response = client_for(manager).get(page(centre))
    assert response.status_code == 200
    assert "section" in [name for name, _required, _help in response.context["columns"]]
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_the_manager_of_another_centre_of_the_delegation_gets_403(client_for, centre, sewing):
    other = UserFactory(username="t-other-manager", role=Role.CENTRE_MANAGER)
    CentreFactory(code="C-LIST-2").managers.add(other)
    client = client_for(other)
    url = page(centre)
    assert client.get(url).status_code == 403
    assert post(client, centre, csv_upload(HEADER)).status_code == 403


def test_another_delegation_gets_404(client_for, centre):
    rabat_manager = UserFactory(username="t-rabat-manager", role=Role.CENTRE_MANAGER, rabat=True)
    CentreFactory(code="C-LIST-RAB", rabat=True).managers.add(rabat_manager)
    rabat_delegate = UserFactory(username="t-rabat-delegate", delegate=True, rabat=True)
    url = page(centre)
    for user in (rabat_manager, rabat_delegate):
        assert client_for(user).get(url).status_code == 404


def test_those_who_only_read_the_register_or_place_one_person_at_a_time_get_403(
    client_for, coordinator, worker, centre
):
    url = page(centre)
    assert client_for(coordinator).get(url).status_code == 403
    assert client_for(worker).get(url).status_code == 403


def test_a_former_file_number_still_leads_to_the_file(manager, centre, sewing, people):
    from beneficiaries.models import NumberAlias

    NumberAlias.objects.create(number="DP-OLD-000001", beneficiary=people[0])
    report = import_list(
        HEADER + "Couture,dp-old-000001,waiting,,,,\n", user=manager, centre=centre
    )
    assert report.ok, report.errors
    assert sewing.enrolments.get().person == people[0]


def test_a_file_neither_csv_nor_xlsx_is_refused_by_the_form(client_for, manager, centre):
    response = post(client_for(manager), centre, SimpleUploadedFile("list.pdf", b"%PDF-1.4"))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    # The error summary links to the field, the title starts with "Error:".
    assert 'data-testid="error-summary"' in response.content.decode()
