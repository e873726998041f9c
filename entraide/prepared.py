"""Querysets compiled once and run again with new values.

Django builds and compiles a queryset's SQL on every evaluation. For the one query every
signed-in page runs (its session and its user, with the unit, the permissions and the apps'
annotations: entraide.sessions) that costs twice the query itself: about 3 ms of Python for
1.2 ms in PostgreSQL, measured on the national data set. `PreparedQuery` compiles the queryset
once per database connection and runs the same SQL with the request's values, the rows made
into models exactly as the ORM makes them.

`ShapedQuery` does the same for querysets built from conditions whose number and values vary
with what is asked (the people search: a condition per word of a name, a list of the forms a
word takes): compiled once per shape of its conditions, then run with each request's values.
"""

import itertools
import re

from django.core.exceptions import EmptyResultSet, FullResultSet, ValidationError
from django.db import connections, router
from django.db.models import Q
from django.db.models.query import ModelIterable, get_related_populators


def held_by(connection, owner, name="compiled"):
    """`owner`'s dictionary `name` for this connection, held by the connection object itself
    (a thread's own, which outlives reconnections): a compiled query refers to its connection,
    so a cache keyed by connections elsewhere would keep every connection ever made alive (a
    new one per request under ASGI); held by the connection, it goes with it."""
    caches = connection.__dict__.setdefault("entraide_prepared", {})
    return caches.setdefault((owner, name), {})


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

    def _compile(self, connection, alias, which):
        queryset = self.build(**{n: pair[which] for n, pair in self.placeholders.items()})
        if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
            raise ValueError("A prepared query gives model instances, without prefetching.")
        compiler = queryset.using(alias).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        return compiler, sql, list(params)

    def _compiled(self, alias, key):
        connection = connections[alias]
        by_key = held_by(connection, self)
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
        return _instances(compiler, sql, params, alias)


def _instances(compiler, sql, params, alias):
    """The model instances of a compiled queryset's SQL run with `params`, as
    django.db.models.query.ModelIterable makes them (select_related and annotations)."""
    with compiler.connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
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


# A value's stand-in while a shape is compiled: characters of Unicode's private use area, which
# neither a name nor Django's escaping of a LIKE pattern (\\, %, _) writes.
STAND_IN = "\ue000{}\ue001"
STAND_INS = re.compile("\ue000(\\d+)\ue001")
# Conditions' values that are part of the shape (the same SQL whatever they are): kept as they
# are, and in the key.
SHAPE_VALUES = (bool, int, type(None))


class Unpreparable(Exception):
    """A condition holds something other than values of fields (an expression, a subquery):
    run by the ORM."""


def _stand_ins(condition, values, replacements=None):
    """`condition` (a Q) with each value a field is compared with (a text, or each text of a
    list) replaced by its stand-in, numbered in order; the values appended to `values`. With
    `replacements` (an iterator), each value replaced by the next of them instead."""
    if condition is None:
        return None
    if not isinstance(condition, Q):
        raise Unpreparable(type(condition).__name__)
    shaped = Q()
    shaped.connector, shaped.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            shaped.children.append(_stand_ins(child, values, replacements))
            continue
        if not isinstance(child, tuple):
            raise Unpreparable(type(child).__name__)
        lookup, value = child
        shaped.children.append((lookup, _stand_in(value, values, replacements)))
    return shaped


def _stand_in(value, values, replacements=None):
    if isinstance(value, str):
        values.append(value)
        return STAND_IN.format(len(values) - 1) if replacements is None else next(replacements)
    if isinstance(value, list | tuple):
        return type(value)(_stand_in(item, values, replacements) for item in value)
    if isinstance(value, SHAPE_VALUES):
        return value
    raise Unpreparable(type(value).__name__)


class ShapedQuery:
    """Querysets built by `build(base, conditions)` from a base queryset and a list of Q
    objects (or None), compiled once per shape: `key` (what else the SQL depends on: a slice,
    the fields read), the base's own conditions (whom the user may see) and the conditions
    with their values (texts, or lists of texts) replaced by stand-ins. A new request of the
    same shape runs the same SQL with its own values: each where its stand-in was, as it is, or
    escaped within a LIKE pattern as Django escapes it.

    The first request of a shape compiles its queryset with the stand-ins, with its own values
    and with probes (its values changed in case and given the characters that escaping and
    quoting change: a field that rewrites a value, a pattern that is not a LIKE's, shows
    there), and compares: the same SQL, and the same parameters once the values are put in the
    stand-ins' places, or the shape is run by the ORM from then on. Conditions holding anything
    else than values (an expression, a subquery) are run by the ORM.

    What a shape's compiler holds (its expressions, 50 KB) is kept once for every base whose
    conditions read the same (`delegation_id IN (%s)`): another base's values (another
    delegation) are its own parameters only, compiled once for it (the same SQL, the
    stand-ins in the same places), never another's."""

    def __init__(self, shapes_kept=200, bases_kept=2000):
        # Per connection, then forgotten (and compiled again) past these many: the shapes'
        # compilers, and each base's parameters for a shape.
        self.shapes_kept, self.bases_kept = shapes_kept, bases_kept
        self._numbers = itertools.count()

    def shapes(self, connection):
        """{shape: (number, compiler, SQL, stand-ins' places), or () if run by the ORM}."""
        return held_by(connection, self, "shapes")

    def bases(self, connection):
        """{(shape's number, base's parameters): the SQL's parameters, or None (the ORM)}."""
        return held_by(connection, self, "bases")

    def __call__(self, build, base, conditions, key=()):
        alias = base.db
        connection = connections[alias]
        values = []
        try:
            shaped = [_stand_ins(condition, values) for condition in conditions]
        except Unpreparable:
            return list(build(base, conditions).using(alias))
        base_compiler = base.query.get_compiler(connection=connection)
        try:
            where, where_params = base_compiler.compile(base.query.where)
        except FullResultSet:  # no condition: every row
            where, where_params = "", ()
        except EmptyResultSet:  # none() (no scope): no row
            return []
        shape = (
            getattr(build, "__qualname__", repr(build)),
            base.model._meta.label,
            key,
            where,
            repr([(name, str(value)) for name, value in base.query.annotations.items()]),
            repr(shaped),
        )
        by_shape, by_base = self.shapes(connection), self.bases(connection)
        compiled = by_shape.get(shape)
        if compiled is None:
            if len(by_shape) >= self.shapes_kept:
                by_shape.clear()
                by_base.clear()
            compiled, params = self._compile(build, base, conditions, shaped, values, alias)
            by_shape[shape] = compiled
            if compiled:
                by_base[compiled[0], repr(where_params)] = params
        if not compiled:
            return list(build(base, conditions).using(alias))
        number, compiler, sql, slots = compiled
        if (number, repr(where_params)) not in by_base:
            if len(by_base) >= self.bases_kept:
                by_base.clear()
            by_base[number, repr(where_params)] = self._params(build, base, shaped, compiled, alias)
        params = by_base[number, repr(where_params)]
        if params is None:  # not the shape's SQL for this base: as the ORM writes it
            return list(build(base, conditions).using(alias))
        return _instances(compiler, sql, _filled(params, slots, values, connection), alias)

    def _compile(self, build, base, conditions, shaped, values, alias):
        """((number, compiler, SQL, the stand-ins' places), this base's parameters) of a new
        shape, or ((), None) if its SQL is not the ORM's once values are put in place."""
        connection = connections[alias]

        def compiled(conditions):
            compiler = (
                build(base, conditions).using(alias).query.get_compiler(connection=connection)
            )
            sql, params = compiler.as_sql()
            return compiler, sql, list(params)

        try:
            compiler, sql, params = compiled(shaped)
            slots = []  # (position, the value's number or None, the pattern or None)
            for position, param in enumerate(params):
                if isinstance(param, str) and "\ue000" in param:
                    whole = STAND_INS.fullmatch(param)
                    slots.append(
                        (position, int(whole[1]), None) if whole else (position, None, param)
                    )
                elif not isinstance(param, (str, float, *SHAPE_VALUES)):
                    return (), None  # a list, a date...: not a value of ours, or not placed
            probes = [f"{v.swapcase()}aZ\u00e9\u00c9%_\\\"'{n}" for n, v in enumerate(values)]
            for tried in (values, probes):
                replacements = iter(tried)  # in order, across the conditions
                _compiler, real_sql, real_params = compiled(
                    [_stand_ins(c, [], replacements) for c in conditions]
                )
                if real_sql != sql or _filled(params, slots, tried, connection) != real_params:
                    return (), None
        except (EmptyResultSet, FullResultSet, ValidationError, ValueError, TypeError):
            return (), None  # no SQL, or a stand-in refused by its field (an integer's)
        return (next(self._numbers), compiler, sql, slots), params

    def _params(self, build, base, shaped, compiled, alias):
        """The parameters of a known shape for this base (its own scope's values), each
        stand-in where the shape has it; None if this base compiles to other SQL."""
        _number, _compiler, sql, slots = compiled
        try:
            compiler = (
                build(base, shaped).using(alias).query.get_compiler(connection=connections[alias])
            )
            own_sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet, ValidationError, ValueError, TypeError):
            return None
        if own_sql != sql or any(
            params[position] != (pattern if number is None else STAND_IN.format(number))
            for position, number, pattern in slots
        ):
            return None
        return list(params)


def _filled(params, slots, values, connection):
    params = list(params)
    for position, number, pattern in slots:
        if number is not None:
            params[position] = values[number]
        else:
            params[position] = STAND_INS.sub(
                lambda found: connection.ops.prep_for_like_query(values[int(found[1])]), pattern
            )
    return params
