"""The audit trail.

Changes: database triggers (django-pghistory) record every insert, update and delete of an
audited model, whatever path wrote it: forms, the admin, imports, `bulk_create`,
`QuerySet.update`, raw SQL. The acting user, address and URL ride along as pghistory
context: AuditContextMiddleware sets it for requests, `acting_as` for commands and tasks.

Access: sign-ins, failed sign-ins, sign-outs, reads of sensitive records, exports and
printed reports are rows of `AccessEvent` (append-only), written by `record_access`.
"""

import pghistory
from django.db import models

from .addresses import client_ip


def audited(*, exclude=(), **kwargs):
    """Class decorator: record every insert, update and delete of the model. A column that
    PostgreSQL computes from others (a GeneratedField: the folded names, the name keys) is not
    copied into the history: its sources are there, and each copy made PostgreSQL compute it
    again on every write (the name keys, twice a row: a third of an import's time)."""

    def track(model):
        generated = [f.name for f in model._meta.fields if isinstance(f, models.GeneratedField)]
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            exclude=[*exclude, *generated] or None,
            # The audit page reads the newest changes first (entraide.trail): each history
            # table gives its own in order, and PostgreSQL merges them.
            meta={"indexes": [models.Index(fields=["-pgh_created_at"])]},
            **kwargs,
        )(model)

    return track


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
    if obj is not None and request is not None:
        from .reads import current

        recorder = current()
        if recorder is not None:
            # Downloaded or exported: the read is this event, not another one.
            recorder.note_recorded(obj)
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
