"""The rows of the people search's results, written in Python.

A page of 25 people through the template engine took 5 ms (some 300 variable lookups, a
reverse() and a date filter for each row), a quarter of a name search's time (`make bench`);
written here, well under one. The markup is the rest of the table's, in
templates/beneficiaries/search.html; tests/beneficiaries/test_views.py reads it back."""

import re
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()

ROW = (
    '<tr><td dir="ltr"><a href="{}"><bdi>{}</bdi></a>{}</td>'
    '<td lang="ar" dir="rtl">{} {}</td>'
    '<td lang="fr" dir="ltr">{} {}</td>'
    "<td>{}</td>"
    '<td dir="ltr">{}</td>'
    "<td>{}</td></tr>"
)
# A file number as the portal writes them: put in the link as it is (any other is reversed).
PLAIN_NUMBER = re.compile(r"[A-Za-z0-9-]+")
MARK = "file-number"


@register.simple_tag
def search_rows(people, sounds_like):
    """One <tr> per person: the file number linked to the file (with the "sounds like" badge
    when the name only sounds like the query), the names in both scripts, the date or year of
    birth, the CIN and the delegation."""
    link = reverse("beneficiaries:detail", args=[MARK])

    def href(person):
        number = person.file_number
        if PLAIN_NUMBER.fullmatch(number):
            return link.replace(MARK, quote(number))
        return person.get_absolute_url()

    def born(person):
        if person.birth_date:
            return date_format(person.birth_date, "SHORT_DATE_FORMAT")
        if person.birth_year:
            return gettext("about %(year)s") % {"year": localize(person.birth_year)}
        return ""

    return format_html_join(
        "",
        ROW,
        (
            (
                href(person),
                person.file_number,
                format_html(" {}", sounds_like) if getattr(person, "exact", None) is False else "",
                person.first_name_ar,
                person.last_name_ar,
                person.first_name_lat,
                person.last_name_lat,
                born(person),
                person.cin,
                person.delegation,
            )
            for person in people
        ),
    )
