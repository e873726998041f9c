"""`make load`: staff sessions against gunicorn with the production settings, on the national
data set of `make bench`; `make load-faults` restarts PostgreSQL in the middle.

    python -m tests.load.run [--restart-db]

Each session signs in through the login form, then clicks through its role's pages (home
page, beneficiary search, case pages, centre list, conventions list) with a pause between two
clicks; social workers and delegates also add notes to cases through the case page's form.
Prints one table (requests, errors, latency of the successful requests, requests/s; per kind
and overall), then checks that every note the portal acknowledged (302) is in the database,
whole: one row, its audit event, the case's last activity. With the restart, it also checks
that requests fail cleanly while the database is down and that the portal heals by itself.
Exits non-zero on any error (before the restart, with one), on an outage that fails otherwise
than by the error page or a refused connection, hangs or does not heal, and on a lost or
half-written note.

The client is a thread per session with the standard library's http.client: one connection
per request, as the reverse proxy in front of gunicorn opens one per request in production.
The latency is measured from the request sent to the last byte of the page. Not locust: the
outage and the write check need every request's times and the ledger of writes in the same
process as the restart and the ORM, which gevent's monkey-patching would share.

Environment (defaults):
  LOAD_SECONDS=120        the run, ramp-up included
  LOAD_USERS=50           sessions: of every ten, 7 social workers (each in a delegation of
                          their own, largest first), a delegate, a national officer, a
                          partnership officer
  LOAD_THINK_SECONDS=5    mean pause between two clicks of one session (0 to 2x this)
  LOAD_RAMP_SECONDS=30    sessions sign in evenly over this time
  LOAD_WRITE_SHARE=0.25   share of a worker's or delegate's case pages followed by a new note
  LOAD_WORKERS=4 LOAD_THREADS=2  gunicorn's gthread workers and threads per worker
  LOAD_TIMEOUT=30         gunicorn's worker timeout; the client gives up 10 s later
  LOAD_PORT=8765
  LOAD_RESTART_DB=1       restart PostgreSQL, as --restart-db
  LOAD_RESTART_AT=40      seconds into the run
  LOAD_DB_DOWN_SECONDS=5  how long PostgreSQL stays down
"""

import argparse
import collections
import datetime
import hashlib
import http.client
import math
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]


def env_number(name, default):
    return type(default)(os.environ.get(name) or default)


SECONDS = env_number("LOAD_SECONDS", 120.0)
USERS = env_number("LOAD_USERS", 50)
THINK = env_number("LOAD_THINK_SECONDS", 5.0)
RAMP = env_number("LOAD_RAMP_SECONDS", 30.0)
WRITE_SHARE = env_number("LOAD_WRITE_SHARE", 0.25)
WORKERS = env_number("LOAD_WORKERS", 4)
THREADS = env_number("LOAD_THREADS", 2)
TIMEOUT = env_number("LOAD_TIMEOUT", 30)
PORT = env_number("LOAD_PORT", 8765)
RESTART_AT = env_number("LOAD_RESTART_AT", 40.0)
DOWN = env_number("LOAD_DB_DOWN_SECONDS", 5.0)

OK = "ok"
# How a request may fail while the database is down: the portal's error page, or no server.
CLEAN_FAILURES = {"HTTP 500", "HTTP 502", "HTTP 503", "connection refused"}
ROLES = ["social_worker"] * 7 + ["delegate", "central_officer", "partnership_officer"]
KINDS = [
    "sign-in page",
    "sign-in",
    "home",
    "beneficiary search",
    "case page",
    "note (POST)",
    "centre list",
    "conventions list",
]

Record = collections.namedtuple("Record", "kind start end outcome")
Write = collections.namedtuple("Write", "text case username acknowledged")
records: list[Record] = []  # list.append is atomic: the session threads share these two
writes: list[Write] = []


class Browser:
    """One member of staff's browser: its cookies, a new connection for every request.

    The session and CSRF cookies are marked Secure; over plain HTTP on loopback this client
    sends them anyway, as a browser does over the HTTPS of the proxy in production."""

    def __init__(self, account):
        self.account = account
        self.cookies = {}

    def request(self, kind, path, form=None, expect=200):
        """Send a GET (or a POST of `form`), record it, return (outcome, Location, body)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{PORT}"
        location, page = "", ""
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=TIMEOUT + 10)
        try:
            connection.request("GET" if form is None else "POST", path, body, headers)
            response = connection.getresponse()
            page = response.read().decode(errors="replace")
        except ConnectionRefusedError:
            outcome = "connection refused"
        except TimeoutError:
            outcome = "timeout"
        except (OSError, http.client.HTTPException):
            outcome = "connection error"
        else:
            self.remember(response.headers.get_all("Set-Cookie") or [])
            location = response.headers.get("Location", "")
            if response.status == expect:
                outcome = OK
            elif response.status == 302 and "/login/" in location:
                outcome = "signed out"
            else:
                outcome = f"HTTP {response.status}"
        finally:
            connection.close()
        records.append(Record(kind, started, time.monotonic(), outcome))
        return outcome, location, page

    def remember(self, set_cookies):
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def sign_in(self):
        outcome, _, page = self.request("sign-in page", "/fr/login/")
        if outcome != OK:
            return outcome
        form = {
            "csrfmiddlewaretoken": csrf_token(page),
            "username": self.account["username"],
            "password": self.account["password"],
        }
        outcome, location, _ = self.request("sign-in", "/fr/login/", form, expect=302)
        if outcome == "HTTP 200":
            return "refused"  # the form again: wrong password
        if outcome == OK:
            self.request("home", location)  # signed in, whatever the home page answers
        return outcome


def csrf_token(page):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


def home(browser, rng):
    return browser.request("home", "/fr/")[0]


def search(browser, rng):
    query = urlencode({"q": rng.choice(browser.account["terms"])})
    return browser.request("beneficiary search", f"/fr/beneficiaries/?{query}")[0]


def case_page(browser, rng):
    account = browser.account
    number = rng.choice(account["cases"])
    outcome, _, page = browser.request("case page", f"/fr/beneficiaries/cases/{number}/")
    if outcome == OK and account["writes"] and rng.random() < WRITE_SHARE:
        add_note(browser, number, page)
    return outcome


def add_note(browser, number, page):
    """The case page's note form, posted; the note's text names it in the ledger."""
    account = browser.account
    account["notes"] += 1
    text = f"{account['mark']} {account['username']} {account['notes']}"
    form = {
        "csrfmiddlewaretoken": csrf_token(page),
        # UTC's date is never ahead of Casablanca's, and the form refuses a future date.
        "note-date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "note-kind": "other",
        "note-text": text,
    }
    path = f"/fr/beneficiaries/cases/{number}/add/note/"
    outcome, location, _ = browser.request("note (POST)", path, form, expect=302)
    acknowledged = outcome == OK and location.endswith(f"/cases/{number}/")
    writes.append(Write(text, number, account["username"], acknowledged))


def centres(browser, rng):
    return browser.request("centre list", "/fr/centres/")[0]


def conventions(browser, rng):
    return browser.request("conventions list", "/fr/partnerships/conventions/")[0]


# What each role clicks, and how often; partnership officers do not see people's files.
MIX = {
    "social_worker": {home: 2, search: 3, case_page: 4, centres: 1},
    "delegate": {home: 2, search: 2, case_page: 3, centres: 1, conventions: 2},
    "central_officer": {home: 2, search: 3, case_page: 2, centres: 2, conventions: 1},
    "partnership_officer": {home: 2, centres: 2, conventions: 4},
}


def session(account, start_at, deadline):
    rng = random.Random(account["username"])
    browser = Browser(account)
    actions, weights = zip(*MIX[account["role"]].items(), strict=True)
    time.sleep(max(0.0, start_at - time.monotonic()))
    signed_in = False
    while time.monotonic() < deadline:
        if not signed_in:
            outcome = browser.sign_in()
            if outcome == "refused":
                return  # stop before django-axes locks the account out
            signed_in = outcome == OK
        elif rng.choices(actions, weights)[0](browser, rng) == "signed out":
            signed_in = False
        time.sleep(rng.uniform(0, 2 * THINK))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    if not os.environ.get("DATABASE_URL", "").split("?")[0].endswith("/entraide_bench"):
        from tests.bench.national import bench_database_url

        os.environ["DATABASE_URL"] = bench_database_url()
    import django

    django.setup()


def prepare_accounts(count, password, mark):
    """`count` staff accounts (load-<role>-<n>) signing in with `password`, each with search
    terms from its delegation's files and open cases it may see."""
    from axes.models import AccessAttempt
    from django.contrib.auth.hashers import make_password

    from beneficiaries.models import Beneficiary, CaseFile
    from entraide.models import User
    from territory.models import OrgUnit
    from tests.bench.national import WEIGHTS

    delegations = sorted(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION),
        key=lambda d: (-WEIGHTS.get(d.code.rsplit("-", 1)[-1], 4), d.code),
    )
    national = OrgUnit.objects.get(code="EN-SDAS")
    accounts, seen = [], collections.Counter()
    for i in range(count):
        role = ROLES[i % len(ROLES)]
        n = seen[role]
        seen[role] += 1
        # National officers look anywhere: their terms and cases from delegations spread apart.
        delegation = delegations[(n * 7 if role == "central_officer" else n) % len(delegations)]
        username = f"load-{role.replace('_', '-')}-{n:02d}"
        unit = national if role == "central_officer" else delegation
        User.objects.update_or_create(
            username=username,
            defaults={"unit": unit, "role": role, "language": "fr", "is_active": True},
        )
        people = list(Beneficiary.objects.filter(delegation=delegation).order_by("?")[:3])
        terms = [
            people[0].last_name_lat[:5].lower(),
            people[0].first_name_ar[:3],
            f"{people[1].first_name_lat} {people[1].last_name_lat}",
            f"{people[2].first_name_ar} {people[2].last_name_ar}",
            people[1].cin or people[1].file_number,
            people[2].phone or people[2].file_number,
        ]
        cases = CaseFile.objects.filter(delegation=delegation).exclude(
            status=CaseFile.Status.CLOSED
        )
        accounts.append(
            {
                "username": username,
                "password": password,
                "role": role,
                "terms": terms,
                "cases": list(cases.order_by("?").values_list("number", flat=True)[:20]),
                "writes": role in ("social_worker", "delegate"),
                "mark": mark,
                "notes": 0,
            }
        )
    names = [a["username"] for a in accounts]
    # One hash for all: PBKDF2 costs about half a second a password.
    User.objects.filter(username__in=names).update(password=make_password(password))
    AccessAttempt.objects.filter(username__in=names).delete()  # earlier runs' lockouts
    return accounts


def production_env(database_url, static_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "entraide.settings.base",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REQUIRE_TWO_FACTOR": "false",
        "TRUSTED_PROXY_COUNT": "0",
    }


def collect_static(env):
    """The production storage serves what collectstatic wrote, by its manifest. Compressing
    the fonts takes most of a minute: the result is kept in .data/load-static and collected
    again only when a source file changes."""
    from django.contrib.staticfiles import finders

    sources = sorted(
        (path, os.stat(storage.path(path)).st_mtime_ns)
        for finder in finders.get_finders()
        for path, storage in finder.list(["CVS", ".*", "*~"])
    )
    fingerprint = hashlib.sha256(repr(sources).encode()).hexdigest()
    stamp = Path(env["STATIC_ROOT"]) / "sources.sha256"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    print("collectstatic (compressing the fonts takes about a minute)...")
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "--clear", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    stamp.write_text(fingerprint)


def start_gunicorn(env, log):
    collect_static(env)
    command = [sys.executable, "-m", "gunicorn", "entraide.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{PORT}", "--worker-class", "gthread"]
    command += ["--workers", str(WORKERS), "--threads", str(THREADS)]
    command += ["--timeout", str(TIMEOUT), "--graceful-timeout", "5", "--no-control-socket"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}); see {log.name}")
        probe = Browser({})
        if probe.request("healthz", "/healthz")[0] == OK:
            records.clear()
            return server
        time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz in 30 s; see {log.name}")


def restart_database(at, events):
    """Stop the embedded PostgreSQL at `at`, leave it down DOWN seconds, start it again;
    each step in a process of its own, as a developer would from a shell."""
    time.sleep(max(0.0, at - time.monotonic()))
    embedded = [sys.executable, "-m", "entraide.embedded_db"]
    events["stop"] = time.monotonic()
    subprocess.run([*embedded, "stop"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    events["down"] = time.monotonic()
    time.sleep(DOWN)
    subprocess.run([*embedded, "url"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    events["up"] = time.monotonic()


def other_connections(database_url):
    """Connections to the server's other databases (a test run, `make run`): the restart
    cuts them too."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND datname IS DISTINCT FROM current_database()"
        ).fetchone()[0]


def on_embedded_server(database_url):
    from entraide import embedded_db

    return parse_qs(urlsplit(database_url).query).get("host") == [str(embedded_db.PGDATA)]


def percentile(ordered, fraction):
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] if ordered else float("nan")


def print_table(elapsed):
    print(
        f"\n{'kind':<20} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'req/s':>6}"
    )
    print("-" * 67)
    for kind in [*KINDS, "all"]:
        rows = [r for r in records if kind in ("all", r.kind)]
        if not rows:
            continue
        ok = sorted((r.end - r.start) * 1000 for r in rows if r.outcome == OK)
        errors = len(rows) - len(ok)
        print(
            f"{kind:<20} {len(rows):>8} {errors:>6} {percentile(ok, 0.5):>7.0f} "
            f"{percentile(ok, 0.95):>7.0f} {percentile(ok, 0.99):>7.0f} "
            f"{len(rows) / elapsed:>6.1f}"
        )
    print("(latency of the successful requests; an error is any other status than the page's")
    print(" 200 or the form's 302, a redirect to the sign-in page, or a failed connection)")


def check_outage(events, t0):
    """Print how the portal went through the restart; return the problems."""
    if "up" not in events:
        return ["the PostgreSQL restart failed (see the error above)"]
    stop, up = events["stop"], events["up"]
    failed = [r for r in records if r.end >= stop and r.outcome != OK]
    during = [r for r in records if r.end >= stop and r.start <= up]
    longest = max((r.end - r.start for r in during), default=0.0)
    last_failure = max((r.end for r in failed), default=up)
    recovery = max(0.0, last_failure - up)
    healed = any(r.outcome == OK and r.start > last_failure for r in records)
    print(
        f"\nPostgreSQL restart: stopping at {stop - t0:.1f} s took "
        f"{events['down'] - stop:.1f} s; accepting connections again at {up - t0:.1f} s"
    )
    counts = collections.Counter(r.outcome for r in failed)
    print(
        f"  {len(failed)} requests failed from the stop on: "
        + (", ".join(f"{n} {outcome}" for outcome, n in counts.most_common()) or "none")
    )
    print(f"  longest request around the outage: {longest:.1f} s (gunicorn's timeout: {TIMEOUT} s)")
    after = [r for r in records if r.start > up]
    print(
        f"  recovery: {recovery:.1f} s after PostgreSQL was back; of the {len(after)} requests "
        f"sent since, {sum(1 for r in after if r.outcome != OK)} failed; "
        + ("healed by itself, gunicorn not restarted" if healed else "NOT HEALED by the end")
    )
    # Latency on either side of the outage, sign-ins left out (they all fall in the ramp-up).
    work = [r for r in records if r.outcome == OK and not r.kind.startswith("sign-in")]
    before = sorted((r.end - r.start) * 1000 for r in work if r.end < stop)
    since = sorted((r.end - r.start) * 1000 for r in work if r.start > up)
    print(
        f"  p95 of the staff's pages and notes: {percentile(before, 0.95):.0f} ms before the "
        f"stop, {percentile(since, 0.95):.0f} ms once PostgreSQL was back"
    )
    problems = [
        f"{n} requests failed uncleanly ({o})" for o, n in counts.items() if o not in CLEAN_FAILURES
    ]
    if longest > TIMEOUT:
        problems.append(f"a request hung {longest:.0f} s, beyond gunicorn's timeout")
    if not healed:
        problems.append("the portal did not recover by itself")
    return problems


def check_writes(mark):
    """Every acknowledged note is in the database once, whole; a note whose answer was lost
    may be there or not, but whole. Print the summary; return the problems."""
    from django.apps import apps
    from django.db import connection

    from beneficiaries.models import Note

    connection.close()  # a restart cut this process's connection too
    notes = collections.defaultdict(list)
    for note in Note.objects.filter(text__startswith=f"{mark} ").select_related("case", "author"):
        notes[note.text].append(note)
    events = set(
        apps.get_model("beneficiaries", "NoteEvent")
        .objects.filter(pgh_label="insert", pgh_context__isnull=False)
        .filter(pgh_obj__text__startswith=f"{mark} ")
        .values_list("pgh_obj_id", flat=True)
    )
    problems = []
    for write in writes:
        stored = notes.get(write.text, [])
        if write.acknowledged and len(stored) != 1:
            problems.append(f"acknowledged note {write.text!r} stored {len(stored)} times")
        for note in stored:
            if (note.case.number, note.author.username) != (write.case, write.username):
                problems.append(f"note {write.text!r} on the wrong case or author")
            if note.pk not in events:
                problems.append(f"note {write.text!r} has no audit event with its context")
            if note.case.last_activity_at < note.created_at:
                problems.append(f"note {write.text!r}: the case's last activity is older")
    acknowledged = sum(1 for w in writes if w.acknowledged)
    despite = sum(1 for w in writes if not w.acknowledged and w.text in notes)
    print(
        f"\nNotes written: {len(writes)} posted, {acknowledged} acknowledged (302), "
        f"{len(writes) - acknowledged} failed, of which {despite} stored all the same "
        "(committed, answer lost); "
        + (
            "every stored note whole: one row, its audit event, the case's last activity"
            if not problems
            else f"{len(problems)} PROBLEMS:"
        )
    )
    for problem in problems[:20]:
        print("  " + problem)
    return problems


def warm_home_figures(accounts):
    """What the night's run leaves in production (`manage.py run_daily`: reports.dashboard.
    warm_home_figures): the day's home figures of each session's unit, computed before the
    staff arrive. Seconds it took."""
    from django.utils import timezone

    from entraide.models import User
    from reports.dashboard import compute_figures, units_of

    started = time.monotonic()
    users = User.objects.filter(username__in=[a["username"] for a in accounts])
    units = units_of(users.select_related("unit"))
    today = timezone.localdate()
    for unit in units:
        compute_figures(unit, today)
    return len(units), time.monotonic() - started


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--restart-db", action="store_true", help="as LOAD_RESTART_DB=1")
    restart = parser.parse_args(argv).restart_db or os.environ.get("LOAD_RESTART_DB") == "1"
    setup_django()
    from tests.bench import national

    database_url = os.environ["DATABASE_URL"]
    if restart and not on_embedded_server(database_url):
        print("DATABASE_URL names an external server: skipping the PostgreSQL restart.")
        restart = False
    if restart and RESTART_AT + DOWN + 20 > SECONDS:
        raise SystemExit("LOAD_SECONDS leaves under 20 s after the restart to see a recovery.")
    if restart and (others := other_connections(database_url)):
        print(f"Warning: the restart will also cut {others} connections to other databases.")
    if not (national.is_built() and national.extras_built()):
        print("Building the national data set (once; later runs reuse it)...")
        national.ensure_built()
    mark = f"load-{secrets.token_hex(4)}"
    accounts = prepare_accounts(USERS, secrets.token_urlsafe(16), mark)
    roles = collections.Counter(a["role"] for a in accounts)
    print(f"{USERS} accounts: " + ", ".join(f"{n} {role}" for role, n in roles.items()))
    units, seconds = warm_home_figures(accounts)
    print(
        f"Home figures of their {units} units computed, as the night's run does ({seconds:.0f} s)"
    )
    print(
        "Production settings (entraide.settings.base) with REQUIRE_TWO_FACTOR=false: staff sign "
        "in with a password only, no TOTP code; plain HTTP on loopback (SECURE_SSL_REDIRECT="
        "false)."
    )
    log = tempfile.NamedTemporaryFile("w", prefix="entraide-load-", suffix=".log", delete=False)
    static_root = ROOT / ".data" / "load-static"
    server = start_gunicorn(production_env(database_url, static_root), log)
    print(
        f"gunicorn: {WORKERS} gthread workers x {THREADS} threads on 127.0.0.1:{PORT}, "
        f"log in {log.name}"
    )
    print(
        f"{USERS} sessions for {SECONDS:.0f} s (ramp-up {RAMP:.0f} s, mean pause {THINK} s)"
        + (f"; PostgreSQL restarted at {RESTART_AT:.0f} s, down {DOWN:.0f} s" if restart else "")
        + "..."
    )
    t0 = time.monotonic()
    events = {}
    threads = [
        threading.Thread(target=session, args=(a, t0 + RAMP * i / USERS, t0 + SECONDS))
        for i, a in enumerate(accounts)
    ]
    if restart:
        threads.append(threading.Thread(target=restart_database, args=(t0 + RESTART_AT, events)))
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    elapsed = max(r.end for r in records) - t0
    print_table(elapsed)
    problems = []
    normal = [r for r in records if r.outcome != OK and r.end < events.get("stop", math.inf)]
    if normal:
        counts = collections.Counter(r.outcome for r in normal)
        problems.append(
            f"{len(normal)} errors"
            + (" before the restart: " if restart else ": ")
            + ", ".join(f"{n} {o}" for o, n in counts.most_common())
        )
    if restart:
        problems += check_outage(events, t0)
    problems += check_writes(mark)
    print(
        "\nReproduce: "
        + f"LOAD_SECONDS={SECONDS:.0f} LOAD_USERS={USERS} "
        + ("make load-faults" if restart else "make load")
        + f"  (or: python -m tests.load.run{' --restart-db' if restart else ''}"
        " with DATABASE_URL of the bench database)"
    )
    if problems:
        print("\nFAILED: " + "; ".join(problems[:5]))
        return 1
    print("\nOK: no error" + (" outside the outage" if restart else "") + ", no write lost.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
