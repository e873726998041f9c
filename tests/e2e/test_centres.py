"""Centres in a real browser, in Arabic (right to left) and French (left to right): the list
scoped to the user's delegation with its search, filters and CSV export; a centre's page with
its chart; and a month's activity from entry by the centre manager to validation and reopening
by the delegate."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.functional import Promise
from playwright.sync_api import expect

from centres.models import AgeBand, Centre, MonthlyActivity
from entraide.enums import Sex
from entraide.models import User

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])

KHOURIBGA = "DP-MA-KHO"
MANAGED = "C-KHO-001"  # the demo centre manager's centre


def expect_language(page, lang, direction):
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def translated(lang, text, **params):
    """A message (a msgid or a lazy label) in that language, with its parameters."""
    with translation.override(lang):
        text = str(text) if isinstance(text, Promise) else translation.gettext(text)
    return text % params if params else text


def khouribga_codes(**lookup):
    return list(
        Centre.objects.filter(delegation__code=KHOURIBGA, **lookup)
        .order_by("code")
        .values_list("code", flat=True)
    )


def listed_codes(page):
    return page.get_by_test_id("centre-list").locator("tbody tr td:first-child")


def filter_list(page, **fields):
    filters = page.get_by_test_id("centre-filters")
    for name, value in fields.items():
        field = filters.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    filters.get_by_role("button").click()


def download_csv(page):
    with page.expect_download() as info:
        page.get_by_test_id("export-csv").click()
    download = info.value
    assert download.suggested_filename == "centres.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def last_month():
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def chart_window():
    """The first of the 12 months the centre page shows: this month and the 11 before."""
    month = timezone.localdate().replace(day=1)
    for _i in range(11):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def cell(page, service, sex, band):
    return page.get_by_test_id("activity-grid").locator(
        f'input[name="n_{service.pk}_{sex}_{band}"]'
    )


def entry_inputs(page, state):
    """The visible inputs of the activity form (not the CSRF token), enabled or disabled."""
    return page.get_by_test_id("activity-form").locator(
        f"input:not([type=hidden]):{state}, textarea:{state}"
    )


def expect_status(page, lang, status):
    badge = page.get_by_test_id("activity-status").locator(".badge").first
    expect(badge).to_have_class(re.compile(rf"\bactivity-{status.value}\b"))
    expect(badge).to_have_text(translated(lang, status.label))


@LANGUAGES
def test_centre_list_is_scoped_searchable_filterable_and_exported(
    page, portal, sign_in, lang, direction
):
    everyone = khouribga_codes()
    assert len(everyone) == 9
    assert Centre.objects.filter(code__startswith="C-RAB-").exists()

    sign_in("worker", lang)
    page.goto(f"{portal}/{lang}/centres/")
    expect_language(page, lang, direction)
    # The Khouribga social worker sees the Khouribga centres only, sorted by code.
    expect(listed_codes(page)).to_have_text(everyone)
    expect(page.get_by_test_id("centre-list")).not_to_contain_text("C-RAB-")

    rows = download_csv(page)
    assert [row["code"] for row in rows] == everyone
    assert {row["delegation"] for row in rows} == {KHOURIBGA}
    # Arabic survives the trip (Excel needs the byte-order mark, read away above).
    assert {row["name_ar"] for row in rows} == set(
        Centre.objects.filter(code__in=everyone).values_list("name_ar", flat=True)
    )

    # Arabic search ignores the hamza: the centres are spelt أبي الجعد.
    filter_list(page, q="ابي الجعد")
    expect_language(page, lang, direction)
    expect(listed_codes(page)).to_have_text(khouribga_codes(commune="Boujad"))
    expect(page.get_by_test_id("centre-filters").locator("[name=q]")).to_have_value("ابي الجعد")

    # Latin search ignores case.
    filter_list(page, q="oued zem")
    expect_language(page, lang, direction)
    expect(listed_codes(page)).to_have_text(khouribga_codes(commune="Oued Zem"))

    # A type filter, on the whole delegation again.
    centre_type = Centre.objects.get(code="C-KHO-002").type
    of_type = khouribga_codes(type=centre_type)
    assert 0 < len(of_type) < len(everyone)
    filter_list(page, q="", type=str(centre_type.pk))
    expect_language(page, lang, direction)
    expect(listed_codes(page)).to_have_text(of_type)

    # The export is the filtered list.
    assert [row["code"] for row in download_csv(page)] == of_type

    # A status no centre has.
    filter_list(page, type="", status=Centre.Status.CLOSED.value)
    expect(listed_codes(page)).to_have_count(1)
    expect(page.get_by_test_id("centre-list").locator("tbody")).to_have_text(
        translated(lang, "No centre matches these filters.")
    )


@LANGUAGES
def test_centre_page_shows_services_chart_and_activity_and_is_out_of_scope_elsewhere(
    page, portal, sign_in, lang, direction
):
    centre = Centre.objects.get(code=MANAGED)
    activities = list(centre.activities.filter(month__gte=chart_window()).order_by("-month"))
    assert len(activities) == 11  # the demo leaves this month empty
    latest_validated = next(a for a in activities if a.is_locked)
    with translation.override(lang):
        name = str(centre.name)
        services = [str(service) for service in centre.services.all()]
    assert services

    sign_in("worker", lang)
    page.goto(f"{portal}/{lang}/centres/")
    page.get_by_test_id("centre-list").get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(f"{portal}/{lang}/centres/{MANAGED}/")
    expect_language(page, lang, direction)

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_test_id("services").locator("li")).to_have_text(services)
    chart = page.get_by_test_id("activity-chart")
    expect(chart.locator("svg.chart-plot")).to_be_visible()
    expect(chart.locator("svg.chart-plot rect")).to_have_count(12)
    expect(page.get_by_test_id("occupancy")).to_contain_text(str(latest_validated.people_served))

    rows = page.get_by_test_id("activity-table").locator("tbody tr")
    expect(rows).to_have_count(len(activities))
    # Newest first: last month, submitted and awaiting validation.
    first = rows.first
    assert activities[0].month == last_month()
    expect(first.locator(".badge").first).to_have_class(re.compile(r"\bactivity-submitted\b"))
    expect(first.locator("td").nth(2)).to_have_text(str(activities[0].people_served))
    # A social worker reads; only the delegation and the centre's managers enter figures.
    expect(page.get_by_test_id("enter-activity")).to_have_count(0)

    # The Rabat social worker: a Khouribga centre does not exist for them.
    page.get_by_test_id("logout").click()
    sign_in("worker2", lang)
    response = page.goto(f"{portal}/{lang}/centres/{MANAGED}/")
    assert response.status == 404
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(translated(lang, "Page not found"))
    expect(page.locator("main")).not_to_contain_text(name)


@LANGUAGES
def test_month_entered_submitted_validated_and_reopened(page, portal, sign_in, lang, direction):
    centre = Centre.objects.get(code=MANAGED)
    month = last_month()
    # The demo submitted last month for this centre: start from a month not yet entered.
    MonthlyActivity.objects.filter(centre=centre, month=month).delete()
    services = list(centre.services.all())
    first, *others = services
    adult = AgeBand.FROM_18_TO_59.value
    url = f"{portal}/{lang}/centres/{MANAGED}/activity/{month.year}/{month.month}/"

    sign_in("manager", lang)
    page.goto(f"{portal}/{lang}/centres/{MANAGED}/")
    page.get_by_test_id("enter-activity").click()
    expect(page).to_have_url(url)
    expect_language(page, lang, direction)
    status = page.get_by_test_id("activity-status")
    expect(status.locator(".badge")).to_have_text(translated(lang, "not started"))
    expect(page.get_by_test_id("validate-month")).to_have_count(0)

    # One service counts more people than were served: refused, nothing stored.
    form = page.get_by_test_id("activity-form")
    form.locator("input[name=people_served]").fill("30")
    form.locator("input[name=new_entries]").fill("4")
    form.locator("input[name=exits]").fill("2")
    form.locator("input[name=sessions_held]").fill("12")
    cell(page, first, Sex.FEMALE.value, adult).fill("31")
    page.get_by_test_id("submit-month").click()
    errors = page.get_by_test_id("form-errors")
    expect(errors).to_be_visible()
    with translation.override(lang):
        service_name = str(first)
    with translation.override(lang):
        message = translation.ngettext(
            "%(service)s: %(total)s counted, more than the %(people)s person served this month.",
            "%(service)s: %(total)s counted, more than the %(people)s people served this month.",
            30,
        )
    expect(errors).to_contain_text(message % {"service": service_name, "total": 31, "people": 30})
    expect_language(page, lang, direction)
    expect(status.locator(".badge")).to_have_text(translated(lang, "not started"))
    assert not MonthlyActivity.objects.filter(centre=centre, month=month).exists()
    # The figures typed are kept for correction.
    expect(form.locator("input[name=people_served]")).to_have_value("30")

    cells = {(first.pk, Sex.FEMALE.value, adult): 18, (first.pk, Sex.MALE.value, adult): 12}
    if others:
        cells[others[0].pk, Sex.FEMALE.value, AgeBand.FROM_6_TO_17.value] = 5
    by_pk = {service.pk: service for service in services}
    for (service_pk, sex, band), people in cells.items():
        cell(page, by_pk[service_pk], sex, band).fill(str(people))
    page.get_by_test_id("submit-month").click()
    expect_status(page, lang, MonthlyActivity.Status.SUBMITTED)
    expect(page.get_by_test_id("form-errors")).to_have_count(0)
    expect(page.locator("ul.messages")).to_contain_text(
        translated(lang, "The month has been submitted to the delegation.")
    )
    expect_language(page, lang, direction)
    # The centre manager cannot validate their own figures.
    expect(page.get_by_test_id("validate-month")).to_have_count(0)

    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/login/"))
    sign_in("delegate", lang)
    # The delegate finds the month among the returns awaiting validation.
    page.goto(f"{portal}/{lang}/centres/returns/")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("missing-returns")).not_to_contain_text(MANAGED)
    awaiting = page.get_by_test_id("awaiting-validation")
    expect(awaiting.locator("tbody tr")).to_have_count(
        MonthlyActivity.objects.filter(
            centre__delegation__code=KHOURIBGA, month=month, status=MonthlyActivity.Status.SUBMITTED
        ).count()
    )
    row = awaiting.locator("tbody tr").filter(has_text=getattr(centre, f"name_{lang}"))
    with translation.override(lang):  # the manager's name in the page's script
        manager = User.objects.get(username="manager").get_full_name()
    expect(row).to_contain_text(manager)
    expect(row.locator("td").last).to_have_text("30")
    row.get_by_role("link").click()
    expect(page).to_have_url(url)
    expect_language(page, lang, direction)
    expect_status(page, lang, MonthlyActivity.Status.SUBMITTED)
    expect(cell(page, first, Sex.FEMALE.value, adult)).to_have_value("18")

    page.get_by_test_id("validate-month").click()
    expect_status(page, lang, MonthlyActivity.Status.VALIDATED)
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("validate-month")).to_have_count(0)
    expect(entry_inputs(page, "enabled")).to_have_count(0)
    expect(cell(page, first, Sex.FEMALE.value, adult)).to_be_disabled()
    expect(page.locator("input[name=people_served]")).to_be_disabled()
    expect(page.get_by_test_id("save-draft")).to_have_count(0)
    expect(page.get_by_test_id("submit-month")).to_have_count(0)
    assert MonthlyActivity.objects.get(centre=centre, month=month).is_locked

    reason = {"ar": "خطأ في عدد الجلسات", "fr": "Erreur sur le nombre de séances"}[lang]
    page.locator("textarea[name=reason]").fill(reason)
    page.get_by_test_id("reopen-month").click()
    expect_status(page, lang, MonthlyActivity.Status.DRAFT)
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("activity-status")).to_contain_text(reason)
    expect(page.get_by_test_id("reopen-month")).to_have_count(0)
    expect(cell(page, first, Sex.FEMALE.value, adult)).to_be_enabled()
    expect(page.locator("input[name=people_served]")).to_be_enabled()
    expect(entry_inputs(page, "disabled")).to_have_count(0)
    expect(page.get_by_test_id("save-draft")).to_be_visible()
    expect(page.get_by_test_id("submit-month")).to_be_visible()

    activity = MonthlyActivity.objects.get(centre=centre, month=month)
    assert activity.status == MonthlyActivity.Status.DRAFT
    assert activity.reopen_reason == reason
    assert activity.validated_by is None
    assert activity.validated_at is None
    assert activity.submitted_by == User.objects.get(username="manager")
    assert (
        activity.people_served,
        activity.new_entries,
        activity.exits,
        activity.sessions_held,
    ) == (30, 4, 2, 12)
    stored = {
        (line.service_id, line.sex, line.age_band): line.people for line in activity.lines.all()
    }
    assert stored == cells
