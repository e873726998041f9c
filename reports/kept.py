"""The report page's figures, computed once and kept a few minutes.

A unit's report takes some fifty aggregate queries (on the national data set 0.9 s for a large
delegation, 2.6 s for the nation), and its page is read again and again: after choosing a
period, coming back from a list, by the delegate of each delegation several times a day. The
page keeps what it shows in the shared cache (PostgreSQL's, shared by every app server), for a
unit, a period and a language, with the moment it was computed, which the page says ("Figures as
of ..."). It is computed again:
- when older than FRESH;
- when a centre's month under the unit was validated or reopened since (what a report is
  most often read for right after: the month just validated is in it at once);
- when the user asks for it (the page's "Compute them again").
The PDF and the tables' exports always compute their figures: a document is of its moment."""

import dataclasses
import datetime

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone, translation

from centres.models import MonthlyActivity

from .documents import report_context
from .figures import subtree

FRESH = datetime.timedelta(minutes=5)
# The centres without a validated month that the page lists (its CSV and XLSX list them all):
# at the start of a month, the nation's page listed all 4,200 (a page of a megabyte).
MISSING_SHOWN = 50


def _validations(unit):
    """What changes when a centre's month under `unit` is validated or reopened: the latest
    validation and how many months are validated (one indexed aggregate)."""
    found = MonthlyActivity.objects.filter(centre__delegation__in=subtree(unit)).aggregate(
        latest=Max("validated_at"), months=Count("validated_at")
    )
    return (found["latest"], found["months"])


def kept_report_context(unit, period, *, fresh=False):
    """`report_context(unit, period)` as computed at most FRESH ago, unless a month under the
    unit was validated or reopened since, or `fresh`; with `figures_at`, when it was."""
    key = f"report-page:{unit.pk}:{period}:{translation.get_language()}"
    validations = _validations(unit)
    found = None if fresh else cache.get(key)
    now = timezone.now()
    if found is None or found["validations"] != validations or now - found["at"] > FRESH:
        # As of the moment the computing starts: what is written meanwhile is not in it.
        context = report_context(unit, period)
        figures = context["figures"]
        context["missing_total"] = len(figures.missing_centres)
        context["figures"] = dataclasses.replace(
            figures, missing_centres=figures.missing_centres[:MISSING_SHOWN]
        )
        found = {"at": now, "validations": validations, "context": context}
        cache.set(key, found, int(FRESH.total_seconds()))
    return {**found["context"], "unit": unit, "figures_at": found["at"]}
