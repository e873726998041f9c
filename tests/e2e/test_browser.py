"""The portal in a real browser: sign-in and sign-out, the language switch, the mirrored
layout (right to left in Arabic, left to right in French), screenshots, and a clean console."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from entraide.forms import SignInForm
from entraide.models import User

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def expect_language(page, lang, direction):
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def expect_home(page, portal, lang):
    expect(page).to_have_url(f"{portal}/{lang}/")
    # Salma Berrada (سلمى برادة) is the demo social worker of the Khouribga delegation, named
    # in the page's script.
    expect(page.locator("h1")).to_contain_text({"ar": "سلمى", "fr": "Salma"}[lang])
    expect(page.get_by_test_id("navigation")).to_be_visible()
    expect(page.get_by_test_id("logout")).to_be_visible()


def expect_login_page(page, portal, lang):
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/{lang}/login/(\?.*)?$"))
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.get_by_test_id("logout")).to_have_count(0)


def nav_centre_x(page):
    box = page.get_by_test_id("navigation").bounding_box()
    assert box is not None, "the navigation is not rendered"
    return box["x"] + box["width"] / 2


def test_arabic_sign_in_switch_to_french_and_sign_out(page, portal, sign_in):
    page.goto(f"{portal}/ar/login/")
    expect_language(page, "ar", "rtl")

    sign_in("worker", "ar")
    expect_home(page, portal, "ar")
    expect_language(page, "ar", "rtl")

    page.get_by_test_id("language-fr").click()
    expect_home(page, portal, "fr")
    expect_language(page, "fr", "ltr")
    expect(page.get_by_test_id("language-ar")).to_be_visible()
    # The choice is remembered as the user's preference.
    assert User.objects.get(username="worker").language == "fr"

    page.get_by_test_id("logout").click()
    expect_login_page(page, portal, "fr")
    expect_language(page, "fr", "ltr")

    page.goto(f"{portal}/fr/")
    expect_login_page(page, portal, "fr")
    expect(page).to_have_url(re.compile(r"next=(/|%2F)fr(/|%2F)"))


def test_french_sign_in_switch_to_arabic_and_sign_out(page, portal, sign_in):
    # Signing in from the French page opens the portal in French.
    page.goto(f"{portal}/fr/login/")
    expect_language(page, "fr", "ltr")

    sign_in("worker", "fr")
    expect_home(page, portal, "fr")
    expect_language(page, "fr", "ltr")

    # No language cookie yet and Chromium asks for English: the request to set_language is
    # negotiated as Arabic, and the switch must still find the French page it came from.
    page.get_by_test_id("language-ar").click()
    expect_home(page, portal, "ar")
    expect_language(page, "ar", "rtl")
    expect(page.get_by_test_id("language-fr")).to_be_visible()
    assert User.objects.get(username="worker").language == "ar"

    page.get_by_test_id("logout").click()
    expect_login_page(page, portal, "ar")
    expect_language(page, "ar", "rtl")
    page.goto(f"{portal}/ar/")
    expect_login_page(page, portal, "ar")


def test_navigation_sits_at_the_inline_start_side(page, portal, sign_in):
    page.set_viewport_size(DESKTOP)
    sign_in("worker", "ar")
    expect_home(page, portal, "ar")
    assert nav_centre_x(page) > DESKTOP["width"] / 2, "Arabic: the navigation belongs on the right"

    page.goto(f"{portal}/fr/")
    expect_language(page, "fr", "ltr")
    assert nav_centre_x(page) < DESKTOP["width"] / 2, "French: the navigation belongs on the left"

    # On a phone the navigation becomes a bar above the content, the full width of the page.
    page.set_viewport_size(PHONE)
    nav = page.get_by_test_id("navigation").bounding_box()
    main = page.locator("main").bounding_box()
    assert nav["width"] > PHONE["width"] * 0.9
    assert nav["y"] + nav["height"] <= main["y"] + 1


def test_wrong_password_shows_an_error_and_does_not_sign_in(page, portal, sign_in):
    sign_in("worker", "ar", password="not-the-password")

    expect_login_page(page, portal, "ar")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    with translation.override("ar"):
        message = str(SignInForm.error_messages["invalid_login"])
    expect(alert).to_contain_text(message)

    page.goto(f"{portal}/ar/")
    expect_login_page(page, portal, "ar")


def test_screenshots_of_the_login_and_home_pages(page, portal, sign_in, output_path):
    sizes = {"1280x800": DESKTOP, "390x844": PHONE}
    folder = Path(output_path)  # a str in pytest-playwright 0.10
    written = []

    def shoot(name, lang, size):
        page.set_viewport_size(sizes[size])
        path = folder / f"{name}-{lang}-{size}.png"
        page.screenshot(path=path, full_page=True)
        written.append(path)

    for lang in ("ar", "fr"):
        page.goto(f"{portal}/{lang}/login/")
        expect_login_page(page, portal, lang)
        for size in sizes:
            shoot("login", lang, size)

    sign_in("worker", "ar")
    for lang in ("ar", "fr"):
        page.goto(f"{portal}/{lang}/")
        expect_home(page, portal, lang)
        for size in sizes:
            shoot("home", lang, size)

    assert len(written) == 8
    for path in written:
        assert path.is_file(), path
        with path.open("rb") as png:
            assert png.read(8) == PNG_SIGNATURE, path
        assert path.stat().st_size > 1000, path


def test_home_page_has_no_console_errors_nor_csp_violations(page, portal, sign_in):
    errors = []
    failed = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A request the browser itself cancels (a font still loading when the test moves to the
    # next page) is not a failure; one blocked by the CSP or the network is.
    page.on(
        "requestfailed",
        lambda request: (
            failed.append(f"{request.failure} {request.url}")
            if request.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    sign_in("worker", "ar")
    for lang in ("ar", "fr"):
        page.goto(f"{portal}/{lang}/")
        expect_home(page, portal, lang)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        assert page.evaluate("window.__cspViolations") == [], lang
        # The stylesheet is served and applied (a blocked stylesheet leaves the page unstyled).
        topbar_colour = page.locator("header .topbar").evaluate(
            "el => getComputedStyle(el).backgroundColor"
        )
        assert topbar_colour == "rgb(11, 107, 58)", lang

    assert errors == []
    assert failed == []
