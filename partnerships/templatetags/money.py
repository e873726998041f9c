"""Amounts in dirhams, written the way each language writes them: in Arabic "1.250.000,00
درهم", in French "1 250 000,00 DH" (Django's number formats per language, grouped always)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def dirhams(value):
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    figures = number_format(amount, 2, use_l10n=True, force_grouping=True)
    # Both languages put the currency after the figure; a no-break space keeps them together.
    currency = pgettext("currency", "DH")
    return f"{figures}\u00a0{currency}"


@register.filter
def percent_of(part, whole):
    """`part` as a whole percentage of `whole` (0 when there is no whole)."""
    try:
        return round(100 * Decimal(part or 0) / Decimal(whole)) if whole else 0
    except (InvalidOperation, TypeError, ValueError):
        return 0
