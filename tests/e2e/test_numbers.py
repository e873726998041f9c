"""The report's comparison as the browser draws it: in Arabic, "a year earlier" and "change" stand
apart, each figure at the same side of its cell, the minus sign in front of its digits and the
currency after the figure (left of it in Arabic, right of it in French)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from entraide.models import User
from partnerships.models import Tranche
from tests.factories import CentreFactory, ConventionFactory, MonthlyActivityFactory

pytestmark = pytest.mark.e2e

D = datetime.date

# Where each part of a cell's text is drawn: the text's boxes, measured by the browser.
BOXES = """(cell) => {
  const text = cell.innerText;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const parts = {};
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const [name, part] of Object.entries(window.wanted)) {
      const at = node.data.indexOf(part);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + part.length);
      const box = range.getBoundingClientRect();
      parts[name] = {left: box.left, right: box.right};
    }
  }
  const box = cell.getBoundingClientRect();
  return {text, parts, cell: {left: box.left, right: box.right}};
}"""


def boxes(cell, **wanted):
    cell.page.evaluate("(wanted) => { window.wanted = wanted; }", wanted)
    return cell.evaluate(BOXES)


@pytest.fixture
def compared(portal):
    """Khouribga in October 2025 and a year earlier: fewer people in centres, and less money."""
    delegate = User.objects.get(username="delegate")
    centre = CentreFactory(code="C-NUM-1", delegation=delegate.unit)
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
        signing_unit=delegate.unit,
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
    return delegate.unit


@pytest.mark.parametrize(("lang", "currency"), [("ar", "درهم"), ("fr", "DH")])
def test_a_year_earlier_and_the_change_never_run_together(
    page, portal, sign_in, compared, output_path, lang, currency
):
    sign_in("delegate", lang)
    page.goto(f"{portal}/{lang}/reports/{compared.code}/?period=2025-10")
    row = page.locator('[data-testid="report-summary"] tr[data-indicator="subsidies_committed"]')
    expect(row).to_be_visible()
    row.scroll_into_view_if_needed()
    page.locator('[data-testid="report-summary"]').screenshot(
        path=f"{output_path}/report-summary-{lang}.png"
    )
    before = boxes(row.locator("td").nth(1), figure="1", currency=currency)
    change = boxes(row.locator("td").nth(2), minus="\u2212", figure="249", currency=currency)

    # The minus in front of the digits, the currency after the figure, in both languages.
    minus, digits = change["parts"]["minus"], change["parts"]["figure"]
    assert minus["right"] <= digits["left"] + 1
    for cell, first in ((before, "figure"), (change, "minus")):
        parts = cell["parts"]
        if lang == "ar":
            assert parts["currency"]["right"] <= parts[first]["left"], cell
        else:
            assert parts["currency"]["left"] >= parts["figure"]["right"], cell

    # Each figure at the end of its cell, as every other number of the table: the two figures
    # are a column's width apart, not drawn against the border between them.
    if lang == "ar":
        ends = [
            cell["cell"]["left"] - min(p["left"] for p in cell["parts"].values())
            for cell in (before, change)
        ]
        gap = min(p["left"] for p in before["parts"].values()) - max(
            p["right"] for p in change["parts"].values()
        )
    else:
        ends = [
            cell["cell"]["right"] - max(p["right"] for p in cell["parts"].values())
            for cell in (before, change)
        ]
        gap = min(p["left"] for p in change["parts"].values()) - max(
            p["right"] for p in before["parts"].values()
        )
    assert abs(ends[0] - ends[1]) < 1, ends
    assert gap > 40, gap
