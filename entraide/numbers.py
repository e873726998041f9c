"""Numbers for people, written the way the page's language writes them: one place for counts,
amounts, percentages and signed changes, used by the template filters (entraide.templatetags.
portal), the PDFs (the same templates) and the messages services write.

- Grouping always, with the separators of the language (entraide/formats and Django's):
  "1.250.000,50" in Arabic (CLDR ar-MA), "1 250 000,50" in French (a no-break space).
- Amounts in dirhams: two decimals, the currency after the figure in both languages, joined to
  it by a no-break space: "1.250,00 درهم", "1 250,00 DH".
- Percentages: the sign right after the figure, with no space, in both languages ("45%"), as
  Moroccan administration writes it in Arabic and in French alike.
- Negative numbers take the true minus sign (U+2212), not the hyphen: "−3". A signed change
  shows "+" too ("+12"), and "0" alone. A figure with a sign is wrapped in a left-to-right
  isolate (LRI … PDI, invisible), so that in Arabic the sign stays in front of its digits.

These functions return plain text. Inside Arabic text a figure is a run of weak characters that
the bidirectional algorithm may join to the number beside it; the filters isolate each one in
its own `<bdi>`.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import pgettext

MINUS = "\u2212"
NBSP = "\u00a0"
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate


def _as_number(value):
    """`value` as an int or a Decimal, or None when it is empty or no number ("", None, "abc").
    Strings are read as Decimals, so "14.50" keeps its two decimals."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _rounded(value, places):
    if places is None:
        return value
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _figure(value, places=None, *, plus=False):
    """The figure grouped in the active language, with its decimals as the value has them (or
    `places` of them, rounded half up); a true minus sign, and "+" too with `plus`.

    A sign is a weak character: in Arabic the bidirectional algorithm puts it after the digits
    ("3−", "249.999,50- درهم"). A left-to-right isolate (LRI … PDI) keeps it in front, in the
    text itself, so that it holds wherever the text goes, markup or not: a page, a PDF, an
    attribute, a chart, a message."""
    value = _rounded(value, places)
    text = number_format(abs(value), use_l10n=True, force_grouping=True)
    if value < 0:
        sign = MINUS
    elif value > 0 and plus:
        sign = "+"
    else:
        return text  # and no "−0,00" for a change that rounds to nothing
    return f"{LRI}{sign}{text}{PDI}"


def number(value, places=None):
    """A count or a measure: "1.250" (ar), "1 250" (fr); a mark keeps its decimals: "14,50"."""
    value = _as_number(value)
    return "" if value is None else _figure(value, places)


def currency():
    return pgettext("currency", "DH")


def dirhams(value):
    """An amount in dirhams: "1.250.000,00 درهم" (ar), "1 250 000,00 DH" (fr)."""
    value = _as_number(value)
    return "" if value is None else f"{_figure(value, 2)}{NBSP}{currency()}"


def percent(value, places=None):
    """A percentage given in hundredths, as the portal's models hold them: 45 → "45%",
    Decimal("12.5") → "12,5%" (ar, fr). The sign follows the figure with no space."""
    value = _as_number(value)
    return "" if value is None else f"{_figure(value, places)}%"


def percent_of(part, whole):
    """`part` as a whole percentage of `whole`, rounded half up (occupancy: 38 people for 40
    places is 95); None when there is no whole to measure against."""
    part, whole = _as_number(part) or 0, _as_number(whole)
    if not whole:
        return None
    return int(_rounded(Decimal(100) * part / whole, 0))


def change(value, *, money=False):
    """A change from one period to another, with its sign: "+12", "−3", "0"; in dirhams with
    `money`: "+1.250,00 درهم"."""
    value = _as_number(value)
    if value is None:
        return ""
    if money:
        return f"{_figure(value, 2, plus=True)}{NBSP}{currency()}"
    return _figure(value, plus=True)
