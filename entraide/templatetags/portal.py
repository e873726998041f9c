"""Template helpers shared by every app."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.html import avoid_wrapping
from django.utils.translation import get_language_bidi, ngettext

register = template.Library()


@register.filter
def listing(items):
    """Items joined with the comma of the page's language: "، " in Arabic, ", " in French."""
    separator = "، " if get_language_bidi() else ", "
    return separator.join(str(item) for item in items)


@register.filter
def filesize(size):
    """A file's size for people, as Django's `filesizeformat` writes it, except that a size in
    bytes is counted with the plural forms of the portal's own catalogue: Django's Arabic
    catalogue gives "%(size)d بايتان" (the dual) for 3 to 10 bytes, so 303 bytes read
    "303 بايتان". The msgid is Django's, so that the portal's catalogue, read first, corrects
    `filesizeformat` too."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if 0 <= size < 1024:
        return avoid_wrapping(ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size})
    return filesizeformat(size)
