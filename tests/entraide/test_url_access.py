"""Every named URL has an access rule: public on purpose, or closed to anonymous visitors."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Pages anyone may open, each for a reason.
PUBLIC = {
    "healthz",  # load balancers
    "set_language",  # the language switch on the sign-in page
    "login",
    "logout",
    "admin:login",
    "admin:logout",
    "admin:jsi18n",
    # The footer's pages: the legal notice, personal data, accessibility, contact.
    "legal_notice",
    "privacy",
    "accessibility",
    "contact",
    # Candidates to public competitions have no account.
    "recruitment:notices",
    "recruitment:notice",
    "recruitment:apply",
    "recruitment:receipt",
    "recruitment:receipt_pdf",  # the receipt to print, from the same session
    "recruitment:status",
    "recruitment:published_list",
    "recruitment:sent",  # "check your mailbox" after applying
    "recruitment:confirm",  # the link in the confirmation email
    # Anyone shown a certificate of training checks it by its code.
    "enrolments:verify",
    "enrolments:verified",
    # The API's document, its pages and its public operations (the registry of centres, the
    # competitions).
    "api:api-root",
    "api:openapi-json",
    "api:openapi-view",
    "api:centres",
    "api:centre",
    "api:competitions",
    "api:competition",
}
SAMPLE_ARGS = {"code": "DP-MA-KHO", "object_id": "1", "app_label": "territory", "id": "1"}


def named_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def sample_url(name, pattern):
    converters = pattern.pattern.converters
    kwargs = {key: SAMPLE_ARGS.get(key, "1") for key in converters}
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:  # noqa: BLE001 - some admin URLs take regex groups
        return None


@pytest.mark.django_db
def test_every_named_url_is_closed_to_anonymous_visitors_unless_listed_public(client):
    checked = 0
    for name, pattern in named_patterns():
        if name in PUBLIC:
            continue
        url = sample_url(name, pattern)
        if url is None:
            continue
        response = client.get(url)
        checked += 1
        if name.startswith("api:"):
            # The API signs no one in: without a token, 401 (405 for an operation that is
            # not a GET, which says nothing either).
            assert response.status_code in (401, 405), (
                f"{name} ({url}) answered {response.status_code}"
            )
            continue
        assert response.status_code == 302, f"{name} ({url}) answered {response.status_code}"
        assert "login" in response["Location"], f"{name} redirects to {response['Location']}"
    assert checked > 20


@pytest.mark.django_db
def test_the_public_urls_exist():
    names = {name for name, _pattern in named_patterns()}
    assert PUBLIC <= names


@pytest.mark.django_db
def test_a_nul_byte_in_a_url_is_a_404_never_a_500(client, client_for):
    """Every URL that takes a text (a code, a token, a name), with a NUL byte in it, signed
    in with every permission and anonymous: PostgreSQL refuses NUL in text, and a view that
    put it in a query answered 500. Now no answer is a 500, and the pages a signed-in
    administrator reads with such a code are not found (the API says so in JSON: 422)."""
    from django.urls.converters import StringConverter

    from tests.factories import UserFactory

    administrator = client_for(UserFactory(username="t-nul-admin", administrator=True))
    answers = {}
    for name, pattern in named_patterns():
        converters = pattern.pattern.converters
        texts = [key for key, c in converters.items() if type(c) is StringConverter]
        if not texts:
            continue
        kwargs = {key: SAMPLE_ARGS.get(key, "1") for key in converters}
        kwargs[texts[0]] = "A\x00B"
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # an admin URL whose other parameters are regex groups
            continue
        assert "%00" in url
        assert client.get(url).status_code < 500, url
        answers[name] = administrator.get(url).status_code
    # 405: a form's address, asked with GET, answers before reading anything.
    assert {
        name: status
        for name, status in answers.items()
        if status not in (404, 405) and not (name.startswith("api:") and status == 422)
    } == {}
    assert list(answers.values()).count(404) > 10
