"""Template helpers shared by every app."""

from django import template
from django.utils.translation import get_language_bidi

register = template.Library()


@register.filter
def listing(items):
    """Items joined with the comma of the page's language: "، " in Arabic, ", " in French."""
    separator = "، " if get_language_bidi() else ", "
    return separator.join(str(item) for item in items)
