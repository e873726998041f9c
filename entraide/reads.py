"""Every read of personal data recorded, by one mechanism.

An app declares which of its models hold personal data, and what each record is about (its
*subject*: a person's file, a case, an application), in its AppConfig.ready():

    track_reads(Beneficiary)                    # a file is its own subject
    track_reads(Note, subject="case")           # a note is read as part of its case

From then on, every instance of those models loaded from the database while a request is
served is noted, whatever loaded it: a view, a list, a form shown again after a refusal, the
admin's change pages and changelists, a template. `ReadAuditMiddleware` writes one
`AccessEvent` (action "read") per subject the response showed, in one INSERT, after the
response is ready; a response that shows nothing (a redirect, a 403, a 404) records nothing.
Views never call anything: a new page cannot forget to record its reads.

Records already written to the access log for this request by `record_access` (a download, an
export) are not recorded twice.
"""

import contextvars
from dataclasses import dataclass, field

# Beyond this many subjects in one response (an admin page showing everything), the rest
# are counted in the last event instead of each having its own.
MAX_EVENTS = 500

_current = contextvars.ContextVar("entraide_reads", default=None)
_TRACKED = {}  # model class -> subject path ("" for the record itself)


@dataclass
class _Subject:
    model: type
    pk: object
    label: str = ""
    shown: set = field(default_factory=set)


class ReadRecorder:
    def __init__(self):
        self.subjects = {}
        self.recorded = set()
        self.overflow = 0
        self.extra = []

    def seen(self, instance):
        model, pk, label = _subject_of(instance)
        if pk is None:
            return
        key = (model._meta.label_lower, str(pk))
        subject = self.subjects.get(key)
        if subject is None:
            if len(self.subjects) >= MAX_EVENTS:
                self.overflow += 1
                return
            subject = self.subjects[key] = _Subject(model, pk)
        if label and not subject.label:
            subject.label = label
        subject.shown.add(instance._meta.label_lower)

    def note_recorded(self, obj):
        model, pk, _label = _subject_of(obj)
        self.recorded.add((model._meta.label_lower, str(pk)))

    def flush(self, request):
        from django.contrib.contenttypes.models import ContentType

        from .addresses import client_ip
        from .models import AccessEvent

        user = request.user
        if not user.is_authenticated:  # signed out by the request itself
            return 0
        rows = []  # (content type id, object id, label, detail) of each event
        for key, subject in self.subjects.items():
            if key in self.recorded:
                continue
            content_type = ContentType.objects.get_for_model(subject.model)
            detail = {"shown": sorted(subject.shown)}
            rows.append([content_type.pk, str(subject.pk)[:64], subject.label[:200], detail])
        if rows and self.overflow:
            rows[-1][3]["and_more"] = self.overflow
        for what, detail in self.extra:
            rows.append([None, "", "", {"what": what, **detail}])
        if rows:
            _insert_events(
                rows,
                action=AccessEvent.Action.VIEW,
                actor=user.pk,
                username=user.get_username(),
                ip_address=client_ip(request),
                path=request.get_full_path()[:500],
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        return len(rows)


def _insert_events(rows, **common):
    """One INSERT of every event of a response, in one statement (atomic by itself: no
    transaction to open and close around it). A list page shows 25 people: built as 25
    model instances and saved by `bulk_create`, its events took 2 ms; this, 0.5 ms."""
    import json

    from django.db import connection

    from .models import AccessEvent

    meta = AccessEvent._meta
    quote = connection.ops.quote_name
    names = [*common, "content_type", "object_id", "object_repr", "detail"]
    column = {name: quote(meta.get_field(name).column) for name in names}
    casts = {"ip_address": "::inet"}
    values = [f"%s{casts.get(name, '')}" for name in common] + [
        "t.ct",
        "t.oid",
        "t.repr",
        "t.detail::jsonb",
    ]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(column[n] for n in names)}) "  # noqa: S608 - the model's names
        f"SELECT {', '.join(values)} "
        "FROM unnest(%s::integer[], %s::text[], %s::text[], %s::text[]) AS t(ct, oid, repr, detail)"
    )
    cts, oids, reprs, details = zip(*rows, strict=True)
    params = [
        *common.values(),
        list(cts),
        list(oids),
        list(reprs),
        [json.dumps(d) for d in details],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _subject_of(instance):
    path = _TRACKED.get(type(instance), "")
    if not path:
        return type(instance), instance.pk, _label(instance)
    # The subject through a foreign key: its id is on the row; its label if it was loaded
    # with it (select_related), otherwise the id alone names it.
    field = instance._meta.get_field(path)
    related = instance._state.fields_cache.get(path)
    if related is not None:
        return type(related), related.pk, _label(related)
    return field.related_model, getattr(instance, field.attname), ""


def _label(obj):
    from .audit import audit_label

    return audit_label(obj)


def track_reads(model, *, subject=""):
    """Record every read of `model`'s records, as reads of themselves or, with `subject`,
    of the record that foreign key points to."""
    if model in _TRACKED:
        _TRACKED[model] = subject
        return
    _TRACKED[model] = subject
    original = model.from_db.__func__

    def from_db(cls, db, field_names, values):
        instance = original(cls, db, field_names, values)
        recorder = _current.get()
        if recorder is not None and type(instance) in _TRACKED:
            recorder.seen(instance)
        return instance

    model.from_db = classmethod(from_db)


def current():
    """The recorder of the request being served, or None (commands, tasks)."""
    return _current.get()


def record_shown(what, **detail):
    """For a page that shows personal data not held in tracked models (the audit trail's old
    and new values): record it as a read of `what`."""
    recorder = _current.get()
    if recorder is not None:
        recorder.extra.append((what, detail))


# Statuses of responses that show a page: a form shown again after a refusal (400) or a
# conflict (409) shows the record as much as a 200 does.
SHOWN_STATUSES = frozenset({400, 409, 422})


class ReadAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        recorder = ReadRecorder()
        token = _current.set(recorder)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        status = response.status_code
        if 200 <= status < 300 or status in SHOWN_STATUSES:
            recorder.flush(request)
        return response
