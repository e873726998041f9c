"""The national builder's rows, in the columns the models have now.

The builder writes most rows with SQL of its own (INSERT ... SELECT): its column lists come
from the models' concrete fields, so that a field added to a model is either filled here or
refused here, by name, and never found by `make bench` an hour into a run. The rows written
through the ORM (`bulk_create`) are checked the same way before they go.
"""

from django.db import connection, models
from django.db.models import NOT_PROVIDED


class UnfilledField(Exception):
    """A field the builder gives no value while the database requires one."""

    def __init__(self, model, field, why):
        super().__init__(
            f"{model._meta.label}.{field.name} (column {field.column}) {why}: give it a value "
            "in the national builder (demo/national)."
        )


def _left_to_database(field):
    """Whether the database fills the column by itself: the key, a database default, a
    generated column."""
    return (
        isinstance(field, models.AutoField)
        or field.generated
        or field.db_default is not NOT_PROVIDED
    )


def _empty_is_allowed(field):
    # What the ORM writes for a text field without a default: "", where the field allows it.
    return field.empty_strings_allowed and field.blank and not field.null


def insert_select(model, values, source):
    """`INSERT INTO <model's table> (<its columns>) SELECT <their values> <source>`, and the
    parameters of the values this function chose (psycopg's named style: the caller's own
    parameters go with them).

    `values` maps a column to its SQL expression, for the columns the builder fills. Each of
    the model's other columns is left to the database (the key, a database default, a
    generated column), NULL where the field allows it, or the field's default (its `default`,
    once for all rows; now() for auto_now fields; "" for an optional text field). A column
    that is none of these, or a unique one (a single default would repeat), raises
    UnfilledField."""
    fields = {field.column: field for field in model._meta.concrete_fields}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"{model._meta.label} has no column {', '.join(sorted(unknown))}")
    columns, expressions, params = [], [], {}
    for column, field in fields.items():
        if column in values:
            expression = values[column]
        elif _left_to_database(field):
            continue
        elif field.has_default() and not field.unique:
            name = f"default__{model._meta.db_table}__{column}"
            params[name] = field.get_db_prep_save(field.get_default(), connection)
            expression = f"%({name})s"
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expression = "now()"
        elif field.null:
            continue
        elif field.unique:
            raise UnfilledField(model, field, "is unique and has no value for each row")
        elif _empty_is_allowed(field):
            expression = "''"
        else:
            raise UnfilledField(model, field, "is NOT NULL without a default")
        columns.append(connection.ops.quote_name(column))
        expressions.append(expression)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)})\n"
        f"SELECT {', '.join(expressions)}\n{source}"
    )
    return sql, params


def bulk_create(model, objects, *, batch_size):
    """`model.objects.bulk_create(objects)`, once every row has a value for each column the
    database requires: a field left unset is named, not found by a NOT NULL violation."""
    required = [
        field
        for field in model._meta.concrete_fields
        if not (
            _left_to_database(field)
            or field.null
            or field.has_default()
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        )
    ]
    for row in objects:
        for field in required:
            value = getattr(row, field.attname, None)
            if value is None or (value == "" and not _empty_is_allowed(field)):
                raise UnfilledField(model, field, "is NOT NULL without a default")
    return model.objects.bulk_create(objects, batch_size=batch_size)
