"""Numbers written by one set of functions and filters (entraide.numbers, the portal's filters):
grouped in the page's language, the currency after the figure in both, "%" right after it, a
true minus sign; each figure isolated so that in Arabic "a year earlier" and "change" never run
together; the same strings in the page and the PDF; spreadsheets that hold numbers and dates."""

import datetime
import io
import re
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from entraide import exports, numbers
from partnerships.models import Tranche
from reports import documents
from reports.periods import Period
from tests.factories import CentreFactory, ConventionFactory, MonthlyActivityFactory, unit

pytestmark = pytest.mark.django_db

D = datetime.date
NBSP = "\xa0"
LRI, PDI = "\u2066", "\u2069"  # the left-to-right isolate around a signed figure
OCTOBER = "2025-10"


def render(template, language, **context):
    with translation.override(language):
        return Template("{% load i18n portal %}" + template).render(Context(context))


# The functions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "count", "amount", "currency"),
    [
        ("ar", "1.250.000", "1.250.000,50", "درهم"),
        ("fr", f"1{NBSP}250{NBSP}000", f"1{NBSP}250{NBSP}000,50", "DH"),
    ],
)
def test_counts_group_thousands_and_amounts_put_the_currency_after_the_figure(
    language, count, amount, currency
):
    with translation.override(language):
        assert numbers.number(1250000) == count
        assert numbers.number(999) == "999"
        assert numbers.dirhams(Decimal("1250000.5")) == f"{amount}{NBSP}{currency}"
        assert numbers.dirhams("1250000.499") == f"{amount}{NBSP}{currency}"
        assert numbers.dirhams(Decimal("0.005")) == f"0,01{NBSP}{currency}"
        assert numbers.dirhams(None) == numbers.dirhams("") == numbers.dirhams("abc") == ""


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_mark_keeps_the_decimals_the_data_has(language):
    with translation.override(language):
        assert numbers.number(Decimal("14.50")) == "14,50"
        assert numbers.number(Decimal("14")) == "14"
        assert numbers.number("8.25") == "8,25"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_percentage_puts_its_sign_right_after_the_figure_in_both_languages(language):
    with translation.override(language):
        assert numbers.percent(45) == "45%"
        assert numbers.percent(Decimal("12.5")) == "12,5%"
        assert numbers.percent(Decimal("12.46"), places=1) == "12,5%"
        assert numbers.percent_of(38, 40) == 95
        assert numbers.percent_of(1, 8) == 13  # 12.5 rounds half up
        assert numbers.percent_of(5, 0) is None and numbers.percent_of(5, None) is None


@pytest.mark.parametrize(("language", "thousands"), [("ar", "."), ("fr", NBSP)])
def test_a_change_carries_a_plus_or_a_true_minus(language, thousands):
    with translation.override(language):
        assert numbers.change(12) == f"{LRI}+12{PDI}"
        assert numbers.change(-1250) == f"{LRI}\u22121{thousands}250{PDI}"
        assert numbers.change(0) == "0"
        assert numbers.number(-3) == f"{LRI}\u22123{PDI}"
        assert "-" not in numbers.change(-3)
        currency = numbers.currency()
        assert numbers.change(Decimal("-249999.5"), money=True) == (
            f"{LRI}\u2212249{thousands}999,50{PDI}{NBSP}{currency}"
        )
        assert numbers.change(Decimal("10"), money=True) == f"{LRI}+10,00{PDI}{NBSP}{currency}"
        # Nothing left after rounding: no sign, and never "−0,00".
        assert numbers.change(Decimal("-0.001"), money=True) == f"0,00{NBSP}{currency}"


# The filters ---------------------------------------------------------------------------------


def test_the_filters_isolate_each_figure_and_a_signed_one_left_to_right():
    assert render("{{ n|number }}", "ar", n=1250) == '<bdi dir="ltr">1.250</bdi>'
    assert render("{{ n|percent }}", "ar", n=45) == '<bdi dir="ltr">45%</bdi>'
    assert render("{{ n|change }}", "ar", n=-3) == f'<bdi dir="ltr">{LRI}\u22123{PDI}</bdi>'
    # An amount takes the direction of its currency: after the figure in Arabic as in French.
    assert render("{{ n|dirhams }}", "ar", n=Decimal("1250")) == f"<bdi>1.250,00{NBSP}درهم</bdi>"
    assert render("{{ n|dirhams }}", "fr", n=Decimal("1250")) == f"<bdi>1{NBSP}250,00{NBSP}DH</bdi>"
    # A signed amount: the figure and its sign left to right, the currency still after it.
    assert render("{{ n|change:True }}", "ar", n=Decimal("-1250")) == (
        f"<bdi>{LRI}\u22121.250,00{PDI}{NBSP}درهم</bdi>"
    )
    assert render("{{ n|number }}{{ n|dirhams }}", "ar", n=None) == ""


def test_a_counted_message_shows_the_grouped_figure_and_keeps_its_msgid():
    template = (
        "{% blocktranslate count n=total with counter=total|number trimmed %}"
        "{{ counter }} centre{% plural %}{{ counter }} centres{% endblocktranslate %}"
    )
    assert render(template, "fr", total=1250) == f'<bdi dir="ltr">1{NBSP}250</bdi> centres'
    assert render(template, "fr", total=1) == '<bdi dir="ltr">1</bdi> centre'
    with translation.override("ar"):
        arabic = translation.ngettext("%(counter)s centre", "%(counter)s centres", 1250)
    assert arabic != "%(counter)s centres"  # the catalogue still translates it
    assert render(template, "ar", total=1250) == arabic % {"counter": '<bdi dir="ltr">1.250</bdi>'}


# The report: a year earlier and the change, in Arabic ---------------------------------------


@pytest.fixture
def compared(delegate):
    """Khouribga in October 2025 and a year earlier: fewer people in centres, and less money."""
    centre = CentreFactory(code="C-NUM-1")
    for month, people in ((D(2024, 10, 1), 1250), (D(2025, 10, 1), 30)):
        MonthlyActivityFactory(
            centre=centre,
            month=month,
            people_served=people,
            status="validated",
            validated_at=timezone.now(),
            validated_by=delegate,
        )
    convention = ConventionFactory(
        in_force=True,
        start_date=D(2024, 1, 1),
        signed_on=D(2023, 12, 20),
        en_contribution=Decimal("3000000"),
    )
    for number, amount, day in (
        (1, "1250000", D(2024, 10, 15)),
        (2, "1000000.50", D(2025, 10, 15)),
    ):
        Tranche.objects.create(
            convention=convention, number=number, planned_amount=Decimal(amount), planned_date=day
        )


def cells(html, indicator):
    row = re.search(rf'<tr data-indicator="{indicator}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<td([^>]*)>(.*?)</td>", row, re.S)


def test_the_arabic_summary_isolates_a_year_earlier_and_the_signed_change(
    client_for, delegate, compared
):
    with translation.override("ar"):
        url = reverse("reports:unit", args=["DP-MA-KHO"])
    html = client_for(delegate).get(url, {"period": OCTOBER}).content.decode()

    people = cells(html, "people_in_centres")
    assert [content for _attributes, content in people] == [
        '<bdi dir="ltr">30</bdi>',
        '<bdi dir="ltr">1.250</bdi>',
        f'<bdi dir="ltr">{LRI}\u22121.220{PDI}</bdi>',
    ]
    money = cells(html, "subsidies_committed")
    assert [content for _attributes, content in money] == [
        f"<bdi>1.000.000,50{NBSP}درهم</bdi>",
        f"<bdi>1.250.000,00{NBSP}درهم</bdi>",
        f"<bdi>{LRI}\u2212249.999,50{PDI}{NBSP}درهم</bdi>",
    ]
    # Every cell in the page's direction: a left-to-right cell would align its figure against
    # the next one and put "درهم" on the other side.
    assert [attributes for attributes, _content in people + money] == [' class="num"'] * 6


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils
        check=True,
        capture_output=True,
    ).stdout.decode()


# pdftotext marks the direction of each run and reads a no-break space as a space, and may put
# the space between an Arabic word and a figure on the other side: compared without either.
MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069"))


def squeezed(text):
    return "".join(text.translate(MARKS).split())


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_page_and_the_pdf_write_the_same_amounts(
    client_for, delegate, compared, tmp_path, language
):
    with translation.override(language):
        url = reverse("reports:unit", args=["DP-MA-KHO"])
        figures = [
            numbers.dirhams(Decimal("1000000.50")),
            numbers.dirhams(Decimal("1250000")),
            numbers.change(Decimal("-249999.50"), money=True),
            numbers.change(-1220),
        ]
    page = strip_tags(client_for(delegate).get(url, {"period": OCTOBER}).content.decode())
    text = pdf_text(documents.render(unit("DP-MA-KHO"), Period.parse(OCTOBER), language), tmp_path)

    for figure in figures:
        assert figure in page
        assert squeezed(figure) in squeezed(text), figure


# Spreadsheets --------------------------------------------------------------------------------


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_report_summary_in_xlsx_holds_numbers_with_the_page_formats(
    client_for, delegate, compared
):
    with translation.override("ar"):
        url = reverse("reports:table", args=["DP-MA-KHO", "summary", "xlsx"])
    sheet = workbook(client_for(delegate).get(url, {"period": OCTOBER}))
    rows = {row[0].value: row[1:] for row in sheet.iter_rows(min_row=2)}
    with translation.override("ar"):
        labels = documents.indicator_labels()

    value, before, change = rows[labels["people_in_centres"]]
    assert (value.value, before.value, change.value) == (30, 1250, -1220)
    assert value.number_format == before.number_format == exports.COUNT == "#,##0"
    assert change.number_format == exports.SIGNED_COUNT
    value, before, change = rows[labels["subsidies_committed"]]
    assert (value.value, before.value) == (1000000.5, 1250000)
    assert change.value == -249999.5
    assert value.number_format == exports.DECIMAL == "#,##0.00"
    assert change.number_format == exports.SIGNED_DECIMAL


def test_the_report_summary_in_csv_stays_machine_readable(client_for, delegate, compared):
    with translation.override("fr"):
        url = reverse("reports:table", args=["DP-MA-KHO", "summary", "csv"])
    text = client_for(delegate).get(url, {"period": OCTOBER}).content.decode("utf-8-sig")
    # A negative number is no formula: no quote before its minus, no grouping, a point.
    assert ",30,1250,-1220\r\n" in text
    assert ",1000000.50,1250000.00,-249999.50\r\n" in text


def test_conventions_in_xlsx_hold_dates_and_amounts(client_for, partnership_officer):
    ConventionFactory(reference="CONV-NUM-1", start_date=D(2026, 3, 1))
    sheet = workbook(client_for(partnership_officer).get(reverse("partnerships:conventions_xlsx")))
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert row["reference"].value == "CONV-NUM-1"
    assert row["start"].is_date and row["start"].value.date() == D(2026, 3, 1)
    assert row["start"].number_format == exports.DATE == "dd/mm/yyyy"
    assert row["en_contribution"].value == 500000
    assert row["en_contribution"].number_format == "#,##0.00"


def test_a_percentage_is_written_as_its_fraction():
    rows = [("occupancy", exports.Cell(Decimal("0.95"), exports.PERCENT), D(2025, 10, 31))]
    sheet = workbook(exports.xlsx_response("t.xlsx", ["what", "share", "day"], rows))
    share, day = sheet["B2"], sheet["C2"]
    assert (share.value, share.number_format) == (0.95, "0%")
    assert day.is_date and (day.value.date(), day.number_format) == (D(2025, 10, 31), "dd/mm/yyyy")
    text = exports.csv_response("t.csv", ["what", "share", "day"], rows).content.decode("utf-8-sig")
    assert text.splitlines()[1] == "occupancy,0.95,2025-10-31"
