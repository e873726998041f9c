"""Who calls: `Authorization: Bearer <key>`, checked once per call, in this order: the key
(401 when missing or unknown), the limit of calls per token (429), the key's validity (401 when
expired or revoked, or when its account is disabled), the scope the operation needs and the
permission the account's role needs for it (403). The call then runs as the token's acting
user (the account with the token's unit, api.models.ApiToken.acting_user), so that `visible_to`
scopes it as the portal scopes a user of that unit, and the audit trail's context names the
account."""

import datetime

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer

from entraide.ratelimit import Limit, hit, window_end

from .errors import ApiError, too_many
from .models import ApiToken

WINDOW_SECONDS = 60
# last_used_at is written at most this often: not one write per call.
TOUCH_EVERY = datetime.timedelta(minutes=1)


def calls_limit():
    """Calls a minute per token (settings.API_CALLS_PER_MINUTE), counted in PostgreSQL as the
    public pages' limits are (entraide.ratelimit), so every app server shares the count."""
    return Limit("api-token", limit=settings.API_CALLS_PER_MINUTE, seconds=WINDOW_SECONDS)


def public_limit():
    """Calls a minute per client address to the public operations (no token)."""
    return Limit("api-public", limit=settings.API_PUBLIC_CALLS_PER_MINUTE, seconds=WINDOW_SECONDS)


def refuse_too_many():
    raise too_many((window_end(seconds=WINDOW_SECONDS) - timezone.now()).total_seconds())


class TokenAuth(HttpBearer):
    """A token with `scope` (an ApiToken.Scope)."""

    def __init__(self, scope):
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        header = request.headers.get(self.header, "")
        if not header.strip():
            raise ApiError("token_missing")
        scheme, _space, key = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme or not key.strip():
            raise ApiError("token_invalid")
        return self.authenticate(request, key.strip())

    def authenticate(self, request, token):
        found = ApiToken.objects.by_key(token)
        if found is None:
            raise ApiError("token_invalid")
        # From here on the call is recorded with the token's name (api.audit), whatever the
        # answer: a revoked key still in use is worth knowing about.
        request.api_token = found
        # Counted first, so that a revoked or expired key in a loop is held back too.
        limit = calls_limit()
        count = hit(limit.key(found.pk), seconds=limit.seconds)
        if count > limit.limit:
            # The first call refused in a window is recorded, not each one after it: a client
            # in a loop would otherwise write the audit trail as fast as it calls.
            request.api_unrecorded = count > limit.limit + 1
            refuse_too_many()
        refusal = found.refusal()
        if refusal is not None:
            raise ApiError(refusal)
        if self.scope not in found.scopes:
            raise ApiError("scope_missing")
        actor = found.acting_user()
        if not actor.has_perm(ApiToken.PERMISSIONS[self.scope]):
            raise ApiError("not_permitted")
        # The acting user for the rest of the call, and for the audit trail's context
        # (pghistory follows request.user).
        request.user = actor
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found
