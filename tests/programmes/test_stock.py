"""A delegation's store and its donations: what the store holds, what is promised and what
remains (below zero when promised beyond the store), summed in PostgreSQL in a constant number
of queries; lots received and counted with a reason; a donation traced to the people helped;
scope (404) and permissions (403, asked first)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes import donations, requests, stock
from programmes.models import (
    AidRequest,
    Donation,
    Emergency,
    Entitlement,
    Household,
    Item,
    KitDelivery,
    Lot,
    Movement,
    Programme,
)
from tests.factories import BeneficiaryFactory, UserFactory, unit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


@pytest.fixture
def kho():
    return unit("DP-MA-KHO")


@pytest.fixture
def rabat():
    return unit("DP-MA-RAB")


@pytest.fixture
def chair():
    return Item.objects.create(code="wheelchair", name="Fauteuil roulant", unit_value=1500)


@pytest.fixture
def blanket():
    return Item.objects.create(code="blanket", name="Couverture", unit_value=80)


@pytest.fixture
def programme():
    return Programme.objects.create(code="aides-techniques", name="Aides", kind="technical_aids")


@pytest.fixture
def rabat_delegate():
    return UserFactory(username="t-delegate-rab", delegate=True, rabat=True)


def promise(programme, item, quantity, *, delegation, actor, delivered_from=None):
    """An approved request's entitlement: promised, or delivered from a lot (its units taken
    out of the lot for it, as `requests.deliver` does)."""
    # A name no account shares: the page must not show it (the header names the user).
    person = BeneficiaryFactory(delegation=delegation, last_name_lat="Zerhouniyatest")
    request = AidRequest.objects.create(
        programme=programme, person=person, delegation=delegation, cycle=2026, recorded_by=actor
    )
    delivered = {}
    if delivered_from is not None:
        delivered = {
            "lot": delivered_from,
            "delivered_at": timezone.now(),
            "delivered_by": actor,
            "receipt": "receipts/r.pdf",
        }
    entitlement = Entitlement.objects.create(
        request=request,
        person=person,
        programme=programme,
        cycle=2026,
        item=item,
        quantity=quantity,
        **delivered,
    )
    if delivered_from is not None:
        Movement.objects.create(
            lot=delivered_from,
            kind=Movement.Kind.OUT,
            quantity=-quantity,
            by=actor,
            entitlement=entitlement,
        )
    return entitlement


def stock_url(**query):
    url = reverse("programmes:stock")
    return f"{url}?delegation={query['delegation']}" if query else url


# The store ------------------------------------------------------------------------------------


def test_the_store_shows_what_it_holds_what_is_promised_and_what_remains(
    client_for, kho, rabat, chair, blanket, programme, delegate, rabat_delegate
):
    stock.lot_in(delegation=kho, item=chair, quantity=3, actor=delegate, purchase="M-1")
    stock.lot_in(delegation=kho, item=chair, quantity=2, actor=delegate, purchase="M-2")
    stock.lot_in(delegation=kho, item=blanket, quantity=10, actor=delegate, purchase="M-3")
    # Another delegation's store and promises are not this one's.
    stock.lot_in(delegation=rabat, item=chair, quantity=50, actor=rabat_delegate, purchase="R")
    promise(programme, chair, 50, delegation=rabat, actor=rabat_delegate)
    promise(programme, chair, 4, delegation=kho, actor=delegate)
    promise(programme, chair, 3, delegation=kho, actor=delegate)
    # Handed over already: no longer promised.
    lot = Lot.objects.filter(delegation=kho, item=blanket).get()
    promise(programme, blanket, 1, delegation=kho, actor=delegate, delivered_from=lot)

    response = client_for(delegate).get(stock_url())

    assert response.status_code == 200
    lines = {line.item.code: line for line in response.context["lines"]}
    assert (lines["wheelchair"].held, lines["wheelchair"].promised) == (5, 7)
    assert lines["wheelchair"].remaining == -2 and lines["wheelchair"].short
    assert (lines["blanket"].held, lines["blanket"].promised, lines["blanket"].remaining) == (
        9,
        0,
        9,
    )
    assert not lines["blanket"].short
    assert lines["wheelchair"].value == 7500
    assert [lot.left for lot in lines["wheelchair"].lots] == [3, 2]
    html = response.content.decode()
    assert 'data-testid="short"' in html and 'data-testid="store-short"' in html
    assert html.count('data-testid="short"') == 1
    assert len(response.context["movements"]) == 4  # three in, one out
    assert reverse("programmes:count", args=[lot.pk]) in html


def test_the_store_takes_as_many_queries_for_many_items_and_lots_as_for_one(
    client_for, kho, chair, programme, delegate
):
    stock.lot_in(delegation=kho, item=chair, quantity=3, actor=delegate, purchase="M-1")
    promise(programme, chair, 1, delegation=kho, actor=delegate)
    client = client_for(delegate)
    client.get(stock_url())  # sessions and caches warm
    with CaptureQueriesContext(connection) as small:
        assert client.get(stock_url()).status_code == 200

    for n in range(6):
        item = Item.objects.create(code=f"item-{n}", name=f"Article {n}", unit_value=10)
        for m in range(3):
            stock.lot_in(delegation=kho, item=item, quantity=m + 1, actor=delegate, purchase="P")
        promise(programme, item, 2, delegation=kho, actor=delegate)
    with CaptureQueriesContext(connection) as large:
        response = client.get(stock_url())
    assert len(response.context["lines"]) == 7
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_national_user_chooses_a_delegation_and_sees_its_store(
    client_for, kho, chair, central, delegate
):
    stock.lot_in(delegation=kho, item=chair, quantity=3, actor=delegate, purchase="M-1")
    client = client_for(central)
    response = client.get(stock_url())
    assert response.status_code == 200
    assert "DP-MA-KHO" in response.content.decode()  # among the delegations to choose
    response = client.get(stock_url(delegation="DP-MA-KHO"))
    assert response.status_code == 200
    assert [line.held for line in response.context["lines"]] == [3]


def test_a_delegation_out_of_scope_is_not_found(client_for, rabat_delegate, coordinator):
    assert client_for(rabat_delegate).get(stock_url(delegation="DP-MA-KHO")).status_code == 404
    # A region's coordinator chooses among the delegations of the region only.
    client = client_for(coordinator)
    assert client.get(stock_url(delegation="DP-MA-KHO")).status_code == 200
    assert client.get(stock_url(delegation="DP-MA-RAB")).status_code == 404


# Lots in and counts --------------------------------------------------------------------------


def test_a_delegate_receives_a_lot_from_a_donation(client_for, kho, chair, delegate):
    gift = donations.donation_record(
        delegation=kho, donor="Fondation A", kind="in_kind", amount=15000, actor=delegate
    )
    response = client_for(delegate).post(
        reverse("programmes:lot_new"),
        {
            "item": chair.pk,
            "quantity": "10",
            "donation": gift.pk,
            "purchase": "",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    lot = Lot.objects.get(donation=gift)
    assert (lot.delegation, lot.item, lot.left) == (kho, chair, 10)
    assert lot.movements.get().kind == "in"


def test_a_lot_from_nowhere_is_refused(client_for, kho, chair, delegate):
    response = client_for(delegate).post(
        reverse("programmes:lot_new"),
        {"item": chair.pk, "quantity": "10", "received_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["donation"]
    assert not Lot.objects.exists()


def test_a_donation_of_another_delegation_cannot_fill_a_lot(
    client_for, rabat, chair, delegate, rabat_delegate
):
    theirs = donations.donation_record(
        delegation=rabat, donor="Fondation R", kind="in_kind", amount=10, actor=rabat_delegate
    )
    response = client_for(delegate).post(
        reverse("programmes:lot_new"),
        {
            "item": chair.pk,
            "quantity": "1",
            "donation": theirs.pk,
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Lot.objects.exists()


def test_a_count_records_what_was_found_with_its_reason(client_for, kho, chair, delegate):
    lot = stock.lot_in(delegation=kho, item=chair, quantity=4, actor=delegate, purchase="M-1")
    url = reverse("programmes:count", args=[lot.pk])
    client = client_for(delegate)
    assert client.get(url).status_code == 200

    refused = client.post(url, {"found": "3", "reason": ""})
    assert refused.status_code == 400
    assert refused.context["form"].errors["reason"]
    lot.refresh_from_db()
    assert lot.left == 4

    assert client.post(url, {"found": "3", "reason": "Un fauteuil cassé"}).status_code == 302
    lot.refresh_from_db()
    assert lot.left == 3
    assert lot.movements.get(kind="count").reason == "Un fauteuil cassé"


# Donations ------------------------------------------------------------------------------------


def test_a_delegate_records_a_donation(client_for, kho, programme, delegate):
    response = client_for(delegate).post(
        reverse("programmes:donation_new"),
        {
            "donor": "Banque B",
            "kind": "money",
            "amount": "250000",
            "programme": programme.pk,
            "received_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 302
    gift = Donation.objects.get()
    assert (gift.delegation, gift.recorded_by, gift.amount) == (kho, delegate, 250000)
    assert response["Location"] == reverse("programmes:donation", args=[gift.pk])
    listed = client_for(delegate).get(reverse("programmes:donations"))
    assert list(listed.context["page"]) == [gift]


def test_a_donation_is_traced_to_the_people_it_helped(
    client_for, kho, chair, blanket, programme, delegate
):
    gift = donations.donation_record(
        delegation=kho, donor="Fondation A", kind="in_kind", amount=15000, actor=delegate
    )
    chairs = stock.lot_in(delegation=kho, item=chair, quantity=5, actor=delegate, donation=gift)
    kits = stock.lot_in(delegation=kho, item=blanket, quantity=10, actor=delegate, donation=gift)
    delivered = promise(programme, chair, 2, delegation=kho, actor=delegate, delivered_from=chairs)
    promise(programme, chair, 1, delegation=kho, actor=delegate, delivered_from=chairs)
    promise(programme, chair, 1, delegation=kho, actor=delegate)  # promised, not delivered
    emergency = Emergency.objects.create(
        title="Inondations",
        delegation=kho,
        province=kho.provinces.first(),
        communes=["Khouribga"],
        kit=blanket,
        programme=programme,
    )
    stock.take(delegation=kho, item=blanket, quantity=2, actor=delegate)
    for members in (4, 6):
        household = Household.objects.create(
            emergency=emergency,
            head_name="Chef de ménage",
            members=members,
            commune="Khouribga",
            registered_by=delegate,
        )
        KitDelivery.objects.create(household=household, round=1, lot=kits, delivered_by=delegate)

    response = client_for(delegate).get(reverse("programmes:donation", args=[gift.pk]))

    assert response.status_code == 200
    trace = response.context["trace"]
    assert (trace.entitlements, trace.people, trace.units) == (2, 2, 3)
    assert (trace.kits, trace.households, trace.members) == (2, 2, 10)
    assert trace.people_helped == 12 and trace.units_given == 5
    lots = {lot.pk: lot for lot in trace.lots}
    assert (lots[chairs.pk].received, lots[chairs.pk].delivered, lots[chairs.pk].left) == (5, 3, 2)
    html = response.content.decode()
    assert delivered.person.file_number in html
    # Only file numbers: no name of the people helped.
    assert delivered.person.last_name_lat not in html
    assert "Chef de ménage" not in html


# Scope and permissions ------------------------------------------------------------------------


def test_the_store_of_another_delegation_is_not_found(
    client_for, kho, chair, delegate, rabat_delegate
):
    lot = stock.lot_in(delegation=kho, item=chair, quantity=4, actor=delegate, purchase="M-1")
    gift = donations.donation_record(
        delegation=kho, donor="Fondation A", kind="in_kind", amount=1, actor=delegate
    )
    client = client_for(rabat_delegate)
    assert client.get(reverse("programmes:count", args=[lot.pk])).status_code == 404
    assert client.get(reverse("programmes:donation", args=[gift.pk])).status_code == 404
    assert not list(client.get(reverse("programmes:donations")).context["page"])
    assert client.get(stock_url()).context["lines"] == []


def test_a_social_worker_reads_the_store_but_cannot_receive_nor_count(
    client_for, kho, chair, delegate, worker, rabat_delegate, rabat
):
    lot = stock.lot_in(delegation=kho, item=chair, quantity=4, actor=delegate, purchase="M-1")
    theirs = stock.lot_in(
        delegation=rabat, item=chair, quantity=4, actor=rabat_delegate, purchase="R"
    )
    client = client_for(worker)
    assert client.get(stock_url()).status_code == 200
    assert client.get(reverse("programmes:lot_new")).status_code == 403
    assert client.post(reverse("programmes:lot_new"), {}).status_code == 403
    assert client.get(reverse("programmes:donation_new")).status_code == 403
    # The permission is asked before the lot is looked up: inside and outside alike.
    assert client.get(reverse("programmes:count", args=[lot.pk])).status_code == 403
    assert client.get(reverse("programmes:count", args=[theirs.pk])).status_code == 403
    assert not Lot.objects.filter(delegation=kho).exclude(pk=lot.pk).exists()


def test_a_partner_reads_nothing_of_the_store(client_for):
    from entraide.roles import Role

    partner = UserFactory(username="t-partner-store", role=Role.PARTNER_STAFF)
    assert client_for(partner).get(stock_url()).status_code == 403
    assert client_for(partner).get(reverse("programmes:donations")).status_code == 403


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_pages_open_in_both_languages(client_for, kho, chair, delegate, language):
    from django.utils import translation

    gift = donations.donation_record(
        delegation=kho, donor="Fondation A", kind="in_kind", amount=1, actor=delegate
    )
    lot = stock.lot_in(delegation=kho, item=chair, quantity=4, actor=delegate, donation=gift)
    client = client_for(delegate)
    with translation.override(language):
        urls = [
            reverse("programmes:stock"),
            reverse("programmes:lot_new"),
            reverse("programmes:count", args=[lot.pk]),
            reverse("programmes:donations"),
            reverse("programmes:donation_new"),
            reverse("programmes:donation", args=[gift.pk]),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()


def test_a_delivery_from_two_lots_is_traced_to_both_donations(
    client_for, kho, chair, programme, delegate, private_media
):
    """The oldest lot held one chair, the next three: a delivery of three takes one and two,
    and each donation is traced to the person with the units it gave."""
    first, second = (
        donations.donation_record(
            delegation=kho, donor=donor, kind="in_kind", amount=1000, actor=delegate
        )
        for donor in ("Fondation A", "Fondation B")
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    stock.lot_in(
        delegation=kho,
        item=chair,
        quantity=1,
        actor=delegate,
        donation=first,
        received_on=yesterday,
    )
    stock.lot_in(delegation=kho, item=chair, quantity=3, actor=delegate, donation=second)
    person = BeneficiaryFactory(delegation=kho)
    request = requests.request_record(programme=programme, person=person, actor=delegate)
    meeting = requests.meeting_open(
        delegation=kho, held_on=timezone.localdate(), members="M. Alaoui", actor=delegate
    )
    requests.decide(
        request=request,
        meeting=meeting,
        decision=AidRequest.Status.APPROVED,
        actor=delegate,
        entitlement={"item": chair, "quantity": 3},
    )
    entitlement = request.entitlements.get()
    image = SimpleUploadedFile("recu.png", PNG, content_type="image/png")
    requests.deliver(entitlement=entitlement, actor=delegate, receipt_file=image)

    entitlement.refresh_from_db()
    assert sorted(m.quantity for m in entitlement.movements.all()) == [-2, -1]
    # Valued the day it was handed over, at the catalogue's value of one chair.
    assert entitlement.value == 3 * chair.unit_value
    for gift, units in ((first, 1), (second, 2)):
        trace = client_for(delegate).get(reverse("programmes:donation", args=[gift.pk]))
        trace = trace.context["trace"]
        assert (trace.entitlements, trace.people, trace.units) == (1, 1, units)
