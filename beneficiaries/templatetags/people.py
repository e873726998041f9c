"""The rows of the people search's results, written in Python.

A page of 25 people through the template engine took 5 ms (some 300 variable lookups, a
reverse() and a date filter for each row), a quarter of a name search's time (`make bench`);
written here (entraide.rows), under one. The markup is the rest of the table's, in
templates/beneficiaries/search.html; tests/beneficiaries/test_views.py reads it back."""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from entraide.rows import escape, links

register = template.Library()


@register.simple_tag
def search_rows(people, sounds_like):
    """One <tr> per person: the file number linked to the file (with `sounds_like`, the badge,
    when the name only sounds like the query), the names in both scripts, the date or year of
    birth, the CIN and the delegation, every value escaped."""
    link = links("beneficiaries:detail")
    short_date = get_format("SHORT_DATE_FORMAT")  # as the date filter's SHORT_DATE_FORMAT
    sounds_like = conditional_escape(sounds_like)  # rendered HTML: as it is
    rows = []
    for person in people:
        number = person.file_number
        href = link(number)
        if person.birth_date:
            born = format_date(person.birth_date, short_date)
        elif person.birth_year:
            born = gettext("about %(year)s") % {"year": localize(person.birth_year)}
        else:
            born = ""
        badge = f" {sounds_like}" if getattr(person, "exact", None) is False else ""
        rows.append(
            f'<tr><td dir="ltr"><a href="{escape(href)}"><bdi>{escape(number)}</bdi></a>{badge}'
            f'</td><td lang="ar" dir="rtl">{escape(person.first_name_ar)} '
            f"{escape(person.last_name_ar)}</td>"
            f'<td lang="fr" dir="ltr">{escape(person.first_name_lat)} '
            f"{escape(person.last_name_lat)}</td>"
            f"<td>{escape(born)}</td>"
            f'<td dir="ltr">{escape(person.cin)}</td>'
            f"<td>{escape(str(person.delegation))}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
