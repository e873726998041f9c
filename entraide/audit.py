"""The audit trail.

Changes: database triggers (django-pghistory) record every insert, update and delete of an
audited model, whatever path wrote it: forms, the admin, imports, `bulk_create`,
`QuerySet.update`, raw SQL. The acting user, address and URL ride along as pghistory
context: AuditContextMiddleware sets it for requests, `acting_as` for commands and tasks.

Access: sign-ins, failed sign-ins, sign-outs, reads of sensitive records, exports and
printed reports are rows of `AccessEvent` (append-only), written by `record_access`.
"""

import pghistory
from django.conf import settings


def audited(**kwargs):
    """Class decorator: record every insert, update and delete of the model."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs
    )


def client_ip(request):
    """The client's address, as the trusted reverse proxies saw it (TRUSTED_PROXY_COUNT).

    Without a proxy the header is the client's own word, so it is ignored.
    """
    if request is None:
        return None
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or None


def acting_as(user, **extra):
    """Context manager for changes made outside a request (commands, tasks, imports)."""
    return pghistory.context(user=user.pk if user is not None else None, **extra)


def audit_label(obj):
    """How the append-only access log names a record: its `audit_label` when it has one (a
    person's file number, never their name, which anonymisation must be able to remove)."""
    return str(getattr(obj, "audit_label", None) or obj)


def record_access(*, action, request=None, actor=None, username="", obj=None, detail=None):
    from django.contrib.contenttypes.models import ContentType

    from .models import AccessEvent

    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AccessEvent.objects.create(
        action=action,
        actor=actor,
        username=username or (actor.get_username() if actor else ""),
        ip_address=client_ip(request),
        path=request.get_full_path()[:500] if request is not None else "",
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=audit_label(obj)[:200] if obj is not None else "",
        detail=detail or {},
    )


class AuditedExportMixin:
    """For import-export ModelAdmins: every admin export is an access event."""

    def get_export_data(self, file_format, request, queryset, **kwargs):
        from .models import AccessEvent

        record_access(
            action=AccessEvent.Action.EXPORT,
            request=request,
            detail={"what": self.model._meta.label, "rows": queryset.count()},
        )
        return super().get_export_data(file_format, request, queryset, **kwargs)
