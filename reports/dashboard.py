"""The home page's figures: the user's unit, this month and this year, each number linking to
the list behind it (or, for a number that is no count of rows, to its breakdown in the report)
where the user may open one.

A unit's figures take 34 aggregate queries (a second for a delegation, several for the nation
on the national data set): no home page waits for them. They are kept in the cache
(PostgreSQL's, shared by every app server), computed each night for every unit that has staff
(`manage.py run_daily`, reports.schedule), and a home page that finds them older than five
minutes shows them, saying when they were computed, while a task computes them again. Only a
unit's very first home page of the day, before the night's run, computes them itself."""

import datetime
import logging
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.charts import comparison

from .documents import indicator_labels
from .figures import INDICATORS, MONEY, shared_reads, subtree, values_between
from .periods import Period

logger = logging.getLogger(__name__)

# indicator: (permission, URL name, the filters of the list behind the number: its very rows,
# for the unit's subtree and the period). Each list applies the same selector as the figure
# (beneficiaries.selectors), so following a number shows as many rows as it says.
LISTS = {
    "centres_open": (
        "centres.view_centre",
        "centres:list",
        lambda unit, period: {"status": "open"},
    ),
    "cases_new": (
        "beneficiaries.view_casefile",
        "beneficiaries:cases",
        lambda unit, period: {"unit": unit.code, "opened": str(period)},
    ),
    "cases_closed": (
        "beneficiaries.view_casefile",
        "beneficiaries:cases",
        lambda unit, period: {"unit": unit.code, "closed": str(period)},
    ),
    "referrals_made": (
        "beneficiaries.view_referral",
        "beneficiaries:referrals",
        lambda unit, period: {"unit": unit.code, "made": str(period)},
    ),
    "referrals_completed": (
        "beneficiaries.view_referral",
        "beneficiaries:referrals",
        lambda unit, period: {"unit": unit.code, "completed": str(period)},
    ),
    "follow_ups_overdue": (
        "beneficiaries.view_followup",
        "beneficiaries:follow_ups",
        lambda unit, period: {"unit": unit.code, "overdue": str(period)},
    ),
}
# The others are not lists of rows (distinct people, busiest months, sums): their number opens
# the report of the unit for the period, at the table that breaks it down.
REPORT_SECTIONS = {
    "people_with_case": "people",
    "people_in_centres": "centre-people",
    "people_in_sections": "section-people",
    "services_delivered": "services",
    "aid_requests": "aid",
    "aid_decided": "aid",
    "aid_people_helped": "aid",
    "aid_households_helped": "aid",
    "aid_value": "aid",
}


def _link(user, unit, name, period):
    if name in LISTS:
        permission, url_name, filters = LISTS[name]
        if user.has_perm(permission):
            return f"{reverse(url_name)}?{urlencode(filters(unit, period))}"
        return None
    if user.has_perm("territory.view_orgunit"):
        section = REPORT_SECTIONS.get(name, "summary")
        query = urlencode({"period": str(period)})
        return f"{reverse('reports:unit', args=[unit.code])}?{query}#{section}"
    return None


# Figures older than this are computed again, by a task, when a home page shows them.
FRESH = datetime.timedelta(minutes=5)
# And kept this long: the day's figures, whatever the hour of the last home page.
KEPT_SECONDS = 26 * 3600


def _key(unit_pk, today):
    return f"home-figures:{unit_pk}:{today}:at"


def _nation():
    from territory.models import OrgUnit

    return OrgUnit.objects.get_root_nodes().first()


def figures_unit(user, nation=None):
    """The unit whose figures `user`'s home page shows, or None. `nation`: the root of the
    tree, when the caller has read it already."""
    unit = user.unit
    if unit is not None and user.has_national_scope:
        # Central services and the inspectorate see the country: the nation's figures.
        unit = nation or _nation() or unit
    return unit


def compute_figures(unit, today):
    """Compute `unit`'s figures for the month and the year of `today`, and keep them."""
    units = subtree(unit)
    month, year = Period.current("month", today), Period.current("year", today)
    # The indicators whose rows are the same in both periods, read once for the two.
    periods = shared_reads(unit, [month, year], today=today)
    in_month = values_between(units, month.start, month.end, today, periods=periods)
    in_year = values_between(units, year.start, year.end, today, periods=periods)
    found = {
        "at": timezone.now(),
        "values": {name: (in_month[name], in_year[name]) for name in INDICATORS},
    }
    cache.set(_key(unit.pk, today), found, KEPT_SECONDS)
    cache.delete(_key(unit.pk, today) + ":asked")
    return found


def _fresh(found):
    return timezone.now() - found["at"] <= FRESH


def figures_fresh(unit, today):
    """Whether `unit`'s figures of `today` were computed less than FRESH ago (a task asked
    twice, or queued behind the night's run, then has nothing to do)."""
    found = cache.get(_key(unit.pk, today))
    return found is not None and _fresh(found)


def _ask_refresh(unit_pk, day):
    from .tasks import refresh_home_figures

    try:
        refresh_home_figures.enqueue(unit_pk, day)
    except Exception:
        # The page has its figures: a queue that refuses the task makes them older, not a 500.
        logger.exception("Could not queue the refresh of the home figures of unit %s", unit_pk)


def _figures(unit, today):
    found = cache.get(_key(unit.pk, today))
    if found is None:
        return compute_figures(unit, today)
    # Stale: computed again by a task, asked once in a while (whichever app server sees it
    # first; the task does nothing if another one computed them meanwhile).
    if not _fresh(found) and cache.add(
        _key(unit.pk, today) + ":asked", True, int(FRESH.total_seconds())
    ):
        day = today.isoformat()
        transaction.on_commit(lambda: _ask_refresh(unit.pk, day))
    return found


def units_of(users):
    """The units whose figures the home pages of `users` show (the tree's root read once)."""
    nation = _nation()
    return {unit for user in users if (unit := figures_unit(user, nation)) is not None}


def staffed_units():
    """The units whose figures a home page shows: each active staff member's (the nation's for
    central services and the inspectorate)."""
    from entraide.models import User

    return sorted(
        units_of(User.objects.filter(is_active=True, unit__isnull=False).select_related("unit")),
        key=lambda unit: unit.path,
    )


def warm_home_figures():
    """The night's run (reports.schedule): a task for each staffed unit, computing its figures
    of the new day before anyone's home page asks for them."""
    from .tasks import refresh_home_figures

    units = staffed_units()
    day = timezone.localdate().isoformat()
    for unit in units:
        refresh_home_figures.enqueue(unit.pk, day)
    return {"units": len(units)}


def home_figures(user, today=None):
    unit = figures_unit(user)
    if unit is None:
        return None
    today = today or timezone.localdate()
    month, year = Period.current("month", today), Period.current("year", today)
    labels = indicator_labels()
    found = _figures(unit, today)
    values = found["values"]
    rows = []
    for name in INDICATORS:
        rows.append(
            {
                "name": name,
                "label": labels[name],
                "month": values[name][0],
                "year": values[name][1],
                "month_link": _link(user, unit, name, month),
                "year_link": _link(user, unit, name, year),
                "money": name in MONEY,
            }
        )
    return {
        "unit": unit,
        "month": month,
        "year": year,
        "at": found["at"],
        "rows": rows,
        "chart": comparison(
            [(r["label"], r["year"], None) for r in rows if not r["money"]],
            name="figures",
            title=_("This year's figures"),
            current=year.label,
        ),
    }
