"""Querysets compiled once and run again with new values.

Django builds and compiles a queryset's SQL on every evaluation. For the one query every
signed-in page runs (its session and its user, with the unit, the permissions and the apps'
annotations: entraide.sessions) that costs twice the query itself: about 3 ms of Python for
1.2 ms in PostgreSQL, measured on the national data set. `PreparedQuery` compiles the queryset
once per database connection and runs the same SQL with the request's values, the rows made
into models exactly as the ORM makes them.
"""

import weakref

from django.db import connections, router
from django.db.models.query import ModelIterable, get_related_populators


class PreparedQuery:
    """`build(**values)` gives a queryset of model instances (select_related and annotations
    allowed; no prefetch_related, no values()). `placeholders` maps each value's name to two
    different values of its type that no request uses: the queryset is compiled with each
    pair's first values, then with their second, and the parameters that changed, and only
    those, are where a request's values go. Compiling to other SQL, a parameter that changed
    with no placeholder's pair, or a placeholder found nowhere, is refused. Calling the
    prepared query with the real values returns the list of instances."""

    def __init__(self, build, model, **placeholders):
        self.build = build
        self.model = model
        self.placeholders = placeholders
        # {connection: {key: (compiler, sql, params, slots)}}, per connection object (a
        # thread's own), which outlives reconnections.
        self._compiled_for = weakref.WeakKeyDictionary()

    def _compile(self, connection, alias, which):
        queryset = self.build(**{n: pair[which] for n, pair in self.placeholders.items()})
        if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
            raise ValueError("A prepared query gives model instances, without prefetching.")
        compiler = queryset.using(alias).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        return compiler, sql, list(params)

    def _compiled(self, alias, key):
        connection = connections[alias]
        by_key = self._compiled_for.setdefault(connection, {})
        found = by_key.get(key)
        if found is None:
            compiler, sql, params = self._compile(connection, alias, 0)
            _other, other_sql, other_params = self._compile(connection, alias, 1)
            if other_sql != sql or len(other_params) != len(params):
                raise ValueError("The placeholders change the SQL, not only its parameters.")
            slots = {name: [] for name in self.placeholders}
            for position, (first, second) in enumerate(zip(params, other_params, strict=True)):
                if first == second:
                    continue
                names = [
                    name
                    for name, pair in self.placeholders.items()
                    if (first, second) == pair and type(first) is type(pair[0])
                ]
                if len(names) != 1:
                    raise ValueError(f"Parameter {position} changed with no single placeholder.")
                slots[names[0]].append(position)
            if missing := [name for name, positions in slots.items() if not positions]:
                raise ValueError(f"{', '.join(missing)}: the placeholder is not in the SQL")
            found = by_key[key] = (compiler, sql, params, slots)
        return found

    def __call__(self, key=(), **values):
        """The instances for these values. `key`: what else the queryset's shape depends on
        (a new key compiles it again)."""
        alias = router.db_for_read(self.model)
        compiler, sql, params, slots = self._compiled(alias, key)
        params = list(params)
        for name, positions in slots.items():
            for position in positions:
                params[position] = values[name]
        with compiler.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        # As django.db.models.query.ModelIterable makes them.
        select, klass_info = compiler.select, compiler.klass_info
        model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, alias)
        found = []
        for row in compiler.results_iter([rows]):
            instance = model.from_db(alias, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in compiler.annotation_col_map.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found
