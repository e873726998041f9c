"""Activity reports in a real browser, in Arabic (right to left) and French (left to right):
the delegate's dashboard on the home page; a delegation's monthly report from its unit page,
its summary as CSV and its PDF read back; the nation's annual report generated as a task
while its progress bar is watched; and who may open which unit's report and comparison."""

import csv
import datetime
import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from playwright.sync_api import expect

from beneficiaries.models import CaseFile, FollowUp, Referral, ServiceDelivery
from centres.models import Centre, Service, TargetGroup
from entraide import numbers
from entraide.models import GeneratedReport, User
from reports.documents import indicator_labels
from reports.figures import INDICATORS, MONEY, SCALARS, subtree, unit_figures
from reports.periods import Period
from territory.models import OrgUnit
from tests.factories import BeneficiaryFactory, CaseFileFactory, CentreFactory, unit

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])

KHOURIBGA = "DP-MA-KHO"
RABAT = "DP-MA-RAB"
COORDINATION = "CR-MA-05"  # Béni Mellal-Khénifra: the coordinator's region, Khouribga's
NATION = "EN"
PDF_TIMEOUT = 60_000  # ms: a national year, rendered by the task backend


def expect_language(page, lang, direction):
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def translated(lang, text, **params):
    """A message (a msgid or a lazy label) in that language, with its parameters."""
    with translation.override(lang):
        text = str(text) if isinstance(text, Promise) else translation.gettext(text)
    return text % params if params else text


def money(lang, amount):
    """An amount as the pages write it in that language."""
    with translation.override(lang):
        return numbers.dirhams(Decimal(amount))


def labels(lang):
    with translation.override(lang):
        return {name: str(label) for name, label in indicator_labels().items()}


def unit_name(code, lang):
    with translation.override(lang):
        return OrgUnit.objects.get(code=code).name


def period_label(period, lang):
    with translation.override(lang):
        return period.label


def shown(lang, name, value):
    """A figure as a table cell shows it: amounts in dirhams, counts grouped."""
    if name in MONEY:
        return money(lang, value)
    with translation.override(lang):
        return numbers.number(value)


def shown_change(lang, name, change):
    """A change with its sign ("+12", "−3"), in dirhams for an amount."""
    with translation.override(lang):
        return numbers.change(change, money=name in MONEY)


# How far each bar of a chart starts from the inline start of its drawing, in px: the left
# edge in French, the right edge in Arabic.
BAR_STARTS = """(svgs, rtl) => svgs.map(svg => {
    const box = svg.getBoundingClientRect();
    const bar = svg.querySelector("rect.chart-now").getBoundingClientRect();
    return Math.round(rtl ? box.right - bar.right : bar.left - box.left);
})"""


def last_month(today):
    day = today.replace(day=1) - datetime.timedelta(days=1)
    return Period("month", day.year, day.month)


def sign_out(page):
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def pdf_text(path):
    return subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    ).stdout


BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069"))


def summary_rows(text, title):
    """The numbers of each line of the PDF's summary that holds three counts, in order."""
    lines = text.translate(BIDI).splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    rows = []
    for line in lines[start + 1 :]:
        figures = re.findall(r"(?<![\w.,])[+\u2212-]?\d+(?![\w.,])", line)
        if len(figures) == 3:
            rows.append(sorted(figures))
    return rows


def casework(month):
    """Khouribga's case work in the month starting on `month`, beside what must not count:
    a person with two cases (one person), a case opened and closed, a case in Rabat.
    Known figures: 2 people with a case file, 3 new cases, 1 closed, 2 referrals made and
    1 completed, 3 services delivered, 1 follow-up overdue."""
    worker = User.objects.get(username="worker")
    day = month.replace
    women = TargetGroup.objects.get(code="women")
    children = TargetGroup.objects.get(code="children")
    amina = BeneficiaryFactory(sex="F", birth_date=datetime.date(1990, 3, 1))
    amina.target_groups.add(women)
    yassine = BeneficiaryFactory(sex="M", birth_date=datetime.date(2015, 6, 1))
    yassine.target_groups.add(children)
    first = CaseFileFactory(beneficiary=amina, opened_on=day(day=3))
    CaseFileFactory(beneficiary=amina, opened_on=day(day=10))
    closed = CaseFileFactory(
        beneficiary=yassine,
        opened_on=day(day=5),
        closed_on=day(day=20),
        status=CaseFile.Status.CLOSED,
        closure_reason="resolved",
    )
    CaseFileFactory(beneficiary=BeneficiaryFactory(rabat=True), opened_on=day(day=4))

    def entry(model, case, date, **fields):
        return model.objects.create(case=case, date=day(day=date), author=worker, **fields)

    for date, completed in ((12, day(day=25)), (14, None)):
        entry(
            Referral,
            first,
            date,
            target_kind="institution",
            organisation="Hôpital provincial",
            reason="Soins",
            state="completed" if completed else "sent",
            completed_on=completed,
        )
    reception = Service.objects.get(code="reception")
    orientation = Service.objects.get(code="orientation")
    entry(ServiceDelivery, first, 3, service=reception)
    entry(ServiceDelivery, closed, 6, service=reception)
    entry(ServiceDelivery, first, 7, service=orientation)
    entry(FollowUp, first, 4, notes="Visite à domicile", next_date=day(day=15))
    entry(FollowUp, closed, 6, notes="Visite", next_date=day(day=10))  # its case is closed


KNOWN = {
    "people_with_case": 2,
    "cases_new": 3,
    "cases_closed": 1,
    "referrals_made": 2,
    "referrals_completed": 1,
    "services_delivered": 3,
    "follow_ups_overdue": 1,
}


@LANGUAGES
def test_the_delegates_home_page_shows_the_figures_of_the_month_and_the_year(
    page, portal, sign_in, lang, direction
):
    today = timezone.localdate()
    month, year = Period.current("month", today), Period.current("year", today)
    # A closed centre beside the demo's open ones, and two new cases this month (one in Rabat).
    CentreFactory(code="C-E2E-CLOSED", status=Centre.Status.CLOSED)
    CaseFileFactory(opened_on=today)
    CaseFileFactory(opened_on=today)
    CaseFileFactory(beneficiary=BeneficiaryFactory(rabat=True), opened_on=today)
    open_centres = Centre.objects.filter(
        delegation__code=KHOURIBGA, status=Centre.Status.OPEN
    ).count()
    assert open_centres > 0
    units = subtree(unit(KHOURIBGA))
    expected = {
        name: (
            SCALARS[name](units, month.start, month.end, today),
            SCALARS[name](units, year.start, year.end, today),
        )
        for name in INDICATORS
    }
    assert expected["centres_open"] == (open_centres, open_centres)
    assert expected["cases_new"][0] == 2

    sign_in("delegate", lang)
    page.goto(f"{portal}/{lang}/")
    expect_language(page, lang, direction)
    dashboard = page.get_by_test_id("dashboard")
    expect(dashboard).to_be_visible()
    expect(dashboard.locator("h2")).to_have_text(
        translated(lang, "The figures of %(unit)s", unit=unit_name(KHOURIBGA, lang))
    )
    table = dashboard.get_by_test_id("dashboard-figures")
    expect(table.locator("thead th")).to_have_text(
        [
            translated(lang, "Indicator"),
            period_label(month, lang),
            period_label(year, lang),
        ]
    )
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(INDICATORS))
    names = labels(lang)
    for index, name in enumerate(INDICATORS):
        row = rows.nth(index)
        expect(row).to_have_attribute("data-indicator", name)
        expect(row.locator("th")).to_have_text(names[name])
        expect(row.locator("td")).to_have_text(
            [shown(lang, name, value) for value in expected[name]]
        )

    # The chart of the year's figures (templates/components/chart.html): each count with its
    # label and value, its bar growing from the page's inline start.
    chart = dashboard.get_by_test_id("figures-chart")
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(translated(lang, "This year's figures"))
    counted = [name for name in INDICATORS if name not in MONEY]
    expect(chart.locator(".chart-label")).to_have_text([names[name] for name in counted])
    expect(chart.locator(".chart-value")).to_have_text(
        [shown(lang, name, expected[name][1]) for name in counted]
    )
    expect(chart.locator("svg.chart-bar rect.chart-now")).to_have_count(len(counted))
    starts = chart.locator("svg.chart-bar").evaluate_all(BAR_STARTS, direction == "rtl")

    # The number of open centres leads to the list of the open centres.
    table.locator("tr[data-indicator=centres_open] td[data-period=month] a").click()
    expect(page).to_have_url(f"{portal}/{lang}/centres/?status=open")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("centre-filters").locator("[name=status]")).to_have_value("open")
    listed = page.get_by_test_id("centre-list").locator("tbody tr")
    expect(listed).to_have_count(open_centres)
    expect(listed.locator(".badge.status-open")).to_have_count(open_centres)
    expect(page.get_by_test_id("centre-list")).not_to_contain_text("C-E2E-CLOSED")

    assert starts == [0] * len(counted), f"bars not drawn from the inline start: {starts}"


@LANGUAGES
def test_a_delegations_monthly_report_its_csv_and_its_pdf(
    page, portal, sign_in, tmp_path, lang, direction
):
    period = last_month(timezone.localdate())
    casework(period.start)
    delegation = unit(KHOURIBGA)
    with translation.override(lang):
        now = unit_figures(delegation, period)
        before = unit_figures(delegation, period.year_before())
    for name, value in KNOWN.items():
        assert now[name] == value, name
    names = labels(lang)

    sign_in("delegate", lang)
    page.goto(f"{portal}/{lang}/units/{KHOURIBGA}/")
    expect_language(page, lang, direction)
    page.get_by_test_id("activity-report").click()
    expect(page).to_have_url(f"{portal}/{lang}/reports/{KHOURIBGA}/")
    expect_language(page, lang, direction)

    form = page.get_by_test_id("period-form")
    form.locator("select[name=kind]").select_option("month")
    form.locator("select[name=month]").select_option(str(period.number))
    form.locator("select[name=year]").select_option(str(period.year))
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{portal}/{lang}/reports/{KHOURIBGA}/?period={period}")
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(
            lang,
            "Activity report: %(unit)s, %(period)s",
            unit=unit_name(KHOURIBGA, lang),
            period=period_label(period, lang),
        )
    )
    expect(form.locator("select[name=kind]")).to_have_value("month")
    expect(form.locator("select[name=month]")).to_have_value(str(period.number))
    expect(form.locator("select[name=year]")).to_have_value(str(period.year))

    summary = page.get_by_test_id("report-summary")
    expect(summary.locator("thead th")).to_have_text(
        [
            translated(lang, "Indicator"),
            period_label(period, lang),
            translated(lang, "A year earlier"),
            translated(lang, "Change"),
        ]
    )
    rows = summary.locator("tbody tr")
    expect(rows).to_have_count(len(INDICATORS))
    for index, name in enumerate(INDICATORS):
        row = rows.nth(index)
        expect(row).to_have_attribute("data-indicator", name)
        expect(row.locator("th")).to_have_text(names[name])
        expect(row.locator("td")).to_have_text(
            [
                shown(lang, name, now[name]),
                shown(lang, name, before[name]),
                shown_change(lang, name, now[name] - before[name]),
            ]
        )

    # The summary as CSV: the same figures, labelled in the page's language.
    with page.expect_download() as info:
        page.locator(f"a[href='/{lang}/reports/{KHOURIBGA}/summary.csv?period={period}']").click()
    download = info.value
    assert download.suggested_filename == f"{KHOURIBGA}-{period}-summary.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["indicator", "value", "year_before", "change"]
    assert table[1:] == [
        [names[name], str(now[name]), str(before[name]), str(now[name] - before[name])]
        for name in INDICATORS
    ]

    # The PDF in the page's language: generated at once for a delegation's month.
    page.get_by_test_id(f"generate-{lang}").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/{lang}/reports/generated/\d+/$"))
    expect_language(page, lang, direction)
    job = page.get_by_test_id("report-job")
    expect(job.locator("h2")).to_have_text(translated(lang, GeneratedReport.Status.DONE.label))
    expect(job.get_by_test_id("report-progress")).to_have_attribute("value", "100")
    report = GeneratedReport.objects.get()
    assert (report.unit.code, report.period, report.language) == (KHOURIBGA, str(period), lang)
    assert report.created_by.username == "delegate"

    link = job.get_by_test_id("download-report")
    expect(link).to_have_text(translated(lang, "Download the PDF"))
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{KHOURIBGA}-{period}-{lang}.pdf"
    path = tmp_path / "report.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    # The letterhead names the unit in both scripts.
    assert delegation.name_ar in text
    assert delegation.name_fr in text
    assert names["people_with_case"] in text
    # The summary's rows in order: each count with the year before and the change on its line
    # (compared as sets of numbers: the columns run the other way in Arabic).
    counts = [name for name in INDICATORS if name not in MONEY]
    assert summary_rows(text, translated(lang, "Summary"))[: len(counts)] == [
        sorted(
            [
                str(now[name]),
                str(before[name]),
                shown_change(lang, name, now[name] - before[name]).translate(BIDI),
            ]
        )
        for name in counts
    ]
    for name in INDICATORS:
        if name in MONEY:
            with translation.override(lang):
                figure = formats.number_format(now[name], 2, use_l10n=True, force_grouping=True)
            assert figure in text, name


@LANGUAGES
def test_the_nations_annual_report_runs_as_a_task_with_its_progress(
    page, portal, sign_in, tmp_path, lang, direction
):
    year = Period("year", timezone.localdate().year - 1)
    nation = unit(NATION)

    sign_in("central", lang)
    page.goto(f"{portal}/{lang}/reports/{NATION}/?period={year}")
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(
            lang,
            "Activity report: %(unit)s, %(period)s",
            unit=unit_name(NATION, lang),
            period=str(year),
        )
    )
    expect(page.get_by_test_id("compare-link")).to_be_visible()
    page.get_by_test_id(f"generate-{lang}").click()
    expect(page).to_have_url(
        re.compile(rf"^{re.escape(portal)}/{lang}/reports/generated/\d+/$"), timeout=PDF_TIMEOUT
    )
    expect_language(page, lang, direction)
    job = page.get_by_test_id("report-job")
    expect(job.get_by_test_id("report-progress")).to_be_visible()
    # The page refreshes itself until the report is finished (at once with the test backend).
    expect(job.locator("h2")).to_have_text(
        translated(lang, GeneratedReport.Status.DONE.label), timeout=PDF_TIMEOUT
    )
    expect(job.get_by_test_id("report-progress")).to_have_attribute("value", "100")
    expect(page.locator("meta[http-equiv=refresh]")).to_have_count(0)
    report = GeneratedReport.objects.get()
    assert (report.unit, report.period, report.language) == (nation, str(year), lang)
    assert report.status == GeneratedReport.Status.DONE
    assert report.created_by.username == "central"

    href = job.get_by_test_id("download-report").get_attribute("href")
    assert href == f"/{lang}/reports/generated/{report.pk}/download/"
    response = page.request.get(f"{portal}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f"{NATION}-{year}-{lang}.pdf" in response.headers["content-disposition"]
    path = tmp_path / "nation.pdf"
    path.write_bytes(response.body())
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    assert nation.name_ar in text
    assert nation.name_fr in text
    assert translated(lang, "People with a case file") in text


@LANGUAGES
def test_reports_are_scoped_and_a_region_compares_its_delegations(
    page, portal, sign_in, lang, direction
):
    # Rabat's social worker: Khouribga's report does not exist for them.
    sign_in("worker2", lang)
    response = page.goto(f"{portal}/{lang}/reports/{KHOURIBGA}/")
    assert response.status == 404
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(translated(lang, "Page not found"))
    expect(page.locator("main")).not_to_contain_text(unit_name(KHOURIBGA, lang))
    response = page.goto(f"{portal}/{lang}/reports/{COORDINATION}/compare/")
    assert response.status == 404
    sign_out(page)

    # The coordinator sets the region's five delegations side by side, and not Rabat.
    region = unit(COORDINATION)
    delegations = list(
        OrgUnit.objects.filter(path__startswith=region.path, kind=OrgUnit.Kind.DELEGATION).order_by(
            "code"
        )
    )
    assert len(delegations) == 5
    assert KHOURIBGA in [d.code for d in delegations]
    year = Period.current("year", timezone.localdate())

    sign_in("coordinator", lang)
    # (A page without a period shows the current month: the year is asked for.)
    page.goto(f"{portal}/{lang}/reports/{COORDINATION}/compare/?period={year}")
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(
            lang,
            "Comparison: %(unit)s, %(period)s",
            unit=unit_name(COORDINATION, lang),
            period=str(year),
        )
    )
    comparison = page.get_by_test_id("comparison")
    rows = comparison.locator("tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.locator("th")).to_have_text([unit_name(d.code, lang) for d in delegations])
    expect(comparison).not_to_contain_text(unit_name(RABAT, lang))
    for index, delegation in enumerate(delegations):
        expect(rows.nth(index).locator("th a")).to_have_attribute(
            "href", f"/{lang}/reports/{delegation.code}/?period={year}"
        )

    # Another indicator: the open centres of each delegation.
    form = page.get_by_test_id("compare-form")
    form.locator("select[name=indicator]").select_option("centres_open")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]indicator=centres_open(&|$)"))
    expect_language(page, lang, direction)
    expect(comparison.locator("thead th").nth(1)).to_have_text(labels(lang)["centres_open"])
    expect(rows.locator("td")).to_have_text(
        [
            str(Centre.objects.filter(delegation=d, status=Centre.Status.OPEN).count())
            for d in delegations
        ]
    )
    assert Centre.objects.filter(delegation__code=KHOURIBGA, status="open").exists()
