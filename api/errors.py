"""The API's errors: always JSON, `{"code": ..., "message": ...}`, the message in the language
the client asked for (Accept-Language; Arabic by default), the code stable for programs."""

import logging
import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from entraide.unavailable import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


def _messages():
    # Looked up when an error is answered, in the language of the request.
    return {
        "token_missing": _("Send the API token in the Authorization header: Bearer <key>."),
        "token_invalid": _("This API token is not valid."),
        "token_expired": _("This API token has expired: ask the administrators for a new one."),
        "token_revoked": _("This API token has been revoked."),
        "account_disabled": _("The account this API token acts for is disabled."),
        "scope_missing": _("This API token does not open this part of the API."),
        "not_permitted": _("The account this API token acts for may not do this."),
        "not_found": _("Not found."),
        "validation_error": _("The request is not valid: see the errors of each field."),
        "bad_cursor": _("This cursor is not valid: start again from the first page."),
        "too_many_requests": _("Too many requests: wait before calling again."),
        "method_not_allowed": _("This method is not allowed here."),
        "conflict": _("This cannot be done now."),
        "bad_request": _("The request is not valid."),
        "unavailable": _(
            "The service is briefly unavailable: call again after the time in Retry-After."
        ),
    }


# What each kind of invalid value is told, by pydantic's error type.
FIELD_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_too_long": gettext_lazy("This value is too long."),
    "string_too_short": gettext_lazy("This value is too short."),
    "string_pattern_mismatch": gettext_lazy("This value does not have the expected form."),
    "enum": gettext_lazy("Choose one of the allowed values."),
    "literal_error": gettext_lazy("Choose one of the allowed values."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "int_parsing": gettext_lazy("Give a whole number."),
    "int_type": gettext_lazy("Give a whole number."),
    "greater_than_equal": gettext_lazy("This number is too small."),
    "less_than_equal": gettext_lazy("This number is too large."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "bool_type": gettext_lazy("Give true or false."),
}
INVALID = gettext_lazy("This value is not valid.")

STATUS = {
    "token_missing": 401,
    "token_invalid": 401,
    "token_expired": 401,
    "token_revoked": 401,
    "account_disabled": 401,
    "scope_missing": 403,
    "not_permitted": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "validation_error": 422,
    "bad_cursor": 400,
    "bad_request": 400,
    "too_many_requests": 429,
    "unavailable": 503,
}


class ApiError(Exception):
    """An error answered as JSON: `code` (a key of STATUS), the message of that code unless
    `message` is given, `errors` for the fields, and the response's extra `headers`."""

    def __init__(self, code, message=None, *, errors=None, headers=None):
        super().__init__(code)
        self.code = code
        self.status = STATUS[code]
        self.message = message
        self.errors = errors
        self.headers = headers or {}


def error_response(code, message=None, *, errors=None, headers=None, status=None):
    body = {"code": code, "message": str(message or _messages()[code])}
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(
        body, status=status or STATUS[code], json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    if response.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def field_error(location, kind, message=None):
    return {
        "field": ".".join(str(part) for part in location),
        "type": kind,
        "message": str(message or FIELD_MESSAGES.get(kind, INVALID)),
    }


def too_many(seconds_left):
    wait = max(1, math.ceil(seconds_left))
    return ApiError("too_many_requests", headers={"Retry-After": str(wait)})


def install(api):
    """Answer every error of `api` as JSON."""

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return error_response(exc.code, exc.message, errors=exc.errors, headers=exc.headers)

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        errors = [field_error(error.get("loc", ()), error.get("type", "")) for error in exc.errors]
        return error_response("validation_error", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc):
        # A service's refusal: of a field's value (422), or of the record's state (409).
        if hasattr(exc, "error_dict"):
            errors = [
                field_error(("body", name), "invalid", " ".join(messages))
                for name, messages in exc.message_dict.items()
            ]
            return error_response("validation_error", errors=errors)
        return error_response("conflict", " ".join(exc.messages))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response("not_found")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return error_response("token_missing")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        # Ninja's own: a body it cannot read as JSON.
        return error_response("bad_request", FIELD_MESSAGES["json_invalid"], status=exc.status_code)


def unavailable_response(error):
    """503 `unavailable` with Retry-After: the client may call again (logged)."""
    logger.error("API call failed: the database did not answer", exc_info=error)
    return error_response("unavailable", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
