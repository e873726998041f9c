"""Charts as numbers one template draws (templates/components/chart.html): the same drawing in
the browser and in the PDF (WeasyPrint draws SVG), mirrored for Arabic, with no script and no
inline style (the CSP forbids both), its colours as SVG presentation attributes.

Two kinds, one model:
- comparison bars (`comparison`): a row per item, its label and value on a line of text, under
  it a bar growing from the inline start (from the right edge in Arabic) and, when there is a
  previous value, a thinner bar for it;
- a column series over time (`series`): a column per period, the oldest at the inline start
  (time runs right to left in Arabic), a state per column (validated or pending, say) and an
  optional reference line (a capacity).

Along the inline axis, positions are percentages of the drawing's width; across it, CSS pixels;
font sizes are CSS pixels. So the drawing stretches to its container while its text keeps its
size: as readable on a 360 px phone as on a desktop or an A4 page. Words are HTML, never SVG
text: WeasyPrint 70 lays SVG text out letter by letter in logical order, and the PDF's text
layer then reads Arabic labels backwards (copy, search, screen readers, pdftotext). The SVG
text holds only figures and numeric month ticks.

Geometry is returned as strings ("37.5%"): a float in a template is localised ("37,5" in
French), which no SVG reader understands.
"""

import math
from dataclasses import dataclass

from django.utils.translation import get_language_bidi

from . import numbers

# Across the inline axis, in CSS px.
BAR = 12  # a bar's thickness
PREVIOUS = 5  # the previous value's bar, under it
GAP = 2
FONT = 13  # the figures and ticks of a column chart: 13 px on screen, 9.75 pt on paper
COLUMNS_HEIGHT = 200
TOP = 22  # room for the figures above the columns
BASELINE = 170
TICK_Y = 189  # the month ticks' baseline, under the columns
# Along it, in percent of the width: columns keep clear of the edges so that the figure over
# the first or the last one is not cut off (3% of a 280 px drawing: its half-width of 3 digits).
EDGE = 3
COLUMN_SHARE = 0.68  # of each column's slot; the rest is the gap between columns
# Figures over the columns only while they fit their slot on a phone (a 280 px drawing gives a
# slot of 22 px: three digits of 13 px); else the <title> of each column and the table say them.
FIGURE_LENGTH = 3
TICKS = 4  # at most, on the time axis


@dataclass(frozen=True)
class Look:
    """How a mark is painted: SVG presentation attributes (no CSS needed, so the PDF matches)."""

    fill: str
    stroke: str = "none"
    dash: str = ""


STRONG = Look("#0b6b3a")
# Lighter, and outlined with a dashed line: told apart from STRONG without colour.
LIGHT = Look("#8fc3a4", "#0b6b3a", "3 2")
# The previous value's thin bar: 3.3:1 against white, 2:1 against STRONG.
FORMER = Look("#5f9b78")
REFERENCE = Look("none", "#b3261e", "6 4")
AXIS = "#9aa0a6"
TRACK = "#eef1f4"  # behind each bar, the whole scale: a zero reads as an empty track
INK = "#1d1d1f"
STATE_LOOKS = (STRONG, LIGHT)


@dataclass(frozen=True)
class Key:
    """An entry of the legend, drawn under the chart."""

    label: str
    look: Look
    line: bool = False  # a line (the reference) rather than a box


@dataclass(frozen=True)
class Bar:
    label: str
    value: object
    previous: object
    x: str
    width: str
    previous_x: str
    previous_width: str


@dataclass(frozen=True)
class Column:
    name: str  # the period in full, for its <title>: "March 2026"
    tick: str  # its label on the axis, or "" for the periods left unlabelled
    value: object
    state: str
    state_label: str
    look: Look
    x: str
    width: str
    center: str
    y: int
    height: int


@dataclass(frozen=True)
class Chart:
    kind: str  # "bars" or "columns"
    name: str  # a slug, unique on the page: ids and data-testid="<name>-chart"
    title: str
    rtl: bool
    legend: tuple
    height: int  # of one bar's drawing, or of the columns' drawing
    bars: tuple = ()
    columns: tuple = ()
    money: bool = False
    has_previous: bool = False
    previous_label: str = ""
    figures_shown: bool = False
    reference: object = None
    reference_y: int | None = None
    reference_label: str = ""

    # The constants the template draws with, beside the geometry.
    bar = BAR
    previous_y = BAR + GAP
    previous_thickness = PREVIOUS
    font = FONT
    baseline = BASELINE
    tick_y = TICK_Y
    axis = AXIS
    track = TRACK
    ink = INK
    current_look = STRONG
    previous_look = FORMER
    reference_look = REFERENCE


def _percent(value):
    return f"{round(value, 2):g}%"


def _along(start, length, rtl):
    """The x of a mark from the inline start: mirrored in a right-to-left page."""
    return _percent(100 - start - length if rtl else start)


def comparison(rows, *, name, title, current, previous=None, money=False, rtl=None):
    """Horizontal bars: `rows` of (label, value, previous value). `current` names the values in
    the legend, `previous` the previous ones (None: no previous bars). Values are counts, or
    amounts when `money`."""
    rtl = get_language_bidi() if rtl is None else rtl
    rows = list(rows)
    peak = max([abs(v or 0) for _label, value, before in rows for v in (value, before)] + [1])
    bars = []
    for label, value, before in rows:
        width = 100 * abs(value or 0) / peak
        before_width = 100 * abs(before or 0) / peak if previous else 0
        bars.append(
            Bar(
                label=label,
                value=value,
                previous=before,
                x=_along(0, width, rtl),
                width=_percent(width),
                previous_x=_along(0, before_width, rtl),
                previous_width=_percent(before_width),
            )
        )
    legend = [Key(str(current), STRONG)]
    if previous:
        legend.append(Key(str(previous), FORMER))
    return Chart(
        kind="bars",
        name=name,
        title=str(title),
        rtl=rtl,
        legend=tuple(legend),
        height=BAR + GAP + PREVIOUS if previous else BAR,
        bars=tuple(bars),
        money=money,
        has_previous=bool(previous),
        previous_label=str(previous or ""),
    )


@dataclass(frozen=True)
class Point:
    """A period of a series: its name in full, its short tick ("03/26"), its value (None: not
    reported) and its state (a key of the `states` given to `series`)."""

    name: str
    tick: str
    value: object
    state: str


def series(points, *, name, title, states, reference=None, reference_label="", rtl=None):
    """Columns over time, the oldest first: `points` are Points; `states` (state: legend label)
    in order, the first drawn solid, the second light with a dashed outline; `reference` a
    value drawn as a dashed line across (a capacity), named `reference_label` in the legend."""
    rtl = get_language_bidi() if rtl is None else rtl
    points = list(points)
    looks = dict(zip(states, STATE_LOOKS, strict=False))
    peak = max([p.value or 0 for p in points] + [reference or 0, 1])
    room = BASELINE - TOP
    slot = (100 - 2 * EDGE) / max(len(points), 1)
    step = max(1, math.ceil(len(points) / TICKS))
    columns = []
    for index, point in enumerate(points):
        height = round(room * (point.value or 0) / peak)
        start = EDGE + index * slot
        # The latest period always labelled, and every `step`-th one back from it.
        labelled = (len(points) - 1 - index) % step == 0
        columns.append(
            Column(
                name=str(point.name),
                tick=point.tick if labelled else "",
                value=point.value,
                state=point.state,
                state_label=str(states.get(point.state, "")),
                look=looks.get(point.state, STRONG),
                x=_along(start + slot * (1 - COLUMN_SHARE) / 2, slot * COLUMN_SHARE, rtl),
                width=_percent(slot * COLUMN_SHARE),
                center=_along(start + slot / 2, 0, rtl),
                y=BASELINE - height,
                height=height,
            )
        )
    legend = [Key(str(label), looks[state]) for state, label in states.items() if state in looks]
    if reference:
        legend.append(Key(str(reference_label), REFERENCE, line=True))
    figures = [numbers.number(p.value) for p in points if p.value is not None]
    return Chart(
        kind="columns",
        name=name,
        title=str(title),
        rtl=rtl,
        legend=tuple(legend),
        height=COLUMNS_HEIGHT,
        columns=tuple(columns),
        figures_shown=all(len(figure) <= FIGURE_LENGTH for figure in figures),
        reference=reference or None,
        reference_y=BASELINE - round(room * reference / peak) if reference else None,
        reference_label=str(reference_label),
    )
