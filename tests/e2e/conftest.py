"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in a thread of the test process and its database is transactional: it is
emptied after every test, so each test loads the reference data and the demo accounts again.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.conftest import load_reference_data

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


@pytest.fixture
def portal(live_server, transactional_db):
    """The live server's base URL, with the reference data and the demo accounts loaded, and
    an empty cache: the live server commits what it caches (the home page's figures)."""
    cache.clear()
    load_reference_data()
    # The tests make the people they need: the demo's would only crowd their searches.
    call_command("seed_demo", "--without-people", stdout=io.StringIO())
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
