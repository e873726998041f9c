"""Aid programmes in the admin: a delegation's records scoped to it, the catalogue and the
programmes shared; the store's units never edited there (a lot's `left`, its movements), what
was handed over only shown, a donation recorded through its service."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from programmes import donations, stock
from programmes.models import AidRequest, Donation, Entitlement, Item, Programme
from tests.factories import BeneficiaryFactory, UserFactory, unit

pytestmark = pytest.mark.django_db


def staff(username, **kwargs):
    return UserFactory(username=username, is_staff=True, **kwargs)


@pytest.fixture
def kho_delegate():
    return staff("t-adm-p-delegate", delegate=True)


@pytest.fixture
def rabat_delegate():
    return staff("t-adm-p-delegate-rab", delegate=True, rabat=True)


@pytest.fixture
def chair():
    return Item.objects.create(code="wheelchair", name="Fauteuil roulant", unit_value=1500)


@pytest.fixture
def programme():
    return Programme.objects.create(code="aides-techniques", name="Aides", kind="technical_aids")


def admin_url(name, *args):
    with translation.override(None):
        return reverse(f"admin:programmes_{name}", args=args)


@pytest.fixture
def store(chair, programme, kho_delegate, rabat_delegate):
    """A lot and a donation in each of two delegations, a delivered entitlement in Khouribga."""
    kho, rabat = unit("DP-MA-KHO"), unit("DP-MA-RAB")
    gift = donations.donation_record(
        delegation=kho, donor="Fondation A", kind="in_kind", amount=100, actor=kho_delegate
    )
    theirs = donations.donation_record(
        delegation=rabat, donor="Fondation R", kind="in_kind", amount=100, actor=rabat_delegate
    )
    lot = stock.lot_in(delegation=kho, item=chair, quantity=3, actor=kho_delegate, donation=gift)
    their_lot = stock.lot_in(
        delegation=rabat, item=chair, quantity=3, actor=rabat_delegate, donation=theirs
    )
    person = BeneficiaryFactory(delegation=kho)
    request = AidRequest.objects.create(
        programme=programme, person=person, delegation=kho, cycle=2026, recorded_by=kho_delegate
    )
    stock.take(delegation=kho, item=chair, quantity=1, actor=kho_delegate)
    entitlement = Entitlement.objects.create(
        request=request,
        person=person,
        programme=programme,
        cycle=2026,
        item=chair,
        lot=lot,
        delivered_at=timezone.now(),
        delivered_by=kho_delegate,
        receipt="receipts/r.pdf",
    )
    return {
        "donation": gift,
        "their_donation": theirs,
        "lot": lot,
        "their_lot": their_lot,
        "aidrequest": request,
        "entitlement": entitlement,
        "movement": lot.movements.first(),
    }


def test_a_delegate_lists_only_the_store_of_their_delegation(client_for, kho_delegate, store):
    client = client_for(kho_delegate)
    response = client.get(admin_url("lot_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [store["lot"]]
    response = client.get(admin_url("donation_changelist"))
    assert list(response.context["cl"].result_list) == [store["donation"]]
    assert client.get(admin_url("lot_change", store["their_lot"].pk)).status_code == 404
    assert client.get(admin_url("donation_change", store["their_donation"].pk)).status_code == 404
    movements = client.get(admin_url("movement_changelist")).context["cl"].result_list
    assert {movement.lot_id for movement in movements} == {store["lot"].pk}


def test_what_a_lot_holds_is_shown_never_edited(client_for, administrator, kho_delegate, store):
    response = client_for(administrator).get(admin_url("lot_change", store["lot"].pk))
    form = response.context["adminform"].form
    assert "left" not in form.fields
    assert "purchase" in form.fields
    client = client_for(kho_delegate)
    response = client.get(admin_url("lot_change", store["lot"].pk))
    assert response.status_code == 200
    assert not response.context["adminform"].form.fields  # the store moves on its pages
    assert client.get(admin_url("lot_add")).status_code == 403
    movement = store["movement"]
    assert client.get(admin_url("movement_change", movement.pk)).status_code == 200
    assert client.get(admin_url("movement_add")).status_code == 403
    assert client.get(admin_url("movement_delete", movement.pk)).status_code == 403
    assert client.get(admin_url("entitlement_add")).status_code == 403


def test_a_donation_added_in_the_admin_is_recorded_by_the_service(client_for, kho_delegate):
    response = client_for(kho_delegate).post(
        admin_url("donation_add"),
        {
            "delegation": unit("DP-MA-KHO").pk,
            "donor": "Banque B",
            "kind": "money",
            "amount": "5000",
            "received_on": timezone.localdate().isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    donation = Donation.objects.get()
    assert (donation.donor, donation.recorded_by) == ("Banque B", kho_delegate)


def test_a_delegate_cannot_record_a_donation_for_another_delegation(client_for, kho_delegate):
    response = client_for(kho_delegate).post(
        admin_url("donation_add"),
        {
            "delegation": unit("DP-MA-RAB").pk,
            "donor": "Banque B",
            "kind": "money",
            "amount": "5000",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["delegation"]
    assert not Donation.objects.exists()


def test_a_request_is_corrected_never_added_in_the_admin(client_for, kho_delegate, store):
    client = client_for(kho_delegate)
    assert client.get(admin_url("aidrequest_add")).status_code == 403
    response = client.get(admin_url("aidrequest_change", store["aidrequest"].pk))
    assert response.status_code == 200
    assert set(response.context["adminform"].form.fields) == {
        "status",
        "decision_reason",
        "meeting",
    }


def test_a_social_worker_neither_adds_lots_nor_donations_in_the_admin(client_for, store):
    worker = staff("t-adm-p-worker")
    client = client_for(worker)
    assert client.get(admin_url("lot_changelist")).status_code == 200
    assert client.get(admin_url("donation_add")).status_code == 403
    response = client.get(admin_url("lot_change", store["lot"].pk))
    assert response.status_code == 200
    assert not response.context["adminform"].form.fields  # read only


@pytest.mark.parametrize(
    "model",
    [
        "item",
        "programme",
        "budget",
        "committeemeeting",
        "aidrequest",
        "donation",
        "lot",
        "movement",
        "entitlement",
        "emergency",
        "household",
        "kitdelivery",
    ],
)
def test_every_admin_page_of_the_programmes_opens_for_the_administrator(
    client_for, administrator, store, chair, programme, model
):
    client = client_for(administrator)
    assert client.get(admin_url(f"{model}_changelist")).status_code == 200
    record = {
        "item": chair,
        "programme": programme,
        "aidrequest": store["aidrequest"],
        "donation": store["donation"],
        "lot": store["lot"],
        "movement": store["movement"],
        "entitlement": store["entitlement"],
    }.get(model)
    if record is not None:
        assert client.get(admin_url(f"{model}_change", record.pk)).status_code == 200
    if model in ("item", "programme"):
        assert client.get(admin_url(f"{model}_import")).status_code == 200
        assert client.get(admin_url(f"{model}_export")).status_code == 200
