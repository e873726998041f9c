"""The audit trail's changes, newest first, a page at a time.

pghistory's `Events` view computes every event's values and differences (the JSON of the row
and of the one before it, for every row of the ~70 history tables) before the page's order
and cut apply: the 8,900 events of the demo took 230 ms a page, and the time grows with every
change the country writes. Here the page is found first from the tables' plain columns
(filtered, ordered, counted and cut in SQL), then only its events are read whole, each with
the one before it, and their differences made as pghistory makes them: the values of the
fields (not pghistory's own `pgh_*`), and on a change the fields whose value differs from the
event before, old and new.

`ChangeTrail(filters)` is a sequence for Django's Paginator: its `count()` and slices run the
two steps; the events it gives are pghistory `Events` rows with the same attributes."""

import datetime
import json

from django.db import connection, models
from django.utils import timezone
from pghistory.core import event_models
from pghistory.models import Events


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ChangeTrail:
    """The changes recorded by the audit triggers, filtered by `filters` (the audit page's
    `user`, `record_type`, `record_id`, `action`, `date_from`, `date_to`; any may be absent)."""

    def __init__(self, filters):
        self.filters = {name: value for name, value in filters.items() if value}
        record_type = self.filters.get("record_type")
        self.models = [
            model
            for model in event_models()
            if model.pgh_tracked_model is not None
            and (not record_type or model.pgh_tracked_model._meta.label == record_type)
        ]

    def _branches(self):
        """(SQL, params) of each table's events that the filters keep: label, id, time."""
        quote = connection.ops.quote_name
        common, params = [], []
        if "action" in self.filters:
            common.append("pgh_label = %s")
            params.append(self.filters["action"])
        if "date_from" in self.filters:
            common.append("pgh_created_at >= %s")
            params.append(_start_of(self.filters["date_from"]))
        if "date_to" in self.filters:
            common.append("pgh_created_at < %s")
            params.append(_start_of(self.filters["date_to"] + datetime.timedelta(days=1)))
        if "user" in self.filters:
            common.append(
                "pgh_context_id IN (SELECT id FROM pghistory_context WHERE metadata->>'user' = %s)"
            )
            params.append(str(self.filters["user"].pk))
        record_id = self.filters.get("record_id")
        branches = []
        for index, model in enumerate(self.models):
            where, values = list(common), list(params)
            if record_id is not None:
                if isinstance(model._meta.get_field("pgh_obj").target_field, models.IntegerField):
                    if not str(record_id).isdigit():
                        continue  # no row of this table has such a number
                    where.append("pgh_obj_id = %s")
                    values.append(int(record_id))
                else:
                    where.append("pgh_obj_id::text = %s")
                    values.append(str(record_id))
            condition = f" WHERE {' AND '.join(where)}" if where else ""
            branches.append(
                (
                    f"SELECT {index} AS m, pgh_id, pgh_created_at "  # noqa: S608 - our tables
                    f"FROM {quote(model._meta.db_table)}{condition}",
                    values,
                )
            )
        return branches

    def _union(self):
        branches = self._branches()
        sql = " UNION ALL ".join(sql for sql, _values in branches)
        return sql, [value for _sql, values in branches for value in values]

    def count(self):
        sql, params = self._union()
        if not sql:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS events", params)  # noqa: S608
            return cursor.fetchone()[0]

    def __len__(self):
        return self.count()

    def __getitem__(self, cut):
        if not isinstance(cut, slice) or cut.step is not None:
            raise TypeError("the trail is read by pages: trail[start:stop]")
        start, stop = cut.start or 0, cut.stop
        sql, params = self._union()
        if not sql or (stop is not None and stop <= start):
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m, pgh_id FROM ({sql}) AS events "  # noqa: S608
                "ORDER BY pgh_created_at DESC, m DESC, pgh_id DESC "
                "LIMIT %s OFFSET %s",
                [*params, (stop - start) if stop is not None else None, start],
            )
            keys = cursor.fetchall()
        found = {}
        for index in {m for m, _pgh_id in keys}:
            model = self.models[index]
            ids = [pgh_id for m, pgh_id in keys if m == index]
            for event in self._read(model, ids):
                found[(index, event.pgh_id)] = event
        return [found[key] for key in keys]

    def _read(self, model, ids):
        """The events `ids` of `model`'s history table, whole, each beside the one before it
        of the same record; as pghistory's Events rows."""
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT e.pgh_id, e.pgh_created_at, e.pgh_label, e.pgh_obj_id::text,
                       e.pgh_context_id, c.metadata, row_to_json(e)::jsonb,
                       (SELECT row_to_json(p)::jsonb FROM {table} p
                        WHERE p.pgh_obj_id = e.pgh_obj_id AND p.pgh_id < e.pgh_id
                        ORDER BY p.pgh_id DESC LIMIT 1)
                FROM {table} e LEFT JOIN pghistory_context c ON c.id = e.pgh_context_id
                WHERE e.pgh_id = ANY(%s)""",  # noqa: S608 - our tables
                [list(ids)],
            )
            rows = cursor.fetchall()
        label, tracked = model._meta.label, model.pgh_tracked_model._meta.label
        for pgh_id, at, action, obj_id, context_id, context, current, previous in rows:
            # Django reads jsonb as text, for its JSONField to decode.
            context, current, previous = (
                json.loads(value) if isinstance(value, str) else value
                for value in (context, current, previous)
            )
            data = {key: value for key, value in current.items() if not key.startswith("pgh_")}
            diff = None
            if previous is not None:
                diff = {
                    key: [previous[key], value]
                    for key, value in data.items()
                    if key in previous and previous[key] != value
                } or None
            yield Events(
                pgh_slug=f"{label}:{pgh_id}",
                pgh_id=pgh_id,
                pgh_created_at=at,
                pgh_label=action,
                pgh_obj_id=obj_id,
                pgh_model=label,
                pgh_obj_model=tracked,
                pgh_data=data,
                pgh_diff=diff,
                pgh_context_id=context_id,
                pgh_context=context,
            )
