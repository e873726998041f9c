"""Imports of people's files: all or nothing, every bad row reported with its line, scoped to
the importing user; by the fast bulk path (command, background task) and by the admin's
Resources; exports scoped and formula-safe."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from beneficiaries import bulk
from beneficiaries.models import Beneficiary, CaseFile, FileNumberCounter, ServiceDelivery
from beneficiaries.resources import (
    BeneficiaryResource,
    CaseFileResource,
    ServiceDeliveryResource,
)
from entraide.imports import read_dataset, run_import
from entraide.jobs import Lease
from entraide.models import AccessEvent, ImportJob
from tests.factories import BeneficiaryFactory, CaseFileFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

HEADER = (
    "file_number,first_name_ar,last_name_ar,first_name_lat,last_name_lat,sex,birth_date,"
    "birth_year,cin,phone,address,province_code,commune,marital_status,education,"
    "target_groups,disability_type,disability_degree,disability_card,delegation_code,"
    "centre_code\n"
)
KHO_1 = ",فاطمة,العلوي,Fatima,Alaoui,F,1990-05-17,,AB123456,06 12 34 56 78,,MA-KHO,Oued Zem,married,primary,women|disability,motor,light,,DP-MA-KHO,\n"  # noqa: E501
KHO_2 = ",محمد,,Mohamed,,M,,1955,,,,MA-KHO,,,,elderly,,,,DP-MA-KHO,\n"
RAB_1 = ",سعاد,,Souad,,f,,,cd 98765,+212612345678,,MA-RAB,,single,,,,,,DP-MA-RAB,\n"


@pytest.fixture
def english_messages():
    """The reasons below are checked in the source language."""
    with translation.override("en"):
        yield


def import_text(text, *, encoding="utf-8", name="people.csv", **kwargs):
    return bulk.import_beneficiaries(io.BytesIO(text.encode(encoding)), name, **kwargs)


def xlsx_bytes(text):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(text)):
        sheet.append([cell or None for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def year():
    return timezone.localdate().year


def test_a_clean_csv_imports_every_row_with_file_numbers_per_delegation_and_target_groups(
    central,
):
    report = import_text(HEADER + KHO_1 + KHO_2 + RAB_1, actor=central)
    assert report.ok, report.errors
    assert (report.total, report.created) == (3, 3)
    fatima = Beneficiary.objects.get(cin="AB123456")
    mohamed = Beneficiary.objects.get(first_name_lat="Mohamed")
    souad = Beneficiary.objects.get(first_name_lat="Souad")
    numbers = sorted([fatima.file_number, mohamed.file_number])
    assert numbers[0].startswith(f"KHO-{year()}-")
    assert int(numbers[1].rsplit("-", 1)[1]) == int(numbers[0].rsplit("-", 1)[1]) + 1
    assert souad.file_number.startswith(f"RAB-{year()}-")
    assert {g.code for g in fatima.target_groups.all()} == {"women", "disability"}
    assert [g.code for g in mohamed.target_groups.all()] == ["elderly"]
    assert fatima.phone == "0612345678" and fatima.birth_date == datetime.date(1990, 5, 17)
    assert (mohamed.birth_year, souad.sex, souad.cin) == (1955, "F", "CD98765")
    assert fatima.created_by == central and fatima.delegation.code == "DP-MA-KHO"
    assert Beneficiary.objects.filter(search_name__contains="fatima").exists()


def test_a_file_with_bad_rows_writes_nothing_and_reports_each_with_its_line_and_reason(
    worker, english_messages
):
    existing = BeneficiaryFactory(cin="EE111111")
    before = list(FileNumberCounter.objects.values_list("delegation_id", "last"))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        KHO_1,  # line 2: good
        ",سعيد,,Said,,M,,,12AB,,,MA-KHO,,,,,,,,DP-MA-KHO,\n",  # 3: CIN format
        ",سعيد,,Said,,M,,,,,,MA-XXX,,,,,,,,DP-MA-KHO,\n",  # 4: unknown province
        RAB_1,  # 5: a delegation the worker may not see
        ",نادية,,Nadia,,F,,,ab123456,,,MA-KHO,,,,,,,,DP-MA-KHO,\n",  # 6: CIN of line 2
        ",ليلى,,Leila,,F,,,EE111111,,,MA-KHO,,,,,,,,DP-MA-KHO,\n",  # 7: CIN on file already
        f",هدى,,Houda,,F,{tomorrow:%Y-%m-%d},,,,,MA-KHO,,,,,,,,DP-MA-KHO,\n",  # 8: future
        KHO_2,  # 9: good
    ]
    report = import_text(HEADER + "".join(rows), actor=worker)
    assert not report.ok
    assert (report.total, report.created) == (8, 0)
    reasons = {}
    for line, reason in report.errors:
        reasons.setdefault(line, []).append(reason)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "cin: A CIN is one or two letters" in reasons[3][0]
    assert reasons[4] == ["province_code: No province or prefecture with code “MA-XXX”."]
    assert reasons[5] == ["delegation_code: No organisational unit with code “DP-MA-RAB”."]
    assert reasons[6] == ["cin: The same CIN is on line 2."]
    # The importer may see that file: the report names it (see test_protection for a file
    # outside their scope, which it does not).
    assert reasons[7] == [f"cin: Another file already has this CIN: {existing.file_number}."]
    assert reasons[8] == ["birth_date: The date of birth cannot be in the future."]
    assert Beneficiary.objects.count() == 1
    assert list(FileNumberCounter.objects.values_list("delegation_id", "last")) == before


def test_every_reason_of_a_row_is_reported(worker, english_messages):
    text = HEADER + "KHO-2026-000001,,,,,X,17/05/1990,,,12,,MA-RAB,,maried,,nobody,,light,,,\n"
    report = import_text(text, actor=worker)
    reasons = [reason for line, reason in report.errors if line == 2]
    assert "This import only creates new files: leave file_number empty." in reasons
    assert any(r.startswith("birth_date: “17/05/1990” value has an invalid date") for r in reasons)
    assert "province_code: This province is not covered by the delegation." in reasons
    assert "target_groups: Unknown codes: nobody" in reasons
    assert "first_name_ar: Give the first name in Arabic or Latin script." in reasons
    assert "disability_type: Give the type of disability." in reasons
    assert any(r.startswith("sex: Value 'X' is not a valid choice") for r in reasons)
    assert any(r.startswith("marital_status: Value 'maried'") for r in reasons)
    assert any(r.startswith("phone: Enter a phone number") for r in reasons)
    assert not Beneficiary.objects.exists()


def test_a_file_without_the_required_columns_or_with_unknown_ones_is_refused(
    central, english_messages
):
    report = import_text("first_name_lat,sexe\nFatima,F\n", actor=central)
    assert report.errors == [
        (1, "Missing columns: sex, province_code"),
        (1, "Unknown columns: sexe"),
    ]
    assert import_text("", actor=central).errors[0][0] is None


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8-sig", "people.csv"), ("utf-8", "people.csv"), ("cp1256", "people.csv")],
)
def test_utf8_with_or_without_bom_and_windows_1256_csv_files_are_read(central, encoding, name):
    report = import_text(HEADER + KHO_1, encoding=encoding, name=name, actor=central)
    assert report.ok, report.errors
    assert Beneficiary.objects.get().first_name_ar == "فاطمة"


def test_an_xlsx_workbook_is_read_with_its_typed_cells(central):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["first_name_ar", "sex", "birth_date", "phone", "cin", "province_code", "delegation_code"]
    )
    sheet.append([None])  # a blank row keeps its number and is skipped
    born = datetime.datetime(1990, 5, 17)  # noqa: DTZ001 - spreadsheets have naive dates
    sheet.append(["فاطمة", "F", born, 612345678, "AB1", "MA-KHO", None])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    report = bulk.import_beneficiaries(buffer, "people.xlsx", actor=central)
    assert report.errors and report.errors[0][0] == 3  # no delegation: the line counts blanks
    buffer.seek(0)
    report = bulk.import_beneficiaries(buffer, "people.xlsx", actor=central, unit=unit("DP-MA-KHO"))
    assert report.ok, report.errors
    person = Beneficiary.objects.get()
    assert (person.birth_date, person.phone, person.cin) == (
        datetime.date(1990, 5, 17),
        "612345678",
        "AB1",
    )


def test_excel_semicolon_csv_and_formula_safe_cells_read_back_as_they_were(central):
    text = (HEADER + KHO_1).replace(",", ";").replace("06 12 34 56 78", "'+212612345678")
    report = import_text(text, encoding="utf-8-sig", actor=central)
    assert report.ok, report.errors
    assert Beneficiary.objects.get().phone == "+212612345678"


def test_a_large_file_is_checked_across_batches(central, english_messages):
    lines = [f",اسم,,Name{n},,F,,,AA{n},,,MA-KHO,,,,,,,,DP-MA-KHO,\n" for n in range(1, 8)] + [
        ",اسم,,Again,,F,,,AA2,,,MA-KHO,,,,,,,,DP-MA-KHO,\n"
    ]
    calls = []
    report = import_text(
        HEADER + "".join(lines),
        actor=central,
        batch_size=3,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert report.errors == [(9, "cin: The same CIN is on line 3.")]
    assert not Beneficiary.objects.exists()
    assert calls[-1] == (8, 8) and calls[0] == (3, 8)
    report = import_text(HEADER + "".join(lines[:7]), actor=central, batch_size=3)
    assert report.ok and report.created == 7
    numbers = sorted(Beneficiary.objects.values_list("file_number", flat=True))
    assert len(set(numbers)) == 7
    assert FileNumberCounter.objects.get(delegation__code="DP-MA-KHO").last == 7


def test_an_import_stopped_in_the_middle_leaves_nothing_behind(central):
    lines = [f",اسم,,Name{n},,F,,,,,,MA-KHO,,,,women,,,,DP-MA-KHO,\n" for n in range(10)]

    def crash(done, total):
        assert Beneficiary.objects.count() == done  # the first batches were written...
        raise KeyboardInterrupt  # ...when the worker is stopped

    with pytest.raises(KeyboardInterrupt):
        import_text(HEADER + "".join(lines), actor=central, batch_size=4, progress=crash)
    assert not Beneficiary.objects.exists()
    assert not Beneficiary.target_groups.through.objects.exists()
    assert not FileNumberCounter.objects.filter(last__gt=0).exists()


def test_bulk_created_rows_are_audited_with_the_importing_user(central):
    from pghistory.models import Events

    import_text(HEADER + KHO_1 + KHO_2, actor=central)
    for person in Beneficiary.objects.all():
        event = Events.objects.tracks(person).get(pgh_label="insert")
        assert event.pgh_context["user"] == central.pk
        assert event.pgh_context["import_file"] == "people.csv"


# The command ----------------------------------------------------------------------------------


def write(tmp_path, text, name="people.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def test_the_command_exits_non_zero_with_the_report_and_writes_nothing(tmp_path):
    path = write(tmp_path, HEADER + KHO_1 + ",,,,,F,,,,,,MA-KHO,,,,,,,,DP-MA-KHO,\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_beneficiaries", path, stderr=err, stdout=io.StringIO())
    assert "line 3: first_name_ar:" in err.getvalue()
    assert not Beneficiary.objects.exists()


def test_the_command_imports_a_clean_file_and_dry_run_writes_nothing(tmp_path):
    path = write(tmp_path, HEADER + KHO_1 + RAB_1)
    out = io.StringIO()
    call_command("import_beneficiaries", path, "--dry-run", stdout=out, stderr=io.StringIO())
    assert "checked 2 rows" in out.getvalue()
    assert not Beneficiary.objects.exists()
    call_command("import_beneficiaries", path, stdout=out, stderr=io.StringIO())
    assert "imported 2 new files" in out.getvalue()
    assert Beneficiary.objects.count() == 2


def test_the_command_unit_limits_the_import_to_that_unit(tmp_path):
    path = write(tmp_path, HEADER + KHO_1 + RAB_1)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_beneficiaries", path, "--unit", "DP-MA-RAB", stderr=err, stdout=io.StringIO()
        )
    assert "line 2: delegation_code:" in err.getvalue()
    assert "line 3" not in err.getvalue()
    assert not Beneficiary.objects.exists()
    # Rows without a delegation go to the unit given.
    path = write(tmp_path, HEADER + RAB_1.replace("DP-MA-RAB", ""))
    call_command(
        "import_beneficiaries",
        path,
        "--unit",
        "DP-MA-RAB",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Beneficiary.objects.get().delegation.code == "DP-MA-RAB"
    with pytest.raises(CommandError, match="No unit"):
        call_command("import_beneficiaries", path, "--unit", "NOPE", stderr=io.StringIO())


def test_the_command_as_a_user_imports_only_into_their_delegations(tmp_path, worker_rabat):
    path = write(tmp_path, HEADER + KHO_1)
    with pytest.raises(CommandError):
        call_command(
            "import_beneficiaries",
            path,
            "--user",
            worker_rabat.username,
            stderr=io.StringIO(),
            stdout=io.StringIO(),
        )
    assert not Beneficiary.objects.exists()


# The web page and the background task ---------------------------------------------------------


def upload(text, name="people.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_an_upload_runs_as_a_job_that_finishes_and_shows_its_result(
    client_for, worker, private_media
):
    client = client_for(worker)
    response = client.post(reverse("import_new"), {"file": upload(HEADER + KHO_1 + KHO_2)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.rows_total, job.rows_done, job.created_count) == (2, 2, 2)
    assert job.created_by == worker and job.unit == worker.unit and not job.errors
    assert not job.file and not list(private_media.rglob("*.csv"))  # the upload is gone
    assert Beneficiary.objects.filter(created_by=worker).count() == 2
    page = client.get(job.get_absolute_url())
    body = page.content.decode()
    assert 'value="2" max="2"' in body and 'http-equiv="refresh"' not in body
    assert 'data-testid="import-result"' in body
    listing = client.get(reverse("import_new"))
    assert job.original_name in listing.content.decode()


def test_a_running_job_refreshes_its_page_and_shows_its_progress(client_for, worker):
    job = ImportJob.objects.create(
        importer="beneficiaries",
        original_name="big.csv",
        unit=worker.unit,
        created_by=worker,
        status=ImportJob.Status.RUNNING,
        rows_total=100000,
        rows_done=42000,
    )
    with Lease(job) as lease:  # its worker is alive
        assert lease.acquire()
        body = client_for(worker).get(job.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert 'value="42000" max="100000"' in body


def test_a_job_with_bad_rows_imports_nothing_and_offers_a_formula_safe_report(
    client_for, worker, private_media
):
    bad = ",=HYPERLINK(1),,,,F,,,,,,MA-KHO,,,,,,,,DP-MA-RAB,\n"
    client = client_for(worker)
    client.post(reverse("import_new"), {"file": upload(HEADER + KHO_1 + bad)})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    [[line, reason]] = job.errors
    assert line == 3 and reason.startswith("delegation_code: ") and "DP-MA-RAB" in reason
    assert job.created_count == 0 and not Beneficiary.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "DP-MA-RAB" in page and reverse("import_errors", args=[job.pk]) in page
    report = client.get(reverse("import_errors", args=[job.pk]))
    assert report["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[1:] == [["3", reason]]
    event = AccessEvent.objects.get(action="download", actor=worker)
    assert event.object_id == str(job.pk)


def test_the_error_report_neutralises_formulae(client_for, worker):
    job = ImportJob.objects.create(
        importer="beneficiaries",
        original_name="x.csv",
        unit=worker.unit,
        created_by=worker,
        status=ImportJob.Status.FAILED,
        errors=[[2, "=cmd|' /C calc'!A0"]],
    )
    report = client_for(worker).get(reverse("import_errors", args=[job.pk]))
    assert "'=cmd" in report.content.decode("utf-8-sig")


def test_a_worker_of_another_delegation_gets_404_on_the_job_and_its_report(
    client_for, worker, worker_rabat, private_media
):
    client_for(worker).post(reverse("import_new"), {"file": upload(HEADER + KHO_1)})
    job = ImportJob.objects.get()
    client = client_for(worker_rabat)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("import_errors", args=[job.pk])).status_code == 404
    assert job.original_name not in client.get(reverse("import_new")).content.decode()
    assert not AccessEvent.objects.filter(action="download").exists()


def test_a_user_without_the_right_to_add_files_cannot_import(client_for, centre_manager):
    client = client_for(centre_manager)
    assert client.get(reverse("import_new")).status_code == 403
    response = client.post(reverse("import_new"), {"file": upload(HEADER + KHO_1)})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("people.txt", b"a,b\n"), ("people.xlsx", b"a,b\n"), ("people.csv", b"PK\x03\x04zip")],
)
def test_an_upload_of_the_wrong_type_is_refused(client_for, worker, name, content):
    response = client_for(worker).post(
        reverse("import_new"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_an_xlsx_upload_is_imported(client_for, worker, private_media):
    data = xlsx_bytes(HEADER + KHO_1)
    client_for(worker).post(
        reverse("import_new"), {"file": SimpleUploadedFile("people.xlsx", data)}
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Beneficiary.objects.get().cin == "AB123456"


# The admin's Resources ------------------------------------------------------------------------


def test_the_admin_resource_imports_a_small_file_with_file_numbers(worker):
    report = run_import(
        BeneficiaryResource(user=worker), read_dataset((HEADER + KHO_1).encode(), "p.csv")
    )
    assert report.ok, report.errors
    person = Beneficiary.objects.get()
    assert person.file_number.startswith(f"KHO-{year()}-") and person.cin == "AB123456"
    assert {g.code for g in person.target_groups.all()} == {"women", "disability"}


def test_the_admin_resource_reports_the_same_bad_rows_and_writes_nothing(worker, english_messages):
    existing = BeneficiaryFactory(cin="EE111111")
    rows = [
        KHO_1,
        RAB_1,
        ",ليلى,,Leila,,F,,,EE111111,,,MA-KHO,,,,,,,,DP-MA-KHO,\n",
        "KHO-1,ليلى,,Leila,,F,,,,,,MA-KHO,,,,,,,,DP-MA-KHO,\n",
        ",ليلى,,Leila,,F,,,,,,MA-RAB,,,,,,,,DP-MA-KHO,\n",
    ]
    report = run_import(
        BeneficiaryResource(user=worker),
        read_dataset((HEADER + "".join(rows)).encode(), "p.csv"),
    )
    lines = sorted({line for line, _reason in report.errors})
    assert lines == [3, 4, 5, 6]
    reasons = dict(report.errors)
    assert f"Another file already has this CIN: {existing.file_number}." in reasons[4]
    assert "only creates new files" in reasons[5]
    assert "not covered" in reasons[6]
    assert Beneficiary.objects.count() == 1


def test_the_admin_sends_large_files_to_the_background_import(worker, english_messages):
    text = HEADER + KHO_2 * 2001
    report = run_import(BeneficiaryResource(user=worker), read_dataset(text.encode(), "p.csv"))
    [(line, reason)] = report.errors
    assert line is None and reason.startswith("This file has 2001 rows")
    assert not Beneficiary.objects.exists()


def test_cases_and_services_delivered_import_by_file_and_case_number(worker):
    person = BeneficiaryFactory()
    cases = (
        "file_number,channel,problems,risk,worker,opened_on,status,closure_reason,closed_on\n"
        f"{person.file_number},walk_in,violence|poverty,high,{worker.username},2026-01-05,"
        "open,,\n"
    )
    report = run_import(CaseFileResource(user=worker), read_dataset(cases.encode(), "c.csv"))
    assert report.ok, report.errors
    case = CaseFile.objects.get()
    assert case.number == f"{person.file_number}-1"
    assert (case.problems, case.delegation, case.worker) == (
        ["violence", "poverty"],
        person.delegation,
        worker,
    )
    services = (
        "case_number,date,service_code,centre_code,quantity,amount,notes,author\n"
        f"{case.number},2026-01-06,reception,,1,150.50,,\n"
    )
    report = run_import(
        ServiceDeliveryResource(user=worker), read_dataset(services.encode(), "s.csv")
    )
    assert report.ok, report.errors
    delivery = ServiceDelivery.objects.get()
    assert (delivery.case, delivery.author, str(delivery.amount)) == (case, worker, "150.50")


def test_a_case_of_a_person_out_of_scope_or_closed_without_reason_is_refused(
    worker, english_messages
):
    rabat = BeneficiaryFactory(rabat=True)
    mine = BeneficiaryFactory()
    cases = (
        "file_number,channel,problems,risk,status,closure_reason,closed_on\n"
        f"{rabat.file_number},walk_in,violence,low,open,,\n"
        f"{mine.file_number},walk_in,nothing,low,open,,\n"
        f"{mine.file_number},walk_in,,low,closed,,\n"
    )
    report = run_import(CaseFileResource(user=worker), read_dataset(cases.encode(), "c.csv"))
    assert sorted({line for line, _reason in report.errors}) == [2, 3, 4]
    assert not CaseFile.objects.exists()


# The admin ------------------------------------------------------------------------------------


def staff_of_rabat():
    staff = UserFactory(username="t-staff-rabat", rabat=True, role="delegate", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="beneficiaries",
            codename__in=["view_beneficiary", "export_beneficiary", "view_casefile"],
        )
    )
    return staff


def test_the_admin_export_of_beneficiaries_is_scoped_and_formula_safe(client_for):
    BeneficiaryFactory(first_name_lat="Khouribga", last_name_lat="Person")
    BeneficiaryFactory(rabat=True, first_name_lat='=HYPERLINK("http://x")', cin="AB1")
    staff = staff_of_rabat()
    client = client_for(staff)
    fields = {f"beneficiaryresource_{name}": "on" for name in bulk.COLUMNS}
    response = client.post(
        reverse("admin:beneficiaries_beneficiary_export"),
        {"format": "0", "resource": "0", **fields},
    )
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["first_name_lat"] for row in rows] == ['\'=HYPERLINK("http://x")']
    assert rows[0]["delegation_code"] == "DP-MA-RAB" and rows[0]["cin"] == "AB1"
    assert AccessEvent.objects.filter(actor=staff, action="export").exists()


def test_the_admin_lists_finds_and_records_reads_of_files_in_scope_only(client_for):
    kho = BeneficiaryFactory(first_name_lat="Khadija")
    rab = BeneficiaryFactory(rabat=True, first_name_lat="Rachida", cin="RB12345")
    client = client_for(staff_of_rabat())
    url = reverse("admin:beneficiaries_beneficiary_changelist")
    found = client.get(url, {"q": "rachida"}).context["cl"].result_list
    assert list(found) == [rab]
    assert list(client.get(url, {"q": "rb 12345"}).context["cl"].result_list) == [rab]
    assert list(client.get(url, {"q": rab.file_number}).context["cl"].result_list) == [rab]
    assert not client.get(url, {"q": "khadija"}).context["cl"].result_list
    response = client.get(reverse("admin:beneficiaries_beneficiary_change", args=[rab.pk]))
    assert response.status_code == 200
    assert AccessEvent.objects.filter(action="view", object_id=str(rab.pk)).exists()
    other = client.get(reverse("admin:beneficiaries_beneficiary_change", args=[kho.pk]))
    assert other.status_code == 404  # out of scope, like a missing file
    case = CaseFileFactory(beneficiary=rab, protection_details="secret")
    page = client.get(reverse("admin:beneficiaries_casefile_change", args=[case.pk]))
    assert page.status_code == 200 and "secret" not in page.content.decode()


@pytest.mark.parametrize(
    "model",
    [
        "beneficiary",
        "casefile",
        "servicedelivery",
        "referral",
        "note",
        "assessment",
        "plangoal",
        "followup",
        "mediation",
        "consent",
        "attachment",
    ],
)
def test_every_admin_list_of_people_s_files_opens(client_for, administrator, model):
    BeneficiaryFactory()
    client = client_for(administrator)
    assert client.get(reverse(f"admin:beneficiaries_{model}_changelist")).status_code == 200


def test_the_admin_import_and_export_pages_of_files_open(client_for, administrator):
    client = client_for(administrator)
    for name in ("beneficiary", "casefile", "servicedelivery"):
        assert client.get(reverse(f"admin:beneficiaries_{name}_import")).status_code == 200
        assert client.get(reverse(f"admin:beneficiaries_{name}_export")).status_code == 200
    person = BeneficiaryFactory()
    page = client.get(reverse("admin:beneficiaries_beneficiary_change", args=[person.pk]))
    assert page.status_code == 200


def test_the_admin_import_of_a_small_file_creates_the_files_after_confirmation(
    client_for, administrator
):
    upload = io.BytesIO((HEADER + KHO_1).encode("cp1256"))
    upload.name = "people.csv"
    client = client_for(administrator)
    response = client.post(
        reverse("admin:beneficiaries_beneficiary_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert not Beneficiary.objects.exists()  # the first step only checks
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:beneficiaries_beneficiary_process_import"), confirm)
    assert response.status_code == 302
    person = Beneficiary.objects.get()
    assert person.first_name_ar == "فاطمة" and person.created_by == administrator
    assert person.file_number.startswith(f"KHO-{year()}-")
    assert BeneficiaryResource._meta.force_init_instance


def test_a_job_that_stops_on_an_unexpected_error_is_marked_failed(
    client_for, worker, private_media, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk, "import_beneficiaries", broken)
    client_for(worker).post(reverse("import_new"), {"file": upload(HEADER + KHO_1)})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.finished_at
    [[line, _reason]] = job.errors
    assert line is None and not job.file
    assert not Beneficiary.objects.exists()
