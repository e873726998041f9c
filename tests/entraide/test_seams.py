"""Attacks on the kernel's seams: forged client addresses, sign-in guessing spread over many
addresses."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from entraide.addresses import client_ip, client_network
from entraide.models import AccessEvent
from entraide.ratelimit import limited

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_by_default_a_forwarded_for_header_is_the_clients_word_and_ignored(settings):
    from entraide.settings import base

    assert base.TRUSTED_PROXY_COUNT == 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_a_client_reaching_the_app_server_directly_cannot_forge_its_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.1.0.0/24"]
    # Not from our proxy: the header is ignored, whatever the proxy count says.
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    # From our proxy: the address it appended, not what the client wrote before it.
    forged = "198.51.100.1, 203.0.113.7"
    assert client_ip(request_from("10.1.0.5", forged)) == "203.0.113.7"
    # Garbage appended where an address should be is not stored as one.
    assert client_ip(request_from("10.1.0.5", "not-an-address")) == "10.1.0.5"


def test_the_audit_records_the_real_address_despite_a_forged_header(client, worker, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("login"),
        {"username": worker.username, "password": "wrong"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    event = AccessEvent.objects.filter(action=AccessEvent.Action.LOGIN_FAILED).latest("pk")
    assert event.ip_address == "203.0.113.7"


def test_a_spoofed_header_does_not_escape_the_rate_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    view = limited("seam-test", limit=2, seconds=600)(lambda request: HttpResponse("ok"))
    statuses = [view(request_from("203.0.113.7", f"198.51.100.{n}")).status_code for n in range(4)]
    assert statuses == [200, 200, 429, 429]


def test_ipv6_addresses_of_one_network_share_a_rate_limit():
    view = limited("seam-test-v6", limit=2, seconds=600)(lambda request: HttpResponse("ok"))
    statuses = [view(request_from(f"2001:db8:1:2::{n:x}")).status_code for n in range(1, 5)]
    assert statuses == [200, 200, 429, 429]
    # Another /64 has its own count.
    assert view(request_from("2001:db8:1:3::1")).status_code == 200
    assert client_network(request_from("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::"
    assert client_network(request_from("203.0.113.7")) == "203.0.113.7"


def attempt(client, username, password="wrong password", ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_an_ipv6_client_cannot_escape_the_lock_out_by_changing_address(client, worker):
    for n in range(1, 5):
        assert attempt(client, worker.username, ip=f"2001:db8:9:9::{n}").status_code == 200
    assert attempt(client, worker.username, ip="2001:db8:9:9::ff").status_code == 429
    assert attempt(client, worker.username, PASSWORD, ip="2001:db8:9:9::1:1").status_code == 429


def test_guessing_one_username_from_many_addresses_is_paused(client, worker, settings):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 6
    # Four addresses, fewer failures each than axes' limit of five.
    for n in range(6):
        assert attempt(client, worker.username, ip=f"10.0.{n % 4}.1").status_code == 200
    # Even the right password, from a fresh address, is refused now, and says why.
    refused = attempt(client, worker.username, PASSWORD, ip="10.0.9.1")
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert refused.context["form"].errors.as_data()["__all__"][0].code == "username_throttled"
    # Another username is not affected, and axes still counts its pairs.
    other = worker.__class__.objects.create_user("t-other-user", password=PASSWORD)
    assert attempt(client, other.username, PASSWORD, ip="10.0.9.1").status_code == 302


def test_the_admin_sign_in_is_paused_too(client, administrator, settings):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 2
    url = reverse("admin:login")
    for n in range(2):
        client.post(
            url, {"username": administrator.username, "password": "x"}, REMOTE_ADDR=f"10.2.{n}.1"
        )
    refused = client.post(
        url, {"username": administrator.username, "password": PASSWORD}, REMOTE_ADDR="10.2.9.1"
    )
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session


# Signatures ---------------------------------------------------------------------------------

# The apps whose admin and Resources are walked for signatures.
SIGNED_APPS = ("beneficiaries", "centres", "partnerships", "recruitment")


def signatures():
    """The kernel's signature fields, and those named for the act they sign: who answered a
    referral, voided an application, paid a tranche or overrode its block. Set by the
    services from the acting user, never chosen."""
    from entraide.signatures import SIGNATURE_FIELDS

    return {*SIGNATURE_FIELDS, "answered_by", "voided_by", "paid_by", "override_by"}


def signed_models():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label not in SIGNED_APPS:
            continue
        names = {f.name for f in model._meta.concrete_fields if f.name in signatures()}
        if names and not model.__name__.endswith("Event"):
            yield model, names


def test_every_act_signature_is_walked():
    # The signatures named for their act exist where they are said to: a rename would
    # otherwise leave them out of the walks below without a word.
    walked = {name for _model, names in signed_models() for name in names}
    assert {"answered_by", "voided_by", "paid_by", "override_by"} <= walked
    assert any(model._meta.app_label == "recruitment" for model, _names in signed_models())


def test_no_admin_form_lets_anyone_choose_a_signature(rf, administrator):
    from django.contrib import admin

    request = rf.get("/")
    request.user = administrator
    checked = 0
    for model, names in signed_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        # The forms the admin accepts: adding, changing (a read-only admin accepts neither).
        if model_admin.has_add_permission(request):
            form = model_admin.get_form(request, None)
            assert not names & set(form.base_fields), (model, names & set(form.base_fields))
            checked += 1
        if model_admin.has_change_permission(request):
            form = model_admin.get_form(request, None, change=True)
            assert not names & set(form.base_fields), (model, names & set(form.base_fields))
            checked += 1
    assert checked >= 10


def test_no_resource_imports_a_signature():
    from django.apps import apps

    from entraide.imports import PortalResource

    for app in SIGNED_APPS:
        __import__(f"{app}.resources")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    checked = 0
    for resource_class in subclasses(PortalResource):
        model = resource_class._meta.model
        if model is None or model._meta.app_label not in SIGNED_APPS:
            continue
        resource = resource_class()
        imported = {
            field.attribute
            for field in resource.get_import_fields()
            if not field.readonly and field.attribute
        }
        assert not imported & signatures(), (resource_class, imported)
        checked += 1
    assert checked and apps.is_installed("import_export")


# Names and free texts -----------------------------------------------------------------------

# Text columns that hold codes or numbers the portal gives or checks, not typed names.
NOT_FREE_TEXT = {
    "code",
    "file_number",
    "number",
    "old_number",
    "new_number",
    "reference",
    "registration_number",
    "bank_account",
    "content_type",
    "path",
    "payment_reference",
    "receipt_number",
}
# Columns of the machinery, neither names nor texts people type: digests, keys, links the
# portal builds, codes, and what a server or a gateway answered. The username is Django's,
# held to letters, digits and @.+-_ by its own validator (no invisible character passes).
MACHINERY = {
    "recruitment.Application.confirmation_key",
    "notifications.Notification.url",
    "notifications.Notification.key",
    "notifications.TextMessage.key",
    "notifications.TextMessage.last_error",
    "entraide.User.password",
    "entraide.User.username",
    "entraide.Session.session_key",
    "entraide.Session.session_data",
    "entraide.ImportJob.language",
    "entraide.RateCounter.key",
    "entraide.GeneratedReport.language",
    "beneficiaries.DuplicateScan.language",
    "beneficiaries.NameWord.word",
    "entraide.GeneratedReport.period",
    "entraide.GeneratedReport.error",
}


# Candidates' names and their free texts, the notices and messages people read, and the
# kernel's own (staff names, catalogue entries).
CLEANED_TOO = ("recruitment", "notifications", "entraide")


def test_every_name_and_free_text_is_cleaned_on_save():
    from django.apps import apps
    from django.db import models

    from entraide.fields import _Normalised

    plain = []
    for app in ("centres", "beneficiaries", "partnerships", "territory", *CLEANED_TOO):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.endswith("Event"):
                continue
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and not field.choices
                    and not isinstance(field, models.SlugField | models.EmailField)
                    and field.name not in NOT_FREE_TEXT
                    and not isinstance(field, _Normalised)
                    and f"{model._meta.label}.{field.name}" not in MACHINERY
                ):
                    plain.append(f"{model._meta.label}.{field.name}")
    assert plain == []


def test_a_client_reaching_the_app_server_directly_cannot_claim_https(client):
    """SECURE_PROXY_SSL_HEADER trusts X-Forwarded-Proto: only from our own proxies."""
    from django.http import HttpRequest

    from entraide.middleware import ForwardedHeadersMiddleware

    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        return HttpResponse("ok")

    middleware = ForwardedHeadersMiddleware(view)
    direct = HttpRequest()
    direct.META = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_PROTO": "https"}
    middleware(direct)
    assert seen["secure"] is False
    proxied = HttpRequest()
    proxied.META = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    middleware(proxied)
    assert seen["secure"] is True
