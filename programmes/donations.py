"""Donations received by a delegation, and what became of them: the lots they filled, the
entitlements and kits handed out from those lots, so that a gift is traced to the people it
helped. One transaction each, audited, the acting user carried as pghistory context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, F, Q, Sum

from entraide.audit import acting_as

from .models import Donation, Entitlement, Household, KitDelivery, Lot, Movement

if TYPE_CHECKING:
    import datetime
    from decimal import Decimal

    from entraide.models import User
    from territory.models import OrgUnit

    from .models import Programme


def donation_record(
    *,
    delegation: OrgUnit,
    donor: str,
    kind: str,
    amount: Decimal,
    actor: User,
    programme: Programme | None = None,
    received_on: datetime.date | None = None,
    note: str = "",
) -> Donation:
    """A donation received by `delegation`, in kind or in money, checked by the model's rules."""
    with transaction.atomic(), acting_as(actor):
        donation = Donation(
            delegation=delegation,
            donor=donor,
            kind=kind,
            amount=amount,
            programme=programme,
            note=note,
            recorded_by=actor,
        )
        if received_on:
            donation.received_on = received_on
        donation.full_clean()
        donation.save()
        return donation


@dataclass
class Trace:
    """What a donation gave: its lots (annotated with the units received, delivered and
    adjusted by counts), the entitlements delivered from them (how many, to how many people,
    how many units) and the kits (how many, to how many households of how many people)."""

    lots: list
    entitlements: int
    people: int
    units: int
    kits: int
    households: int
    members: int

    @property
    def people_helped(self) -> int:
        return self.people + self.members

    @property
    def units_given(self) -> int:
        return self.units + self.kits


def lots_of(donation: Donation):
    """The donation's lots with what came in, went out and was found by counts: one query."""
    return (
        Lot.objects.filter(donation=donation)
        .select_related("item")
        .annotate(
            received=Sum("movements__quantity", filter=Q(movements__kind=Movement.Kind.IN)),
            # Units out are negative movements: handed out, counted positive.
            delivered=Sum(
                F("movements__quantity") * -1, filter=Q(movements__kind=Movement.Kind.OUT)
            ),
            adjusted=Sum("movements__quantity", filter=Q(movements__kind=Movement.Kind.COUNT)),
        )
        .order_by("received_on", "pk")
    )


def trace(donation: Donation, *, user: User) -> Trace:
    """From the gift to the people helped, as far as `user` may see: four queries. Through
    the movements, so that a delivery that took from a lot of this donation and from another
    counts here with the units it took from this one."""
    taken = Movement.objects.filter(
        lot__donation=donation,
        kind=Movement.Kind.OUT,
        entitlement__in=Entitlement.objects.visible_to(user).values("pk"),
    )
    delivered = taken.aggregate(
        n=Count("entitlement", distinct=True),
        people=Count("entitlement__person", distinct=True),
        units=Sum(F("quantity") * -1),
    )
    kits = KitDelivery.objects.visible_to(user).filter(lot__donation=donation)
    households = Household.objects.filter(pk__in=kits.values("household")).aggregate(
        n=Count("pk"), members=Sum("members")
    )
    return Trace(
        lots=list(lots_of(donation)),
        entitlements=delivered["n"],
        people=delivered["people"],
        units=delivered["units"] or 0,
        kits=kits.count(),
        households=households["n"],
        members=households["members"] or 0,
    )
