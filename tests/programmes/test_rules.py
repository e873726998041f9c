"""The rules PostgreSQL keeps for aid programmes, whatever writes: a store never below zero,
one entitlement per person, programme, item and cycle, one kit per household and round."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programmes import stock
from programmes.models import (
    AidRequest,
    Emergency,
    Entitlement,
    Household,
    Item,
    KitDelivery,
    Lot,
    Movement,
    Programme,
)
from tests.factories import BeneficiaryFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def kho():
    return unit("DP-MA-KHO")


@pytest.fixture
def chair():
    return Item.objects.create(code="wheelchair", name="Fauteuil roulant", unit_value=1500)


@pytest.fixture
def programme():
    return Programme.objects.create(code="aides-techniques", name="Aides", kind="technical_aids")


def test_the_store_never_goes_below_zero_whatever_writes(kho, chair, delegate):
    first = stock.lot_in(delegation=kho, item=chair, quantity=2, actor=delegate, purchase="M-1")
    stock.lot_in(delegation=kho, item=chair, quantity=3, actor=delegate, purchase="M-2")
    assert stock.held(kho, chair) == 5
    taken = stock.take(delegation=kho, item=chair, quantity=3, actor=delegate)
    assert [(lot.pk, units) for lot, units in taken][0] == (first.pk, 2)  # oldest first
    assert stock.held(kho, chair) == 2
    with pytest.raises(ValidationError) as short:
        stock.take(delegation=kho, item=chair, quantity=3, actor=delegate)
    assert short.value.messages == [stock.short_message(chair, 3, 2)]
    assert stock.held(kho, chair) == 2
    # Past the service: a raw movement out of more than the lot holds is refused too.
    with pytest.raises(IntegrityError, match="lot_never_negative"), transaction.atomic():
        Movement.objects.create(lot=first, kind="out", quantity=-1, by=delegate)


def test_a_count_adjusts_the_lot_with_its_reason(kho, chair, delegate):
    lot = stock.lot_in(delegation=kho, item=chair, quantity=4, actor=delegate, purchase="M-1")
    with pytest.raises(ValidationError):
        stock.count(lot=lot, found=3, reason="", actor=delegate)
    lot = stock.count(lot=lot, found=3, reason="Un fauteuil cassé", actor=delegate)
    assert lot.left == 3
    assert lot.movements.get(kind="count").quantity == -1


def test_a_person_never_receives_the_same_entitlement_twice_in_a_cycle(
    kho, chair, programme, delegate
):
    person = BeneficiaryFactory()
    request = AidRequest.objects.create(
        programme=programme, person=person, delegation=kho, cycle=2026, recorded_by=delegate
    )
    common = {"request": request, "person": person, "programme": programme, "cycle": 2026}
    Entitlement.objects.create(**common, item=chair)
    with pytest.raises(IntegrityError, match="entitlement_once_per_cycle"), transaction.atomic():
        Entitlement.objects.create(**common, item=chair)
    Entitlement.objects.create(**{**common, "cycle": 2027}, item=chair)
    Entitlement.objects.create(**common, amount=500)
    with pytest.raises(IntegrityError, match="entitlement_once_per_cycle"), transaction.atomic():
        Entitlement.objects.create(**common, amount=700)


def test_a_household_gets_one_kit_per_round(kho, chair, programme, delegate):
    emergency = Emergency.objects.create(
        title="Inondations",
        delegation=kho,
        province=kho.provinces.first(),
        communes=["Oued Zem"],
        kit=chair,
        programme=programme,
    )
    household = Household.objects.create(
        emergency=emergency, head_name="Ahmed", commune="Oued Zem", registered_by=delegate
    )
    lot = stock.lot_in(delegation=kho, item=chair, quantity=5, actor=delegate, purchase="M-1")
    KitDelivery.objects.create(household=household, round=1, lot=lot, delivered_by=delegate)
    with pytest.raises(IntegrityError, match="kit_once_per_household"), transaction.atomic():
        KitDelivery.objects.create(household=household, round=1, lot=lot, delivered_by=delegate)
    KitDelivery.objects.create(household=household, round=2, lot=lot, delivered_by=delegate)
    assert Lot.objects.get(pk=lot.pk).left == 5  # the deliveries' movements are the service's
