"""Cursor pagination: a page is the rows after the last one of the page before, by the list's
ordering key and then the primary key, so that rows added or removed meanwhile never shift a
page (as an offset would) and a page costs one index range scan however deep it lies.

The cursor is opaque to clients: the last row's key values, signed (django.core.signing) with a
salt of the list's own, so that a cursor made up or taken from another list is refused (400).
It carries no time: the same page always gives the same cursor.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q

from .errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _signer(name):
    return signing.Signer(salt=f"api.cursor.{name}")


def _after(keys, values):
    """The rows after `values` in the ascending order of `keys`: (k1 > v1) or (k1 = v1 and
    k2 > v2) or ..."""
    condition = Q()
    for i, key in enumerate(keys):
        equal = {keys[j]: values[j] for j in range(i)}
        condition |= Q(**equal, **{f"{key}__gt": values[i]})
    return condition


def _field(model, key):
    return model._meta.pk if key == "pk" else model._meta.get_field(key)


def page(queryset, *, name, keys, cursor=None, limit=DEFAULT_LIMIT):
    """(rows, next cursor or None) of the page of `queryset` after `cursor`, in the ascending
    order of `keys` (fields of the model that are never null, the last one unique)."""
    model = queryset.model
    if cursor:
        try:
            raw = _signer(name).unsign_object(cursor)
            if not isinstance(raw, list) or len(raw) != len(keys):
                raise ValueError
            values = [
                _field(model, key).to_python(value) for key, value in zip(keys, raw, strict=True)
            ]
        except (signing.BadSignature, ValueError, TypeError, ValidationError):
            raise ApiError("bad_cursor") from None
        queryset = queryset.filter(_after(keys, values))
    rows = list(queryset.order_by(*keys)[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    raw = [_field(model, key).value_to_string(last) for key in keys]
    return rows, _signer(name).sign_object(raw)
