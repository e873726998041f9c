"""Errors are JSON with a code and a message in the language asked for (Accept-Language:
Arabic by default, French); each token has its calls a minute, past which 429 says when to
come back."""

import datetime

import pytest
from django.utils import timezone, translation

from api.errors import FIELD_MESSAGES, _messages
from tests.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_window(monkeypatch):
    """The calls of a test fall in one window of the limits, whatever the clock says."""
    start = timezone.now().replace(second=0, microsecond=0)
    monkeypatch.setattr(
        "entraide.ratelimit._window",
        lambda seconds: (start + datetime.timedelta(seconds=1), start),
    )


def translated(code, language):
    with translation.override(language):
        return _messages()[code]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_refusal_is_in_the_language_asked(issue, worker, api, language):
    _token, key = issue(worker, ["read_people"])
    response = api(key, language).get("/api/v1/figures/DP-MA-KHO/")
    assert response.status_code == 403
    assert response["Content-Language"] == language
    assert response.json() == {
        "code": "scope_missing",
        "message": translated("scope_missing", language),
    }


def test_arabic_is_the_default_language(issue, worker, api):
    response = api(None, "en-GB").get("/api/v1/people/?cin=AB1")
    assert response["Content-Language"] == "ar"
    assert response.json()["message"] == translated("token_missing", "ar")


def test_a_services_refusal_is_told_in_each_language(issue, worker, api):
    from beneficiaries.models import Referral
    from entraide.roles import Role
    from tests.factories import CaseFileFactory, CentreFactory, UserFactory

    manager = UserFactory(username="t-lang-manager", role=Role.CENTRE_MANAGER)
    centre = CentreFactory()
    centre.managers.add(manager)
    referral = Referral.objects.create(
        case=CaseFileFactory(worker=worker),
        author=worker,
        target_kind="centre",
        centre=centre,
        reason="Accueil",
        state=Referral.State.REFUSED,
        refusal_reason="no_place",
    )
    _token, key = issue(manager, ["write_referrals"])
    told = {}
    for language in ("ar", "fr"):
        response = api(key, language).post_json(
            f"/api/v1/referrals/{referral.pk}/answer", {"answer": "accept"}
        )
        assert response.status_code == 409
        with translation.override(language):
            expected = translation.gettext("This referral cannot take that state now.")
        assert response.json() == {"code": "conflict", "message": expected}
        told[language] = expected
    assert told["ar"] != told["fr"]  # the catalogues' own words, not the English


def test_an_invalid_value_names_its_field(issue, worker, api):
    _token, key = issue(worker, ["read_people"])
    response = api(key, "fr").get("/api/v1/people/?cin=123")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "query.cin"
    assert error["type"] == "string_pattern_mismatch"
    with translation.override("fr"):
        assert error["message"] == str(FIELD_MESSAGES["string_pattern_mismatch"])


def test_a_body_that_is_not_json_is_refused_as_json(issue, centre_manager, api):
    _token, key = issue(centre_manager, ["write_referrals"])
    response = api(key).post(
        "/api/v1/referrals/1/answer", "answer=accept", content_type="text/plain"
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] in ("bad_request", "validation_error")


def test_unknown_addresses_and_methods_answer_json(api):
    missing = api().get("/api/v1/nothing/here/")
    assert missing.status_code == 404
    assert missing.json() == {"code": "not_found", "message": translated("not_found", "ar")}
    wrong = api().delete("/api/v1/centres/")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"
    assert "GET" in wrong["Allow"]


def test_past_its_calls_a_minute_a_token_gets_429_with_retry_after(
    issue, worker, api, settings, one_window
):
    settings.API_CALLS_PER_MINUTE = 3
    BeneficiaryFactory(cin="LM100001")
    _token, key = issue(worker, ["read_people"])
    _other, other_key = issue(worker, ["read_people"], name="another system")
    statuses = [api(key).get("/api/v1/people/?cin=LM100001").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api(key, "fr").get("/api/v1/people/?cin=LM100001")
    assert response.status_code == 429
    assert response.json() == {
        "code": "too_many_requests",
        "message": translated("too_many_requests", "fr"),
    }
    assert int(response["Retry-After"]) >= 1
    # Each token has its own allowance.
    assert api(other_key).get("/api/v1/people/?cin=LM100001").status_code == 200


def test_the_public_operations_are_limited_per_address(api, settings, one_window):
    settings.API_PUBLIC_CALLS_PER_MINUTE = 2
    statuses = [api().get("/api/v1/centres/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert api().get("/api/v1/centres/").json()["code"] == "too_many_requests"


def test_past_the_limit_only_the_first_refusal_is_recorded(
    issue, worker, api, settings, one_window, administrator
):
    from api.services import token_revoke
    from entraide.models import AccessEvent

    settings.API_CALLS_PER_MINUTE = 2
    token, key = issue(worker, ["read_people"], name="loop")
    token_revoke(token=token, actor=administrator)  # a revoked key in a loop is held back too
    statuses = [api(key).get("/api/v1/people/?cin=LM1").status_code for _ in range(6)]
    assert statuses == [401, 401, 429, 429, 429, 429]
    recorded = AccessEvent.objects.filter(detail__api_token="loop").order_by("pk")
    assert [event.detail["status"] for event in recorded] == [401, 401, 429]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_database_that_does_not_answer_is_a_503_to_call_again(api, monkeypatch, language):
    from django.db import OperationalError

    def refused():
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr("api.endpoints._centres", refused)
    response = api(None, language).get("/api/v1/centres/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "code": "unavailable",
        "message": translated("unavailable", language),
    }
    # Documented as such.
    paths = api().get("/api/v1/schema/").json()["paths"]
    assert "503" in paths["/api/v1/centres/"]["get"]["responses"]


def test_a_database_that_does_not_answer_before_the_operation_is_the_same_json_503(
    api, monkeypatch
):
    """The public limit is counted (and a token call recorded) around the operation, in the
    database too: refused there, the answer is still the API's JSON, not the pages' HTML."""
    from django.db import OperationalError

    class Refused:
        def hit(self, key):
            raise OperationalError("the database system is shutting down")

    monkeypatch.setattr("api.urls.public_limit", Refused)
    response = api(None, "fr").get("/api/v1/centres/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "unavailable"
