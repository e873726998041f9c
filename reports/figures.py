"""The figures of a unit for a period, by SQL aggregates over the unit's subtree.

Every count is defined here once; the dashboards, the report page, its tables in CSV and XLSX
and the PDF all read `unit_figures`, so they always agree.

People are never counted twice:
- with a case file: distinct people whose case was open at some time in the period;
- in centres: for each centre, its busiest validated month of the period (people served); by
  sex and age band, for each centre the largest line of its validated months (a person who used
  two services in a month, or came back the next month, is one person; a month computed from
  the centre's register counts its people by target group, each once, so its line is the sum
  of its groups). The two are shown side by side, never added: a person may have both;
- in the centres' registers (enrolments): distinct people placed in a section of a centre of
  the unit on some day of the period, each once whatever the sections, centres or delegations
  (one COUNT(DISTINCT) over the enrolments);
- helped by aid programmes: distinct people handed an entitlement in the period (each once
  whatever the programmes), and apart from them the households handed an emergency kit (a
  household is not a file: its members are not people of the portal).
Only validated (locked) months of centre activity count; the report lists the open centres
that had not had a month validated.

What each figure counts is not written here: every app publishes its reads as QuerySet methods
(`CaseFile.objects.open_during`, `Convention.objects.in_force_during`, `Tranche.objects.paid_in`,
`MonthlyActivity.objects.validated_in`...) and this module composes them with the unit's
subtree, so that a page of the app that shows the same figure (the partnership figures) cannot
count it another way.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
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
    ActivityGroupLine,
    ActivityLine,
    AgeBand,
    Centre,
    CentreType,
    MonthlyActivity,
    Service,
    TargetGroup,
)
from enrolments.models import Enrolment
from entraide.enums import SEX_GROUPS
from entraide.numbers import percent_of
from partnerships.models import Convention, Tranche
from programmes.models import AidRequest, Entitlement, KitDelivery, Programme
from territory.models import OrgUnit

if TYPE_CHECKING:
    from entraide.periods import Period

# A unit's subtree, as the ids its queries match against.
Units = QuerySet[OrgUnit, dict[str, Any]]
# A scalar indicator: a count, or a sum of dirhams.
Scalar = int | Decimal

# The scalar indicators, in the order the summary shows them, with what links to the list
# behind each number (a URL name and its filters) where there is one.
INDICATORS = [
    "centres_open",
    "people_with_case",
    "people_in_centres",
    "people_in_sections",
    "cases_new",
    "cases_closed",
    "referrals_made",
    "referrals_completed",
    "services_delivered",
    "follow_ups_overdue",
    "conventions_in_force",
    "subsidies_committed",
    "subsidies_paid",
    "aid_requests",
    "aid_decided",
    "aid_people_helped",
    "aid_households_helped",
    "aid_value",
]
# An indicator alone: (the unit's subtree, the period's first day, its last day, today) -> the
# value.
Indicator = Callable[[Units, datetime.date, datetime.date, datetime.date], Scalar]
# The indicators that are sums of dirhams, not counts.
MONEY = frozenset({"subsidies_committed", "subsidies_paid", "aid_value"})


def subtree(unit: OrgUnit) -> Units:
    return OrgUnit.objects.under(unit).values("pk")


# The band of the people whose file gives neither a date nor a year of birth.
AGE_UNKNOWN = ""


def _age_band(end: datetime.date) -> Case:
    """The age band at the end of the period, in SQL: from the date of birth, or else from the
    approximate year (the age the year of the period's end, as `Beneficiary.age` counts it).
    Most files give only a year: counting from the date alone left every band at 0."""

    def born_after(years: int) -> datetime.date:
        try:
            return end.replace(year=end.year - years)
        except ValueError:  # 29 February
            return end.replace(year=end.year - years, day=28)

    def younger_than(years: int) -> Q:
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


class Median(Aggregate):
    """The median of a column, as PostgreSQL computes it (interpolated); of durations, a
    duration. NULLs (a referral not yet answered) are left out."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass(frozen=True)
class ResponseTimes:
    """How a centre (or the centres of a delegation) answered the referrals sent to it in the
    period: `sent`, how many; `answered`, how many had their first answer (accepted or
    refused); `median_hours`, the median time from sending to that answer; `within`, the share
    answered by the deadline, in percent of those whose outcome is known (answered, or still
    unanswered past the deadline: one still within its time may yet be answered in time);
    `overdue`, how many still wait past their deadline."""

    code: str
    name: str
    sent: int
    answered: int
    median_hours: Decimal | None
    within: int | None
    overdue: int


@dataclass
class AidLine:
    """Aid programmes in the period, for one programme, unit or target group: requests
    recorded; decisions taken (approved, rejected, waiting for budget); people handed an
    entitlement, each once; households handed an emergency kit, each once; value handed over
    (dirhams, as valued the day it was)."""

    name: str
    requests: int = 0
    approved: int = 0
    rejected: int = 0
    waiting: int = 0
    people: int = 0
    households: int = 0
    value: Decimal = Decimal(0)

    @property
    def decided(self) -> int:
        return self.approved + self.rejected + self.waiting


@dataclass
class Figures:
    unit: OrgUnit
    period: Period
    scalars: dict[str, Scalar] = field(default_factory=dict)
    centres_by_type: list[tuple[CentreType, dict[str, int], int]] = field(default_factory=list)
    people_by_target_group: list[tuple[str, int]] = field(default_factory=list)
    people_by_sex: list[tuple[str, int]] = field(default_factory=list)
    people_by_age_band: list[tuple[str, int]] = field(default_factory=list)
    # [(sex, {band: n}, total)]
    centre_people_by_sex_band: list[tuple[str, dict[str, int], int]] = field(default_factory=list)
    services: list[tuple[str, int]] = field(default_factory=list)
    missing_centres: list[tuple[Centre, int]] = field(default_factory=list)  # months missing
    validated_centres: int = 0
    # Answers to the referrals sent to the unit's centres in the period.
    response_by_delegation: list[ResponseTimes] = field(default_factory=list)
    response_by_centre: list[ResponseTimes] = field(default_factory=list)
    # Aid programmes: by programme, by unit under this one, by the people's target group.
    aid_by_programme: list[AidLine] = field(default_factory=list)
    aid_by_unit: list[AidLine] = field(default_factory=list)
    aid_by_target_group: list[AidLine] = field(default_factory=list)

    def __getitem__(self, name: str) -> Scalar:
        return self.scalars[name]


def unit_figures(
    unit: OrgUnit,
    period: Period,
    *,
    today: datetime.date | None = None,
    progress: Callable[[str], object] | None = None,
    periods: _Periods | None = None,
) -> Figures:
    """All the figures of `unit` (and what lies under it) for `period`. `progress(step)` is
    called after each group of figures (the background task shows it); `periods`, the
    report's reader of the indicators of all its periods (shared_reads)."""
    today = today or timezone.localdate()
    if periods is not None:
        periods.check(unit, today)
    units = subtree(unit)
    start, end = period.start, period.end
    figures = Figures(unit=unit, period=period)
    step = progress or (lambda _name: None)

    # The aid programmes' aggregates, read once for the indicators and the aid tables.
    aid = _Aid(units, start, end)
    figures.scalars = values_between(units, start, end, today, aid=aid, periods=periods)
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
    figures.people_by_sex = [(label, by_sex.get(value, 0)) for value, label in SEX_GROUPS.items()]
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
        ServiceDelivery.objects.filter(case__delegation__in=units)
        .dated_between(start, end)
        .values_list("service")
        .annotate(n=Count("pk"))
        .values_list("service", "n")
    )
    named = Service.objects.in_bulk([pk for pk, _n in services])
    figures.services = sorted(
        ((named[pk].name, n) for pk, n in services), key=lambda row: (-row[1], row[0])
    )
    step("people")

    now = _moment(today)
    figures.response_by_delegation = response_times(units, start, end, now, by="delegation")
    figures.response_by_centre = response_times(units, start, end, now, by="centre")

    # Centres' monthly activity: validated months only.
    validated = _validated(units, start, end)
    matrix = centre_people_cells(validated)
    figures.centre_people_by_sex_band = [
        (
            label,
            {band: matrix.get((sex, band), 0) for band in AgeBand.values},
            sum(matrix.get((sex, band), 0) for band in AgeBand.values),
        )
        for sex, label in SEX_GROUPS.items()
    ]
    counted = dict(validated.values("centre").annotate(n=Count("pk")).values_list("centre", "n"))
    figures.validated_centres = len(counted)
    months = len([m for m in period.months if m <= today])
    open_centres = centres.open().select_related("delegation").order_by("delegation__code", "code")
    figures.missing_centres = [
        (centre, months - counted.get(centre.pk, 0))
        for centre in open_centres
        if counted.get(centre.pk, 0) < months
    ]
    step("activity")

    figures.aid_by_programme, figures.aid_by_unit, figures.aid_by_target_group = aid_figures(
        unit, units, start, end, aid=aid
    )
    step("aid")
    return figures


def aid_figures(
    unit: OrgUnit,
    units: Units,
    start: datetime.date,
    end: datetime.date,
    *,
    aid: _Aid | None = None,
) -> tuple[list[AidLine], list[AidLine], list[AidLine]]:
    """The aid programmes' figures of the period: by programme, by the units that divide
    `unit` (its coordinations, or its delegations; a delegation alone: itself), by the target
    group of the people helped (a person of two groups counts in each; kits go to households,
    which have none). Six grouped queries, whatever the number of programmes and units (the
    kits' by programme and delegation: `aid`'s, when the indicators already read them).

    A unit's requests are those of the delegations under it: each row is put in its unit by
    the first characters of its delegation's tree path (every unit of a level has a path of
    the same length), so that a person helped in two delegations of a region is one person of
    that region."""
    children = list(children_for_comparison(unit))
    parts = {child.path: child for child in children} or {unit.path: unit}
    depth = len(next(iter(parts)))

    def part(path_field: str) -> Substr:
        return Substr(path_field, 1, depth)

    requests = AidRequest.objects.filter(delegation__in=units)
    delivered = _delivered(units, start, end)
    aid = aid or _Aid(units, start, end)
    by_programme: dict[int, AidLine] = {}
    by_unit: dict[str, AidLine] = {}

    def line(table: dict, key) -> AidLine:
        return table.setdefault(key, AidLine(""))

    for row in (
        requests.recorded_between(start, end)
        .values("programme", at=part("delegation__path"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        line(by_programme, row["programme"]).requests += row["n"]
        line(by_unit, row["at"]).requests += row["n"]
    status = {
        AidRequest.Status.APPROVED: "approved",
        AidRequest.Status.REJECTED: "rejected",
        AidRequest.Status.WAITING_BUDGET: "waiting",
    }
    for row in (
        requests.decided_between(start, end)
        .values("programme", "status", at=part("delegation__path"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        name = status[row["status"]]
        for target in (line(by_programme, row["programme"]), line(by_unit, row["at"])):
            setattr(target, name, getattr(target, name) + row["n"])
    for row in (
        delivered.values("programme")
        .annotate(people=Count("person", distinct=True), value=Sum("value"))
        .order_by()
    ):
        target = line(by_programme, row["programme"])
        target.people += row["people"]
        target.value += row["value"] or 0
    for row in (
        delivered.values(at=part("request__delegation__path"))
        .annotate(people=Count("person", distinct=True), value=Sum("value"))
        .order_by()
    ):
        target = line(by_unit, row["at"])
        target.people += row["people"]
        target.value += row["value"] or 0
    # A household is in one emergency, of one delegation and one programme: its kits of
    # several rounds are one household in either table.
    for row in aid.kit_rows:
        at = row["path"][:depth]
        for target in (line(by_programme, row["programme"]), line(by_unit, at)):
            target.households += row["households"]
            target.value += row["value"] or 0
    groups = (
        delivered.values(group=F("person__target_groups"))
        .annotate(people=Count("person", distinct=True), value=Sum("value"))
        .order_by()
    )
    by_group = {row["group"]: row for row in groups}

    # Names through the objects, so that they follow the language (modeltranslation).
    programmes = Programme.objects.in_bulk(list(by_programme))
    programme_lines = []
    for programme in sorted(programmes.values(), key=lambda p: p.code):
        filled = by_programme[programme.pk]
        filled.name = programme.name
        programme_lines.append(filled)
    unit_lines = []
    for path, child in sorted(parts.items()):
        filled = by_unit.get(path, AidLine(""))
        filled.name = str(child)
        unit_lines.append(filled)
    named = TargetGroup.objects.in_bulk([pk for pk in by_group if pk is not None])
    group_lines = [
        AidLine(named[pk].name, people=by_group[pk]["people"], value=by_group[pk]["value"] or 0)
        for pk in sorted(named, key=lambda pk: (named[pk].position, named[pk].code))
    ]
    if None in by_group:
        group_lines.append(
            AidLine(
                _("no target group"),
                people=by_group[None]["people"],
                value=by_group[None]["value"] or 0,
            )
        )
    return programme_lines, unit_lines, group_lines


# For each centre, sex and age band, its largest line: a typed line by service, or a computed
# month's people of that sex and band (the sum of its target groups); then the centres added.
CENTRE_PEOPLE_CELLS = """
SELECT sex, age_band, SUM(largest) FROM (
    SELECT centre, sex, age_band, MAX(people) AS largest FROM (
        SELECT centre, sex, age_band, people FROM ({typed}) AS typed
        UNION ALL
        SELECT centre, sex, age_band, n FROM ({computed}) AS computed
    ) AS lines
    GROUP BY centre, sex, age_band
) AS largest
GROUP BY sex, age_band
"""


def centre_people_cells(validated: QuerySet[MonthlyActivity]) -> dict[tuple[str, str], int]:
    """{(sex, age band): people} served in the centres of the validated months: for each
    centre its largest line, so that no one is counted twice. One query."""
    typed = (
        ActivityLine.objects.filter(activity__in=validated)
        .annotate(centre=F("activity__centre"))
        .values("centre", "sex", "age_band", "people")
        .order_by()
    )
    computed = (
        ActivityGroupLine.objects.filter(activity__in=validated)
        .values("activity", "sex", "age_band")
        .annotate(centre=F("activity__centre"), n=Sum("people"))
        .order_by()
    )
    typed_sql, typed_params = typed.query.sql_with_params()
    computed_sql, computed_params = computed.query.sql_with_params()
    sql = CENTRE_PEOPLE_CELLS.format(typed=typed_sql, computed=computed_sql)
    with connections[validated.db].cursor() as cursor:
        cursor.execute(sql, [*typed_params, *computed_params])
        return {(sex, band): int(n) for sex, band, n in cursor.fetchall()}


def scalars(
    unit: OrgUnit,
    period: Period,
    *,
    today: datetime.date | None = None,
    periods: _Periods | None = None,
) -> dict[str, Scalar]:
    """The indicators alone (the same period a year earlier needs no more); `periods`, the
    report's reader of the indicators of all its periods (shared_reads)."""
    today = today or timezone.localdate()
    if periods is not None:
        periods.check(unit, today)
    return values_between(subtree(unit), period.start, period.end, today, periods=periods)


def shared_reads(
    unit: OrgUnit, periods: Iterable[Period], *, today: datetime.date | None = None
) -> _Periods:
    """What a report showing these periods of the unit reads once for all of them, to hand
    to unit_figures and scalars."""
    today = today or timezone.localdate()
    return _Periods(unit, today, [(p.start, p.end) for p in periods])


def _moment(today: datetime.date) -> datetime.datetime:
    """Now, for figures computed as of `today`; as of an earlier day, the end of that day."""
    if today >= timezone.localdate():
        return timezone.now()
    after = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(after)


def response_times(
    units: Units,
    start: datetime.date,
    end: datetime.date,
    now: datetime.datetime,
    *,
    by: str,
) -> list[ResponseTimes]:
    """How the centres under the unit answered the referrals sent to them in the period (by
    their date), whichever delegation sent them: by centre, or by the centres' delegation
    (`by`: "centre" or "delegation")."""
    group = "centre" if by == "centre" else "centre__delegation"
    rows = (
        Referral.objects.filter(
            target_kind=Referral.TargetKind.CENTRE, centre__delegation__in=units
        )
        .made_between(start, end)
        .timed()
        .with_response_time(now)
        .values(group)
        .annotate(
            sent=Count("pk"),
            answered=Count("response_time"),
            median=Median("response_time"),
            in_time=Count("pk", filter=Q(answered_in_time=True)),
            known=Count("pk", filter=Q(outcome_known=True)),
            overdue=Count("pk", filter=Q(late=True)),
        )
        .order_by(group)
    )
    rows = list(rows)
    model = Centre if by == "centre" else OrgUnit
    named = model.objects.in_bulk([row[group] for row in rows])
    times = [
        ResponseTimes(
            code=named[row[group]].code,
            name=str(named[row[group]]),
            sent=row["sent"],
            answered=row["answered"],
            median_hours=None
            if row["median"] is None
            else (Decimal(row["median"].total_seconds()) / 3600).quantize(Decimal("0.1")),
            within=percent_of(row["in_time"], row["known"]),
            overdue=row["overdue"],
        )
        for row in rows
    ]
    return sorted(times, key=lambda row: row.code)


def children_for_comparison(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """What a comparison sets side by side: the country's coordinations, or a coordination's
    delegations."""
    kind = (
        OrgUnit.Kind.DELEGATION
        if unit.kind == OrgUnit.Kind.COORDINATION
        else OrgUnit.Kind.COORDINATION
    )
    return OrgUnit.objects.under(unit).filter(kind=kind).order_by("code")


def compare_units(
    units: Iterable[OrgUnit], period: Period, indicator: str, *, today: datetime.date | None = None
) -> list[tuple[OrgUnit, Scalar]]:
    """[(unit, value)] of one indicator for each unit."""
    return [(u, indicator_value(indicator, u, period, today=today)) for u in units]


# The apps' reads, limited to the unit's subtree; start and end are the period's first and last
# days.
def _open_cases(units: Units, start: datetime.date, end: datetime.date) -> QuerySet[CaseFile]:
    return CaseFile.objects.filter(delegation__in=units).open_during(start, end)


def _validated(units: Units, start: datetime.date, end: datetime.date) -> QuerySet[MonthlyActivity]:
    return MonthlyActivity.objects.filter(centre__delegation__in=units).validated_in(start, end)


def _tranches(units: Units) -> QuerySet[Tranche]:
    return Tranche.objects.filter(convention__signing_unit__in=units)


def _delivered(units: Units, start: datetime.date, end: datetime.date) -> QuerySet[Entitlement]:
    return Entitlement.objects.filter(request__delegation__in=units).delivered_between(start, end)


def _kits(units: Units, start: datetime.date, end: datetime.date) -> QuerySet[KitDelivery]:
    return KitDelivery.objects.filter(household__emergency__delegation__in=units).delivered_between(
        start, end
    )


def _total(tranches: QuerySet[Tranche], amount: str) -> Decimal:
    return tranches.aggregate(s=Sum(amount))["s"] or Decimal(0)


class _Aid:
    """The two aggregates the aid programmes' indicators read, each read once, when first
    needed: the entitlements handed over (the people helped, each once, and their value) and
    the emergency kits (the households helped, each once, and their value), the kits' by
    programme and delegation, which the report's aid tables read too."""

    def __init__(self, units: Units, start: datetime.date, end: datetime.date):
        self.units, self.start, self.end = units, start, end

    @functools.cached_property
    def handed(self) -> dict[str, Any]:
        return _delivered(self.units, self.start, self.end).aggregate(
            people=Count("person", distinct=True), value=Coalesce(Sum("value"), Decimal(0))
        )

    @functools.cached_property
    def kit_rows(self) -> list[dict[str, Any]]:
        """The kits by programme and delegation (its tree path): the households helped, each
        once, and the kits' value. A household is in one emergency, of one programme and one
        delegation: the rows divide the households, whose totals are then the rows' sums."""
        return list(
            _kits(self.units, self.start, self.end)
            .values(
                programme=F("household__emergency__programme"),
                path=F("household__emergency__delegation__path"),
            )
            .annotate(households=Count("household", distinct=True), value=Sum("value"))
            .order_by()
        )

    @functools.cached_property
    def kits(self) -> dict[str, Any]:
        return {
            "households": sum(row["households"] for row in self.kit_rows),
            "value": sum((row["value"] or Decimal(0) for row in self.kit_rows), Decimal(0)),
        }


# The aid programmes' indicators, from their shared aggregates: alone (SCALARS) each reads
# only what it needs; all together (values_between), two queries instead of four (the kits of
# a large emergency are tens of thousands of rows).
AID: dict[str, Callable[[_Aid], Scalar]] = {
    "aid_people_helped": lambda aid: aid.handed["people"],
    "aid_households_helped": lambda aid: aid.kits["households"],
    "aid_value": lambda aid: aid.handed["value"] + aid.kits["value"],
}


class _Periods:
    """The indicators whose rows are the same whatever the period, counted once for every
    period a report shows (its own and the same a year earlier), each period's by a
    condition of one pass: the overdue follow-ups are those still pending (the open cases'
    every pending follow-up, 50,000 in a large delegation), then by each period's end."""

    def __init__(self, unit: OrgUnit, today: datetime.date, periods: Iterable[tuple]):
        self.unit, self.units, self.today = unit, subtree(unit), today
        self.periods = list(dict.fromkeys((start, end) for start, end in periods))

    def check(self, unit: OrgUnit | None, today: datetime.date) -> None:
        """Refuse to serve another unit's figures, or another day's (`unit` None: the caller
        knows only the day)."""
        if (unit is not None and unit.pk != self.unit.pk) or today != self.today:
            raise ValueError("These shared reads are another unit's, or another day's.")

    @functools.cached_property
    def overdue(self) -> dict[tuple[datetime.date, datetime.date], int]:
        by = FollowUp.objects.overdue_by
        counts = (
            FollowUp.objects.filter(case__delegation__in=self.units)
            .pending()
            .aggregate(
                **{
                    f"p{i}": Count("pk", filter=by(end, self.today))
                    for i, (_start, end) in enumerate(self.periods)
                }
            )
        )
        return {period: counts[f"p{i}"] for i, period in enumerate(self.periods)}


# The indicators _Periods reads for every period at once.
SHARED: dict[str, Callable[[_Periods, datetime.date, datetime.date], Scalar]] = {
    "follow_ups_overdue": lambda shared, s, e: shared.overdue[(s, e)],
}


def _alone(name: str) -> Indicator:
    return lambda u, s, e, t: AID[name](_Aid(u, s, e))


# Each indicator alone, for the comparisons between units (a full report computes them all).

SCALARS: dict[str, Indicator] = {
    "centres_open": lambda u, s, e, t: Centre.objects.filter(delegation__in=u).open().count(),
    "people_with_case": lambda u, s, e, t: (
        _open_cases(u, s, e).values("beneficiary").distinct().count()
    ),
    "people_in_centres": lambda u, s, e, t: sum(
        row["peak"]
        for row in _validated(u, s, e).values("centre").annotate(peak=Max("people_served"))
    ),
    # Each person once in the country (or the unit), however many sections, centres or
    # delegations placed them: one COUNT(DISTINCT person_id) over the enrolments.
    "people_in_sections": lambda u, s, e, t: (
        Enrolment.objects.filter(section__centre__delegation__in=u)
        .present_during(s, e)
        .aggregate(n=Count("person", distinct=True))["n"]
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
    "services_delivered": lambda u, s, e, t: (
        ServiceDelivery.objects.filter(case__delegation__in=u).dated_between(s, e).count()
    ),
    "follow_ups_overdue": lambda u, s, e, t: (
        FollowUp.objects.filter(case__delegation__in=u).overdue(s, e, t).count()
    ),
    "conventions_in_force": lambda u, s, e, t: (
        Convention.objects.filter(signing_unit__in=u).in_force_during(s, e).count()
    ),
    "subsidies_committed": lambda u, s, e, t: _total(
        _tranches(u).planned_in(s, e), "planned_amount"
    ),
    "subsidies_paid": lambda u, s, e, t: _total(_tranches(u).paid_in(s, e), "paid_amount"),
    "aid_requests": lambda u, s, e, t: (
        AidRequest.objects.filter(delegation__in=u).recorded_between(s, e).count()
    ),
    "aid_decided": lambda u, s, e, t: (
        AidRequest.objects.filter(delegation__in=u).decided_between(s, e).count()
    ),
    "aid_people_helped": _alone("aid_people_helped"),
    "aid_households_helped": _alone("aid_households_helped"),
    "aid_value": _alone("aid_value"),
}


def values_between(
    units: Units,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    *,
    aid: _Aid | None = None,
    periods: _Periods | None = None,
) -> dict[str, Scalar]:
    """Every indicator of SCALARS for the unit's subtree and the period, the aid programmes'
    from their aggregates read once (AID; `aid`, the caller's, to read them again), and those
    of SHARED from `periods` when it counts this period too (a report's other period)."""
    aid = aid or _Aid(units, start, end)
    if periods is not None:
        periods.check(None, today)
    shared = periods if periods is not None and (start, end) in periods.periods else None

    def value(name: str, indicator: Indicator) -> Scalar:
        if name in AID:
            return AID[name](aid)
        if shared is not None and name in SHARED:
            return SHARED[name](shared, start, end)
        return indicator(units, start, end, today)

    return {name: value(name, indicator) for name, indicator in SCALARS.items()}


def indicator_value(
    indicator: str, unit: OrgUnit, period: Period, *, today: datetime.date | None = None
) -> Scalar:
    today = today or timezone.localdate()
    return SCALARS[indicator](subtree(unit), period.start, period.end, today)
