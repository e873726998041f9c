"""A delegation's store: lots in, units out, counts. Every change is a Movement; PostgreSQL
keeps each lot's `left` from them and refuses it below zero (models, migration 0001), so a
delivery that finds the store short fails whole, even when another took the last units a moment
before. One transaction each, audited, the acting user carried as pghistory context."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entraide.audit import acting_as
from entraide.numbers import number

from .models import Entitlement, Item, Lot, Movement

if TYPE_CHECKING:
    from entraide.models import User
    from territory.models import OrgUnit

    from .models import Donation


def short_message(item: Item, wanted: int, held: int) -> str:
    return ngettext(
        "The store holds %(held)s of %(item)s: %(wanted)s asked.",
        "The store holds %(held)s of %(item)s: %(wanted)s asked.",
        held,
    ) % {"held": number(held), "item": item, "wanted": number(wanted)}


def lot_in(
    *,
    delegation: OrgUnit,
    item: Item,
    quantity: int,
    actor: User,
    donation: Donation | None = None,
    purchase: str = "",
    received_on=None,
) -> Lot:
    """Units received into the delegation's store, from a donation or a purchase."""
    if quantity <= 0:
        raise ValidationError(_("A lot holds at least one unit."))
    with transaction.atomic(), acting_as(actor):
        lot = Lot(delegation=delegation, item=item, donation=donation, purchase=purchase)
        if received_on:
            lot.received_on = received_on
        lot.full_clean(exclude=["delegation", "item", "donation"])
        lot.save()
        Movement.objects.create(lot=lot, kind=Movement.Kind.IN, quantity=quantity, by=actor)
        return lot


def held(delegation: OrgUnit, item: Item) -> int:
    return Lot.objects.filter(delegation=delegation, item=item).aggregate(n=Sum("left"))["n"] or 0


def take(
    *,
    delegation: OrgUnit,
    item: Item,
    quantity: int,
    actor: User,
    reason: str = "",
    entitlement: Entitlement | None = None,
) -> list[tuple[Lot, int]]:
    """Take `quantity` units of `item` out of the store, the oldest lots first: [(lot, units)],
    each movement linked to the `entitlement` delivered, if any. Short of units, nothing is
    taken and the error says how many the store holds. To be called inside the caller's
    transaction (a delivery records its lot in the same one)."""
    if quantity <= 0:
        raise ValidationError(_("Take at least one unit."))
    lots = list(
        Lot.objects.select_for_update()
        .filter(delegation=delegation, item=item, left__gt=0)
        .order_by("received_on", "pk")
    )
    taken, wanted = [], quantity
    for lot in lots:
        units = min(lot.left, wanted)
        taken.append((lot, units))
        wanted -= units
        if not wanted:
            break
    if wanted:
        raise ValidationError(short_message(item, quantity, quantity - wanted))
    try:
        with transaction.atomic():
            Movement.objects.bulk_create(
                [
                    Movement(
                        lot=lot,
                        kind=Movement.Kind.OUT,
                        quantity=-units,
                        reason=reason,
                        by=actor,
                        entitlement=entitlement,
                    )
                    for lot, units in taken
                ]
            )
    except IntegrityError as error:
        if "lot_never_negative" in str(error):
            raise ValidationError(short_message(item, quantity, held(delegation, item))) from error
        raise
    return taken


def count(*, lot: Lot, found: int, reason: str, actor: User) -> Lot:
    """A count of a lot: what is found replaces what the store believed, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the count differs."))
    if found < 0:
        raise ValidationError(_("A count finds zero units or more."))
    with transaction.atomic(), acting_as(actor):
        current = Lot.objects.select_for_update().get(pk=lot.pk)
        if found != current.left:
            Movement.objects.create(
                lot=current,
                kind=Movement.Kind.COUNT,
                quantity=found - current.left,
                reason=reason,
                by=actor,
            )
            current.refresh_from_db()
        return current


# Reading the store ----------------------------------------------------------------------------


@dataclass
class StoreLine:
    """One item of a delegation's store: what it holds, what is promised and not yet handed
    over, what remains (negative: promised beyond the store), its value, its lots in stock."""

    item: Item
    held: int = 0
    promised: int = 0
    lots: list = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return self.held - self.promised

    @property
    def short(self) -> bool:
        return self.remaining < 0

    @property
    def value(self) -> Decimal:
        return self.item.unit_value * self.held


def store(delegation: OrgUnit, *, user: User, movements: int = 20):
    """A delegation's store for `user`: its lines (one per item it holds or has promised, in
    the catalogue's order) and its last `movements`. Summed in PostgreSQL, one query per table
    whatever the number of items and lots: five queries in all."""
    held_by_item = dict(
        Lot.objects.filter(delegation=delegation)
        .order_by()
        .values("item")
        .annotate(n=Sum("left"))
        .values_list("item", "n")
    )
    promised_by_item = dict(
        Entitlement.objects.visible_to(user)
        .undelivered()
        .filter(request__delegation=delegation, item__isnull=False)
        .order_by()
        .values("item")
        .annotate(n=Sum("quantity"))
        .values_list("item", "n")
    )
    items = Item.objects.filter(pk__in={*held_by_item, *promised_by_item})
    lines = {
        item.pk: StoreLine(
            item=item,
            held=held_by_item.get(item.pk) or 0,
            promised=promised_by_item.get(item.pk) or 0,
        )
        for item in items
    }
    lots = (
        Lot.objects.filter(delegation=delegation)
        .in_stock()
        .select_related("donation")
        .order_by("item", "received_on", "pk")
    )
    for lot in lots:
        lines[lot.item_id].lots.append(lot)
    last = (
        Movement.objects.filter(lot__delegation=delegation)
        .select_related("lot__item", "lot__donation", "by")
        .order_by("-at", "-pk")[:movements]
    )
    return list(lines.values()), list(last)
