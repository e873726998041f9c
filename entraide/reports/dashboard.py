"""The home page's figures: the user's unit, this month and this year, each number linking to
the list behind it where the user may open one."""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from .charts import bars
from .documents import indicator_labels
from .figures import INDICATORS, SCALARS, subtree
from .periods import Period

# indicator: (permission, URL name, query) of the list behind the number
LINKS = {
    "centres_open": ("centres.view_centre", "centres:list", "?status=open"),
    "people_in_centres": ("centres.view_monthlyactivity", "centres:missing", ""),
    "people_with_case": ("beneficiaries.view_beneficiary", "beneficiaries:search", ""),
    "cases_new": ("beneficiaries.view_casefile", "beneficiaries:overview", ""),
    "cases_closed": ("beneficiaries.view_casefile", "beneficiaries:overview", ""),
    "follow_ups_overdue": ("beneficiaries.view_casefile", "beneficiaries:overview", ""),
    "referrals_made": ("beneficiaries.view_casefile", "beneficiaries:overview", ""),
    "referrals_completed": ("beneficiaries.view_casefile", "beneficiaries:overview", ""),
    "conventions_in_force": (
        "partnerships.view_convention",
        "partnerships:conventions",
        "?status=in_force",
    ),
    "subsidies_committed": ("partnerships.view_convention", "partnerships:figures", ""),
    "subsidies_paid": ("partnerships.view_convention", "partnerships:figures", ""),
}


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
        permission, url_name, query = LINKS.get(name, (None, None, ""))
        link = None
        if permission and user.has_perm(permission):
            link = reverse(url_name) + query
        elif permission is None and user.has_perm("territory.view_orgunit"):
            link = reverse("reports:unit", args=[unit.code])
        rows.append(
            {
                "name": name,
                "label": labels[name],
                "month": values[name][0],
                "year": values[name][1],
                "link": link,
                "money": name.startswith("subsidies"),
            }
        )
    return {
        "unit": unit,
        "month": month,
        "year": year,
        "rows": rows,
        "chart": bars([(r["label"], r["year"], None) for r in rows if not r["money"]]),
    }
