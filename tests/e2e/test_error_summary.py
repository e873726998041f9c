"""A refused submit in a real browser: the error summary takes the focus, so that a screen
reader announces it first, and it reads well on a phone in Arabic."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e


def test_an_empty_person_form_moves_the_focus_to_the_error_summary(
    page, portal, sign_in, output_path
):
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.set_viewport_size(PHONE)
    sign_in("worker", "ar")
    page.goto(f"{portal}/ar/beneficiaries/new/")
    page.get_by_test_id("save-person").click()
    page.wait_for_load_state()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    with translation.override("ar"):
        expect(summary.locator("h2")).to_have_text(translation.gettext("There is a problem"))
        assert page.title().startswith(translation.gettext("Error:"))
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    first = summary.locator("a").first
    target = first.get_attribute("href")
    assert page.locator(target).count() == 1
    # The script is the portal's own file, which the Content-Security-Policy allows.
    assert not [e for e in console_errors if "Content Security Policy" in e]
    page.screenshot(path=f"{output_path}/error-summary-ar-390x844.png", full_page=True)
