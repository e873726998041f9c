"""One import kit under both import paths: the admin's Resources (entraide.imports) and the
streaming bulk import of people (beneficiaries.bulk) read a file by the same rules (encoding,
separator, lines, formula escaping) and report a bad row in the same shape and words."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from beneficiaries import bulk
from beneficiaries.models import Beneficiary
from beneficiaries.resources import BeneficiaryResource
from centres.models import Centre
from centres.resources import CentreResource
from entraide.exports import safe_cell
from entraide.imports import (
    BadRow,
    FileError,
    csv_delimiter,
    data_lines,
    read_dataset,
    run_import,
    text_encoding_and_lines,
    unquote,
)

pytestmark = pytest.mark.django_db

# Excel in French settings: semicolons, and a Windows-1256 file from an older Arabic tool. The
# address and the commune start with characters a spreadsheet would run as a formula: the
# portal's exports protect them with an apostrophe, which an import takes off.
PEOPLE = (
    "first_name_ar;last_name_ar;first_name_lat;sex;address;commune;province_code;"
    "delegation_code\n"
    "فاطمة;العلوي;Fatima;F;'=2 زنقة الحسن;'-Oued Zem;MA-KHO;DP-MA-KHO\n"
)


@pytest.fixture
def english_messages():
    with translation.override("en"):
        yield


def xlsx_bytes(text, delimiter=","):
    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        book.active.append([cell or None for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("اسم\n".encode("utf-8-sig"), "utf-8-sig"),
        ("اسم\n".encode(), "utf-8-sig"),
        ("اسم\n".encode("cp1256"), "cp1256"),
    ],
)
def test_a_text_file_is_utf8_with_or_without_its_mark_else_windows_1256(data, encoding):
    handle = io.BytesIO(data + b"x")
    assert text_encoding_and_lines(handle) == (encoding, 2)
    assert handle.tell() == 0


@pytest.mark.parametrize(
    ("first_line", "delimiter"),
    [("code,name", ","), ("code;name;position", ";"), ("code\tname", "\t"), ("code", ",")],
)
def test_the_separator_is_the_one_the_columns_names_use(first_line, delimiter):
    assert csv_delimiter(first_line) == delimiter


def test_formula_escaping_is_undone_only_where_an_export_put_it():
    for text in ["=1+1", "+212612345678", "-5", "@x", "plain", "'quoted'", ""]:
        assert unquote(safe_cell(text)) == text
    assert unquote("'plain") == "'plain"


def test_blank_rows_are_skipped_but_keep_their_line():
    rows = [["a", "b"], ["", " "], [None, None], ["c", ""]]
    assert list(data_lines(rows)) == [(2, ["a", "b"]), (5, ["c", ""])]


def test_a_bad_row_says_its_line_then_its_column_and_reason():
    assert BadRow.at(3, "No such code.", "province_code") == (3, "province_code: No such code.")
    assert BadRow.at(None, "The file is empty.") == (None, "The file is empty.")


# Both paths -----------------------------------------------------------------------------------


def test_a_semicolon_windows_1256_file_reads_the_same_through_both_paths():
    data = PEOPLE.encode("cp1256")
    columns, _estimate, records = bulk.read_rows(io.BytesIO(data), "people.csv")
    [(line, streamed)] = list(records)

    dataset = read_dataset(data, "people.csv")
    assert dataset.headers == columns
    assert dataset.file_lines == [line] == [2]
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    BeneficiaryResource().before_import_row(row)
    assert row == streamed
    assert (row["address"], row["commune"]) == ("=2 زنقة الحسن", "-Oued Zem")


def test_both_paths_file_the_same_person_from_the_same_semicolon_file(central):
    data = PEOPLE.encode("cp1256")
    report = run_import(
        BeneficiaryResource(user=central), read_dataset(data, "people.csv"), actor=central
    )
    assert report.ok, report.errors
    report = bulk.import_beneficiaries(io.BytesIO(data), "people.csv", actor=central)
    assert report.ok, report.errors

    fields = ["first_name_ar", "last_name_ar", "first_name_lat", "sex", "address", "commune"]
    admin, streamed = Beneficiary.objects.order_by("pk").values(*fields)
    assert admin == streamed
    assert admin["address"] == "=2 زنقة الحسن" and admin["commune"] == "-Oued Zem"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_bad_row_is_reported_on_the_same_line_with_the_same_words_on_both_paths(
    central, english_messages, suffix
):
    text = (
        "first_name_ar;sex;province_code;delegation_code\n"
        "فاطمة;F;MA-KHO;DP-MA-KHO\n"
        ";;;\n"  # a blank row: skipped, but the lines below keep their number
        "محمد;M;MA-NOPE;DP-MA-KHO\n"
    )
    data = xlsx_bytes(text, delimiter=";") if suffix == "xlsx" else text.encode("utf-8-sig")
    name = f"people.{suffix}"

    admin = run_import(BeneficiaryResource(user=central), read_dataset(data, name))
    streamed = bulk.import_beneficiaries(io.BytesIO(data), name, actor=central)

    expected = [(4, "province_code: No province or prefecture with code “MA-NOPE”.")]
    assert admin.errors == streamed.errors == expected
    assert all(isinstance(error, BadRow) for error in admin.errors + streamed.errors)
    assert not Beneficiary.objects.exists()


def test_the_admin_imports_a_semicolon_csv_as_excel_writes_it_in_french(client_for, administrator):
    text = (
        "code;name_ar;name_fr;type_code;delegation_code;province_code;status\n"
        "C-KIT-1;مركز الأمل;Centre Al Amal;cas;DP-MA-KHO;MA-KHO;open\n"
    )
    report = run_import(CentreResource(), read_dataset(text.encode("cp1256"), "centres.csv"))
    assert report.ok, report.errors
    assert Centre.objects.get(code="C-KIT-1").name_ar == "مركز الأمل"

    # And on the admin's page, where the file is uploaded.
    upload = io.BytesIO(text.replace("C-KIT-1", "C-KIT-2").encode("utf-8-sig"))
    upload.name = "centres.csv"
    response = client_for(administrator).post(
        reverse("admin:centres_centre_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert response.context.get("confirm_form"), response.context["form"].errors


def test_a_file_that_cannot_be_read_is_refused_in_the_same_words_on_both_paths(english_messages):
    text = "first_name_ar,sex,province_code\nفاطمة,F,MA-KHO\n" + ',"F' + "x" * 140_000 + "\n"
    with pytest.raises(FileError) as refused:
        read_dataset(text.encode(), "people.csv")
    report = bulk.import_beneficiaries(io.BytesIO(text.encode()), "people.csv")
    assert [error for error in report.errors if error.line is None] == [(None, str(refused.value))]
    assert str(refused.value).startswith("Line 3 cannot be read: a quotation mark")
