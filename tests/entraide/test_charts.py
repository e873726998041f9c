"""The portal's one chart (entraide/charts.py drawn by templates/components/chart.html): bars
and columns mirrored in Arabic, values in proportion, what it says as text, its legend under
the drawing; every chart of the portal drawn by it; and the report's PDF, whose chart reads
back whole with pdftotext in Arabic and in French."""

import datetime
import re
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from entraide.charts import BASELINE, LIGHT, REFERENCE, STRONG, TOP, Point, comparison, series
from reports.documents import render, report_context
from reports.periods import Period
from tests.factories import CentreFactory, MonthlyActivityFactory, UserFactory, unit

ROWS = [("Open centres", 2, 1), ("New cases", 40, 25), ("Cases closed", 0, None)]
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def percent(text):
    assert text.endswith("%"), text
    return float(text[:-1])


def months(count=12, *, values=None, states=None):
    """`count` months from March 2025."""
    points = []
    for index in range(count):
        year, month = divmod(2 + index, 12)
        month = datetime.date(2025 + year, month + 1, 1)
        points.append(
            Point(
                name=month.strftime("%B %Y"),
                tick=month.strftime("%m/%y"),
                value=values[index] if values else 10 * (index + 1),
                state=states[index] if states else "validated",
            )
        )
    return points


STATES = {"validated": "validated", "pending": "not yet validated"}


def test_bars_grow_from_the_left_edge_in_french_in_proportion_to_the_largest_value():
    chart = comparison(ROWS, name="t", title="T", current="2025", previous="2024", rtl=False)
    assert chart.kind == "bars" and not chart.rtl
    assert [bar.label for bar in chart.bars] == ["Open centres", "New cases", "Cases closed"]
    assert [bar.width for bar in chart.bars] == ["5%", "100%", "0%"]
    assert [bar.previous_width for bar in chart.bars] == ["2.5%", "62.5%", "0%"]
    assert {bar.x for bar in chart.bars} == {bar.previous_x for bar in chart.bars} == {"0%"}
    assert [(key.label, key.look) for key in chart.legend] == [
        ("2025", STRONG),
        ("2024", chart.previous_look),
    ]


def test_bars_grow_from_the_right_edge_in_arabic():
    chart = comparison(ROWS, name="t", title="T", current="2025", previous="2024", rtl=True)
    for bar in chart.bars:
        assert percent(bar.x) + percent(bar.width) == 100
        assert percent(bar.previous_x) + percent(bar.previous_width) == 100
    assert [bar.width for bar in chart.bars] == ["5%", "100%", "0%"]


def test_the_direction_is_the_active_languages():
    with translation.override("ar"):
        assert comparison(ROWS, name="t", title="T", current="2025").rtl
        assert series(months(), name="s", title="S", states=STATES).rtl
    with translation.override("fr"):
        assert not comparison(ROWS, name="t", title="T", current="2025").rtl
        assert not series(months(), name="s", title="S", states=STATES).rtl


def test_without_previous_values_there_is_no_previous_bar_nor_key():
    chart = comparison(ROWS, name="t", title="T", current="2025", rtl=False)
    assert not chart.has_previous
    assert chart.height == chart.bar
    assert [key.label for key in chart.legend] == ["2025"]
    html = render_to_string("components/chart.html", {"chart": chart})
    assert html.count('class="chart-now"') == len(ROWS)
    assert 'class="chart-before"' not in html


def test_a_chart_with_nothing_to_draw_is_left_out():
    chart = comparison([], name="t", title="T", current="2025")
    assert render_to_string("components/chart.html", {"chart": chart}).strip() == ""


def test_columns_run_left_to_right_in_french_and_right_to_left_in_arabic():
    ltr = series(months(), name="s", title="S", states=STATES, rtl=False)
    rtl = series(months(), name="s", title="S", states=STATES, rtl=True)
    left = [percent(column.center) for column in ltr.columns]
    right = [percent(column.center) for column in rtl.columns]
    assert left == sorted(left) and left[0] < 10
    assert right == sorted(right, reverse=True) and right[0] > 90
    for a, b in zip(ltr.columns, rtl.columns, strict=True):
        assert percent(a.center) + percent(b.center) == pytest.approx(100)
        assert percent(a.x) + percent(a.width) + percent(b.x) == pytest.approx(100, abs=0.02)
        assert (a.y, a.height) == (b.y, b.height)
    # Clear of both edges, for the figures over the first and the last columns.
    assert min(percent(c.x) for c in ltr.columns) > 2
    assert max(percent(c.x) + percent(c.width) for c in ltr.columns) < 98


def test_columns_heights_states_reference_and_ticks():
    states = ["validated"] * 10 + ["pending", "missing"]
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 60, None]
    chart = series(
        months(values=values, states=states),
        name="s",
        title="S",
        states=STATES,
        reference=120,
        reference_label="capacity",
        rtl=False,
    )
    room = BASELINE - TOP
    # In proportion to the largest of the values and the reference.
    assert [c.height for c in chart.columns] == [round(room * (v or 0) / 120) for v in values]
    assert all(c.y + c.height == BASELINE for c in chart.columns)
    assert chart.reference_y == TOP
    assert [c.look for c in chart.columns[9:11]] == [STRONG, LIGHT]
    assert chart.columns[11].value is None and chart.columns[11].height == 0
    # Four ticks, the latest month among them.
    assert [i for i, c in enumerate(chart.columns) if c.tick] == [2, 5, 8, 11]
    assert chart.columns[11].tick == "02/26"
    assert [(key.label, key.look, key.line) for key in chart.legend] == [
        ("validated", STRONG, False),
        ("not yet validated", LIGHT, False),
        ("capacity", REFERENCE, True),
    ]
    assert chart.figures_shown


def test_figures_over_the_columns_only_while_three_digits_fit():
    values = [120] * 11 + [1250]
    with translation.override("fr"):
        chart = series(months(values=values), name="s", title="S", states=STATES)
        html = render_to_string("components/chart.html", {"chart": chart})
    assert not chart.figures_shown
    assert 'class="chart-figure"' not in html
    assert "1\u00a0250" in html  # in the column's <title> still


def test_the_component_says_its_values_as_text_with_its_legend_under_the_drawing():
    with translation.override("fr"):
        bars = comparison(ROWS, name="bars", title="Figures", current="2025", previous="2024")
        columns = series(
            months(states=["validated"] * 11 + ["pending"]),
            name="cols",
            title="People served",
            states=STATES,
            reference=150,
            reference_label="capacity",
        )
        html = render_to_string("components/chart.html", {"chart": bars})
        plot = render_to_string("components/chart.html", {"chart": columns})
    for page in (html, plot):
        assert "style=" not in page and "<script" not in page
        # The legend comes after the drawing, inside the figure.
        assert page.index("</svg>") < page.index("<figcaption") < page.index("</figure>")
    assert 'aria-labelledby="bars-chart-title"' in html
    assert '<p class="chart-title" id="bars-chart-title">Figures</p>' in html
    # Words are HTML, the drawing only marks: no SVG text in the bars.
    assert "<text" not in html
    assert re.findall(r'<span class="chart-label">([^<]*)</span>', html) == [r[0] for r in ROWS]
    titles = re.findall(r"<title[^>]*>([^<]*)</title>", html)
    assert titles == [
        "Open centres: 2 (2024: 1)",
        "New cases: 40 (2024: 25)",
        "Cases closed: 0 (2024: —)",
    ]
    assert html.count('role="img"') == len(ROWS)
    assert re.findall(r'class="chart-key">.*?</svg> ([^<]*)</span>', html) == ["2025", "2024"]
    # The columns: one image, a title per month with its value and state, the capacity line.
    assert plot.count('role="img"') == 1
    assert "March 2025: 10 (validated)" in plot and "February 2026: 120 (not yet validated)" in plot
    assert 'class="chart-reference"' in plot
    assert re.findall(r'class="chart-tick"[^>]*>([^<]*)<', plot) == [
        "05/25",
        "08/25",
        "11/25",
        "02/26",
    ]


def test_every_chart_of_the_portal_is_drawn_by_the_component(client_for, delegate, central, worker):
    CentreFactory(code="C-CHART")
    MonthlyActivityFactory(centre=CentreFactory(code="C-CHART-2"), people_served=33)
    pages = [
        (delegate, "/fr/", "figures"),
        (delegate, reverse("reports:unit", args=["DP-MA-KHO"]), "indicators"),
        (central, reverse("reports:compare", args=["EN"]), "comparison"),
        (worker, reverse("centres:detail", args=["C-CHART-2"]), "activity"),
    ]
    for user, url, name in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert "components/chart.html" in [t.name for t in response.templates], url
        content = response.content.decode()
        assert content.count(f'data-testid="{name}-chart"') == 1, url
        assert 'class="chart-legend"' in content, url


def page_one(pdf, tmp_path):
    """The lines of the PDF's first page, without their spaces: in Arabic, pdftotext moves the
    spaces around punctuation and figures as it reorders a line."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/pdftotext", "-layout", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    ).stdout
    return [squeeze(line) for line in text.splitlines()]


def squeeze(text):
    return "".join(text.translate(BIDI).split())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_reports_pdf_draws_the_chart_and_its_labels_read_back(language, tmp_path):
    validator = UserFactory(username="t-validator", delegate=True)
    for month, people in ((datetime.date(2025, 10, 1), 37), (datetime.date(2024, 10, 1), 25)):
        MonthlyActivityFactory(
            centre=CentreFactory(code="C-PDF-1"),
            month=month,
            people_served=people,
            status="validated",
            validated_at=timezone.now(),
            validated_by=validator,
        )
    CentreFactory(code="C-PDF-2")
    delegation, period = unit("DP-MA-KHO"), Period.parse("2025-10")
    with translation.override(language):
        chart = report_context(delegation, period)["chart"]
        periods = [period.label, period.year_before().label]
    # Two open centres, 37 people served in them (25 a year earlier).
    assert [(bar.value, bar.previous) for bar in chart.bars if bar.value] == [(2, 2), (37, 25)]
    lines = page_one(render(delegation, period, language), tmp_path)
    assert squeeze(chart.title) in lines
    # Each label whole, in the order of the bars, on its own line with its value (before or
    # after it: pdftotext puts an Arabic line's figures where it likes).
    found = []
    for bar in chart.bars:
        label = squeeze(bar.label)
        index, line = next(((i, line) for i, line in enumerate(lines) if label in line), (0, ""))
        assert line, f"{bar.label!r} not read back from the PDF: {lines}"
        assert line.replace(label, "") == str(bar.value), line
        found.append(index)
    assert found == sorted(found)
    # The legend under the bars: this period and the year before.
    assert [key.label for key in chart.legend] == periods
    legend = [squeeze(label) for label in periods]
    keys = next(i for i, line in enumerate(lines) if all(label in line for label in legend))
    assert keys > found[-1]
