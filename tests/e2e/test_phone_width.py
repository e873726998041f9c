"""At a phone's width (390 px) the page itself never scrolls sideways: fact lists stand each
label above its value, lists of records stand each row as a card, and the tables that must stay
grids scroll inside their own box with a visible cue (tests/e2e/test_design_proof.py)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from entraide.models import User
from tests.e2e.conftest import PHONE
from tests.recruitment.test_admin_import import PAPER_HEADER, make_competition, paper_row

pytestmark = pytest.mark.e2e

OPEN = "CONC-2026-ADM"  # the demo competition open for applications


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_competition_page_fits_a_phone_for_the_recruitment_officer(
    page, portal, sign_in, output_path, lang, direction
):
    page.set_viewport_size(PHONE)
    sign_in("recruitment", lang)
    page.goto(f"{portal}/{lang}/concours/staff/{OPEN}/")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.get_by_test_id("deadline")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Each label stands above its value, which has the card's whole width.
    label = page.locator("dl.facts dt").first.bounding_box()
    value = page.locator("dl.facts dd").first.bounding_box()
    assert value["y"] >= label["y"] + label["height"]
    assert value["width"] > PHONE["width"] / 2
    # The posts' table stands each post line as a card, each value under its column's heading,
    # as wide as the card: nothing to scroll.
    lines = page.get_by_test_id("lines")
    cell = lines.locator("tbody tr").first.locator("td").first
    assert cell.get_attribute("data-label") == lines.locator("thead th").first.inner_text()
    assert cell.evaluate("td => getComputedStyle(td).display") != "table-cell"
    wrap = lines.locator("xpath=..")
    assert wrap.evaluate("box => box.scrollWidth <= box.clientWidth")

    folder = Path(output_path)  # a str in pytest-playwright 0.10
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"competition-{lang}.png", full_page=True)


def test_admin_import_preview_scrolls_in_its_own_box_on_a_phone(page, portal, sign_in, output_path):
    User.objects.filter(username="recruitment").update(is_staff=True)
    competition = make_competition()
    text = PAPER_HEADER + paper_row(competition, "AB123456") + paper_row(competition, "CD234567")
    page.set_viewport_size(PHONE)
    sign_in("recruitment", "fr")
    page.goto(f"{portal}/admin/recruitment/application/import/")
    page.locator("input[name=import_file]").set_input_files(
        files=[{"name": "paper.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8-sig")}]
    )
    formats = page.locator("select[name=format]")
    if formats.count():
        formats.select_option(index=1)
    page.locator("#content form [type=submit]").first.click()
    page.wait_for_load_state()

    preview = page.get_by_test_id("import-preview")
    expect(preview.locator("table.import-preview")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The table is wider than its box, which scrolls.
    assert preview.evaluate("box => box.scrollWidth > box.clientWidth")
    folder = Path(output_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / "import-preview.png", full_page=True)
