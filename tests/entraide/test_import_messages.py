"""What an import says when a file has errors: in the page's language, in plain words, on the
line of the file (the header is line 1) and under the column's name as in the file; never a
Python class ("[<class 'decimal.ConversionSyntax'>]") nor import-export's untranslated English.
"""

import io
import re
from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beneficiaries import bulk
from centres.models import Centre
from centres.resources import CentreResource
from entraide.imports import read_dataset, run_import
from territory.resources import ProvinceResource

pytestmark = pytest.mark.django_db

HEADER = "code,name_ar,name_fr,type_code,delegation_code,province_code,status,latitude,longitude\n"
LINE_2 = "C-MSG-1,مركز واحد,Centre un,cas,DP-MA-KHO,MA-KHO,open,32.88,-6.90\n"
# A letter O typed for a zero: not a number.
LINE_3 = "C-MSG-2,مركز اثنان,Centre deux,cas,DP-MA-KHO,MA-KHO,open,3O.52,-6.91\n"
LINE_4 = "C-MSG-3,مركز ثلاثة,Centre trois,cas,DP-MA-KHO,MA-KHO,open,32.90,-6.92\n"

# import-export's own words, which have no Arabic translation: they must not reach the page.
PACKAGE_WORDS = [
    "Some rows failed to validate",
    "Please correct these errors",
    "Non field specific",
    "Value could not be parsed",
    "Line number",
    "This importer will import",
    "<class",
    "ConversionSyntax",
]


@pytest.fixture
def english_messages():
    with translation.override("en"):
        yield


def upload(text, name="centres.csv", encoding="utf-8-sig"):
    handle = io.BytesIO(text.encode(encoding))
    handle.name = name
    return handle


def reasons_table(body):
    """The rows (line, column, reason) of the admin's table of reasons, as a reader sees them."""
    section = body.split('data-testid="import-reasons"', 1)[1].split("</section>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]:
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        rows.append(tuple(unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells))
    return rows


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_administrator_who_uploads_a_bad_decimal_on_line_3_reads_why_in_their_language(
    client_for, administrator, language
):
    client = client_for(administrator)
    with translation.override(language):
        url = reverse("admin:centres_centre_import")
        expected = _("“%(value)s” is not a number.") % {"value": "3O.52"}
    response = client.post(
        url,
        {"import_file": upload(HEADER + LINE_2 + LINE_3 + LINE_4), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'lang="{language}"' in body
    reasons = reasons_table(body)
    assert ("3", "latitude", expected) in reasons
    assert {line for line, _column, _reason in reasons} == {"3"}
    for words in PACKAGE_WORDS:
        assert words not in body
    assert not response.context.get("confirm_form")
    assert not Centre.objects.filter(code__startswith="C-MSG").exists()


def test_the_confirmation_step_says_what_was_imported_in_the_page_language(
    client_for, administrator
):
    client = client_for(administrator)
    with translation.override("ar"):
        url = reverse("admin:centres_centre_import")
        process = reverse("admin:centres_centre_process_import")
        expected = _(
            "Import finished. New records: %(new)s; updated: %(updated)s; unchanged: %(unchanged)s."
        ) % {"new": 2, "updated": 0, "unchanged": 0}
        history = _("Added by the import of a file.")
    response = client.post(
        url, {"import_file": upload(HEADER + LINE_2 + LINE_4), "format": "0", "resource": "0"}
    )
    confirm = response.context["confirm_form"].initial
    response = client.post(process, confirm, follow=True)
    assert [str(m) for m in response.context["messages"]] == [expected]
    centres = Centre.objects.filter(code__startswith="C-MSG")
    assert centres.count() == 2
    # The centres' history in the admin, not "new through import_export".
    entries = LogEntry.objects.filter(object_id__in=[str(c.pk) for c in centres])
    assert [e.get_change_message() for e in entries] == [history, history]


def test_a_file_with_only_its_header_is_refused_in_the_page_language(client_for, administrator):
    with translation.override("ar"):
        url = reverse("admin:centres_centre_import")
        expected = _("The file has no line of data under its first line, which names the columns.")
    response = client_for(administrator).post(
        url, {"import_file": upload(HEADER), "format": "0", "resource": "0"}
    )
    assert response.context["form"].errors["import_file"] == [expected]
    assert "No valid data to import" not in response.content.decode()


def test_a_csv_file_sent_as_a_workbook_is_refused_in_plain_words(client_for, administrator):
    with translation.override("ar"):
        url = reverse("admin:centres_centre_import")
        expected = _(
            "The file could not be read: check that the format chosen is the file's (CSV or XLSX)."
        )
    response = client_for(administrator).post(
        url, {"import_file": upload(HEADER + LINE_2), "format": "1", "resource": "0"}
    )
    # Not import-export's "'BadZipFile' encountered while trying to read file".
    assert response.context["form"].errors["import_file"] == [expected]


def test_a_file_without_its_key_column_says_which_column_is_missing(english_messages):
    text = "name_ar,name_fr,type_code,delegation_code,province_code,status\n"
    report = run_import(CentreResource(), read_dataset(text.encode(), "centres.csv"))
    assert report.errors == [(None, "The file has no column code: its first line must name it.")]


def test_a_date_that_cannot_be_read_says_how_to_write_one(english_messages):
    text = "code,name_ar,name_fr,type_code,delegation_code,province_code,status,status_date\n"
    text += "C-MSG-9,مركز,Centre,cas,DP-MA-KHO,MA-KHO,open,31/02/2026\n"
    report = run_import(CentreResource(), read_dataset(text.encode(), "centres.csv"))
    assert report.errors == [
        (2, "status_date: “31/02/2026” is not a date: write it as 2026-03-31.")
    ]


def test_an_unknown_code_in_a_plain_lookup_column_is_named_not_a_python_exception(
    english_messages,
):
    text = "code,region_code,kind,name_fr,name_ar\nMA-NEW,MA-99,province,Nouvelle,جديدة\n"
    report = run_import(ProvinceResource(), read_dataset(text.encode(), "provinces.csv"))
    assert report.errors == [(2, "region_code: No region with code “MA-99”.")]


def test_the_portals_import_of_people_names_an_open_quotation_mark_not_pythons_words(
    english_messages,
):
    text = bulk.COLUMNS[0] + ",sex,province_code\n,F,MA-KHO\n" + ',"F' + "x" * 140_000 + "\n"
    report = bulk.import_beneficiaries(io.BytesIO(text.encode()), "people.csv")
    [reason] = [reason for line, reason in report.errors if line is None]
    assert reason.startswith("Line 3 cannot be read: a quotation mark")
    assert "field limit" not in reason
