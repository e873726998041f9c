import datetime
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from entraide.models import Session, User
from entraide.roles import Role
from entraide.signals import SESSION_STARTED_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def attempt(client, username, password="wrong password", ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failures_lock_the_username_and_address_pair_for_15_minutes(client, worker):
    for _ in range(4):
        assert attempt(client, worker.username).status_code == 200
    locked = attempt(client, worker.username)
    assert locked.status_code == 429
    assert "15" in locked.text
    # Even the right password is refused from that address while locked...
    assert attempt(client, worker.username, PASSWORD).status_code == 429
    # ...but a colleague behind the same address, and the same user elsewhere, can sign in.
    assert attempt(client, "t-other", "x").status_code == 200
    assert attempt(client, worker.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_wrong_password_says_so_on_the_sign_in_page(client, worker):
    response = attempt(client, worker.username)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_idle_sessions_expire_after_30_minutes_and_activity_renews_them_once_a_minute(
    client_for, worker
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from entraide.middleware import SESSION_RENEWED_KEY

    def written(response_of):
        with CaptureQueriesContext(connection) as queries:
            assert response_of().status_code == 200
        return any('UPDATE "entraide_session"' in q["sql"] for q in queries.captured_queries)

    client = client_for(worker)

    def home():
        return client.get(reverse("home"))

    assert written(home)  # the first page renews the session
    assert not written(home)  # the next ones, within the minute, write nothing
    session = client.session
    session[SESSION_RENEWED_KEY] -= 61
    session.save()
    stored = Session.objects.get(pk=session.session_key)
    stored.expire_date = timezone.now() + datetime.timedelta(minutes=2)  # nearly idle too long
    stored.save()
    assert written(home)  # a minute on: renewed, for 30 minutes from now
    expiry = Session.objects.get(pk=session.session_key).expire_date
    assert abs(expiry - timezone.now() - datetime.timedelta(minutes=30)).total_seconds() < 5
    assert client.cookies["sessionid"]["max-age"] == 30 * 60
    # Idle for longer than that: signed out.
    Session.objects.filter(pk=session.session_key).update(expire_date=timezone.now())
    assert home().status_code == 302


def test_every_session_ends_after_8_hours(client_for, worker):
    client = client_for(worker)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 8 * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert client.get(reverse("home")).status_code == 302


def test_passwords_need_at_least_10_characters(worker):
    with pytest.raises(ValidationError):
        validate_password("Xq7#mz!p", worker)
    validate_password("Xq7#mz!pLk2@", worker)


def test_disabling_an_account_ends_its_sessions(client_for, worker):
    client = client_for(worker)
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.filter(user=worker).exists()
    User.objects.filter(pk=worker.pk).update(is_active=False)  # any path, even a bulk update
    assert not Session.objects.filter(user=worker).exists()
    assert client.get(reverse("home")).status_code == 302


def test_disabling_an_account_in_the_admin_ends_its_sessions(client, administrator, worker):
    from django.test import Client

    worker_client = Client()
    worker_client.force_login(worker)
    client.force_login(administrator)
    worker.is_active = False
    worker.save()
    assert not Session.objects.filter(user=worker).exists()
    assert worker_client.get(reverse("home")).status_code == 302


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_national_roles_must_enrol_a_second_factor_then_give_it_at_each_sign_in(client, central):
    client.post(reverse("login"), {"username": central.username, "password": PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_setup")
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 200
    assert "<svg" in setup.text
    device = TOTPDevice.objects.get(user=central)
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert wrong.context["form"].errors
    device.refresh_from_db()
    device.throttle_reset()  # a failure slows the next try down; this test does not wait
    token = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    assert client.post(reverse("two_factor_setup"), {"token": token}).status_code == 302
    assert client.get(reverse("home")).status_code == 200

    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": central.username, "password": PASSWORD})
    response = client.get(reverse("territory:tree"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    device.refresh_from_db()
    device.last_t = -1  # the same code may not be used twice: allow it for this test
    device.save()
    token = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    verified = client.post(response["Location"], {"token": token})
    assert verified["Location"] == reverse("territory:tree")


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_a_social_worker_needs_no_second_factor(client, worker):
    client.post(reverse("login"), {"username": worker.username, "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    # Scripts only from the portal's own files, never inline (a <script> with a body).
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", response.text, re.S)
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)


def production_env(**overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="entraide.settings.base",
        SECRET_KEY="a-production-secret-key-that-is-long-and-random-7f3a9c1e5b2d8f4a6c0e",
        ALLOWED_HOSTS="portail.entraide.ma",
        DATABASE_URL="postgres://entraide@db.internal:5432/entraide",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without(missing):
    result = manage("check", env=production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_settings_refuse_demo_accounts():
    # The demo app is installed by the development and test settings only: under the
    # production settings the command does not even exist (issue 18).
    result = manage("seed_demo", env=production_env())
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_the_signed_in_user_is_read_with_their_unit_and_only_while_active(
    worker, django_assert_num_queries
):
    from entraide.auth import RoleBackend

    code = worker.unit.code
    # Every page reads its user: the unit, the permissions, the unread notifications come along.
    with django_assert_num_queries(1):
        user = RoleBackend().get_user(worker.pk)
        assert user.unit.code == code
        assert user.has_perm("beneficiaries.view_beneficiary")
        assert not user.has_perm("territory.change_orgunit")
        assert user.unread_notifications_count == 0
    User.objects.filter(pk=worker.pk).update(is_active=False)
    assert RoleBackend().get_user(worker.pk) is None
    assert RoleBackend().get_user(0) is None


def test_a_page_reads_the_session_and_its_user_in_one_query(client_for, worker):
    """The session's row comes with its user (entraide.sessions): one query where there were
    two; a deactivated user's session still signs nobody in, and a session of nobody (before
    sign-in) is read alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(worker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/fr/notifications/").status_code == 200
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and '"entraide_session"' in q["sql"]
    ]
    assert len(reads) == 1
    assert 'FROM "entraide_user"' in reads[0] and "permission_names" in reads[0]
    assert not any(
        q["sql"].startswith('SELECT "entraide_user"') and '"entraide_session"' not in q["sql"]
        for q in queries.captured_queries
    )
    # Another request of the same thread, by someone else, is never served this user.
    from django.test import Client

    other = Client()
    other.force_login(UserFactory(unit=worker.unit, role=Role.SOCIAL_WORKER))
    response = other.get("/fr/notifications/")
    assert response.status_code == 200
    assert response.wsgi_request.user.username != worker.username
    User.objects.filter(pk=worker.pk).update(is_active=False)
    assert client.get("/fr/notifications/").status_code == 302  # to the sign-in page


def test_the_permissions_read_with_the_user_are_their_roles_and_their_own(worker):
    from django.contrib.auth.models import Permission

    from entraide.auth import RoleBackend

    own = Permission.objects.get(codename="change_orgunit")
    worker.user_permissions.add(own)
    user = RoleBackend().get_user(worker.pk)
    assert user.has_perm("territory.change_orgunit")
    assert user.get_all_permissions() == RoleBackend().get_all_permissions(
        User.objects.get(pk=worker.pk)
    )
    # A role changed counts from the next page: each page reads the user again.
    User.objects.filter(pk=worker.pk).update(role="partner_staff")
    assert not RoleBackend().get_user(worker.pk).has_perm("beneficiaries.add_casefile")
