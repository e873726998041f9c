"""Template helpers shared by every app."""

from django import template
from django.contrib.auth.context_processors import PermWrapper
from django.forms import BaseForm, BaseFormSet
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import avoid_wrapping, format_html
from django.utils.translation import get_language, get_language_bidi, ngettext

from entraide import numbers

register = template.Library()


# The key of a superuser's permissions: all of them (Django's has_perm), not read from the
# database.
ALL = "all permissions"

# The sidebar's HTML for each different input (navigation): a few per role, page and language.
_NAVIGATION: dict[tuple, str] = {}
NAVIGATIONS_KEPT = 1_000
# The apps and URL names partials/navigation.html compares the page's with (a test reads them
# off the template).
NAVIGATION_APPS = frozenset(
    {"territory", "beneficiaries", "centres", "programmes", "partnerships", "recruitment"}
)
NAVIGATION_URL_NAMES = frozenset(
    {"home", "work", "overview", "reassign", "file_requests", "file_request", "duplicates"}
    | {"duplicate", "inbox", "referral_received", "audit", "profile"}
)


@register.simple_tag(takes_context=True)
def navigation(context):
    """partials/navigation.html, rendered once for each different input and then reused: its
    14 links and their checks took 1.5 ms of every page on the bench's machine. The template
    sees only what the cache is keyed on (the page's app and URL names, the user's
    permissions, role and staff flag; the language and the script prefix its links hold), so
    that no other input can change what it renders."""
    request, user = context["request"], context["user"]
    match = request.resolver_match
    # The page as the template compares it: an app or a URL name it names, or none (an
    # unnamed one compares as "" does), so that the pages of the portal share a few entries.
    app_name, url_name = getattr(match, "app_name", ""), getattr(match, "url_name", "")
    here = (
        app_name if app_name in NAVIGATION_APPS else "",
        url_name if url_name in NAVIGATION_URL_NAMES else "",
    )
    granted = ALL if user.is_superuser else frozenset(user.get_all_permissions())
    key = (get_language(), get_script_prefix(), here, granted, user.role, user.is_staff)
    html = _NAVIGATION.get(key)
    if html is None:
        html = render_to_string(
            "partials/navigation.html",
            {
                "here": {"app_name": here[0], "url_name": here[1]},
                # Django's checks, which answer from `granted` (the same set) alone.
                "perms": PermWrapper(user),
                "role": user.role,
                "is_staff": user.is_staff,
            },
        )
        if len(_NAVIGATION) >= NAVIGATIONS_KEPT:
            _NAVIGATION.clear()
        _NAVIGATION[key] = html
    return html


def _badge(kind, label, value, note, testid):
    """The markup of a status badge (components/badge.html says what each part is)."""
    return format_html(
        '<span class="badge {}{}"{}>{}{}</span>',
        kind,
        format_html("-{}", value) if value else "",
        format_html(' data-testid="{}"', testid) if testid else "",
        label,
        format_html(" {}", note) if note else "",
    )


@register.simple_tag
def badge(kind, label, value="", note="", testid=""):
    """`{% badge "status" centre.get_status_display value=centre.status %}`: the badge of
    components/badge.html, without an include (a list of 50 rows spent 2.6 ms including it)."""
    return _badge(kind, label, value, note, testid)


@register.simple_tag(takes_context=True)
def badge_of_include(context):
    """components/badge.html's own: the badge of the variables the include was given."""
    get = context.get
    return _badge(get("kind"), get("label"), get("value"), get("note"), get("testid"))


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
def text_language(value):
    """The language a text kept in both languages is written in, by its script ("ar" or "fr"):
    for its `lang`, when the page shows the other language's text for want of its own."""
    from entraide.validators import language_of_script

    return language_of_script(str(value or ""))


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
def required_unsaid(field):
    """A required field whose control carries no `required` attribute for screen readers to
    announce (a group of checkboxes, a file already sent): its label says it in words
    (components/field.html)."""
    return field.field.required and "required" not in field.build_widget_attrs({})


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


# Numbers, amounts, percentages and changes, as entraide.numbers writes them (a sign kept in
# front of its digits there), each in its own isolate so that in Arabic it never runs into the
# number beside it: a figure left to right in `<bdi dir="ltr">`, an amount in a `<bdi>` that
# takes the direction of its currency, so that "درهم" stays after the figure in Arabic as "DH"
# does in French. Where no markup may go (an attribute, an SVG text), add `|striptags`. In a
# `{% blocktranslate count %}`, count under one name and show the formatted figure under the
# name the message uses, so that the msgid stays the same:
# `{% blocktranslate count n=total with counter=total|number %}{{ counter }} centre...`.


def _figure(text):
    return format_html('<bdi dir="ltr">{}</bdi>', text) if text else ""


def _amount(text):
    return format_html("<bdi>{}</bdi>", text) if text else ""


@register.filter
def number(value):
    """A count grouped ("1.250", "1 250"), or a measure with its own decimals ("14,50")."""
    return _figure(numbers.number(value))


@register.filter
def dirhams(value):
    """An amount in dirhams: "1.250.000,00 درهم", "1 250 000,00 DH"."""
    return _amount(numbers.dirhams(value))


@register.filter
def percent(value):
    """A percentage held in hundredths: 45 → "45%"."""
    return _figure(numbers.percent(value))


@register.filter
def change(value, money=False):
    """A change with its sign ("+12", "−3"); `change:True` for an amount in dirhams."""
    if money:
        return _amount(numbers.change(value, money=True))
    return _figure(numbers.change(value))
