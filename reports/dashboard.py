"""The home page's figures: the user's unit, this month and this year, each number linking to
the list behind it (or, for a number that is no count of rows, to its breakdown in the report)
where the user may open one."""

from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.charts import comparison

from .documents import indicator_labels
from .figures import INDICATORS, MONEY, SCALARS, subtree
from .periods import Period

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


def home_figures(user, today=None):
    unit = user.unit
    if unit is None:
        return None
    if user.has_national_scope:
        # Central services and the inspectorate see the country: the nation's figures.
        from territory.models import OrgUnit

        unit = OrgUnit.objects.get_root_nodes().first() or unit
    today = today or timezone.localdate()
    units = subtree(unit)
    month, year = Period.current("month", today), Period.current("year", today)
    labels = indicator_labels()

    def compute():
        return {
            name: (
                SCALARS[name](units, month.start, month.end, today),
                SCALARS[name](units, year.start, year.end, today),
            )
            for name in INDICATORS
        }

    # Every home page of a unit shows the same figures: computed once per unit every five
    # minutes (24 aggregate queries; two seconds for the nation), not on every view.
    values = cache.get_or_set(f"home-figures:{unit.pk}:{today}", compute, 300)
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
        "rows": rows,
        "chart": comparison(
            [(r["label"], r["year"], None) for r in rows if not r["money"]],
            name="figures",
            title=_("This year's figures"),
            current=year.label,
        ),
    }
