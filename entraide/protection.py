"""Field-level protection, in one place.

Some fields are read by fewer people than their record: a case's protection details (the
circumstances of a child at risk or a woman victim of violence), an association's bank details.
Each such field is declared once, by its app (in `perms.py`), with the rule that says who may
read it:

    protect("beneficiaries.CaseFile", "protection_details", rule=can_see_protection_details)

`rule(user, obj)` answers for one record; `rule(user, None)` answers for any record in the
user's scope (what a filter, a search, an ordering or the audit trail would reveal). Every path
that shows or queries a record asks `may_read`: pages, forms, exports, PDFs, JSON, the admin
(fields, lookups, searches, orderings), and the audit trail's old and new values.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP


@dataclass(frozen=True)
class ProtectedField:
    model: str  # "app_label.ModelName"
    field: str
    rule: object  # callable(user, obj_or_None) -> bool


_REGISTRY: dict[str, dict[str, ProtectedField]] = {}


def protect(model, *fields, rule):
    """Declare that `fields` of `model` ("app_label.ModelName") are read only by those for
    whom `rule(user, obj)` is true."""
    label = model.lower()
    for name in fields:
        _REGISTRY.setdefault(label, {})[name] = ProtectedField(label, name, rule)


def _label(model):
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


def protected_fields(model):
    """The names of the protected fields of a model (a class, an instance or a label)."""
    return list(_REGISTRY.get(_label(model), {}))


def may_read(user, model, field, obj=None):
    """Whether `user` may read `field` of `obj` (or, with obj None, of any record of `model` in
    their scope)."""
    entry = _REGISTRY.get(_label(model), {}).get(field)
    if entry is None:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(entry.rule(user, obj))


def hidden_fields(user, model, obj=None):
    """The protected fields of `model` that `user` may not read (on `obj`, or on any record)."""
    return [name for name in protected_fields(model) if not may_read(user, model, name, obj)]


def lookup_reveals_hidden(user, model, lookup):
    """Whether a query path (`protection_details__icontains`, `case__protection_details`,
    `association__bank_account__startswith`, `-bank_account`) goes through a field the user
    may not read: filtering, searching or ordering on it would rebuild its value."""
    parts = lookup.lstrip("-+").split(LOOKUP_SEP)
    if isinstance(model, str):
        model = apps.get_model(model)
    for part in parts:
        if model is None:
            return False
        if part in hidden_fields(user, model):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:  # a transform or lookup name ends the path
            return False
        model = field.related_model if field.is_relation else None
    return False
