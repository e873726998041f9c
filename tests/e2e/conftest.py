"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in a thread of the test process and its database is transactional: it is
emptied after every test, so each test starts again from the reference data and the demo
accounts, loaded once per process and copied back before each test (`SeededDatabase`).
"""

import io
import os
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests.conftest import is_superuser, load_reference_data, tables_with_rows

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# (fixtures, assertions) would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "demo"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a browser downloaded by Playwright."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


def load_portal_data():
    load_reference_data()
    # The tests make the people they need: the demo's would only crowd their searches.
    call_command("seed_demo", "--without-people", stdout=io.StringIO())


class SeededDatabase:
    """What `load_portal_data` leaves in an emptied database, loaded once per process and day,
    then put back before each browser test: loading it again took some 4 seconds a test,
    copying its rows back (binary COPY) takes a tenth of one.

    The copy is taken on an emptied database (the state every test but a process's first
    started from), and again when the day changes, since the demo's dates follow today.
    Triggers are off while rows are put back, as in pg_restore: the audit rows the loading
    wrote come back as they were, not doubled by the audit triggers. That needs a superuser;
    under another role each test loads the data itself, as before."""

    def __init__(self):
        self.superuser = None
        self.day = None
        self.rows = {}  # table -> its rows, COPY's binary format
        self.sequences = []  # (schema, sequence, last value)

    def put_in_place(self):
        if not self.can_copy():
            load_portal_data()
            return
        if self.day != timezone.localdate():
            call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
            load_portal_data()
            self.take()
        else:
            self.put_back()
        # The content types are cached by id: those of the flush after the last test are gone.
        ContentType.objects.clear_cache()

    def can_copy(self):
        if self.superuser is None:
            with connection.cursor() as cursor:
                self.superuser = is_superuser(cursor)
        return self.superuser

    def tables(self):
        # The tables that Django's flush empties after each test.
        return connection.introspection.django_table_names(only_existing=True, include_views=False)

    def tables_with_rows(self, cursor):
        return tables_with_rows(cursor, self.tables())

    def take(self):
        quote = connection.ops.quote_name
        rows = {}
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables_with_rows(cursor):
                data = bytearray()
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                    for chunk in copy:
                        data += chunk
                rows[table] = bytes(data)
            cursor.execute(
                "SELECT schemaname, sequencename, last_value FROM pg_sequences "
                "WHERE last_value IS NOT NULL"
            )
            self.sequences = cursor.fetchall()
        self.rows = rows
        self.day = timezone.localdate()

    def put_back(self):
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            # After the flush: the content types and permissions that post_migrate wrote.
            for table in self.tables_with_rows(cursor):
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - our tables
            for table, data in self.rows.items():
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(data)
            # No id handed out again (a flush may have restarted the sequences): each sequence
            # goes on from where it was when the copy was taken, if it stands below that.
            cursor.execute(
                "SELECT setval(format('%%I.%%I', s.schemaname, s.sequencename)::regclass, "
                "saved.value) "
                "FROM unnest(%s::text[], %s::text[], %s::bigint[]) AS saved(schema, name, value) "
                "JOIN pg_sequences s "
                "ON s.schemaname = saved.schema AND s.sequencename = saved.name "
                "WHERE s.last_value IS NULL OR s.last_value < saved.value",
                [[row[column] for row in self.sequences] for column in range(3)],
            )


@pytest.fixture(scope="session")
def seeded_database():
    return SeededDatabase()


@pytest.fixture
def portal(live_server, transactional_db, seeded_database):
    """The live server's base URL, with the reference data and the demo accounts loaded, and
    an empty cache: the live server commits what it caches (the home page's figures)."""
    cache.clear()
    seeded_database.put_in_place()
    return live_server.url


@pytest.fixture
def sign_in(page, portal):
    """`sign_in(username, lang)`: sign in through the login page of that language."""

    def sign_in(username, lang="ar", password=DEMO_PASSWORD):
        page.goto(f"{portal}/{lang}/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()

    return sign_in


WALK_FINDINGS = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def walk_findings(pytestconfig):
    """What the walks (test_walks.py) saw that is worth fixing but fails no test: written to
    test-results/walk-findings.md and listed at the end of the run."""
    findings = pytestconfig.stash.setdefault(WALK_FINDINGS, [])
    yield findings
    if findings:
        folder = Path(pytestconfig.getoption("--output"))
        folder.mkdir(parents=True, exist_ok=True)
        lines = "".join(f"- {finding}\n" for finding in findings)
        (folder / "walk-findings.md").write_text(f"# Walk findings\n\n{lines}", encoding="utf-8")


def pytest_terminal_summary(terminalreporter, config):
    findings = config.stash.get(WALK_FINDINGS, [])
    if findings:
        written = Path(config.getoption("--output")) / "walk-findings.md"
        terminalreporter.section(f"walk findings ({written})")
        for finding in findings:
            terminalreporter.write_line(f"- {finding}")
