"""`make cluster-faults`: the cluster of `make cluster` broken on purpose under the load of
staff at work, then checked.

    python -m tests.cluster.faults

For FAULTS_SECONDS (300), FAULTS_USERS (200) staff sessions sign in through nginx and work as
in `make load` (searches, case pages, notes written, centres, conventions), with the
referrals they received and their delegation's report page, a pause of 0 to twice
FAULTS_THINK_SECONDS (5) between two clicks. Meanwhile, one after the other:

1. an app server is killed (SIGKILL, its workers with it) and started again 10 s later:
   nginx routes around it, and nobody is signed out (sessions live in PostgreSQL);
2. a task worker is killed in the middle of an import of 20,000 people: the job is marked
   failed (the reaper: its lease is gone), its uploaded file deleted, not one of its people
   written; the same file imported again succeeds, every row once;
3. a task worker is killed in the middle of the nation's annual report: failed, no file; run
   again, it succeeds;
4. the primary PostgreSQL is stopped and started 5 s later: requests fail cleanly (an error
   page) while it is down, and everything heals by itself;
5. failover: the primary is killed (SIGKILL) and the standby promoted; the portal's
   configuration names both servers and asks for the one that accepts writes, so it follows
   without a restart. Replication is synchronous (a commit is acknowledged once the standby
   has it on disk), so no acknowledged write is lost; the promoted server then commits
   alone until a new standby is made of the old primary, after the run.

Prints the requests of each kind (errors, p50/p95/p99), the errors by phase, each fault's
outcome, and checks every note acknowledged (302) for presence, once, whole. Exits non-zero
on an error outside the faults, a staff page p95 above 200 ms outside the faults, a fault
not healed, a job not cleaned, or a write lost.
"""

from __future__ import annotations

import collections
import csv
import math
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path

import tests.load.run as load
from tests.cluster.run import PORT, Cluster, log, setup_django

SECONDS = float(os.environ.get("FAULTS_SECONDS") or 300)
USERS = int(os.environ.get("FAULTS_USERS") or 200)
THINK = float(os.environ.get("FAULTS_THINK_SECONDS") or 5)
RAMP = float(os.environ.get("FAULTS_RAMP_SECONDS") or 90)
IMPORT_ROWS = int(os.environ.get("FAULTS_IMPORT_ROWS") or 20_000)
P95_TARGET = 200.0  # ms, staff pages outside the faults

# When each fault starts, in seconds from the first session.
# After the ramp-up: 200 sign-ins (PBKDF2, half a second of CPU each) are the ramp-up's load.
AT = {"app": 100, "import": 130, "report": 175, "restart": 215, "failover": 250}
APP_DOWN, DB_DOWN = 10.0, 5.0
# A fault's window: from its start until this long after it ended (connections re-made).
SETTLE = 10.0

windows: dict[str, list[float]] = {}  # fault -> [start, end of the window]
outcomes: list[tuple[str, bool, str]] = []  # (fault, as expected, what happened)


def referrals(browser, rng):
    return browser.request("referrals", "/fr/beneficiaries/referrals/")[0]


def report_page(browser, rng):
    return browser.request("report page", f"/fr/reports/{browser.account['unit_code']}/")[0]


def add_to_mix():
    load.MIX["social_worker"][referrals] = 1
    load.MIX["delegate"][referrals] = 1
    load.MIX["delegate"][report_page] = 1
    load.KINDS += ["referrals", "report page"]


def phase_of(record) -> str:
    for fault, (start, end) in windows.items():
        if start <= record.end and record.start <= end:
            return fault
    return "steady"


# -- the faults ----------------------------------------------------------------------------


def at(t0: float, seconds: float) -> None:
    time.sleep(max(0.0, t0 + seconds - time.monotonic()))


def kill_app(cluster: Cluster, t0: float) -> None:
    at(t0, AT["app"])
    start = time.monotonic()
    log("fault 1: SIGKILL app-1 (gunicorn and its workers)")
    cluster.apps[0].held = True
    cluster.apps[0].kill()
    time.sleep(APP_DOWN)
    cluster.restart_app(0)
    log(f"fault 1: app-1 started again, answering after {time.monotonic() - start:.1f} s")
    windows["app server killed"] = [start, time.monotonic() + SETTLE]
    signed_out = sum(1 for r in load.records if r.outcome == "signed out")
    outcomes.append(
        (
            "app server killed",
            signed_out == 0,
            f"down {APP_DOWN:.0f} s; {signed_out} sessions signed out",
        )
    )


def import_file(prefix: str, rows: int) -> Path:
    """A file of `rows` new people in the delegations of Casablanca-Settat, CINs `prefix`N
    (the rows of make bench's import)."""
    from tests.bench import national

    delegations = national.import_delegations("CR-MA-06")
    handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="")
    with handle:
        writer = csv.writer(handle)
        writer.writerow(national.IMPORT_COLUMNS)
        for i in range(rows):
            writer.writerow(national.import_row(i, delegations, f"{prefix}{i:06d}"))
    return Path(handle.name)


def worker_holding(model, pk) -> str | None:
    """The task worker whose connection holds the job's lease (entraide.jobs)."""
    from django.db import connection

    from entraide.jobs import lock_space

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s",
            [lock_space(model), pk],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def wait_for(predicate, timeout: float, every: float = 0.5):
    from django.db import DatabaseError, connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except DatabaseError:
            connection.close()
            value = None
        if value:
            return value
        time.sleep(every)
    return None


def kill_worker_of(cluster: Cluster, model, pk, progressed) -> str:
    """Wait until the job has done some of its work, then SIGKILL the worker running it and
    start that worker again. Returns the worker's name."""

    def running():
        job = model.objects.get(pk=pk)
        return job.status == "running" and progressed(job) and worker_holding(model, pk)

    name = wait_for(running, timeout=120, every=0.2)
    if not name:
        raise RuntimeError(f"{model.__name__} {pk} never ran far enough to be killed")
    n = int(name.rsplit("-", 1)[1]) - 1
    cluster.workers[n].held = True
    cluster.workers[n].kill()
    log(f"  SIGKILL {name} while it ran {model.__name__} {pk}")
    time.sleep(2)
    cluster.restart_worker(n)
    return name


def kill_import(cluster: Cluster, t0: float) -> None:
    from django.core.files import File
    from django.core.files.storage import default_storage

    from beneficiaries.models import Beneficiary
    from beneficiaries.tasks import import_job_start
    from entraide.models import ImportJob, User

    at(t0, AT["import"])
    start = time.monotonic()
    prefix = "".join(random.choice("QVWXY") for _ in range(2))
    while Beneficiary.objects.filter(cin__startswith=prefix).exists():
        prefix = "".join(random.choice("QVWXY") for _ in range(2))
    path = import_file(prefix, IMPORT_ROWS)
    actor = User.objects.get(username="bench-import")
    log(f"fault 2: importing {IMPORT_ROWS} people (CINs {prefix}...), killing its worker midway")
    with path.open("rb") as handle:
        job = import_job_start(upload=File(handle, name="faults.csv"), actor=actor)
    stored = job.file.name
    name = kill_worker_of(cluster, ImportJob, job.pk, lambda j: j.rows_done >= IMPORT_ROWS // 4)
    failed = wait_for(
        lambda: ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.FAILED).exists(),
        timeout=60,
    )
    written = Beneficiary.objects.filter(cin__startswith=prefix).count()
    deleted = not default_storage.exists(stored)
    with path.open("rb") as handle:
        again = import_job_start(upload=File(handle, name="faults.csv"), actor=actor)
    done = wait_for(
        lambda: ImportJob.objects.filter(
            pk=again.pk, status__in=[ImportJob.Status.SUCCEEDED, ImportJob.Status.FAILED]
        ).first(),
        timeout=300,
    )
    imported = Beneficiary.objects.filter(cin__startswith=prefix).count()
    path.unlink()
    windows["task worker killed (import)"] = [start, time.monotonic()]
    ok = bool(failed) and deleted and written == 0 and done and done.status == "succeeded"
    ok = ok and imported == IMPORT_ROWS
    outcomes.append(
        (
            "task worker killed (import)",
            ok,
            f"{name} killed: job {'failed' if failed else 'NOT marked failed'}, upload "
            f"{'deleted' if deleted else 'LEFT'}, {written} people written; run again: "
            f"{done.status if done else 'not finished'}, {imported} of {IMPORT_ROWS} people",
        )
    )


def kill_report(cluster: Cluster, t0: float) -> None:
    from django.utils import timezone

    from entraide.models import GeneratedReport, User
    from reports.periods import Period
    from reports.tasks import request_report
    from territory.models import OrgUnit

    at(t0, AT["report"])
    start = time.monotonic()
    nation = OrgUnit.objects.get(code="EN")
    actor = User.objects.get(username="bench-national")
    period = Period("year", timezone.localdate().year - 1)
    log(f"fault 3: the nation's {period.year} report, killing its worker midway")

    def ask():
        return request_report(unit=nation, period=period, language="fr", actor=actor, at_once=False)

    report = ask()
    name = kill_worker_of(cluster, GeneratedReport, report.pk, lambda r: r.progress >= 25)
    failed = wait_for(
        lambda: GeneratedReport.objects.filter(pk=report.pk, status="failed").first(), timeout=60
    )
    again = ask()
    done = wait_for(
        lambda: GeneratedReport.objects.filter(pk=again.pk, status__in=["done", "failed"]).first(),
        timeout=300,
    )
    windows["task worker killed (report)"] = [start, time.monotonic()]
    ok = bool(failed) and not failed.file and done and done.status == "done" and bool(done.file)
    outcomes.append(
        (
            "task worker killed (report)",
            bool(ok),
            f"{name} killed: report "
            + ("failed, no file" if failed and not failed.file else "NOT failed")
            + f"; run again: {done.status if done else 'not finished'}"
            + (f" in {(done.finished_at - done.created_at).total_seconds():.0f} s" if done else ""),
        )
    )


def restart_primary(cluster: Cluster, t0: float) -> None:
    at(t0, AT["restart"])
    primary = cluster.primary
    start = time.monotonic()
    log(f"fault 4: stopping the primary {primary.name} for {DB_DOWN:.0f} s")
    primary.stop("fast")
    down = time.monotonic()
    time.sleep(DB_DOWN)
    primary.start()
    up = time.monotonic()
    log(f"fault 4: primary back after {up - start:.1f} s")
    windows["primary restarted"] = [start, up + SETTLE]
    outcomes.append(("primary restarted", None, f"down {up - down:.1f} s"))


def failover(cluster: Cluster, t0: float) -> None:
    at(t0, AT["failover"])
    old, new = cluster.primary, cluster.standby
    start = time.monotonic()
    log(f"fault 5: failover: SIGKILL the primary {old.name}, promote {new.name}")
    old.kill()
    # Its settings are a standby's: as the primary, it commits alone until a new standby.
    new.promote()
    cluster.set_primary(new)
    promoted = time.monotonic()
    log(f"fault 5: {new.name} is the primary after {promoted - start:.1f} s")
    windows["failover"] = [start, promoted + SETTLE]
    outcomes.append(("failover", None, f"{new.name} promoted in {promoted - start:.1f} s"))


def judge_outage(fault: str) -> str:
    """How the portal went through a fault: failures, and whether they were clean."""
    start, end = windows[fault]
    inside = [r for r in load.records if phase_of(r) == fault]
    failed = [r for r in inside if r.outcome != load.OK]
    counts = collections.Counter(r.outcome for r in failed)
    unclean = {o: n for o, n in counts.items() if o not in load.CLEAN_FAILURES}
    after = [r for r in load.records if r.start > end]
    healed = any(r.outcome == load.OK for r in after)
    text = f"{len(failed)} of {len(inside)} requests failed" + (
        f" ({', '.join(f'{n} {o}' for o, n in counts.most_common())})" if counts else ""
    )
    return text, not unclean and healed


# -- the run -------------------------------------------------------------------------------


def main() -> int:
    cluster = Cluster()
    cluster.ensure_databases()
    setup_django(cluster)
    from entraide.models import User

    add_to_mix()
    load.PORT, load.THINK, load.TIMEOUT = PORT, THINK, 60
    mark = f"faults-{secrets.token_hex(4)}"
    accounts = load.prepare_accounts(USERS, secrets.token_urlsafe(16), mark)
    units = dict(
        User.objects.filter(username__in=[a["username"] for a in accounts]).values_list(
            "username", "unit__code"
        )
    )
    for account in accounts:
        account["unit_code"] = units[account["username"]]
    count, seconds = load.warm_home_figures(accounts)
    log(f"home figures of their {count} units computed, as the night's run does ({seconds:.0f} s)")
    # Accounts ready on the standby too before anyone signs in there.
    cluster.start_portal()
    print("\n" + cluster.addresses() + "\n", flush=True)
    log(
        f"{USERS} sessions for {SECONDS:.0f} s (ramp-up {RAMP:.0f} s, pause 0 to "
        f"{2 * THINK:.0f} s), through nginx on 127.0.0.1:{PORT}"
    )
    t0 = time.monotonic()
    load.records.clear()
    sessions = [
        threading.Thread(
            target=load.session, args=(a, t0 + RAMP * i / USERS, t0 + SECONDS), daemon=True
        )
        for i, a in enumerate(accounts)
    ]
    problems: list[str] = []

    def faults():
        for fault in (kill_app, kill_import, kill_report, restart_primary, failover):
            try:
                fault(cluster, t0)
            except Exception as error:  # noqa: BLE001 - reported, the run goes on
                log(f"{fault.__name__} went wrong: {error!r}")
                problems.append(f"{fault.__name__}: {error!r}")

    def supervisor():
        while injector.is_alive():
            try:
                cluster.supervise()
            except SystemExit as error:
                log(f"supervisor: {error}")
            time.sleep(1)

    injector = threading.Thread(target=faults, daemon=True)
    try:
        for thread in [*sessions, injector]:
            thread.start()
        threading.Thread(target=supervisor, daemon=True).start()
        for thread in [*sessions, injector]:
            while thread.is_alive():  # a join with a timeout lets Ctrl-C through
                thread.join(0.5)
    except KeyboardInterrupt:
        log("interrupted: stopping everything")
        cluster.stop()
        return 130
    finally:
        cluster.stop_portal()
    elapsed = max(r.end for r in load.records) - t0
    load.print_table(elapsed)
    problems += report(cluster, mark)
    log("making a standby of the former primary again...")
    cluster.ensure_standby()
    cluster.stop()
    print(
        "\nReproduce: make cluster-faults  (FAULTS_SECONDS, FAULTS_USERS, ...: "
        "tests/cluster/faults.py)"
    )
    if problems:
        print("\nFAILED: " + "; ".join(problems[:8]))
        return 1
    print("\nOK: no error outside the faults, every fault healed, no acknowledged write lost.")
    return 0


def report(cluster: Cluster, mark: str) -> list[str]:
    problems = []
    phases = collections.defaultdict(lambda: [0, 0])
    for r in load.records:
        phase = phase_of(r)
        phases[phase][0] += 1
        phases[phase][1] += r.outcome != load.OK
    print(f"\n{'phase':<30} {'requests':>8} {'errors':>6}")
    print("-" * 46)
    for phase, (n, errors) in phases.items():
        print(f"{phase:<30} {n:>8} {errors:>6}")
    steady = [r for r in load.records if phase_of(r) == "steady"]
    errors = [r for r in steady if r.outcome != load.OK]
    if errors:
        counts = collections.Counter(r.outcome for r in errors)
        problems.append(
            f"{len(errors)} errors outside the faults: "
            + ", ".join(f"{n} {o}" for o, n in counts.most_common())
        )
    pages = sorted(
        (r.end - r.start) * 1000
        for r in steady
        if r.outcome == load.OK and not r.kind.startswith("sign-in")
    )
    p95 = load.percentile(pages, 0.95)
    print(f"\nstaff pages and notes outside the faults: p95 {p95:.0f} ms (target {P95_TARGET:.0f})")
    if not math.isnan(p95) and p95 > P95_TARGET:
        problems.append(f"p95 {p95:.0f} ms outside the faults, above {P95_TARGET:.0f} ms")
    print("\nfaults:")
    for fault, expected, text in outcomes:
        if fault in ("primary restarted", "failover", "app server killed"):
            told, clean = judge_outage(fault)
            text = f"{text}; {told}; " + ("clean, healed by itself" if clean else "NOT CLEAN")
            expected = clean if expected is None else expected and clean
        print(f"  {'ok ' if expected else 'BAD'} {fault}: {text}")
        if not expected:
            problems.append(f"{fault}: {text}")
    from django.db import connection

    connection.close()
    problems += load.check_writes(mark)
    return problems


if __name__ == "__main__":
    sys.exit(main())
