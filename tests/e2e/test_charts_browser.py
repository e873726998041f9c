"""The portal's chart (templates/components/chart.html) on a 360 px phone, in Arabic and in
French: its smallest text at 11 px or more, its legend under the drawing and above the heading
that follows, its bars growing from the page's inline start and the centre's months running
right to left in Arabic. Screenshots of each chart and page: test-results/charts/."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
NARROW = {"width": 360, "height": 800}
SMALLEST = 11  # CSS px
KHOURIBGA = "DP-MA-KHO"
MANAGED = "C-KHO-001"  # a demo centre with 11 months of activity

# Every piece of text the chart shows (HTML and SVG, not the <title>s read on hover): its box's
# height and the size its font is drawn at on screen, in CSS px.
TEXTS = """figure => {
    const texts = [];
    const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!node.textContent.trim() || parent.closest("title, desc")) continue;
        const drawn = parent.closest("text");
        const range = document.createRange();
        range.selectNodeContents(node);
        const boxes = drawn ? [drawn.getBoundingClientRect()] : [...range.getClientRects()];
        const shown = boxes.filter(box => box.width > 0 && box.height > 0);
        if (!shown.length) continue;
        const scale = drawn ? drawn.getScreenCTM().a : 1;
        texts.push({
            text: node.textContent.trim(),
            height: Math.min(...shown.map(box => box.height)),
            font: parseFloat(getComputedStyle(parent).fontSize) * scale,
        });
    }
    return texts;
}"""

# Where the legend ends, and where the drawing above it, the element after the chart and the
# heading after it are.
LAYOUT = """figure => {
    const legend = figure.querySelector("figcaption").getBoundingClientRect();
    const drawings = [...figure.querySelectorAll("svg.chart-bar, svg.chart-plot")];
    const heading = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].find(h =>
        figure.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING
        && h.getClientRects().length);
    let next = figure;
    while (next && !next.nextElementSibling) next = next.parentElement;
    next = next && next.nextElementSibling;
    return {
        next: next ? next.tagName : null,
        next_top: next ? next.getBoundingClientRect().top : null,
        legend_top: legend.top,
        legend_bottom: legend.bottom,
        legend_height: legend.height,
        drawing_bottom: Math.max(...drawings.map(svg => svg.getBoundingClientRect().bottom)),
        heading: heading ? heading.textContent.trim() : null,
        heading_top: heading ? heading.getBoundingClientRect().top : null,
        figure_left: figure.getBoundingClientRect().left,
        figure_right: figure.getBoundingClientRect().right,
        overflow: figure.scrollWidth - figure.clientWidth,
    };
}"""

# Each bar's distance from the inline start of its drawing (the right edge in Arabic), in px.
BAR_STARTS = """(svgs, rtl) => svgs.map(svg => {
    const box = svg.getBoundingClientRect();
    const bar = svg.querySelector("rect.chart-now").getBoundingClientRect();
    return Math.round(rtl ? box.right - bar.right : bar.left - box.left);
})"""

# The centre of each month's column and of each month tick, oldest first, in px from the
# drawing's left edge; the texts that stick out of the drawing (and are cut off).
COLUMNS = """svg => {
    const drawing = svg.getBoundingClientRect();
    const middle = box => Math.round(box.left + box.width / 2 - drawing.left);
    return {
        width: drawing.width,
        columns: [...svg.querySelectorAll("g.chart-column rect")].map(
            rect => middle(rect.getBoundingClientRect())),
        ticks: [...svg.querySelectorAll("text.chart-tick")].map(text => ({
            text: text.textContent, x: middle(text.getBoundingClientRect())})),
        cut: [...svg.querySelectorAll("text")].filter(text => {
            const box = text.getBoundingClientRect();
            return box.left < drawing.left || box.right > drawing.right;
        }).map(text => text.textContent),
    };
}"""


def translated(lang, text):
    with translation.override(lang):
        return translation.gettext(text)


def shoot(page, chart, pytestconfig, name):
    """Screenshots kept beside the other tests' output (pytest-playwright removes a passed
    test's own folder): test-results/charts/."""
    folder = Path(pytestconfig.getoption("--output")) / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=folder / f"chart-{name}.png")
    page.screenshot(path=folder / f"chart-{name}-page.png", full_page=True)


def check_readable_and_in_flow(page, chart, *, heading_expected=True):
    """The chart's text at 11 px at least; its legend under the drawing, above what follows;
    the chart within the phone's width."""
    texts = chart.evaluate(TEXTS)
    assert texts, "no text in the chart"
    small = [t for t in texts if t["height"] < SMALLEST or t["font"] < SMALLEST]
    assert not small, f"chart text under {SMALLEST} px at 360 px: {small}"
    layout = chart.evaluate(LAYOUT)
    assert layout["legend_height"] > 0
    assert layout["legend_top"] >= layout["drawing_bottom"] - 0.5, layout
    if heading_expected:
        assert layout["heading"], "no heading after the chart"
    if layout["heading"]:
        assert layout["legend_bottom"] <= layout["heading_top"], layout
    if layout["next"]:
        assert layout["legend_bottom"] <= layout["next_top"], layout
    assert 0 <= layout["figure_left"] and layout["figure_right"] <= NARROW["width"], layout
    assert layout["overflow"] <= 0, layout
    return texts


@LANGUAGES
def test_the_dashboard_and_report_charts_read_at_360_px(
    page, portal, sign_in, pytestconfig, lang, direction
):
    page.set_viewport_size(NARROW)
    sign_in("delegate", lang)
    page.goto(f"{portal}/{lang}/")
    chart = page.get_by_test_id("figures-chart")
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(translated(lang, "This year's figures"))
    chart.scroll_into_view_if_needed()
    shoot(page, chart, pytestconfig, f"home-{lang}")
    # The home page is being reworked: what follows the chart may not be a heading.
    check_readable_and_in_flow(page, chart, heading_expected=False)
    starts = chart.locator("svg.chart-bar").evaluate_all(BAR_STARTS, direction == "rtl")
    assert starts and set(starts) == {0}, starts

    page.goto(f"{portal}/{lang}/reports/{KHOURIBGA}/")
    chart = page.get_by_test_id("indicators-chart")
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(
        translated(lang, "Indicators, this period and a year earlier")
    )
    expect(chart.locator("figcaption .chart-key")).to_have_count(2)
    # Each bar an image named by its label and its values.
    first = chart.locator("svg.chart-bar").first
    label = chart.locator(".chart-label").first.text_content()
    expect(first).to_have_attribute("role", "img")
    expect(first).to_have_accessible_name(re.compile(rf"^{re.escape(label)}: "))
    chart.scroll_into_view_if_needed()
    shoot(page, chart, pytestconfig, f"report-{lang}")
    check_readable_and_in_flow(page, chart)
    starts = chart.locator("svg.chart-bar").evaluate_all(BAR_STARTS, direction == "rtl")
    assert starts and set(starts) == {0}, starts


@LANGUAGES
def test_the_centres_months_run_from_the_inline_start_and_read_at_360_px(
    page, portal, sign_in, pytestconfig, lang, direction
):
    page.set_viewport_size(NARROW)
    sign_in("worker", lang)
    page.goto(f"{portal}/{lang}/centres/{MANAGED}/")
    chart = page.get_by_test_id("activity-chart")
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(translated(lang, "People served per month"))
    plot = chart.locator("svg.chart-plot")
    expect(plot.locator("g.chart-column")).to_have_count(12)
    chart.scroll_into_view_if_needed()
    shoot(page, chart, pytestconfig, f"centre-{lang}")
    texts = check_readable_and_in_flow(page, chart, heading_expected=False)
    drawn = plot.evaluate(COLUMNS)
    columns, ticks = drawn["columns"], drawn["ticks"]
    if direction == "rtl":
        # The oldest month at the right, time running leftwards.
        assert columns == sorted(columns, reverse=True), columns
        assert columns[0] > drawn["width"] * 0.9 and columns[-1] < drawn["width"] * 0.1
        assert [t["x"] for t in ticks] == sorted((t["x"] for t in ticks), reverse=True)
    else:
        assert columns == sorted(columns), columns
        assert columns[0] < drawn["width"] * 0.1 and columns[-1] > drawn["width"] * 0.9
        assert [t["x"] for t in ticks] == sorted(t["x"] for t in ticks)
    # Fewer ticks than months, the latest month among them; no figure cut off at the edges.
    assert 2 <= len(ticks) <= 4
    assert abs(ticks[-1]["x"] - columns[-1]) <= 1
    assert {t["text"] for t in ticks} <= {t["text"] for t in texts}
    assert drawn["cut"] == [], f"chart texts cut off at the edge of the drawing: {drawn['cut']}"
