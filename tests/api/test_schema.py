"""The API against its own OpenAPI document (Schemathesis): a bounded number of generated
requests per operation, each operation called with a token of the scope it needs; no answer
is a server error and every answer conforms to the document (status, content type, body).
Then the documentation page, which loads Swagger UI from the portal's own static files."""

import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from beneficiaries.models import Referral
from entraide.roles import Role
from tests.factories import (
    BeneficiaryFactory,
    CaseFileFactory,
    CentreFactory,
    CompetitionFactory,
    UserFactory,
)

# Rules a document cannot state are checked by the operations and answered 400 or 422: a
# cursor that is not one the API gave, a look-up by a CIN or an RSU identifier but not both,
# a refusal without its reason. The rest of what Schemathesis expects of a valid request holds.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422", "429"]
            }
        }
    }
)

# The scope each operation needs (by its path), as the document's tags say.
SCOPES = {
    "people": "read_people",
    "figures": "read_figures",
    "referrals": "read_referrals",
}


@pytest.fixture
def api_schema(db, issue, worker, delegate):
    """The document as the API serves it, with records to find and a token for each scope."""
    # What the explicit examples of the document name, so that some answers are 200s.
    centre = CentreFactory(code="C-KHO-001")
    BeneficiaryFactory(cin="AB123456", rsu_id="1234567890")
    CompetitionFactory()
    manager = UserFactory(username="t-schema-manager", role=Role.CENTRE_MANAGER)
    centre.managers.add(manager)
    REFERRALS.clear()
    for _ in range(3):
        referral = Referral.objects.create(
            case=CaseFileFactory(worker=worker),
            author=worker,
            target_kind="centre",
            centre=centre,
            reason="Accueil",
        )
        REFERRALS.append(referral.pk)
    keys = {
        "read_people": issue(worker, ["read_people"])[1],
        "read_figures": issue(delegate, ["read_figures"])[1],
        "read_referrals": issue(manager, ["read_referrals"])[1],
        "write_referrals": issue(manager, ["write_referrals"])[1],
    }
    # A WSGI call begins and ends by closing the database connection, which would end the
    # test's transaction: not while the test runs (Django's test client does the same).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi(
            "/api/v1/schema/", get_wsgi_application(), config=CONFIG
        )
        KEYS.clear()
        KEYS.update(keys)
        yield schema
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")
KEYS = {}  # scope: the key of the fixture's token of that scope
REFERRALS = []  # the referrals the manager's tokens answer


def key_for(case):
    if case.method.upper() == "POST":
        return KEYS["write_referrals"]
    for part, scope in SCOPES.items():
        if f"/{part}/" in case.path:
            return KEYS[scope]
    return None  # public


@schema.parametrize()
@settings(
    max_examples=8,
    # The same examples on every run: a run must not pass or fail by the draw (one draw sent
    # a request "without" the Authorization header that this test then adds, and the
    # negative check expected it refused).
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_document_says(case):
    if case.path_parameters and "referral_id" in case.path_parameters:
        # Mostly the referrals the token answers (accepted, refused, then answered already),
        # not only numbers that name none.
        number = case.path_parameters["referral_id"]
        if isinstance(number, int) and number % 4:
            case.path_parameters["referral_id"] = REFERRALS[number % len(REFERRALS)]
    key = key_for(case)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    case.call_and_validate(headers=headers)


def test_the_documentation_page_uses_no_cdn(api, db):
    response = api().get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, page
    for source in sources:
        assert source.startswith("/static/"), source
        assert finders.find(source.removeprefix("/static/")), source
    # No inline script: the Content-Security-Policy (script-src 'self') lets it run.
    assert not re.search(r"<script>(?!\s*</script>)", page)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_document_describes_every_operation(api, db):
    document = api().get("/api/v1/schema/").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/centres/",
        "/api/v1/centres/{code}/",
        "/api/v1/competitions/",
        "/api/v1/competitions/{reference}/",
        "/api/v1/people/",
        "/api/v1/figures/{unit_code}/",
        "/api/v1/referrals/",
        "/api/v1/referrals/{referral_id}/answer",
    }
    people = document["paths"]["/api/v1/people/"]["get"]
    assert people["security"] == [{"TokenAuth": []}]
    assert {"401", "403", "404", "422", "429"} <= set(people["responses"])
