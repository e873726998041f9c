"""Emergencies: the households a disaster hit, registered on the spot from a phone, the rounds
of kits handed to them from the delegation's store, and the daily situation report.

Two rules are PostgreSQL's (models): one household per CIN in an emergency
(`household_one_per_cin_and_emergency`), one kit per household and round
(`kit_once_per_household_and_round`); the services turn their refusals into sentences. The
store never goes below zero (programmes.stock): a kit leaves it in the delivery's transaction.

The same household registered twice under two spellings of its head's name (Arabic and
Latin, Mohamed and Mohammed) is found by the name's sound, the phonetic key the people's
files use (PostgreSQL's entraide_name_key, beneficiaries.selectors.name_key_of): the worker
is shown the households that sound the same and registers anyway only on confirming.

Writes: one transaction each, the acting user carried as pghistory context (the triggers
audit every row)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import Beneficiary
from beneficiaries.selectors import name_key_of
from entraide.audit import acting_as
from entraide.validators import normalise_cin

from . import stock
from .models import Emergency, Household, Item, KitDelivery, Programme, day_bounds

if TYPE_CHECKING:
    from entraide.models import User
    from territory.models import OrgUnit, Province

# A name whose key is shorter (Ali: "l") sounds like too many others to say anything.
SHORTEST_KEY = 4
# The households shown as "likely the same": a few, those of the same commune.
MOST_ALIKE = 10


# Emergencies ---------------------------------------------------------------------------------


def communes_of(text: str) -> list[str]:
    """The communes typed one per line: trimmed, blank lines dropped, each once, in order."""
    seen: dict[str, str] = {}
    for line in (text or "").splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def emergency_create(
    *,
    title: str,
    delegation: OrgUnit,
    province: Province,
    communes: list[str],
    started_on: datetime.date,
    kit: Item,
    programme: Programme,
    actor: User,
) -> Emergency:
    """A disaster declared by a delegation: where it struck, the kit its households receive."""
    errors = {}
    if not delegation.provinces.filter(pk=province.pk).exists():
        errors["province"] = _("This province is not covered by the delegation.")
    if programme.kind != Programme.Kind.EMERGENCY:
        errors["programme"] = _("Choose a programme of emergency relief.")
    if not communes:
        errors["communes"] = _("Name at least one commune hit.")
    if started_on > timezone.localdate():
        errors["started_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        emergency = Emergency(
            title=title,
            delegation=delegation,
            province=province,
            communes=communes,
            started_on=started_on,
            kit=kit,
            programme=programme,
        )
        emergency.full_clean()
        emergency.save()
        return emergency


# Rounds --------------------------------------------------------------------------------------


def last_round(emergency: Emergency) -> int:
    """The highest round a kit was handed in, 1 before any (kept by PostgreSQL)."""
    return max(emergency.last_round, 1)


def rounds_open(emergency: Emergency) -> list[int]:
    """The rounds a kit may be handed in: those already begun (a household missed in one is
    served late), and the next one. The round is chosen with each kit: the emergency's page
    keeps the round being distributed in its address, so the workers of one round share a
    link, and two teams may serve two rounds at once."""
    return list(range(1, last_round(emergency) + 2))


# Households ----------------------------------------------------------------------------------


def households_sounding_like(
    emergency: Emergency, *, head_name: str, commune: str
) -> list[Household]:
    """The emergency's households of the commune whose head's name sounds like `head_name`:
    the same phonetic key (PostgreSQL's entraide_name_key, as the people's files have it),
    whatever the script or the spelling. Two queries, whatever the number of households: the
    key of the name typed, then the commune's households (by the index on emergency and
    commune) whose head's key is one of it."""
    keys = [key for key in name_key_of([head_name]) if len(key) >= SHORTEST_KEY]
    if not keys:
        return []
    return list(
        Household.objects.filter(emergency=emergency, commune=commune)
        .filter(head_key__in=keys)
        .order_by("head_name", "pk")[:MOST_ALIKE]
    )


class LikelySameHousehold(ValidationError):
    """The household sounds like one already registered: `households`, those it is like."""

    def __init__(self, households: list[Household]):
        super().__init__(
            _("A household whose head's name sounds the same is already registered."),
            code="sounds_like",
        )
        self.households = households


class HouseholdAlreadyRegistered(ValidationError):
    """A household with this CIN is registered in the emergency: `household`, that one."""

    def __init__(self, household: Household | None):
        super().__init__(
            {"cin": _("A household with this CIN is already registered.")}, code="duplicate_cin"
        )
        self.household = household


def household_register(
    *,
    emergency: Emergency,
    head_name: str,
    commune: str,
    actor: User,
    cin: str = "",
    phone: str = "",
    members: int = 1,
    douar: str = "",
    needs: str = "",
    confirmed: bool = False,
) -> Household:
    """A household hit by `emergency`, registered from the field. Refused when a household of
    the same CIN is registered (HouseholdAlreadyRegistered: which), and, unless `confirmed`,
    when one of the same commune has a head whose name sounds the same (LikelySameHousehold:
    which). The head's file is linked when its CIN is that of a file the user may see."""
    if not emergency.is_open:
        raise ValidationError(_("This emergency is closed."))
    if commune not in emergency.communes:
        raise ValidationError({"commune": _("Choose one of the communes hit.")})
    cin = normalise_cin(cin)
    if not confirmed:
        alike = households_sounding_like(emergency, head_name=head_name, commune=commune)
        if alike:
            raise LikelySameHousehold(alike)
    head = None
    if cin:
        head = Beneficiary.objects.visible_to(actor).active().filter(cin=cin).order_by("pk").first()
    household = Household(
        emergency=emergency,
        head=head,
        head_name=head_name,
        cin=cin,
        phone=phone,
        members=members,
        commune=commune,
        douar=douar,
        needs=needs,
        registered_by=actor,
    )
    household.full_clean(exclude=["emergency", "head", "registered_by"], validate_constraints=False)
    try:
        with transaction.atomic(), acting_as(actor):
            household.save()
    except IntegrityError as error:
        if "household_one_per_cin_and_emergency" in str(error):
            raise HouseholdAlreadyRegistered(
                Household.objects.filter(emergency=emergency, cin=cin).first()
            ) from error
        raise
    return household


# Kits ----------------------------------------------------------------------------------------


def kit_give(*, household: Household, round: int, actor: User) -> KitDelivery:
    """The emergency's kit handed to the household in `round`, taken out of the delegation's
    store in the same transaction (the oldest lot first). Refused when the household has its
    kit of the round, or when the store holds none."""
    emergency = household.emergency
    if not emergency.is_open:
        raise ValidationError(_("This emergency is closed."))
    if round < 1:
        raise ValidationError(_("Choose a round."))
    try:
        with transaction.atomic(), acting_as(actor):
            # Checked first so that a kit given twice says so, even with the store empty;
            # the constraint below holds against two workers at the same moment.
            if KitDelivery.objects.filter(household=household, round=round).exists():
                raise ValidationError(
                    _("This household already has its kit of this round."), code="given"
                )
            [(lot, _units)] = stock.take(
                delegation=emergency.delegation,
                item=emergency.kit,
                quantity=1,
                actor=actor,
                reason=_("Emergency %(title)s, round %(round)s")
                % {"title": emergency.title, "round": round},
            )
            with transaction.atomic():
                return KitDelivery.objects.create(
                    household=household,
                    round=round,
                    lot=lot,
                    value=emergency.kit.unit_value,
                    delivered_by=actor,
                )
    except IntegrityError as error:
        if "kit_once_per_household_and_round" in str(error):
            raise ValidationError(
                _("This household already has its kit of this round."), code="given"
            ) from error
        raise


# The situation report ------------------------------------------------------------------------


@dataclass
class CommuneFigures:
    commune: str
    households: int = 0
    people: int = 0
    # {round: kits}: handed by the end of the day, and on the day.
    kits: dict[int, int] = field(default_factory=dict)
    kits_on_day: dict[int, int] = field(default_factory=dict)
    # [(round, kits, kits on the day)] for each round of the report, as the pages show them.
    per_round: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def kits_total(self) -> int:
        return sum(self.kits.values())

    @property
    def kits_on_day_total(self) -> int:
        return sum(self.kits_on_day.values())

    def by_round(self, rounds: list[int]) -> list[tuple[int, int, int]]:
        return [(r, self.kits.get(r, 0), self.kits_on_day.get(r, 0)) for r in rounds]


@dataclass
class Situation:
    emergency: Emergency
    day: datetime.date
    communes: list[CommuneFigures]
    total: CommuneFigures
    rounds: list[int]
    stock_left: int


def situation(emergency: Emergency, day: datetime.date | None = None) -> Situation:
    """The emergency's figures at the end of `day` (today by default), by commune: the
    households registered and their people, the kits handed by round (by then and that
    day), and the kits left in the delegation's store (now). Three queries, grouped by
    commune in PostgreSQL, whatever the number of households."""
    day = day or timezone.localdate()
    start, end = day_bounds(day, day)
    households = (
        Household.objects.filter(emergency=emergency, registered_at__lt=end)
        .values("commune")
        .annotate(households=Count("pk"), people=Sum("members"))
        .order_by()
    )
    kits = (
        KitDelivery.objects.filter(household__emergency=emergency, delivered_at__lt=end)
        .values("household__commune", "round")
        .annotate(kits=Count("pk"), on_day=Count("pk", filter=Q(delivered_at__gte=start)))
        .order_by()
    )
    figures = {name: CommuneFigures(name) for name in emergency.communes}
    for row in households:
        line = figures.setdefault(row["commune"], CommuneFigures(row["commune"]))
        line.households, line.people = row["households"], row["people"] or 0
    rounds = set()
    for row in kits:
        line = figures.setdefault(
            row["household__commune"], CommuneFigures(row["household__commune"])
        )
        line.kits[row["round"]] = row["kits"]
        line.kits_on_day[row["round"]] = row["on_day"]
        rounds.add(row["round"])
    total = CommuneFigures(_("Total"))
    for line in figures.values():
        total.households += line.households
        total.people += line.people
        for r, n in line.kits.items():
            total.kits[r] = total.kits.get(r, 0) + n
        for r, n in line.kits_on_day.items():
            total.kits_on_day[r] = total.kits_on_day.get(r, 0) + n
    rounds = sorted(rounds) or [1]
    for line in [*figures.values(), total]:
        line.per_round = line.by_round(rounds)
    return Situation(
        emergency=emergency,
        day=day,
        communes=list(figures.values()),
        total=total,
        rounds=rounds,
        stock_left=stock.held(emergency.delegation, emergency.kit),
    )
