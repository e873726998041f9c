"""The figures of a unit for a period, by SQL aggregates over the unit's subtree.

Every count is defined here once; the dashboards, the report page, its tables in CSV and XLSX
and the PDF all read `unit_figures`, so they always agree.

People are never counted twice:
- with a case file: distinct people whose case was open at some time in the period;
- in centres: for each centre, its busiest validated month of the period (people served); by
  sex and age band, for each centre the largest line of its validated months (a person who used
  two services in a month, or came back the next month, is one person). The two are shown side
  by side, never added: a person may have both.
Only validated (locked) months of centre activity count; the report lists the open centres
that had not had a month validated.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Max, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import (
    Beneficiary,
    BeneficiaryTargetGroup,
    CaseFile,
    FollowUp,
    Referral,
    ServiceDelivery,
)
from centres.models import (
    ActivityLine,
    AgeBand,
    Centre,
    CentreType,
    MonthlyActivity,
    Service,
    Sex,
    TargetGroup,
)
from partnerships.models import Convention, Tranche
from territory.models import OrgUnit

# The scalar indicators, in the order the summary shows them, with what links to the list
# behind each number (a URL name and its filters) where there is one.
INDICATORS = [
    "centres_open",
    "people_with_case",
    "people_in_centres",
    "cases_new",
    "cases_closed",
    "referrals_made",
    "referrals_completed",
    "services_delivered",
    "follow_ups_overdue",
    "conventions_in_force",
    "subsidies_committed",
    "subsidies_paid",
]


def subtree(unit):
    return OrgUnit.objects.under(unit).values("pk")


# The band of the people whose file gives neither a date nor a year of birth.
AGE_UNKNOWN = ""


def _age_band(end):
    """The age band at the end of the period, in SQL: from the date of birth, or else from the
    approximate year (the age the year of the period's end, as `Beneficiary.age` counts it).
    Most files give only a year: counting from the date alone left every band at 0."""

    def born_after(years):
        try:
            return end.replace(year=end.year - years)
        except ValueError:  # 29 February
            return end.replace(year=end.year - years, day=28)

    def younger_than(years):
        return Q(birth_date__gt=born_after(years)) | Q(
            birth_date__isnull=True, birth_year__gt=end.year - years
        )

    return Case(
        When(birth_date__isnull=True, birth_year__isnull=True, then=Value(AGE_UNKNOWN)),
        When(younger_than(6), then=Value(AgeBand.UNDER_6)),
        When(younger_than(18), then=Value(AgeBand.FROM_6_TO_17)),
        When(younger_than(60), then=Value(AgeBand.FROM_18_TO_59)),
        default=Value(AgeBand.FROM_60),
    )


@dataclass
class Figures:
    unit: object
    period: object
    scalars: dict = field(default_factory=dict)
    centres_by_type: list = field(default_factory=list)  # [(type, {status: n}, total)]
    people_by_target_group: list = field(default_factory=list)  # [(label, n)]
    people_by_sex: list = field(default_factory=list)
    people_by_age_band: list = field(default_factory=list)
    centre_people_by_sex_band: list = field(default_factory=list)  # [(sex, {band: n}, total)]
    services: list = field(default_factory=list)  # [(service, n)]
    missing_centres: list = field(default_factory=list)  # [(centre, months missing)]
    validated_centres: int = 0

    def __getitem__(self, name):
        return self.scalars[name]


def unit_figures(unit, period, *, today=None, progress=None):
    """All the figures of `unit` (and what lies under it) for `period`. `progress(step)` is
    called after each group of figures (the background task shows it)."""
    today = today or timezone.localdate()
    units = subtree(unit)
    start, end = period.start, period.end
    figures = Figures(unit=unit, period=period)
    step = progress or (lambda _name: None)

    figures.scalars = scalars(unit, period, today=today)
    step("indicators")

    # Centres: what exists now, by type and status.
    centres = Centre.objects.filter(delegation__in=units)
    rows = (
        centres.values("type")
        .annotate(
            **{status: Count("pk", filter=Q(status=status)) for status in Centre.Status.values},
            total=Count("pk"),
        )
        .order_by("type")
    )
    types = CentreType.objects.in_bulk([row["type"] for row in rows])
    figures.centres_by_type = sorted(
        (
            (types[row["type"]], {s: row[s] for s in Centre.Status.values}, row["total"])
            for row in rows
        ),
        key=lambda item: (item[0].position, item[0].code),
    )
    step("centres")

    # People with a case file open at some time in the period, by sex, age band, target group.
    people = Beneficiary.objects.filter(pk__in=_open_cases(units, start, end).values("beneficiary"))
    # Sex and age band in one pass over the people.
    cells = list(
        people.annotate(band=_age_band(end))
        .values_list("sex", "band")
        .annotate(n=Count("pk"))
        .values_list("sex", "band", "n")
    )
    by_sex, by_band = {}, {}
    for sex, band, n in cells:
        by_sex[sex] = by_sex.get(sex, 0) + n
        by_band[band] = by_band.get(band, 0) + n
    figures.people_by_sex = [(label, by_sex.get(value, 0)) for value, label in Sex.choices]
    figures.people_by_age_band = [
        (label, by_band.get(value, 0)) for value, label in AgeBand.choices
    ]
    if by_band.get(AGE_UNKNOWN):
        # Shown only when some file lacks any birth date, so that the bands still add up.
        figures.people_by_age_band.append((_("age unknown"), by_band[AGE_UNKNOWN]))
    # Names through the objects, so that they follow the language (modeltranslation).
    groups = list(
        BeneficiaryTargetGroup.objects.filter(beneficiary__in=people.values("pk"))
        .values_list("targetgroup")
        .annotate(n=Count("beneficiary", distinct=True))
        .values_list("targetgroup", "n")
    )
    named = TargetGroup.objects.in_bulk([pk for pk, _n in groups])
    figures.people_by_target_group = [
        (named[pk].name, n)
        for pk, n in sorted(groups, key=lambda g: (named[g[0]].position, named[g[0]].code))
    ]
    services = list(
        ServiceDelivery.objects.filter(case__delegation__in=units, date__range=(start, end))
        .values_list("service")
        .annotate(n=Count("pk"))
        .values_list("service", "n")
    )
    named = Service.objects.in_bulk([pk for pk, _n in services])
    figures.services = sorted(
        ((named[pk].name, n) for pk, n in services), key=lambda row: (-row[1], row[0])
    )
    step("people")

    # Centres' monthly activity: validated months only.
    validated = _validated(units, start, end)
    lines = (
        ActivityLine.objects.filter(activity__in=validated)
        .values("activity__centre", "sex", "age_band")
        .annotate(largest=Max("people"))
    )
    matrix = {}
    for row in lines:
        key = (row["sex"], row["age_band"])
        matrix[key] = matrix.get(key, 0) + row["largest"]
    figures.centre_people_by_sex_band = [
        (
            label,
            {band: matrix.get((sex, band), 0) for band in AgeBand.values},
            sum(matrix.get((sex, band), 0) for band in AgeBand.values),
        )
        for sex, label in Sex.choices
    ]
    counted = dict(validated.values("centre").annotate(n=Count("pk")).values_list("centre", "n"))
    figures.validated_centres = len(counted)
    months = len([m for m in period.months if m <= today])
    open_centres = (
        centres.filter(status=Centre.Status.OPEN)
        .select_related("delegation")
        .order_by("delegation__code", "code")
    )
    figures.missing_centres = [
        (centre, months - counted.get(centre.pk, 0))
        for centre in open_centres
        if counted.get(centre.pk, 0) < months
    ]
    step("activity")
    return figures


def scalars(unit, period, *, today=None):
    """The indicators alone (the same period a year earlier needs no more)."""
    today = today or timezone.localdate()
    units = subtree(unit)
    return {name: value(units, period.start, period.end, today) for name, value in SCALARS.items()}


def children_for_comparison(unit):
    """What a comparison sets side by side: the country's coordinations, or a coordination's
    delegations."""
    kind = (
        OrgUnit.Kind.DELEGATION
        if unit.kind == OrgUnit.Kind.COORDINATION
        else OrgUnit.Kind.COORDINATION
    )
    return OrgUnit.objects.under(unit).filter(kind=kind).order_by("code")


def compare_units(units, period, indicator, *, today=None):
    """[(unit, value)] of one indicator for each unit."""
    return [(u, indicator_value(indicator, u, period, today=today)) for u in units]


def _open_cases(units, start, end):
    return CaseFile.objects.filter(delegation__in=units, opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )


def _validated(units, start, end):
    return MonthlyActivity.objects.filter(
        centre__delegation__in=units,
        month__range=(start, end),
        status=MonthlyActivity.Status.VALIDATED,
    )


def _conventions_in_force(units, start, end):
    return Convention.objects.filter(
        signing_unit__in=units, start_date__lte=end, end_date__gte=start, signed_on__lte=end
    ).exclude(status__in=[Convention.Status.DRAFT, Convention.Status.TERMINATED])


def _money(units, start, end, which):
    tranches = Tranche.objects.filter(convention__signing_unit__in=units)
    if which == "committed":
        value = tranches.filter(planned_date__range=(start, end)).aggregate(s=Sum("planned_amount"))
    else:
        value = tranches.filter(paid_on__range=(start, end)).aggregate(s=Sum("paid_amount"))
    return value["s"] or Decimal(0)


# Each indicator alone, for the comparisons between units (a full report computes them all).
SCALARS = {
    "centres_open": lambda u, s, e, t: Centre.objects.filter(
        delegation__in=u, status=Centre.Status.OPEN
    ).count(),
    "people_with_case": lambda u, s, e, t: (
        _open_cases(u, s, e).values("beneficiary").distinct().count()
    ),
    "people_in_centres": lambda u, s, e, t: sum(
        row["peak"]
        for row in _validated(u, s, e).values("centre").annotate(peak=Max("people_served"))
    ),
    "cases_new": lambda u, s, e, t: (
        CaseFile.objects.filter(delegation__in=u).opened_between(s, e).count()
    ),
    "cases_closed": lambda u, s, e, t: (
        CaseFile.objects.filter(delegation__in=u).closed_between(s, e).count()
    ),
    "referrals_made": lambda u, s, e, t: (
        Referral.objects.filter(case__delegation__in=u).made_between(s, e).count()
    ),
    "referrals_completed": lambda u, s, e, t: (
        Referral.objects.filter(case__delegation__in=u).completed_between(s, e).count()
    ),
    "services_delivered": lambda u, s, e, t: ServiceDelivery.objects.filter(
        case__delegation__in=u, date__range=(s, e)
    ).count(),
    "follow_ups_overdue": lambda u, s, e, t: (
        FollowUp.objects.filter(case__delegation__in=u).overdue(s, e, t).count()
    ),
    "conventions_in_force": lambda u, s, e, t: _conventions_in_force(u, s, e).count(),
    "subsidies_committed": lambda u, s, e, t: _money(u, s, e, "committed"),
    "subsidies_paid": lambda u, s, e, t: _money(u, s, e, "paid"),
}


def indicator_value(indicator, unit, period, *, today=None):
    today = today or timezone.localdate()
    return SCALARS[indicator](subtree(unit), period.start, period.end, today)
