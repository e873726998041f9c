import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.backends.postgresql.operations import DatabaseOperations

from entraide.roles import Role

from .factories import UserFactory


def load_reference_data():
    call_command("sync_roles", stdout=io.StringIO())
    call_command("load_territory", stdout=io.StringIO())
    call_command("load_centre_reference", stdout=io.StringIO())
    call_command("load_catalogues", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """The reference data every test stands on: roles and the territory, loaded once into the
    test database. pytest-django makes one only when some test of the run names a database
    (its marker, or the db fixtures); a module of browser tests that owns its data and names
    none (the design proof), run alone, gets one here, made (or kept, --reuse-db) and dropped
    as pytest-django would: never the portal's own database."""
    from django.test.utils import setup_databases, teardown_databases

    made = None
    keep = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        # Set up, the connection names the test database (TEST's name, workers' suffix
        # included); otherwise still the portal's own.
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            made = setup_databases(verbosity=0, interactive=False, keepdb=keep, aliases={"default"})
        load_reference_data()
    yield
    if made is not None and not keep:
        with django_db_blocker.unblock():
            teardown_databases(made, verbosity=0)


def is_superuser(cursor):
    """Whether the session may turn triggers and foreign-key checks off (replica role)."""
    cursor.execute("SELECT current_setting('is_superuser') = 'on'")
    return cursor.fetchone()[0]


def tables_with_rows(cursor, tables):
    """Those of `tables` that hold a row, in one query."""
    if not tables:
        return []
    quote = connection.ops.quote_name
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT %s WHERE EXISTS (SELECT FROM {quote(table)})"  # noqa: S608 - our tables
            for table in tables
        ),
        tables,
    )
    return [table for (table,) in cursor.fetchall()]


@pytest.fixture(scope="session", autouse=True)
def flush_by_deleting():
    """Django empties the database after each transactional test (the browser tests, those of
    committed writes) with one TRUNCATE of all its ~175 tables: 0.7 s, most of it making new
    files for every table and index. After a test, a few dozen tables hold rows: they are
    emptied by DELETE instead, with triggers and foreign-key checks off while it runs, as
    pg_restore puts rows back (which needs a superuser; otherwise Django's TRUNCATE). The
    tables end as empty either way; the sequences are left as they are, as Django's flush of
    a test does (reset_sequences=False)."""
    truncate = DatabaseOperations.sql_flush

    def sql_flush(ops, style, tables, *, reset_sequences=False, allow_cascade=False):
        with ops.connection.cursor() as cursor:
            if reset_sequences or not is_superuser(cursor):
                return truncate(
                    ops, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
                )
            full = tables_with_rows(cursor, sorted(tables))
        quote = ops.quote_name
        return ["SET LOCAL session_replication_role = replica"] + [
            f"DELETE FROM {quote(table)}"  # noqa: S608 - our tables
            for table in full
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def no_language_left_active():
    """Each test starts as if it ran alone: in the default language, not in the one the last
    request of an earlier test activated in this thread."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def pytest_collection_modifyitems(items):
    # Browser tests use transactional databases, which are emptied after each test: run
    # them last so that the reference data loaded once above serves every other test.
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture
def worker(db):
    return UserFactory(username="t-worker")


@pytest.fixture
def worker_rabat(db):
    return UserFactory(username="t-worker-rabat", rabat=True)


@pytest.fixture
def delegate(db):
    return UserFactory(username="t-delegate", delegate=True)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="t-coordinator", coordinator=True)


@pytest.fixture
def central(db):
    return UserFactory(username="t-central", national=True)


@pytest.fixture
def inspector(db):
    return UserFactory(username="t-inspector", inspector=True)


@pytest.fixture
def administrator(db):
    return UserFactory(username="t-admin", administrator=True)


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client, signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploaded files of the test land in its own folder, to be looked at."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def centre_manager(db):
    return UserFactory(username="t-manager", role=Role.CENTRE_MANAGER)


@pytest.fixture(scope="session", autouse=True)
def throwaway_media_root():
    """The test settings upload into a temporary folder: remove it when the run ends."""
    import shutil

    from django.conf import settings

    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def partnership_officer(db):
    return UserFactory(username="t-partnerships", role=Role.PARTNERSHIP_OFFICER)
