"""The squashed migrations (entraide/squash.py) build what the history they replace built:
the same models, the same SQL beyond the models, each earlier migration replaced once."""

import pytest
from django.db import connection
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader

from entraide.squash import Together, ran

PROJECT = {
    "territory",
    "entraide",
    "centres",
    "beneficiaries",
    "partnerships",
    "recruitment",
    "enrolments",
    "programmes",
    "appointments",
    "notifications",
    "api",
}

# What the history did to rows that a new database does not have: nothing to run again.
DATA_FIXES = {
    ("beneficiaries", "0008_referral_deadlines_of_earlier_referrals"),  # earlier referrals
    ("centres", "0002_clean_text_fields"),  # phones written before
    ("entraide", "0010_user_names_in_both_scripts"),  # staff names written before
    ("entraide", "0013_name_key"),  # the name key's first version: 0014 replaced it
    ("partnerships", "0003_clean_text_fields"),  # phones written before
    ("partnerships", "0004_texts_in_both_languages"),  # conventions kept before
    ("programmes", "0004_delivery_traced_and_valued"),  # deliveries made before
    ("recruitment", "0006_texts_in_both_languages"),  # post lines kept before
}


@pytest.fixture(scope="module")
def history():
    """Every migration, the squashed ones and those they replace, side by side."""
    return MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)


def project_keys(history, squashed):
    """The squashed migrations, or the earlier ones they replace (not those made since)."""
    parts = {k for k in history.disk_migrations if k[0] in PROJECT and "squashed" in k[1]}
    if squashed:
        return parts
    since = {
        key
        for key in history.disk_migrations
        if key[0] in PROJECT and key not in parts and parts & set(history.graph.forwards_plan(key))
    }
    return {k for k in history.disk_migrations if k[0] in PROJECT} - parts - since


def state_at(loader, keys):
    """The models after `keys` and every other app's migrations, in `loader`'s graph."""
    graph = loader.graph
    chosen = (set(keys) | {k for k in graph.nodes if k[0] not in PROJECT}) & set(graph.nodes)
    leaves = [
        key
        for key in chosen
        if not any(child.key in chosen for child in graph.node_map[key].children)
    ]
    return graph.make_state(leaves, real_apps=loader.unmigrated_apps)


def squash_operations(history):
    found = []
    for key in project_keys(history, squashed=True):
        for operation in history.disk_migrations[key].operations:
            found += operation.operations if isinstance(operation, Together) else [operation]
    return found


def test_each_earlier_migration_is_replaced_by_exactly_one_squashed_migration(history):
    earlier = project_keys(history, squashed=False)
    replaced = [
        tuple(key)
        for squashed in project_keys(history, squashed=True)
        for key in history.disk_migrations[squashed].replaces
    ]
    assert len(earlier) == 71
    assert sorted(replaced) == sorted(earlier)  # all of them, none twice
    assert all(history.disk_migrations[k].replaces for k in project_keys(history, squashed=True))


def test_the_squash_builds_the_models_the_history_built(history):
    before = state_at(history, project_keys(history, squashed=False))
    # The squash as Django runs it: the earlier migrations replaced, so that the other apps'
    # migrations that follow the staff's model follow the squash.
    squashed = MigrationLoader(None, ignore_no_migrations=True)
    after = state_at(squashed, project_keys(history, squashed=True))
    assert sorted(before.models) == sorted(after.models)
    # What makemigrations would write to go from one to the other: nothing, either way.
    assert MigrationAutodetector(before, after)._detect_changes() == {}
    assert MigrationAutodetector(after, before)._detect_changes() == {}

    # The triggers (pgtrigger's, which the autodetector above does not read).
    def triggers(state):
        return {
            key: sorted(repr(t.deconstruct()) for t in model.options.get("triggers", []))
            for key, model in state.models.items()
        }

    assert triggers(after) == triggers(before)
    assert sum(map(len, triggers(after).values())) > 200


def test_what_the_history_did_beyond_the_models_the_squash_does_again(history):
    """Every SQL or Python step of the history is run again by the squash (the same step,
    taken from the earlier migration), or is a fix of rows written before, named above."""
    again = squash_operations(history)
    for key in sorted(project_keys(history, squashed=False)):
        steps = ran(*key)
        if key in DATA_FIXES:
            assert steps, f"{key} is named a data fix but runs nothing"
            continue
        for step in steps:
            assert any(step is op for op in again), f"{key}: {step.describe()} is not run again"


@pytest.mark.django_db
def test_a_database_the_squash_built_has_what_the_history_put_beyond_the_models():
    """The functions, triggers, statistics and reference rows of the history, in the test
    database (which `migrate` built from the squash)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT proname FROM pg_proc WHERE proname IN (
                   'entraide_name_key', 'beneficiaries_pair_delegations',
                   'beneficiaries_file_moved_pairs', 'enrolments_section_taken',
                   'programmes_lot_left', 'programmes_emergency_last_round') ORDER BY 1"""
        )
        functions = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT entraide_name_key('Mohammed Ben Ali')")
        key = cursor.fetchone()[0]
        cursor.execute(
            """SELECT attstattarget FROM pg_attribute
               WHERE attrelid = 'beneficiaries_beneficiary'::regclass AND attname = 'name_key'"""
        )
        statistics = cursor.fetchone()[0]
        cursor.execute("SELECT extname FROM pg_extension ORDER BY 1")
        extensions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM partnerships_fieldofaction")
        fields_of_action = cursor.fetchone()[0]
        cursor.execute("SELECT to_regclass('entraide_cache')")
        cache = cursor.fetchone()[0]
    assert len(functions) == 6, functions
    assert key == "mhmd bnl"
    assert statistics == 1000
    assert {"pg_trgm", "btree_gist"} <= extensions
    assert fields_of_action == 12
    assert cache is not None
