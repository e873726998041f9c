"""Charts as numbers an SVG template draws: the same SVG in the browser and in the PDF
(WeasyPrint draws SVG), mirrored for Arabic, with no script and no inline style."""

WIDTH = 760
LABEL = 360  # room for the labels (French ones run to 45 letters)
ROW = 34


def bars(rows):
    """Horizontal bars, this period and the year before: rows of (label, value, before)."""
    peak = max([max(value or 0, before or 0) for _l, value, before in rows] + [1])
    room = WIDTH - LABEL - 60
    drawn = []
    for index, (label, value, before) in enumerate(rows):
        y = index * ROW + 6
        now_width = round(room * (value or 0) / peak)
        before_width = round(room * (before or 0) / peak)
        drawn.append(
            {
                "label": label,
                "value": value,
                "before": before,
                "y": y,
                "text_y": y + 14,
                "before_y": y + 17,
                # Left to right: label, then the bars growing rightwards.
                "ltr_label_x": LABEL - 10,
                "ltr_x": LABEL,
                "ltr_value_x": LABEL + now_width + 4,
                # Right to left: the mirror image.
                "rtl_label_x": WIDTH - LABEL + 10,
                "rtl_x": WIDTH - LABEL - now_width,
                "rtl_before_x": WIDTH - LABEL - before_width,
                "rtl_value_x": WIDTH - LABEL - now_width - 4,
                "width": now_width,
                "before_width": before_width,
            }
        )
    return {"rows": drawn, "width": WIDTH, "height": len(rows) * ROW + 10}
