"""Emergencies: households registered from a phone (a CIN once, a name that sounds the same
warned), kits once per round out of the store, the daily situation report, who may do what."""

import datetime
import io
import re
import subprocess

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from entraide.models import AccessEvent
from programmes import emergencies, stock
from programmes.models import Emergency, Household, Item, KitDelivery, Programme
from tests.factories import BeneficiaryFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

COMMUNES = ["Oued Zem", "Boujniba"]


@pytest.fixture
def kho():
    return unit("DP-MA-KHO")


@pytest.fixture
def kit():
    return Item.objects.create(code="kit-urgence", name="Kit d'urgence", unit="kit")


@pytest.fixture
def relief():
    return Programme.objects.create(code="urgences", name="Urgences", kind="emergency")


@pytest.fixture
def emergency(kho, kit, relief):
    return Emergency.objects.create(
        title="Inondations de mars",
        delegation=kho,
        province=kho.provinces.first(),
        communes=COMMUNES,
        kit=kit,
        programme=relief,
    )


def household(emergency, user, name="Ahmed Bennani", commune="Oued Zem", **extra):
    return Household.objects.create(
        emergency=emergency, head_name=name, commune=commune, registered_by=user, **extra
    )


def register_url(emergency):
    return reverse("programmes:household_new", args=[emergency.pk])


def kit_url(emergency, household):
    return reverse("programmes:kit", args=[emergency.pk, household.pk])


def fields(**extra):
    return {"head_name": "Ahmed Bennani", "commune": "Oued Zem", "members": 4, **extra}


# Registering a household ---------------------------------------------------------------------


def test_a_worker_registers_a_household_from_the_light_form(client_for, worker, emergency):
    client = client_for(worker)
    page = client.get(register_url(emergency))
    assert page.status_code == 200
    assert 'type="tel"' in page.content.decode()
    response = client.post(
        register_url(emergency),
        fields(cin="ab 123456", phone="06 61 23 45 67", douar="Douar Ouled Aziz", needs="Tente"),
    )
    assert response.status_code == 302
    registered = Household.objects.get(emergency=emergency)
    assert (registered.cin, registered.phone, registered.members) == ("AB123456", "0661234567", 4)
    assert registered.registered_by == worker
    assert registered.head is None


def test_a_cin_registered_twice_is_refused_with_a_link_to_the_household(
    client_for, worker, emergency
):
    first = household(emergency, worker, cin="AB123456")
    response = client_for(worker).post(
        register_url(emergency), fields(head_name="Fatima Zahra", cin="AB123456")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(translation.gettext("A household with this CIN is already registered.")) in page
    link = re.search(r'href="([^"]+)" data-testid="existing-household"', page).group(1)
    assert link.endswith(f"#household-{first.pk}")
    assert Household.objects.filter(emergency=emergency).count() == 1
    # The link finds it on the emergency's page.
    assert (
        f'id="household-{first.pk}"'
        in client_for(worker).get(link.replace("&amp;", "&")).content.decode()
    )


def test_the_same_cin_is_refused_by_the_service_too(worker, emergency):
    first = household(emergency, worker, cin="AB123456")
    with pytest.raises(emergencies.HouseholdAlreadyRegistered) as refused:
        emergencies.household_register(
            emergency=emergency, head_name="Autre", commune="Boujniba", cin="ab123456", actor=worker
        )
    assert refused.value.household == first


@pytest.mark.parametrize(
    ("registered", "typed"),
    [("محمد العلوي", "Mohamed Alaoui"), ("Fatima Zahra Bennani", "فاطمة الزهراء بناني")],
)
def test_a_head_whose_name_sounds_the_same_is_warned_and_registered_on_confirming(
    client_for, worker, emergency, registered, typed
):
    first = household(emergency, worker, name=registered, members=6)
    client = client_for(worker)
    warned = client.post(register_url(emergency), fields(head_name=typed))
    assert warned.status_code == 400
    page = warned.content.decode()
    assert 'data-testid="likely-same"' in page
    assert f'data-testid="alike-{first.pk}"' in page
    assert 'name="confirmed"' in page
    assert Household.objects.filter(emergency=emergency).count() == 1
    confirmed = client.post(register_url(emergency), fields(head_name=typed, confirmed="on"))
    assert confirmed.status_code == 302
    assert Household.objects.filter(emergency=emergency, head_name=typed).exists()


def test_a_name_that_sounds_otherwise_or_in_another_commune_is_not_warned(worker, emergency):
    household(emergency, worker, name="Mohamed Alaoui")
    assert not emergencies.households_sounding_like(
        emergency, head_name="Rachid Tazi", commune="Oued Zem"
    )
    assert not emergencies.households_sounding_like(
        emergency, head_name="محمد العلوي", commune="Boujniba"
    )
    assert emergencies.households_sounding_like(
        emergency, head_name="Mohammed El Alaoui", commune="Oued Zem"
    )


def test_the_head_is_linked_to_the_file_of_the_same_cin(worker, emergency):
    person = BeneficiaryFactory(cin="BE654321")
    registered = emergencies.household_register(
        emergency=emergency, head_name="Said", commune="Oued Zem", cin="be654321", actor=worker
    )
    assert registered.head == person


def test_a_commune_not_hit_is_refused(client_for, worker, emergency):
    response = client_for(worker).post(register_url(emergency), fields(commune="Rabat"))
    assert response.status_code == 400
    assert not Household.objects.exists()


def test_the_registration_form_asks_as_many_queries_whatever_the_households(
    client_for, worker, emergency
):
    client = client_for(worker)

    def queries(method, *args):
        # Each measured from the same state: the message of the last registration shown.
        client.get(register_url(emergency))
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(register_url(emergency), *args)
        assert response.status_code in (200, 302, 400)
        return len(captured)

    # Sessions, content types, the first registration's caches: warm.
    client.get(register_url(emergency))
    client.post(register_url(emergency), fields(head_name="Hassan Ouazzani"))
    few_get = queries("get")
    few_post = queries("post", fields(head_name="Rachid Tazi"))
    few_warned = queries("post", fields(head_name="Rachid Tazzi"))
    Household.objects.bulk_create(
        Household(
            emergency=emergency,
            head_name=f"Karim {n} Alaoui",
            commune=COMMUNES[n % 2],
            registered_by=worker,
        )
        for n in range(60)
    )
    assert queries("get") == few_get
    assert queries("post", fields(head_name="Youssef Benjelloun")) == few_post
    assert queries("post", fields(head_name="كريم العلوي")) == few_warned
    assert Household.objects.filter(head_name="Youssef Benjelloun").exists()
    assert few_get <= 8


# Kits ----------------------------------------------------------------------------------------


def test_a_kit_is_handed_once_per_round_and_leaves_the_store(
    client_for, worker, delegate, emergency, kho, kit
):
    lot = stock.lot_in(delegation=kho, item=kit, quantity=2, actor=delegate, purchase="M-1")
    family = household(emergency, worker)
    client = client_for(worker)
    response = client.post(kit_url(emergency, family), {"round": 1})
    assert response.status_code == 302
    delivery = KitDelivery.objects.get(household=family)
    assert (delivery.round, delivery.lot, delivery.delivered_by) == (1, lot, worker)
    assert stock.held(kho, kit) == 1

    again = client.post(kit_url(emergency, family), {"round": 1}, follow=True)
    refused = translation.gettext("This household already has its kit of this round.")
    assert escape(refused) in again.content.decode()
    assert KitDelivery.objects.filter(household=family).count() == 1
    assert stock.held(kho, kit) == 1

    client.post(kit_url(emergency, family), {"round": 2})
    assert sorted(KitDelivery.objects.values_list("round", flat=True)) == [1, 2]
    assert stock.held(kho, kit) == 0


def test_a_kit_is_refused_when_the_store_is_empty(client_for, worker, emergency, kit):
    family = household(emergency, worker)
    response = client_for(worker).post(kit_url(emergency, family), {"round": 1}, follow=True)
    assert escape(stock.short_message(kit, 1, 0)) in response.content.decode()
    assert not KitDelivery.objects.exists()


def test_a_round_not_begun_cannot_be_chosen(client_for, worker, delegate, emergency, kho, kit):
    stock.lot_in(delegation=kho, item=kit, quantity=5, actor=delegate, purchase="M-1")
    family = household(emergency, worker)
    client_for(worker).post(kit_url(emergency, family), {"round": 3})
    assert not KitDelivery.objects.exists()
    assert emergencies.rounds_open(emergency) == [1, 2]


def test_a_delegate_opens_the_next_round(client_for, worker, delegate, emergency, kho, kit):
    stock.lot_in(delegation=kho, item=kit, quantity=5, actor=delegate, purchase="M-1")
    emergencies.kit_give(household=household(emergency, worker), round=1, actor=worker)
    response = client_for(delegate).post(reverse("programmes:round_next", args=[emergency.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("?round=2")
    page = client_for(delegate).get(response["Location"]).content.decode()
    assert '<option value="2" selected>' in page


def test_the_last_round_is_kept_by_postgresql_whatever_writes_the_kit(
    worker, delegate, emergency, kho, kit
):
    lot = stock.lot_in(delegation=kho, item=kit, quantity=5, actor=delegate, purchase="M-1")
    family = household(emergency, worker)
    emergencies.kit_give(household=family, round=1, actor=worker)
    emergency.refresh_from_db()
    assert emergency.last_round == 1 and emergencies.rounds_open(emergency) == [1, 2]
    # Written without the service (an import, the admin): the same.
    KitDelivery.objects.create(household=family, round=2, lot=lot, delivered_by=worker)
    emergency.refresh_from_db()
    assert emergencies.rounds_open(emergency) == [1, 2, 3]
    # A late kit of an earlier round leaves the last round as it is.
    other = household(emergency, worker, name="Fatima Zahra")
    emergencies.kit_give(household=other, round=1, actor=worker)
    emergency.refresh_from_db()
    assert emergency.last_round == 2


# The situation report ------------------------------------------------------------------------


@pytest.fixture
def handed(worker, delegate, emergency, kho, kit):
    """Oued Zem: 2 households (3 + 5 people), Boujniba: 1 (2 people); round 1 handed to all,
    one of them yesterday; round 2 to one today; 10 kits received, 6 left."""
    stock.lot_in(delegation=kho, item=kit, quantity=10, actor=delegate, purchase="M-1")
    a = household(emergency, worker, name="A", members=3)
    b = household(emergency, worker, name="B", members=5)
    c = household(emergency, worker, name="C", commune="Boujniba", members=2)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    first = emergencies.kit_give(household=a, round=1, actor=worker)
    KitDelivery.objects.filter(pk=first.pk).update(delivered_at=yesterday)
    emergencies.kit_give(household=b, round=1, actor=worker)
    emergencies.kit_give(household=c, round=1, actor=worker)
    emergencies.kit_give(household=a, round=2, actor=worker)
    return emergency


def test_the_situation_counts_by_commune_and_round(handed):
    report = emergencies.situation(handed)
    oued_zem, boujniba = report.communes
    assert (oued_zem.commune, oued_zem.households, oued_zem.people) == ("Oued Zem", 2, 8)
    assert (oued_zem.kits, oued_zem.kits_on_day) == ({1: 2, 2: 1}, {1: 1, 2: 1})
    assert (boujniba.households, boujniba.people, boujniba.kits) == (1, 2, {1: 1})
    assert (report.total.households, report.total.people) == (3, 10)
    assert (report.total.kits_total, report.total.kits_on_day_total) == (4, 3)
    assert report.rounds == [1, 2]
    assert report.stock_left == 6
    yesterday = emergencies.situation(handed, timezone.localdate() - datetime.timedelta(days=1))
    assert (yesterday.total.kits_total, yesterday.total.kits_on_day_total) == (1, 1)


def test_the_situation_asks_as_many_queries_whatever_the_households(
    django_assert_num_queries, handed, worker
):
    with CaptureQueriesContext(connection) as few:
        emergencies.situation(handed)
    Household.objects.bulk_create(
        Household(emergency=handed, head_name=f"H{n}", commune="Boujniba", registered_by=worker)
        for n in range(50)
    )
    with django_assert_num_queries(len(few)):
        emergencies.situation(handed)


def pdf_text(content, tmp_path):
    path = tmp_path / "situation.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils
        check=True,
        capture_output=True,
    ).stdout.decode()


def test_the_situation_report_in_pdf_holds_the_figures_in_both_languages(
    client_for, inspector, handed, tmp_path
):
    with translation.override("fr"):
        url = reverse("programmes:situation", args=[handed.pk])
    response = client_for(inspector).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Royaume du Maroc" in text
    assert re.search(r"[\u0600-\u06ff]", text)  # the Arabic side
    lines = {line.split()[0]: line.split() for line in text.splitlines() if line.strip()}
    # Commune, households, people, round 1 and that day, round 2 and that day, kits, that day.
    assert lines["Boujniba"][1:] == ["1", "2", "1", "1", "0", "0", "1", "1"]
    assert "Inondations de mars" in text
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.EXPORT, actor=inspector, object_id=str(handed.pk)
    ).exists()


def test_the_situation_report_in_xlsx_holds_the_figures(client_for, delegate, handed):
    url = reverse("programmes:situation_xlsx", args=[handed.pk])
    response = client_for(delegate).get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows[0]) == 9
    assert rows[1] == ["Oued Zem", 2, 8, 2, 1, 1, 1, 3, 2]
    assert rows[2] == ["Boujniba", 1, 2, 1, 1, 0, 0, 1, 1]
    assert rows[3][1:] == [3, 10, 3, 2, 1, 1, 4, 3]
    assert rows[4][1] == 6
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    earlier = openpyxl.load_workbook(
        io.BytesIO(client_for(delegate).get(url, {"day": yesterday}).content)
    ).active
    assert [list(r) for r in earlier.iter_rows(values_only=True)][1][3:5] == [1, 1]
    assert AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT, actor=delegate).count() == 2


# Emergencies ---------------------------------------------------------------------------------


def test_a_delegate_declares_an_emergency_of_their_delegation(
    client_for, delegate, kho, kit, relief
):
    province = kho.provinces.first()
    response = client_for(delegate).post(
        reverse("programmes:emergency_new"),
        {
            "title": "Séisme",
            "delegation": kho.pk,
            "province": province.pk,
            "communes": "Oued Zem\n\n  Boujniba \nOued Zem",
            "started_on": timezone.localdate().isoformat(),
            "kit": kit.pk,
            "programme": relief.pk,
        },
    )
    assert response.status_code == 302
    declared = Emergency.objects.get(title="Séisme")
    assert (declared.delegation, declared.communes) == (kho, ["Oued Zem", "Boujniba"])
    assert response["Location"] == declared.get_absolute_url()


def test_an_emergency_needs_a_programme_of_emergency_relief(client_for, delegate, kho, kit):
    other = Programme.objects.create(code="aides", name="Aides", kind="technical_aids")
    response = client_for(delegate).post(
        reverse("programmes:emergency_new"),
        {
            "title": "Séisme",
            "province": kho.provinces.first().pk,
            "delegation": kho.pk,
            "communes": "Oued Zem",
            "started_on": timezone.localdate().isoformat(),
            "kit": kit.pk,
            "programme": other.pk,
        },
    )
    assert response.status_code == 400
    assert not Emergency.objects.exists()


def test_the_emergency_page_shows_figures_and_finds_households(client_for, worker, handed):
    client = client_for(worker)
    url = handed.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'data-testid="situation"' in page
    assert page.count('data-testid="household-') == 3 + page.count('data-testid="household-search"')
    household(handed, worker, name="محمد العلوي", cin="AB111111")
    found = client.get(url, {"q": "Mohamed Alaoui"}).content.decode()
    assert "محمد العلوي" in found and ">A<" not in found
    assert "محمد العلوي" in client.get(url, {"q": "ab111111"}).content.decode()


# Scope and permissions -----------------------------------------------------------------------


def test_a_worker_of_another_delegation_gets_404(client_for, worker, worker_rabat, emergency):
    family = household(emergency, worker)
    client = client_for(worker_rabat)
    for name in ("programmes:emergency", "programmes:household_new", "programmes:situation"):
        assert client.get(reverse(name, args=[emergency.pk])).status_code == 404
    assert client.post(kit_url(emergency, family), {"round": 1}).status_code == 404
    listed = client.get(reverse("programmes:emergencies")).content.decode()
    assert "Inondations de mars" not in listed


def test_a_household_of_another_emergency_is_not_reached_through_this_one(
    client_for, worker, emergency, kho, kit, relief
):
    other = Emergency.objects.create(
        title="Autre",
        delegation=kho,
        province=kho.provinces.first(),
        communes=["X"],
        kit=kit,
        programme=relief,
    )
    family = household(other, worker, commune="X")
    response = client_for(worker).post(kit_url(emergency, family), {"round": 1})
    assert response.status_code == 404


def test_who_may_do_what(client_for, worker, delegate, inspector, coordinator, emergency):
    family = household(emergency, worker)
    manager = UserFactory(username="t-manager-p3", role="centre_manager")
    new = reverse("programmes:emergency_new")
    page = reverse("programmes:emergency", args=[emergency.pk])
    round_next = reverse("programmes:round_next", args=[emergency.pk])
    # A social worker registers and hands kits, but declares nothing and opens no round.
    assert client_for(worker).get(new).status_code == 403
    assert client_for(worker).post(round_next).status_code == 403
    assert client_for(worker).get(register_url(emergency)).status_code == 200
    # Those who oversee read.
    for overseer in (inspector, coordinator):
        client = client_for(overseer)
        assert client.get(page).status_code == 200
        assert client.get(register_url(emergency)).status_code == 403
        assert client.post(kit_url(emergency, family), {"round": 1}).status_code == 403
        assert 'data-testid="give-kit"' not in client.get(page).content.decode()
    # Without any of these permissions, a 403 before anything is looked up.
    client = client_for(manager)
    assert client.get(reverse("programmes:emergencies")).status_code == 403
    assert client.get(reverse("programmes:emergency", args=[999999])).status_code == 403
    # The delegate does all.
    assert client_for(delegate).get(new).status_code == 200
    assert 'data-testid="round-next"' in client_for(delegate).get(page).content.decode()


def test_pages_read_right_in_both_languages(client_for, delegate, handed):
    client = client_for(delegate)
    for language in ("ar", "fr"):
        with translation.override(language):
            urls = (
                reverse("programmes:emergencies"),
                reverse("programmes:emergency_new"),
                handed.get_absolute_url(),
                register_url(handed),
            )
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            page = response.content.decode()
            assert f'lang="{language}"' in page
            assert ('dir="rtl"' in page.split(">")[1]) == (language == "ar")
