"""Every call made with a token is in the audit trail, with the token's name (past its limit
of calls a minute, only the first call refused in each minute).

One `AccessEvent` (action "read") per person or case the answer showed, as the portal's read
audit writes them (entraide.reads), or one for the call when it showed none (figures, a refusal,
a 404): its detail names the token, the operation, the method and the status. The records an
operation shows are declared by the operation (`shown`): the API's answers are built field by
field, so it knows them. Changes made through the API are recorded by the audit triggers, under
the context of the token's account and name (api.endpoints.answer_referral).
"""

from django.contrib.contenttypes.models import ContentType

from entraide.addresses import client_ip
from entraide.audit import audit_label
from entraide.models import AccessEvent
from entraide.reads import current


def shown(request, records):
    """Declare the people's files or cases an answer shows (each read once)."""
    request.api_shown = [*getattr(request, "api_shown", []), *records]


def record_call(request, response, operation):
    token = getattr(request, "api_token", None)
    if token is None or getattr(request, "api_unrecorded", False):
        # A public operation, a key that is nobody's, or a call past the token's limit after
        # the first one refused (api.auth).
        return
    status = response.status_code
    detail = {
        "api_token": token.name,
        "api_token_prefix": token.prefix,
        "operation": operation,
        "method": request.method,
        "status": status,
    }
    records = getattr(request, "api_shown", []) if 200 <= status < 300 else []
    unique = list({(type(r), r.pk): r for r in records}.values())
    common = {
        "action": AccessEvent.Action.VIEW,
        "actor_id": token.user_id,
        "username": token.user.get_username(),
        "ip_address": client_ip(request),
        "path": request.get_full_path()[:500],
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }
    events = [
        AccessEvent(
            **common,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
            object_repr=audit_label(record)[:200],
            detail=detail,
        )
        for record in unique
    ] or [AccessEvent(**common, detail=detail)]
    AccessEvent.objects.bulk_create(events)
    recorder = current()
    if recorder is not None:
        # A browser's session rode along (the documentation page): its read audit need not
        # record these reads a second time.
        for record in unique:
            recorder.note_recorded(record)
