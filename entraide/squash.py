"""The squashed migrations: the apps' history made again from their models, so that a new
database is built in seconds instead of two minutes.

Django re-renders every model related to the one a migration step touches, recursively, after
each step. The people, the staff and the history tables are related to nearly every model, so
each of the 71 earlier migrations' 1,100 steps re-rendered most of the project's ~350 models:
`migrate` took 118 s on an empty database (97 % of it rendering), for every test worker, CI
pass and new deployment. The 23 `00NN_squashed*` migrations are what `makemigrations` writes
from the models as they are, with:

- what the history did beyond the models run again from the history itself (`ran`): the SQL
  functions and triggers, statistics targets, reference data and the cache table;
- each run of additions to models already made (fields, indexes, constraints, triggers) taken
  as one step (`Together`), which renders the models once instead of after each addition.

`migrate` on an empty database: 118 s to 10 s; the schema (pg_dump, columns aside: the squash
writes them in the models' order) and the reference rows are the same
(tests/entraide/test_squash.py compares the models, triggers and SQL steps).

The earlier migrations stay on disk, each named in the `replaces` of one squashed migration:
a database that applied them all takes the squash as applied, a new one runs only the squash,
as Django's squashing does. The squash has more parts than some apps have migrations (api: 1
earlier, 3 parts) and the apps' histories cross (centres and beneficiaries depend on each other
both ways over time), so the parts share the earlier migrations in the order both ran, whatever
their app: the only split that keeps the graph without cycles. A deployment part-way through
the earlier history migrates with the previous release first. Once every deployment has
applied the squash, the earlier files and the `replaces` lists can go."""

from importlib import import_module

from django.db.migrations import (
    AddConstraint,
    AddField,
    AddIndex,
    RunPython,
    RunSQL,
    SeparateDatabaseAndState,
)
from django.db.migrations.operations.base import Operation
from pgtrigger.migrations import AddTrigger


def ran(app_label, name):
    """The SQL and Python operations of the migration `name` of `app_label`, in order: what it
    did to the database beyond the models (the schema steps are in the squash already)."""
    found = []
    for operation in import_module(f"{app_label}.migrations.{name}").Migration.operations:
        if isinstance(operation, SeparateDatabaseAndState):
            found += [op for op in operation.database_operations if isinstance(op, RunSQL)]
        elif isinstance(operation, RunSQL | RunPython):
            found.append(operation)
    return found


class Together(Operation):
    """Steps that only add to models already made (fields, indexes, constraints, triggers),
    taken as one: the models are re-rendered once for all of them instead of after each.

    Django re-renders every model related to the one a step touches, recursively, after each
    step; with the people and the staff related to nearly every model, that is the whole
    project's ~350 models, 0.1 s, for each of the squash's ~800 additions (80 % of `migrate`
    on an empty database). Each step's SQL is the same as on its own: an addition reads the
    models as they are after all of them, which differs from the models after itself only by
    the other additions, which no addition's SQL reads."""

    reversible = True
    ADDITIONS = (AddField, AddIndex, AddConstraint, AddTrigger)

    def __init__(self, operations):
        refused = [op for op in operations if not isinstance(op, self.ADDITIONS)]
        if refused:
            raise TypeError(f"Together takes only additions, not {refused[0].describe()}")
        self.operations = operations

    def deconstruct(self):
        return self.__class__.__name__, [self.operations], {}

    def describe(self):
        return f"{len(self.operations)} additions to existing models, together"

    def state_forwards(self, app_label, state):
        rendered = state.__dict__.pop("apps", None)  # each step alone: no rendering
        try:
            for operation in self.operations:
                operation.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.__dict__["apps"] = rendered
        if rendered is not None:
            touched = {(app_label, op.model_name_lower) for op in self.operations}
            related = set()
            for model in touched:
                related |= state._find_reload_model(*model, delay=False)
            state._reload(related)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for operation in reversed(self.operations):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def references_model(self, name, app_label):
        return any(op.references_model(name, app_label) for op in self.operations)
