"""What an Arabic page shows, read where the browser drew it: a Latin address with its number, a
file number, a date, an amount and a name in parentheses, inside Arabic text, each appear as
written. The markup may isolate them (tests/entraide/test_bidi.py checks it does); this reads
the result, character by character, from the boxes Chromium laid out (Range.getClientRects).
"""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from beneficiaries.models import Referral
from entraide.models import User
from partnerships.models import Tranche
from territory.models import Province
from tests.factories import BeneficiaryFactory, CaseFileFactory, ConventionFactory

pytestmark = pytest.mark.e2e

ADDRESS = "rue 39, Khouribga"
DATE = "25/02/2026"

# The boxes of each character of `text` where it first occurs in a text node under the element
# `selector`, in the order they are written (logical order), with the line each is on.
BOXES = """([selector, text]) => {
    const root = document.querySelector(selector);
    if (!root) return null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const at = node.data.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        const boxes = [];
        for (let i = at; i < at + text.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const box = range.getBoundingClientRect();
            boxes.push({char: node.data[i], left: box.left, right: box.right, top: box.top});
        }
        return boxes;
    }
    return null;
}"""

# The box of an element, and of each parenthesis in the text right around it (its siblings).
AROUND = """([selector]) => {
    const element = document.querySelector(selector);
    const box = el => {
        const b = el.getBoundingClientRect();
        return {left: b.left, right: b.right};
    };
    const parens = [];
    for (const node of [element.previousSibling, element.nextSibling]) {
        if (!node || node.nodeType !== Node.TEXT_NODE) continue;
        for (let i = 0; i < node.data.length; i++) {
            if ("()".includes(node.data[i])) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                parens.push(box(range));
            }
        }
    }
    return {latin: box(element), parens, arabic: box(element.previousElementSibling)};
}"""


def boxes(page, selector, text):
    found = page.evaluate(BOXES, [selector, text])
    assert found, f"{text!r} is not in {selector}"
    return found


def assert_left_to_right(page, selector, text):
    """Each character of `text` (spaces aside) stands on one line, to the right of the one
    written before it: the value reads as written, not reordered by the Arabic around it."""
    shown = [box for box in boxes(page, selector, text) if box["char"].strip()]
    assert len({round(box["top"]) for box in shown}) == 1, f"{text!r} is split over lines"
    order = "".join(box["char"] for box in sorted(shown, key=lambda box: box["left"]))
    assert order == "".join(c for c in text if c.strip()), f"{text!r} reads {order!r}"


@pytest.fixture
def person(portal):
    return BeneficiaryFactory(
        first_name_ar="محمد",
        last_name_ar="الهواري",
        first_name_lat="Mohamed",
        last_name_lat="Houari",
        address="rue 39",
        commune="Khouribga",
        province=Province.objects.get(code="MA-KHO"),
    )


def test_an_address_a_file_number_a_date_and_a_name_read_as_written_in_arabic(
    page, portal, sign_in, person
):
    worker = User.objects.get(username="worker")
    case = CaseFileFactory(beneficiary=person, worker=worker, number=f"{person.file_number}-1")
    Referral.objects.create(
        case=case,
        author=worker,
        date=datetime.date(2026, 2, 25),
        target_kind="institution",
        organisation="جمعية الأمل",
        reason="مواكبة",
    )
    sign_in("worker", "ar")

    page.goto(f"{portal}/ar/beneficiaries/{person.file_number}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # "rue 39, Khouribga" (the address, then the commune) among Arabic words, the street's
    # number inside it.
    assert_left_to_right(page, "[data-testid=identity]", ADDRESS)
    # The file number beside the Arabic name in the heading.
    assert_left_to_right(page, "h1", person.file_number)
    # "محمد الهواري (Mohamed Houari)": the parentheses hold the Latin name, on its either side,
    # and the Arabic name, read first, stands to their right.
    assert_left_to_right(page, "h1", "Mohamed Houari")
    around = page.evaluate(AROUND, ["h1 bdi:last-of-type"])
    latin, parens = around["latin"], sorted(around["parens"], key=lambda box: box["left"])
    assert len(parens) == 2, around
    assert abs(parens[0]["right"] - latin["left"]) < 2, f"'(' is not beside 'Mohamed': {around}"
    assert abs(parens[1]["left"] - latin["right"]) < 2, f"')' is not beside 'Houari': {around}"
    assert around["arabic"]["left"] >= parens[1]["right"], around

    page.goto(f"{portal}/ar/beneficiaries/cases/{case.number}/")
    # "ملف الحالة KHO-2026-000001-1": the case number keeps its dashes in place.
    assert_left_to_right(page, "h1", case.number)
    # "إحالة: جمعية الأمل · 25/02/2026": the date reads day, month, year from the left.
    assert_left_to_right(page, "[data-testid=timeline] .entry-head", DATE)


def test_an_amount_a_date_and_a_reference_read_as_written_in_arabic(page, portal, sign_in):
    officer = User.objects.get(username="partnerships")
    convention = ConventionFactory(in_force=True)
    Tranche.objects.create(
        convention=convention,
        number=1,
        planned_amount=Decimal("450000"),
        planned_date=datetime.date(2026, 2, 20),
        paid_amount=Decimal("450000"),
        paid_on=datetime.date(2026, 2, 25),
        payment_reference="OV-2026-0412",
        paid_by=officer,
    )
    sign_in("partnerships", "ar")
    page.goto(f"{portal}/ar/partnerships/conventions/{convention.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    cell = "[data-testid=tranche-1-payment]"
    # "مدفوع 450.000,00 درهم · 25/02/2026 · OV-2026-0412"
    amount = page.locator(cell).locator("bdi").first.evaluate("bdi => bdi.textContent")
    figure, currency = amount.rsplit(maxsplit=1)
    assert currency == "درهم", amount
    assert_left_to_right(page, cell, figure)
    # The figure is read first: in Arabic it stands to the right of its currency.
    drawn = boxes(page, cell, amount)
    assert min(box["left"] for box in drawn[: len(figure)]) > max(
        box["right"] for box in drawn[-len(currency) :]
    ), f"{amount!r} shows its currency before its figure"
    assert_left_to_right(page, cell, DATE)
    assert_left_to_right(page, cell, "OV-2026-0412")
