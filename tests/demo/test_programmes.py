"""The demo's aid programmes (demo.programmes), as `seed_demo` leaves them: the catalogue, the
programmes with their rules and budgets even without people (the browser tests stand on them);
with people, Khouribga's store, requests decided in committee, deliveries against a receipt and
an emergency with its kits of round 1; written once."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from demo.programmes import ITEMS, PROGRAMMES, seed_aid, seed_catalogue
from entraide.models import User
from programmes import requests as services
from programmes import stock
from programmes.models import (
    AidRequest,
    Budget,
    CommitteeMeeting,
    Donation,
    EligibilityRule,
    Emergency,
    Entitlement,
    Household,
    Item,
    KitDelivery,
    Lot,
    Programme,
)

pytestmark = pytest.mark.django_db


def run(*args):
    output = io.StringIO()
    call_command("seed_demo", *args, stdout=output)
    return output.getvalue()


def test_without_people_the_catalogue_programmes_and_budgets_are_seeded_once():
    output = run("--without-people")
    run("--without-people")
    year = timezone.localdate().year
    assert Item.objects.count() == len(ITEMS)
    assert Programme.objects.count() == len(PROGRAMMES)
    assert set(Programme.objects.values_list("kind", flat=True)) == {
        Programme.Kind.TECHNICAL_AIDS,
        Programme.Kind.SCHOOLING,
        Programme.Kind.INCOME,
        Programme.Kind.FOOD_AID,
        Programme.Kind.EMERGENCY,
    }
    # Names in both languages.
    chair = Item.objects.get(code="wheelchair")
    assert (chair.name_ar, chair.name_fr) == ("كرسي متحرك", "Fauteuil roulant")
    assert not Programme.objects.filter(name_fr="").exists()
    assert not Programme.objects.filter(name_ar="").exists()
    # The rules as data, read in words; not doubled by the second run.
    aids = Programme.objects.get(code="technical-aids")
    assert list(aids.rules.values_list("criterion", "value")) == [
        (EligibilityRule.Criterion.TARGET_GROUP, "disability"),
        (EligibilityRule.Criterion.INCOME_MAX, "3000"),
    ]
    with translation.override("fr"):
        assert len(services.rules_in_words(aids.rules.all())) == 2
    # Each demo delegation's budgets of last year and this one.
    budgets = Budget.objects.filter(year=year)
    assert budgets.count() == 2 * len(PROGRAMMES)
    assert set(budgets.values_list("unit__code", flat=True)) == {"DP-MA-KHO", "DP-MA-RAB"}
    assert Budget.objects.filter(year=year - 1).count() == 2 * len(PROGRAMMES)
    assert f"demo aid programmes: {len(PROGRAMMES)} programmes, {len(ITEMS)}" in output
    # Nobody: no request, no store, no emergency.
    assert not AidRequest.objects.exists()
    assert not Lot.objects.exists()
    assert not Emergency.objects.exists()


def test_an_administrator_s_edits_of_the_catalogue_are_kept():
    seed_catalogue()
    Item.objects.filter(code="wheelchair").update(name_fr="Fauteuil roulant manuel")
    EligibilityRule.objects.filter(programme__code="income").delete()
    assert seed_catalogue() == (len(ITEMS), len(PROGRAMMES), 2 * len(PROGRAMMES))
    assert Item.objects.get(code="wheelchair").name_fr == "Fauteuil roulant manuel"
    assert not EligibilityRule.objects.filter(programme__code="income").exists()


def test_with_people_khouribga_has_its_store_requests_meeting_deliveries_and_emergency():
    output = run()
    worker, delegate = User.objects.get(username="worker"), User.objects.get(username="delegate")
    kho = worker.unit
    requests = AidRequest.objects.filter(delegation=kho)
    assert requests.count() == 10
    assert set(requests.values_list("recorded_by", flat=True)) == {worker.pk}
    statuses = set(requests.values_list("status", flat=True))
    assert statuses == set(AidRequest.Status.values)
    # Eligible and not, with the rules not met kept.
    assert requests.filter(eligible=False).exclude(unmet=[]).count() == 3
    assert requests.filter(status=AidRequest.Status.REJECTED).exclude(decision_reason="").count()
    # One meeting of the demo delegate decided them all but those awaiting.
    meeting = CommitteeMeeting.objects.get(delegation=kho)
    assert meeting.created_by == delegate
    assert meeting.decisions.count() == requests.exclude(status="recorded").count() == 7
    # Entitlements: three delivered against a receipt, one promised.
    entitlements = Entitlement.objects.filter(request__delegation=kho)
    delivered = entitlements.filter(delivered_at__isnull=False)
    assert delivered.count() == 3
    for entitlement in delivered:
        assert entitlement.receipt.name.startswith("receipts/")
        with entitlement.receipt.open("rb") as receipt:
            assert receipt.read(8) == b"\x89PNG\r\n\x1a\n"
        assert entitlement.delivered_by == worker
    assert entitlements.filter(delivered_at__isnull=True, item__code="crutches").exists()
    # The donation's lots in the store, one wheelchair out of them.
    donation = Donation.objects.get(delegation=kho)
    assert donation.lots.count() == 3
    chair = Item.objects.get(code="wheelchair")
    assert stock.held(kho, chair) == 7
    assert delivered.get(item=chair).lot.donation == donation
    # The emergency: six households, one linked to its head's file, four kits of round 1.
    emergency = Emergency.objects.get(delegation=kho)
    households = Household.objects.filter(emergency=emergency)
    assert households.count() == 6
    assert households.filter(head__isnull=False).count() == 1
    assert KitDelivery.objects.filter(household__emergency=emergency, round=1).count() == 4
    assert stock.held(kho, emergency.kit) == 116
    assert (
        "demo aid in Khouribga: 10 requests, 7 decided in committee, 3 delivered; "
        "an emergency with 6 households, 4 kits of round 1" in output
    )
    # Written through the services, in the name of who acted.
    event = AidRequest.pgh_event_model.objects.filter(pgh_obj__in=requests).first()
    assert event.pgh_context.metadata["user"] == worker.pk

    # Written once: a second run keeps everything as it is.
    counts = (
        requests.count(),
        entitlements.count(),
        Lot.objects.count(),
        households.count(),
        KitDelivery.objects.count(),
        CommitteeMeeting.objects.count(),
    )
    assert seed_aid() == (10, 7, 3, 6, 4)
    assert (
        requests.count(),
        entitlements.count(),
        Lot.objects.count(),
        households.count(),
        KitDelivery.objects.count(),
        CommitteeMeeting.objects.count(),
    ) == counts
