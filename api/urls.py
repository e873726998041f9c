"""/api/v1/: the operations of api.endpoints, each wrapped so that it is open without a
session (the token is the API's sign-in), limited per address when public, recorded in the
audit trail when called with a token, and answers JSON whatever goes wrong."""

import functools

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt

from entraide.addresses import client_network
from entraide.unavailable import DATABASE_DOWN

from .audit import record_call
from .auth import public_limit, refuse_too_many
from .endpoints import api, index_urls
from .errors import (
    INVALID,
    ApiError,
    error_response,
    field_error,
    unavailable_response,
)

# The operations anyone may call, limited per client address instead of per token.
PUBLIC = {"centres", "centre", "competitions", "competition", "openapi-json", "openapi-view"}


def _null_characters(request, kwargs):
    """The fields holding a NUL character, which no text of the portal holds (PostgreSQL
    refuses it in a string): refused as invalid before anything reads them."""
    found = [("path", name) for name, value in kwargs.items() if "\x00" in str(value)]
    found += [
        ("query", name)
        for name, values in request.GET.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    ]
    if b"\x00" in request.body or b"\\u0000" in request.body:
        found.append(("body",))
    return [field_error(where, "null_character", INVALID) for where in found]


def _call(view, name):
    @functools.wraps(view)
    def call(request, *args, **kwargs):
        # A database that does not answer, in the operation (ninja lets it through) or in
        # the limit and the audit row written around it, is the API's JSON 503, not the
        # pages' HTML one.
        try:
            return _answer(view, name, request, *args, **kwargs)
        except DATABASE_DOWN as error:
            return unavailable_response(error)

    return login_not_required(csrf_exempt(call))


def _answer(view, name, request, *args, **kwargs):
    try:
        if name in PUBLIC and public_limit().hit(client_network(request) or "unknown"):
            refuse_too_many()
    except ApiError as error:
        return error_response(error.code, headers=error.headers)
    if errors := _null_characters(request, kwargs):
        response = error_response("validation_error", errors=errors)
    else:
        response = view(request, *args, **kwargs)
    if response.status_code == 405:  # a method the operation does not take
        allowed = response.get("Allow", "")
        response = error_response("method_not_allowed", headers={"Allow": allowed})
    record_call(request, response, name)
    return response


@login_not_required
@csrf_exempt
def index(request):
    return JsonResponse(index_urls(), json_dumps_params={"ensure_ascii": False})


@login_not_required
@csrf_exempt
def unknown(request, rest):
    return error_response("not_found")


def _patterns():
    patterns, _app_name, _namespace = api.urls
    wrapped = []
    for pattern in patterns:
        if pattern.name == "api-root":
            view = index
        else:
            view = _call(pattern.callback, pattern.name)
        wrapped.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    # Any other address under /api/v1/ is a JSON 404 too, not the portal's page.
    wrapped.append(re_path(r"^(?P<rest>.*)$", unknown))
    return wrapped


app_name = "api"
urlpatterns = _patterns()
