import pytest
from django.test import Client

from api import services
from api.models import ApiToken
from tests.factories import unit

ALL_SCOPES = list(ApiToken.Scope.values)


@pytest.fixture(autouse=True)
def generous_limits(settings):
    """Tests call more than a client would in a minute; the limit's own test lowers it."""
    settings.API_CALLS_PER_MINUTE = 10_000
    settings.API_PUBLIC_CALLS_PER_MINUTE = 10_000


@pytest.fixture
def issue(administrator):
    """`issue(user, scopes=..., unit=..., name=...)`: a token as the admin issues it; returns
    (token, key)."""

    def make(user, scopes=ALL_SCOPES, *, unit_code=None, name=None, **fields):
        token = ApiToken(
            name=name or f"{user.username} system",
            user=user,
            unit=unit(unit_code) if unit_code else user.unit,
            scopes=list(scopes),
            **fields,
        )
        key = services.token_issue(token=token, actor=administrator)
        return token, key

    return make


class ApiClient(Client):
    """The test client with a token and a language, as an outside system calls the API."""

    def __init__(self, key=None, language="ar", **defaults):
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if key:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        super().__init__(**headers, **defaults)

    def post_json(self, path, data, **extra):
        return self.post(path, data, content_type="application/json", **extra)


@pytest.fixture
def api():
    """`api(key=None, language="ar")`: a client of the API."""
    return ApiClient
