"""Imports of centres and monthly activity: by delegation and type code, all or nothing, every
bad row reported with its line, scoped to the importing user, in the admin and by command."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from centres.models import Centre, MonthlyActivity
from centres.resources import ActivityLineResource, CentreResource, MonthlyActivityResource
from entraide.imports import read_dataset, run_import
from entraide.models import AccessEvent
from tests.factories import CentreFactory, MonthlyActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_messages():
    """The reasons below are checked in the source language, whatever a page left active."""
    with translation.override("en"):
        yield


HEADER = (
    "code,name_ar,name_fr,type_code,delegation_code,province_code,status,capacity,"
    "capacity_unit,staff_count,services,target_groups\n"
)
GOOD = [
    "C-IMP-1,مركز واحد,Centre un,cas,DP-MA-KHO,MA-KHO,open,40,places,3,"
    "reception|orientation,women\n",
    "C-IMP-2,مركز اثنان,Centre deux,kindergarten,DP-MA-RAB,MA-RAB,open,30,children,2,preschool,\n",
]


def dataset(text, name="centres.csv", encoding="utf-8-sig"):
    return read_dataset(text.encode(encoding), name)


def test_a_clean_file_imports_every_centre_with_its_codes():
    report = run_import(CentreResource(), dataset(HEADER + "".join(GOOD)))
    assert report.ok, report.errors
    assert report.new == 2
    centre = Centre.objects.get(code="C-IMP-1")
    assert centre.delegation.code == "DP-MA-KHO"
    assert centre.type.code == "cas"
    assert {s.code for s in centre.services.all()} == {"reception", "orientation"}
    assert {g.code for g in centre.target_groups.all()} == {"women"}


def test_a_file_with_bad_rows_writes_nothing_and_reports_every_bad_row(english_messages):
    bad = [
        "C-IMP-3,مركز,Centre trois,no-such-type,DP-MA-KHO,MA-KHO,open,10,places,1,,\n",
        "C-IMP-4,مركز,Centre quatre,cas,DP-MA-KHO,MA-RAB,open,10,places,1,,\n",
        "C-IMP-5,مركز,Centre cinq,cas,DP-MA-KHO,MA-KHO,open,10,places,1,nothing,\n",
    ]
    report = run_import(CentreResource(), dataset(HEADER + GOOD[0] + "".join(bad) + GOOD[1]))
    assert not report.ok
    lines = sorted({line for line, _reason in report.errors})
    assert lines == [3, 4, 5]  # the header is line 1
    reasons = dict(report.errors)
    assert "not covered" in reasons[4]
    assert "nothing" in reasons[5]
    assert not Centre.objects.filter(code__startswith="C-IMP").exists()


def test_an_import_finds_only_the_delegations_the_user_may_see(delegate):
    report = run_import(CentreResource(user=delegate), dataset(HEADER + "".join(GOOD)))
    assert [line for line, _reason in report.errors] == [3]
    assert not Centre.objects.filter(code__startswith="C-IMP").exists()


def test_windows_1256_and_xlsx_files_are_read():
    text = HEADER + GOOD[0]
    assert run_import(CentreResource(), dataset(text, encoding="cp1256")).ok
    book = openpyxl.Workbook()
    sheet = book.active
    for line in (HEADER + GOOD[1]).splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    assert run_import(CentreResource(), read_dataset(buffer.getvalue(), "c.xlsx")).ok
    assert Centre.objects.filter(code__in=["C-IMP-1", "C-IMP-2"]).count() == 2


def test_monthly_activity_imports_by_centre_code_and_month_and_refuses_locked_months(
    english_messages,
):
    centre = CentreFactory(code="C-IMP-A", capacity=100)
    locked = MonthlyActivityFactory(
        centre=centre,
        month="2026-01-01",
        status=MonthlyActivity.Status.VALIDATED,
        validated_by=UserFactory(delegate=True, username="t-validator"),
        validated_at="2026-02-02T10:00:00Z",
    )
    text = (
        "centre_code,month,people_served,new_entries,exits,sessions_held\n"
        "C-IMP-A,2026-02,50,5,2,10\n"
        "C-IMP-A,2026-01,60,5,2,10\n"
        "C-IMP-A,2026-03,150,5,2,10\n"
    )
    report = run_import(MonthlyActivityResource(), dataset(text))
    assert sorted({line for line, _r in report.errors}) == [3, 4]
    reasons = dict(report.errors)
    assert "locked" in reasons[3]
    assert "capacity" in reasons[4]
    assert not MonthlyActivity.objects.filter(centre=centre).exclude(pk=locked.pk).exists()
    locked.refresh_from_db()
    assert locked.people_served == 40


def test_activity_lines_import_under_their_month():
    centre = CentreFactory(code="C-IMP-L")
    MonthlyActivityFactory(centre=centre, month="2026-02-01", people_served=40)
    text = (
        "centre_code,month,service_code,sex,age_band,people\n"
        "C-IMP-L,2026-02,reception,F,18-59,12\n"
        "C-IMP-L,2026-02,reception,M,60+,4\n"
    )
    report = run_import(ActivityLineResource(), dataset(text))
    assert report.ok, report.errors
    activity = MonthlyActivity.objects.get(centre=centre)
    assert sorted(line.people for line in activity.lines.all()) == [4, 12]
    again = run_import(ActivityLineResource(), dataset(text))
    assert again.ok and again.new == 0
    assert activity.lines.count() == 2


def test_the_import_command_reports_bad_lines_and_writes_nothing(tmp_path):
    path = tmp_path / "centres.csv"
    path.write_text(
        HEADER + GOOD[0] + "C-IMP-9,مركز,X,cas,NOPE,MA-KHO,open,1,places,1,,\n",
        encoding="utf-8-sig",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_records", "centres.resources.CentreResource", str(path), stderr=err)
    assert "line 3" in err.getvalue()
    assert not Centre.objects.filter(code__startswith="C-IMP").exists()
    path.write_text(HEADER + GOOD[0], encoding="utf-8-sig")
    out = io.StringIO()
    call_command("import_records", "centres.resources.CentreResource", str(path), stdout=out)
    assert "1 new" in out.getvalue()


def test_the_import_is_audited_with_the_importing_user(administrator):
    from pghistory.models import Events

    run_import(CentreResource(), dataset(HEADER + GOOD[0]), actor=administrator)
    event = Events.objects.tracks(Centre.objects.get(code="C-IMP-1")).get(pgh_label="insert")
    assert event.pgh_context["user"] == administrator.pk


def test_the_admin_lists_and_exports_only_centres_in_scope(client_for):
    from django.contrib.auth.models import Permission

    CentreFactory(code="C-ADM-KHO")
    CentreFactory(code="C-ADM-RAB", rabat=True)
    staff = UserFactory(username="t-staff-rabat", rabat=True, role="delegate", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_centre"))
    client = client_for(staff)
    response = client.get(reverse("admin:centres_centre_changelist"))
    assert response.status_code == 200
    codes = {c.code for c in response.context["cl"].result_list}
    assert "C-ADM-RAB" in codes and "C-ADM-KHO" not in codes
    kho = Centre.objects.get(code="C-ADM-KHO")
    change = client.get(reverse("admin:centres_centre_change", args=[kho.pk]))
    assert change.status_code in (302, 404)  # the admin redirects a missing object to its index
    data = {"format": "0", "resource": "0", "centreresource_code": "on"}
    response = client.post(reverse("admin:centres_centre_export"), data)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert "C-ADM-RAB" in body and "C-ADM-KHO" not in body
    assert AccessEvent.objects.filter(actor=staff, action="export").exists()


def test_the_admin_import_of_a_bad_file_shows_every_bad_line_and_writes_nothing(
    client_for, administrator
):
    text = HEADER + GOOD[0] + "C-IMP-9,مركز,X,cas,NOPE,MA-KHO,open,1,places,1,,\n"
    upload = io.BytesIO(text.encode("utf-8-sig"))
    upload.name = "centres.csv"
    response = client_for(administrator).post(
        reverse("admin:centres_centre_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [3]  # lines of the file, header 1
    assert "NOPE" in response.content.decode()
    assert not Centre.objects.filter(code__startswith="C-IMP").exists()


def test_the_admin_reads_a_windows_1256_file(client_for, administrator):
    upload = io.BytesIO((HEADER + GOOD[0]).encode("cp1256"))
    upload.name = "centres.csv"
    client = client_for(administrator)
    response = client.post(
        reverse("admin:centres_centre_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:centres_centre_process_import"), confirm)
    assert response.status_code == 302
    assert Centre.objects.get(code="C-IMP-1").name_ar == "مركز واحد"
