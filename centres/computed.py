"""Months whose figures are computed rather than typed.

A centre that keeps a register (the enrolments app) has its months computed from it, on that
app's page, where its manager corrects a figure (with a reason) and submits. The centre's own
activity page then points there instead of offering the typed grid, and the delegation
validates, returns and reopens the month on it as for any other month.

The centres app knows no app above it: those apps register a source here, a function
`source(centre, month)` that returns the address of the page where that month is computed,
or None when it is not theirs. Sources declare themselves in their app's `activity` module,
loaded at first use (as the home page loads each app's `awaiting.py`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Centre

Source = Callable[["Centre", datetime.date], str | None]

_sources: list[Source] = []
_discovered = False


def register(source: Source) -> Source:
    """Declare a source of computed months. Usable as a decorator."""
    if source not in _sources:
        _sources.append(source)
    return source


def computed_at(centre: Centre, month: datetime.date) -> str | None:
    """The address of the page where `centre`'s `month` is computed, or None when the centre
    types it on its activity page."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("activity")
        _discovered = True
    for source in _sources:
        url = source(centre, month)
        if url:
            return url
    return None
