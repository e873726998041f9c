"""The audit trail in plain words: how the audit page names records, fields and values.

The trail stores what the database holds: "beneficiaries.Beneficiary", `sex`, "F",
`delegation_id` 12, "2026-03-01T10:00:00+00:00". People read "person", "sex", "woman", the
delegation's name and a date in their own language. Everything is resolved from the models'
own declarations (verbose names, choices, foreign keys) through the app registry, so the kernel
names no app; related records and the changed records themselves are fetched with one query
per model on the page, never one per row.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .audit import audit_label

# Longer values are cut in the list, the full value one click away.
SHORT = 80


@dataclass
class Change:
    label: str
    old: object = None
    new: object = None
    field: str = ""  # the technical name, for auditors who need it


class _QueryAttempted(Exception):
    pass


def _refuse(execute, sql, params, many, context):
    raise _QueryAttempted


@contextmanager
def _no_queries():
    with connection.execute_wrapper(_refuse):
        yield


def _record_name(obj):
    """A record's label when it can be told without another query, else None."""
    try:
        with _no_queries():
            return audit_label(obj)
    except _QueryAttempted:
        return None


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, key):
    """The model field stored under `key` (a name or a column: `delegation_id`)."""
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        for field in model._meta.concrete_fields:
            if field.attname == key:
                return field
    return None


def _bulk(model, ids):
    """The records of `model` with these ids, in one query, their non-null foreign keys
    joined so that most labels need nothing more."""
    ids = [i for i in ids if i not in (None, "")]
    if not ids:
        return {}
    try:
        found = model._default_manager.select_related().in_bulk(ids)
    except (ValueError, TypeError):
        return {}
    return {str(pk): obj for pk, obj in found.items()}


def _text(value, field):
    """One stored value as people read it (foreign keys are named by the caller)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(field, models.BooleanField) or isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        if isinstance(value, list):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value[:10])
        if day is not None:
            return date_format(day, "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _shown(value, field, related, withheld):
    if value is withheld:
        return {"text": str(value), "short": str(value)}
    if isinstance(field, models.ForeignKey) and value not in (None, ""):
        obj = related.get(field.related_model, {}).get(str(value))
        name = _record_name(obj) if obj is not None else None
        text = name or f"#{value}"
    else:
        text = _text(value, field)
    short = text if len(text) <= SHORT else text[: SHORT - 1] + "…"
    return {"text": text, "short": short}


def make_readable(events, *, withheld=None):
    """Give each change event of the page `record_type`, `record_name` and `changes`: a list
    of `Change` whose old and new values read as the models declare them. Called after
    the protected values are withheld (`withheld` is their placeholder, shown as is)."""
    events = list(events)
    by_model = {}
    for event in events:
        by_model.setdefault(event.pgh_obj_model, set()).add(event.pgh_obj_id)
    # The foreign keys mentioned on the page, grouped by the model they point to.
    wanted = {}
    for event in events:
        model = _model(event.pgh_obj_model)
        mentioned = [(key, value) for key, value in (event.pgh_data or {}).items()]
        for key, pair in (event.pgh_diff or {}).items():
            mentioned += [(key, pair[0]), (key, pair[1])]
        for key, value in mentioned:
            field = _field(model, key)
            if (
                isinstance(field, models.ForeignKey)
                and value not in (None, "")
                and (value is not withheld)
            ):
                wanted.setdefault(field.related_model, set()).add(value)
    related = {model: _bulk(model, ids) for model, ids in wanted.items()}
    records = {}
    for label, ids in by_model.items():
        model = _model(label)
        if model is not None:
            records[label] = _bulk(model, ids)
    for event in events:
        model = _model(event.pgh_obj_model)
        event.record_type = capfirst(model._meta.verbose_name) if model else event.pgh_obj_model
        obj = records.get(event.pgh_obj_model, {}).get(str(event.pgh_obj_id))
        name = _record_name(obj) if obj is not None else None
        event.record_name = name or ""  # the page shows the number beside it
        changes = []
        if event.pgh_diff:
            pairs = event.pgh_diff.items()
        else:
            pairs = ((key, [None, value]) for key, value in (event.pgh_data or {}).items())
        for key, (old, new) in pairs:
            field = _field(model, key)
            label = capfirst(field.verbose_name) if field is not None else key
            changes.append(
                Change(
                    label=str(label),
                    old=_shown(old, field, related, withheld),
                    new=_shown(new, field, related, withheld),
                    field=key,
                )
            )
        event.changes = changes
        event.is_update = bool(event.pgh_diff)
    return events
