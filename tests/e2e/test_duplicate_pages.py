"""The review queue of likely duplicates (beneficiaries.duplicate_views) in a browser, as
Khouribga's delegate, in Arabic and in French, at a desktop's width (1280 px) and a phone's
(360 px). The scan (`duplicates.scan()`) has found two pairs: an Arabic-only and a Latin-only
file of one man, both Khouribga's; and a Khouribga file whose likely duplicate Rabat holds.

1. The queue lists both pairs, with their evidence; the Rabat file is only said to exist.
2. The delegate merges the Khouribga pair, keeping the first file, and lands on its page.
3. The pair across two delegations: the Rabat side is not shown, the request for it is
   offered; the delegate marks it "not the same person" and it leaves the queue.

Each page: axe finds no violation, no two elements share an id, the page does not scroll
sideways, and a full-page screenshot is kept in
test-results/duplicates/<lang>-<width>-<page>.png."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from beneficiaries import duplicates
from beneficiaries.models import Beneficiary, DuplicatePair, FileRequest
from entraide.models import User
from tests.beneficiaries.test_duplicates import BORN, arabic_only, latin_only, pair_of

from .conftest import DESKTOP
from .test_moving_work_pages import (
    KHOURIBGA,
    NARROW,
    RABAT,
    Shots,
    expect_language,
    expect_message,
    translated,
)

pytestmark = pytest.mark.e2e

SIZES = pytest.mark.parametrize(
    ("lang", "direction", "size"),
    [
        ("ar", "rtl", NARROW),
        ("ar", "rtl", DESKTOP),
        ("fr", "ltr", NARROW),
        ("fr", "ltr", DESKTOP),
    ],
    ids=["ar-360", "ar-1280", "fr-360", "fr-1280"],
)

# The root box is no wider than its visible part: nothing to scroll sideways.
FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def shots(page, pytestconfig, lang, size):
    folder = Path(pytestconfig.getoption("--output")) / "duplicates"
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(size)
    return Shots(page, folder, lang, size["width"])


@pytest.fixture
def pairs(portal):
    """The two pairs the scan finds: (kept, merged) of Khouribga's, (mine, theirs) across."""
    old = arabic_only("رشيد", "الوزاني", sex="M", birth_date=BORN)
    new = latin_only("Rachid", "Ouazzani", sex="M", birth_date=BORN, phone="0677665544")
    mine = latin_only("Ghizlane", "Benjelloun", birth_date=BORN, phone="0655443322")
    theirs = latin_only("Rhizlane", "Benjelloune", birth_date=BORN, rabat=True)
    duplicates.scan()
    assert (old.delegation.code, mine.delegation.code, theirs.delegation.code) == (
        KHOURIBGA,
        KHOURIBGA,
        RABAT,
    )
    here, across = pair_of(old, new), pair_of(mine, theirs)
    assert here is not None and across is not None
    assert DuplicatePair.objects.count() == 2
    return {"here": (here, old, new), "across": (across, mine, theirs)}


def queue_rows(page):
    return page.get_by_test_id("duplicate-list").get_by_test_id("duplicate-row")


def row_of(page, person):
    return queue_rows(page).filter(has_text=person.file_number)


def expect_evidence(tags, lang, pair):
    for code in pair.evidence:
        expect(tags).to_contain_text(translated(lang, DuplicatePair.Evidence(code).label))


def expect_fits(page):
    assert page.evaluate(FITS), page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def expect_sides_laid_out(page, size):
    """Side by side at a desktop's width (one row, the first at the start of the line), one
    above the other on a phone."""
    first, second = (side.bounding_box() for side in page.get_by_test_id("duplicate-side").all())
    if size["width"] == NARROW["width"]:
        assert second["y"] >= first["y"] + first["height"]
    else:
        assert first["y"] == second["y"]
        assert first["width"] + second["width"] < size["width"]


def expect_within_reach(page, locator):
    """A button whole inside the window's width, tall enough for a finger."""
    box = locator.bounding_box()
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert box["height"] >= 24, box


# 1. The queue -------------------------------------------------------------------------------


@SIZES
def test_the_delegate_reads_the_queue_of_likely_duplicates(
    page, portal, sign_in, shots, pairs, lang, direction, size
):
    here, old, new = pairs["here"]
    across, mine, theirs = pairs["across"]

    sign_in("delegate", lang)
    page.goto(f"{portal}/{lang}/beneficiaries/duplicates/")
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_have_text(translated(lang, "Likely duplicates"))
    expect(queue_rows(page)).to_have_count(2)

    row = row_of(page, old)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(new.file_number)
    expect(row).to_contain_text("Rachid Ouazzani")
    expect(row).to_contain_text("رشيد الوزاني")
    expect_evidence(row.locator("ul.tags"), lang, here)
    expect(row.get_by_test_id("side-elsewhere")).to_have_count(0)

    row = row_of(page, mine)
    expect(row).to_have_count(1)
    expect_evidence(row.locator("ul.tags"), lang, across)
    # Of Rabat's file, only that it exists.
    expect(row.get_by_test_id("side-elsewhere")).to_have_text(
        translated(lang, "A file held by another delegation")
    )
    for secret in (theirs.file_number, "Rhizlane", "Benjelloune"):
        expect(page.locator("main")).not_to_contain_text(secret)

    expect_fits(page)
    expect_within_reach(page, row.get_by_test_id("duplicate-review"))
    shots.check("queue")
    shots.assert_clean()


# 2. Merging a pair of the delegation ---------------------------------------------------------


@SIZES
def test_the_delegate_merges_a_pair_of_the_delegation_keeping_the_first_file(
    page, portal, sign_in, shots, pairs, lang, direction, size
):
    here, old, new = pairs["here"]
    delegate = User.objects.get(username="delegate")

    sign_in(delegate.username, lang)
    page.goto(f"{portal}/{lang}/beneficiaries/duplicates/")
    row_of(page, old).get_by_test_id("duplicate-review").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/duplicates/{here.pk}/")
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_contain_text(translated(lang, "Likely duplicate"))
    evidence = page.get_by_test_id("duplicate-evidence")
    expect_evidence(evidence.locator("ul.tags"), lang, here)
    sides = page.get_by_test_id("duplicate-side")
    expect(sides).to_have_count(2)
    expect(sides.nth(0)).to_contain_text(old.file_number)
    expect(sides.nth(0)).to_contain_text("رشيد الوزاني")
    expect(sides.nth(1)).to_contain_text(new.file_number)
    expect(sides.nth(1)).to_contain_text("Rachid Ouazzani")
    expect(page.get_by_test_id("keep-second")).to_be_visible()
    expect(page.get_by_test_id("mark-distinct")).to_be_visible()
    expect(page.get_by_test_id("file-elsewhere")).to_have_count(0)
    expect_fits(page)
    expect_sides_laid_out(page, size)
    keep = page.get_by_test_id("keep-first")
    expect_within_reach(page, keep)
    shots.check("pair")

    # The merge cannot be undone: it is confirmed first.
    keep.click()
    expect_message(page, translated(lang, "Confirm that the two files are the same person."))
    here.refresh_from_db()
    assert here.status == DuplicatePair.Status.OPEN
    page.get_by_test_id("confirm-first").check()
    page.get_by_test_id("keep-first").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/{old.file_number}/")
    expect_language(page, lang, direction)
    expect_message(
        page,
        translated(
            lang, "File %(duplicate)s has been merged into this one.", duplicate=new.file_number
        ),
    )
    here.refresh_from_db()
    assert here.status == DuplicatePair.Status.MERGED and here.decided_by == delegate
    assert Beneficiary.objects.get(pk=new.pk).merged_into_id == old.pk
    expect_fits(page)
    shots.check("merged")

    # The queue keeps the other pair only.
    page.goto(f"{portal}/{lang}/beneficiaries/duplicates/")
    expect(queue_rows(page)).to_have_count(1)
    expect(row_of(page, old)).to_have_count(0)
    shots.assert_clean()


# 3. A pair across two delegations ------------------------------------------------------------


@SIZES
def test_the_delegate_asks_for_the_other_file_of_a_pair_across_two_delegations(
    page, portal, sign_in, shots, pairs, lang, direction, size
):
    across, mine, theirs = pairs["across"]
    delegate = User.objects.get(username="delegate")

    sign_in(delegate.username, lang)
    page.goto(f"{portal}/{lang}/beneficiaries/duplicates/")
    row_of(page, mine).get_by_test_id("duplicate-review").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/duplicates/{across.pk}/")
    expect_language(page, lang, direction)
    expect_evidence(page.get_by_test_id("duplicate-evidence").locator("ul.tags"), lang, across)
    sides = page.get_by_test_id("duplicate-side")
    expect(sides).to_have_count(2)
    expect(sides.nth(0)).to_contain_text(mine.file_number)
    expect(sides.nth(0)).to_contain_text("Ghizlane Benjelloun")
    expect(sides.nth(1).get_by_test_id("side-elsewhere")).to_be_visible()
    for secret in (theirs.file_number, "Rhizlane", "Benjelloune"):
        expect(page.locator("main")).not_to_contain_text(secret)
    # Two delegations: nothing is decided here; the other file is asked for first.
    expect(page.get_by_test_id("keep-first")).to_have_count(0)
    expect(page.get_by_test_id("keep-second")).to_have_count(0)
    expect(page.get_by_test_id("mark-distinct")).to_have_count(0)
    expect(page.get_by_test_id("elsewhere-form")).to_be_visible()
    send = page.get_by_test_id("elsewhere-submit")
    expect_within_reach(page, send)
    expect_fits(page)
    expect_sides_laid_out(page, size)
    shots.check("pair-elsewhere")

    form = page.get_by_test_id("elsewhere-form")
    form.locator("select[name=elsewhere-province]").select_option(index=1)
    form.locator("textarea[name=elsewhere-reason]").fill("Même personne que notre dossier.")
    send.click()
    expect_message(
        page, translated(lang, "Your request is sent to the delegation that holds the file.")
    )
    request = FileRequest.objects.get(beneficiary=theirs)
    assert request.other == delegate.unit and request.kind == FileRequest.Kind.TRANSFER
    across.refresh_from_db()
    assert across.status == DuplicatePair.Status.OPEN
    expect_fits(page)
    shots.check("asked")
    shots.assert_clean()
