"""The rows of a long table written in Python instead of by the template engine.

A row through the templates costs a lookup for every variable and a reverse() for every link:
25 people took 5 ms of a 17 ms search, 50 centres 12 ms of a 31 ms list (`make bench`). The
few tables read on every visit write their rows with these (beneficiaries' `search_rows`,
centres' `centre_rows`); each keeps its markup beside its template's and a test reads it back.
"""

import re
from html import escape  # django.utils.html.escape is this one, behind a lazy wrapper

from django.urls import reverse

__all__ = ["escape", "links"]

# A code or number as the portal writes them: nothing in it to quote, put in the link as it is
# (any other is reversed).
PLAIN = re.compile(r"[A-Za-z0-9-]+")
MARK = "entraide-row-mark"


def links(viewname):
    """The URL of `viewname` for each value of its one argument, reversed once: `link(value)`
    gives what `reverse(viewname, args=[value])` gives."""
    pattern = reverse(viewname, args=[MARK])

    def link(value):
        value = str(value)
        if PLAIN.fullmatch(value):
            return pattern.replace(MARK, value)
        return reverse(viewname, args=[value])

    return link
