"""API tokens: issued by administrators with a key shown once and kept only as a hash; refused
(401) once expired or revoked or when their account is disabled; opening only their scopes
(403), and only what the account's role may do (403)."""

import datetime
import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from api.errors import _messages
from api.models import ApiToken
from entraide.models import AccessEvent
from entraide.roles import Role
from tests.factories import BeneficiaryFactory, UserFactory, unit

pytestmark = pytest.mark.django_db


def message(code, language="ar"):
    with translation.override(language):
        return _messages()[code]


@pytest.fixture
def person():
    return BeneficiaryFactory(cin="BK112233")


def test_the_key_is_stored_as_its_hash_and_never_in_clear(issue, worker, api, person):
    token, key = issue(worker, ["read_people"])
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(f"en_{token.prefix}_")
    secret = key.split("_", 2)[2]
    # Nowhere in the table, its audit history or the access log, even after a call.
    assert api(key).get("/api/v1/people/?cin=BK112233").status_code == 200
    with connection.cursor() as cursor:
        for table in ("api_apitoken", "api_apitokenevent", "entraide_accessevent"):
            cursor.execute(
                f"SELECT count(*) FROM {table} WHERE row_to_json({table})::text LIKE %s",  # noqa: S608
                [f"%{secret}%"],
            )
            assert cursor.fetchone()[0] == 0, table


def test_a_call_with_the_key_reads_within_the_scope(issue, worker, api, person):
    _token, key = issue(worker, ["read_people"])
    response = api(key).get("/api/v1/people/?cin=bk112233")
    assert response.status_code == 200
    [found] = response.json()["results"]
    assert found["file_number"] == person.file_number
    assert "cin" not in found and "rsu_id" not in found and "phone" not in found


def test_without_a_token_the_answer_is_401_with_a_bearer_challenge(api):
    response = api().get("/api/v1/people/?cin=BK112233")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {"code": "token_missing", "message": message("token_missing")}


def test_an_unknown_or_malformed_key_is_401(issue, worker, api):
    _token, key = issue(worker, ["read_people"])
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    for bad in (tampered, "en_0000000000_" + "x" * 43, "nonsense"):
        response = api(bad).get("/api/v1/people/?cin=BK112233")
        assert response.status_code == 401
        assert response.json()["code"] == "token_invalid"
    basic = api().get("/api/v1/people/?cin=BK1", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert basic.json()["code"] == "token_invalid"


def test_an_expired_token_is_401(issue, worker, api, person):
    token, key = issue(worker, ["read_people"])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    response = api(key, "fr").get("/api/v1/people/?cin=BK112233")
    assert response.status_code == 401
    assert response.json() == {"code": "token_expired", "message": message("token_expired", "fr")}


def test_a_token_expires_after_90_days_unless_told(issue, worker):
    token, _key = issue(worker, ["read_people"])
    left = token.expires_at - timezone.now()
    assert datetime.timedelta(days=89) < left <= datetime.timedelta(days=90)


def test_a_revoked_token_is_401_from_then_on(issue, worker, api, administrator, person):
    from api.services import token_revoke

    token, key = issue(worker, ["read_people"])
    assert api(key).get("/api/v1/people/?cin=BK112233").status_code == 200
    token_revoke(token=token, actor=administrator)
    response = api(key).get("/api/v1/people/?cin=BK112233")
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"


def test_the_token_of_a_disabled_account_is_401(issue, worker, api, person):
    _token, key = issue(worker, ["read_people"])
    worker.is_active = False
    worker.save()
    response = api(key).get("/api/v1/people/?cin=BK112233")
    assert response.status_code == 401
    assert response.json()["code"] == "account_disabled"


def test_a_token_without_the_scope_is_403(issue, worker, api, person):
    _token, key = issue(worker, ["read_people"])
    response = api(key).get("/api/v1/figures/DP-MA-KHO/?period=2025")
    assert response.status_code == 403
    assert response.json() == {"code": "scope_missing", "message": message("scope_missing")}
    answer = api(key).post_json("/api/v1/referrals/1/answer", {"answer": "accept"})
    assert answer.status_code == 403


def test_a_scope_the_role_may_not_use_is_403_even_on_a_token_that_has_it(issue, api, person):
    # Issued before the account's role changed: the role decides on each call.
    manager = UserFactory(username="t-was-worker")
    token, key = issue(manager, ["read_people"])
    manager.role = Role.CENTRE_MANAGER
    manager.save()
    response = api(key).get("/api/v1/people/?cin=BK112233")
    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"


def test_a_scope_the_role_may_not_use_is_refused_when_issuing(worker, centre_manager):
    token = ApiToken(
        name="x", user=centre_manager, unit=centre_manager.unit, scopes=["read_people"]
    )
    with pytest.raises(ValidationError) as refused:
        token.full_clean(exclude=["prefix", "key_hash"])
    assert "scopes" in refused.value.message_dict


def test_the_unit_must_be_the_accounts_or_under_it(coordinator, worker):
    inside = ApiToken(name="x", user=coordinator, unit=unit("DP-MA-KHO"), scopes=["read_people"])
    inside.full_clean(exclude=["prefix", "key_hash"])  # Khouribga lies in the coordination
    above = ApiToken(name="x", user=worker, unit=unit("CR-MA-05"), scopes=["read_people"])
    with pytest.raises(ValidationError) as refused:
        above.full_clean(exclude=["prefix", "key_hash"])
    assert "unit" in refused.value.message_dict


def test_a_national_role_gets_tokens_for_its_own_unit_only(central):
    # Its role sees the country wherever it sits: a narrower unit would narrow nothing.
    narrower = ApiToken(name="x", user=central, unit=central.unit, scopes=["read_figures"])
    narrower.full_clean(exclude=["prefix", "key_hash"])
    elsewhere = ApiToken(name="x", user=central, unit=unit("DP-MA-KHO"), scopes=["read_figures"])
    with pytest.raises(ValidationError):
        elsewhere.full_clean(exclude=["prefix", "key_hash"])


def test_the_admin_issues_a_token_and_shows_its_key_once(administrator, worker, client_for):
    client = client_for(administrator)
    response = client.post(
        "/ar/admin/api/apitoken/add/",
        {
            "name": "RSU (ANR)",
            "user": worker.pk,
            "unit": worker.unit.pk,
            "scopes": ["read_people"],
            "expires_at_0": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "expires_at_1": "12:00:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="RSU (ANR)")
    assert token.created_by == administrator
    # The page after issuing shows the key, in its message.
    [key] = re.findall(r"en_[0-9a-f]{10}_[\w-]{43}", response.content.decode())
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    # Then never again: not on its page, not in the list.
    for page in (f"/ar/admin/api/apitoken/{token.pk}/change/", "/ar/admin/api/apitoken/"):
        assert key not in client.get(page).content.decode()


def test_the_admin_revokes_tokens_from_the_list(administrator, worker, client_for, issue, api):
    token, key = issue(worker, ["read_people"])
    client = client_for(administrator)
    response = client.post(
        "/ar/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api(key).get("/api/v1/people/?cin=BK1").json()["code"] == "token_revoked"


def test_tokens_are_revoked_never_deleted(administrator, worker, client_for, issue):
    token, _key = issue(worker, ["read_people"])
    response = client_for(administrator).get(f"/ar/admin/api/apitoken/{token.pk}/delete/")
    assert response.status_code == 403


def test_the_command_issues_a_token_and_prints_its_key(worker, administrator, api, person):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "issue_api_token",
        "--name=Système RSU",
        f"--user={worker.username}",
        "--scope=read_people",
        "--days=30",
        f"--by={administrator.username}",
        stdout=out,
        stderr=err,
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get(name="Système RSU")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.unit == worker.unit and token.created_by == administrator
    assert api(key).get("/api/v1/people/?cin=BK112233").status_code == 200
    with pytest.raises(CommandError):
        call_command(
            "issue_api_token", "--name=x", f"--user={worker.username}", "--scope=read_figures",
            "--unit=CR-MA-05", stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip


def test_the_last_use_is_kept_and_every_call_is_recorded(issue, worker, api, person):
    token, key = issue(worker, ["read_people"])
    api(key).get("/api/v1/people/?cin=BK112233")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AccessEvent.objects.filter(detail__api_token=token.name).count() == 1
