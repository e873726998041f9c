"""Template helpers shared by every app."""

from django import template
from django.forms import BaseForm, BaseFormSet
from django.template.defaultfilters import filesizeformat
from django.utils.html import avoid_wrapping, format_html
from django.utils.translation import get_language_bidi, ngettext

register = template.Library()


@register.simple_tag(takes_context=True)
def refused_forms(context):
    """The forms of the page that a submit has just refused, for the error summary and the
    "Error:" of the title. Only after a POST: a list's filters bound to the query string are
    not a refused submit. The small forms of a record's page are kept on the request by
    `entraide.actions.bound`."""
    request = context.get("request")
    if request is None or request.method != "POST":
        return []
    shown = getattr(request, "action_form", None)
    candidates = [shown[1]] if shown else []
    for value in context.flatten().values():
        if isinstance(value, BaseForm):
            candidates.append(value)
        elif isinstance(value, BaseFormSet) and value.is_bound:
            candidates += value.forms
    refused = []
    for form in candidates:
        if form.is_bound and form.errors and form not in refused:
            refused.append(form)
    return refused


@register.filter
def listing(items):
    """Items joined with the comma of the page's language: "، " in Arabic, ", " in French."""
    separator = "، " if get_language_bidi() else ", "
    return separator.join(str(item) for item in items)


@register.filter
def isolate(value):
    """A value that may be Latin, numeric or typed by a user, isolated in `<bdi>` so that the
    bidirectional algorithm does not reorder it with the Arabic or French text around it; for
    the values passed to `{% blocktranslate %}`, where the tag cannot be written around them."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def person_name(person):
    """A person's name as `display_name` reads, with the Arabic and the Latin forms each in its own
    `<bdi>`: in one run, "محمد الإدريسي (Victor Boucher)" shows its Latin words and parentheses
    out of order. `person` gives `names`, the (Arabic, Latin) pair."""
    arabic, latin = person.names
    if arabic and latin:
        return format_html("<bdi>{}</bdi> (<bdi>{}</bdi>)", arabic, latin)
    return format_html("<bdi>{}</bdi>", arabic or latin or "—")


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
