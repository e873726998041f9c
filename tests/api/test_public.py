"""The public operations need no token and show no personal data: the registry of centres
(what they are, where, what they offer) and the competitions the public pages show."""

import datetime

import pytest
from django.utils import timezone

from centres.models import Centre
from recruitment.models import Competition, DeadlineExtension, ReservedShare
from tests.factories import (
    ApplicationFactory,
    BeneficiaryFactory,
    CentreFactory,
    CompetitionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CENTRE_KEYS = {
    "code",
    "name_ar",
    "name_fr",
    "type",
    "status",
    "management_mode",
    "address",
    "commune",
    "province",
    "delegation",
    "latitude",
    "longitude",
    "capacity",
    "capacity_unit",
    "services",
    "target_groups",
}


@pytest.fixture
def centre():
    centre = CentreFactory(
        code="C-PUB-001", address="12, rue Al Massira", commune="Khouribga", phone="0523000000"
    )
    centre.managers.add(UserFactory(username="t-pub-manager", role="centre_manager"))
    BeneficiaryFactory(centre=centre, first_name_lat="Secret", cin="PB100001")
    return centre


def test_the_registry_needs_no_token_and_shows_no_personal_data(api, centre):
    response = api().get("/api/v1/centres/")
    assert response.status_code == 200
    [shown] = [c for c in response.json()["results"] if c["code"] == "C-PUB-001"]
    assert set(shown) == CENTRE_KEYS
    assert shown["name_fr"] == centre.name_fr
    assert shown["province"]["code"] == centre.province.code
    assert {s["code"] for s in shown["services"]} == {"reception", "orientation"}
    text = response.content.decode()
    for private in ("0523000000", "t-pub-manager", "Secret", "PB100001"):
        assert private not in text


def test_the_registry_filters_by_province_type_and_status(api, centre):
    CentreFactory(code="C-PUB-RAB", rabat=True)
    CentreFactory(code="C-PUB-SHUT", status=Centre.Status.CLOSED)
    client = api()

    def codes(query):
        return {c["code"] for c in client.get(f"/api/v1/centres/?{query}").json()["results"]}

    assert "C-PUB-RAB" not in codes(f"province={centre.province.code}")
    assert "C-PUB-001" in codes(f"province={centre.province.code}")
    assert codes("type=no-such-type") == set()
    assert "C-PUB-001" in codes("type=cas")
    assert codes("status=closed") == {"C-PUB-SHUT"}


def test_one_centre_by_its_code(api, centre):
    response = api().get("/api/v1/centres/C-PUB-001/")
    assert response.status_code == 200
    assert response.json()["code"] == "C-PUB-001"
    assert api().get("/api/v1/centres/NOPE/").status_code == 404


def test_the_registry_asks_the_same_queries_for_one_centre_or_many(
    api, centre, django_assert_max_num_queries
):
    for n in range(10):
        CentreFactory(code=f"C-PUB-{n + 100}")
    # The rate-limit counter, the centres, their services and target groups.
    with django_assert_max_num_queries(6):
        response = api().get("/api/v1/centres/?limit=50")
    assert len(response.json()["results"]) == 11


def test_the_competitions_are_those_of_the_public_pages(api):
    open_one = CompetitionFactory(reference="CONC-PUB-OPEN")
    CompetitionFactory(reference="CONC-PUB-DRAFT", status=Competition.Status.DRAFT)
    CompetitionFactory(reference="CONC-PUB-OLD", status=Competition.Status.ARCHIVED)
    closed = CompetitionFactory(
        reference="CONC-PUB-SHUT",
        status=Competition.Status.CLOSED,
        opens_at=timezone.now() - datetime.timedelta(days=30),
        deadline=timezone.now() - datetime.timedelta(days=2),
    )
    ApplicationFactory(competition=open_one, first_name_lat="Candidate", cin="CP100001")
    client = api()
    body = client.get("/api/v1/competitions/").json()
    assert {c["reference"] for c in body["results"]} == {open_one.reference, closed.reference}
    only_open = client.get("/api/v1/competitions/?open=true").json()["results"]
    assert [c["reference"] for c in only_open] == [open_one.reference]
    assert only_open[0]["is_open"] is True
    text = client.get("/api/v1/competitions/").content.decode()
    assert "Candidate" not in text and "CP100001" not in text
    assert client.get("/api/v1/competitions/CONC-PUB-DRAFT/").status_code == 404


def test_a_notice_shows_its_posts_shares_and_extensions(api):
    competition = CompetitionFactory(reference="CONC-PUB-NOTICE")
    ReservedShare.objects.create(competition=competition, category="disability", percent=7)
    DeadlineExtension.objects.create(
        competition=competition,
        previous_deadline=competition.deadline - datetime.timedelta(days=3),
        new_deadline=competition.deadline,
        decided_on=timezone.localdate(),
        reason="Grève de la poste",
    )
    response = api("", "fr").get("/api/v1/competitions/CONC-PUB-NOTICE/")
    assert response.status_code == 200
    body = response.json()
    assert body["notice_fr"] == competition.notice_fr
    assert body["total_posts"] == 2
    [line] = body["lines"]
    assert line["grade"]["code"] == "administrator-2"
    assert {s["code"] for s in line["specialties"]} == {"financial-management", "audit"}
    assert body["reserved_shares"][0]["percent"] == 7
    assert body["deadline_extended"] is True
    assert body["url"] == f"/fr/concours/{competition.reference}/"
