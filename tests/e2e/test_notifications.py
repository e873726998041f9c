"""The notifications in a browser: the count in the header, the inbox in Arabic (right to left)
and French, at a phone's width (360 px) and a desktop's, opened and marked read. Screenshots:
test-results/notifications/."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from entraide.models import User
from notifications.models import Kind
from notifications.services import notify
from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 780}


def unread_label(lang, count):
    with translation.override(lang):
        return ngettext(
            "%(counter)s unread notification", "%(counter)s unread notifications", count
        ) % {"counter": count}


def tell(worker):
    with translation.override("ar"):
        profile = reverse("profile")
    [read] = notify(recipients=[worker], kind=Kind.TRANCHE_DUE, about="CONV-2025-0007 T2")
    read.read_at = read.created_at
    read.save()
    notify(recipients=[worker], kind=Kind.JOB_FINISHED, about="registre-khouribga-mai.csv")
    notify(recipients=[worker], kind=Kind.CASE_ASSIGNED, about="KHO-2026-000012-1", url=profile)
    notify(recipients=[worker], kind=Kind.MONTH_TO_VALIDATE, about="CTR-KHO-004 2026-05")


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_the_inbox_reads_in_both_languages_on_a_phone_and_a_desktop(
    page, portal, sign_in, pytestconfig, lang, direction
):
    tell(User.objects.get(username="worker"))
    folder = Path(pytestconfig.getoption("--output")) / "notifications"
    folder.mkdir(parents=True, exist_ok=True)
    sign_in("worker", lang)

    link = page.get_by_test_id("notifications-link")
    expect(link).to_be_visible()
    expect(link.get_by_test_id("unread-badge")).to_have_text("3")
    expect(link).to_have_accessible_name(unread_label(lang, 3))

    for name, size in (("360", NARROW), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.goto(f"{portal}/{lang}/notifications/")
        expect(page.locator("html")).to_have_attribute("dir", direction)
        rows = page.get_by_test_id("notification-list").locator("tbody tr")
        expect(rows).to_have_count(4)
        expect(rows.first).to_contain_text("CTR-KHO-004 2026-05")  # the newest first
        expect(page.get_by_test_id("unread")).to_have_count(3)
        # Nothing sticks out of the page, at either width.
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        page.screenshot(path=folder / f"inbox-{lang}-{name}.png", full_page=True)

    # Opened from the inbox: it leads to its page, and the count goes down.
    page.set_viewport_size(NARROW)
    rows.filter(has_text="KHO-2026-000012-1").get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/profile/$"))
    expect(link.get_by_test_id("unread-badge")).to_have_text("2")
    page.screenshot(path=folder / f"header-{lang}-360.png")

    page.goto(f"{portal}/{lang}/notifications/")
    page.get_by_test_id("mark-all-read").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("unread")).to_have_count(0)
    expect(link.get_by_test_id("unread-badge")).to_have_count(0)

    page.get_by_test_id("notification-preferences").first.click()
    expect(page.get_by_test_id("notification-choices")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    page.screenshot(path=folder / f"preferences-{lang}-360.png", full_page=True)
