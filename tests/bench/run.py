"""`make bench`: the beneficiaries, registers and aid programmes targets measured on the
national data set.

Run as `python -m tests.bench.run` with DATABASE_URL pointing at the bench database (the
Makefile does it, after migrating it and loading the reference data). Prints one table, target
beside each figure, and writes the same figures to bench-results.json.
"""

import csv
import datetime
import io
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMAND = "make bench"
RUNS = 30
WARM_UP = 3
IMPORT_ROWS = 100_000
IMPORT_REGION = "CR-MA-06"  # Casablanca-Settat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings.dev")
# Measured as in production: no DEBUG (no SQL kept per query, no debug templates).
os.environ.setdefault("DEBUG", "0")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
if not os.environ.get("DATABASE_URL", "").split("?")[0].endswith("/entraide_bench"):
    from tests.bench.national import bench_database_url

    os.environ["DATABASE_URL"] = bench_database_url()

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Q, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from beneficiaries.models import Beneficiary, CaseFile  # noqa: E402
from entraide.search import fold  # noqa: E402
from territory.models import OrgUnit  # noqa: E402
from tests.bench import national  # noqa: E402

results = []
NAIVE_ROWS = 2_000
# The machine's speed measured just before the part that recorded a figure (calibrate): each
# figure is printed beside it, so that two runs, or two parts of a run on a busy machine,
# compare.
calibration = {"ms": None}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def record(name, value, unit, target=None, better="lower"):
    results.append(
        {
            "name": name,
            "value": round(value, 2) if isinstance(value, float) else value,
            "unit": unit,
            "target": target,
            "better": better,
            "command": COMMAND,
            "calibration_ms": calibration["ms"],
        }
    )


def timed_get(client, urls, runs=RUNS, warm_all=False):
    """(milliseconds of each run, query counts seen, full-table COUNTs seen) over `urls`.
    `warm_all`: each URL is asked once before the runs (a page in steady use), not only
    the first WARM_UP."""
    for url in urls if warm_all else urls[:WARM_UP]:
        assert client.get(url).status_code == 200, url
    times, counts, full_counts = [], set(), 0
    for i in range(runs):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(queries))
        full_counts += sum(
            1
            for q in queries.captured_queries
            if re.search(r"COUNT\(\*\).*FROM \"beneficiaries_beneficiary\"", q["sql"])
            and " WHERE " not in q["sql"].split("FROM", 1)[1]
        )
    return times, counts, full_counts


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def search_terms(delegation):
    """Names, a CIN, a phone, file and case numbers that exist in the delegation's files."""
    people = Beneficiary.objects.filter(delegation=delegation).order_by("pk")
    first = people.exclude(cin="").exclude(phone="").first()
    other = people.filter(sex="F")[100]
    return [
        ("arabic partial", first.first_name_ar[:3]),
        ("arabic partial", other.last_name_ar[-4:]),
        ("latin partial", first.last_name_lat[:5].lower()),
        ("latin partial", other.first_name_lat[:4].lower()),
        ("full name", f"{other.first_name_lat} {other.last_name_lat}"),
        ("full name (ar)", f"{first.first_name_ar} {first.last_name_ar}"),
        ("cin", first.cin),
        ("phone", first.phone),
        # A number from a paper file, typed as it is written or in small letters.
        ("file number", other.file_number),
        ("file number", first.file_number.lower()),
        ("case number", CaseFile.objects.filter(delegation=delegation).order_by("pk")[100].number),
        # Another spelling of a name on file, as a clerk would type it: found by its sound.
        ("spelling variant", respell(f"{first.first_name_lat} {other.last_name_lat}")),
        ("spelling variant", respell(other.last_name_lat)),
    ]


# How clerks spell the same name otherwise: one change, the first that applies.
RESPELLINGS = [
    ("ss", "s"),
    ("mm", "m"),
    ("nn", "n"),
    ("ou", "w"),
    ("ch", "sh"),
    ("kh", "x"),
    ("q", "k"),
    ("e", "a"),
    ("i", "e"),
]


def respell(name):
    for written, other in RESPELLINGS:
        if written in name.lower():
            return name.lower().replace(written, other, 1)
    return name.lower() + "e"


def url_for_search(term):
    from urllib.parse import urlencode

    return "/fr/beneficiaries/?" + urlencode({"q": term})


def naive_search(term):
    """Django admin's default search: every word in any name column, icontains, and a COUNT."""
    people = Beneficiary.objects.all()
    for word in term.split():
        people = people.filter(
            Q(first_name_ar__icontains=word)
            | Q(last_name_ar__icontains=word)
            | Q(first_name_lat__icontains=word)
            | Q(last_name_lat__icontains=word)
            | Q(cin__icontains=word)
            | Q(phone__icontains=word)
        )
    total = people.count()
    list(people.order_by("-created_at")[:100])
    return total


def bench_search(users, terms_national, terms_delegation):
    # Each term asked ten times, after once to warm up: the p95 of a search in steady use
    # (a first search of a word reads its index pages from disk once).
    urls = [url_for_search(t) for _kind, t in terms_national]
    times, counts, _full = timed_get(
        client_for(users["bench-national"]), urls, runs=10 * len(urls), warm_all=True
    )
    ours_p95 = percentile(times, 0.95)
    record("search, national user: p50", statistics.median(times), "ms")
    record("search, national user: p95", ours_p95, "ms", 20)
    record("search, national user: queries", max(counts), "queries")
    urls = [url_for_search(t) for _kind, t in terms_delegation]
    times, counts, _full = timed_get(
        client_for(users["bench-delegate"]), urls, runs=10 * len(urls), warm_all=True
    )
    record("search, delegation user: p50", statistics.median(times), "ms")
    record("search, delegation user: p95", percentile(times, 0.95), "ms", 20)
    record("search, delegation user: queries", max(counts), "queries")

    # The naive way, on the same queries, the same number of times.
    naive = []
    for _kind, term in terms_national[:WARM_UP]:
        naive_search(term)
    for i in range(RUNS):
        started = time.perf_counter()
        naive_search(terms_national[i % len(terms_national)][1])
        naive.append((time.perf_counter() - started) * 1000)
    record("naive icontains search + COUNT (ORM only): p50", statistics.median(naive), "ms")
    record("naive icontains search + COUNT (ORM only): p95", percentile(naive, 0.95), "ms")
    record("naive p95 / our page p95", percentile(naive, 0.95) / ours_p95, "x", None, "higher")


NAMES = ROOT / "tests" / "data" / "moroccan_names.csv"
DISTINCT_NAMES = ROOT / "tests" / "data" / "moroccan_names_distinct.csv"


class _Rollback(Exception):
    pass


def bench_names(users):
    """The names test set (tests/data/moroccan_names.csv: real Moroccan names in Arabic and the
    Latin forms found on documents, with their sources) among the 580,000 files: recall of the
    people search in the first 10 results, across scripts both ways; then likely duplicates
    planted (one person's Arabic-only file and Latin-only file, with their birth or line) and
    decoys (two different names, same family and birth date), and the national scan timed,
    with the precision and recall of the pairs it finds among the planted files. Everything
    planted is rolled back."""
    import random

    from beneficiaries import duplicates
    from beneficiaries.models import DuplicatePair
    from beneficiaries.selectors import search_beneficiaries

    rows = list(csv.DictReader(NAMES.open(encoding="utf-8")))
    distinct = [
        r for r in csv.DictReader(DISTINCT_NAMES.open(encoding="utf-8")) if not r.get("note")
    ]
    givens = [r for r in rows if r["part"] == "given"]
    families = [r for r in rows if r["part"] == "family"]
    rng = random.Random(2026)
    delegation = users["bench-delegate"].unit
    province = delegation.provinces.first()
    national_user = users["bench-national"]

    def full_name(i, row):
        """(Arabic first, Arabic last, Latin first, Latin last) of test row `i`."""
        if row["part"] == "full":
            ar_first, _, ar_last = row["arabic"].partition(" ")
            lat_first, _, lat_last = row["latin"].partition(" ")
            return ar_first, ar_last, lat_first, lat_last
        if row["part"] == "given":
            other = families[i % len(families)]
            return row["arabic"], other["arabic"], row["latin"], other["latin"]
        other = givens[i % len(givens)]
        return other["arabic"], row["arabic"], other["latin"], row["latin"]

    numbers = iter(range(1, 10**6))

    def person(first_ar="", last_ar="", first_lat="", last_lat="", **fields):
        days = rng.randrange(8 * 365)
        created = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)
        return Beneficiary(
            file_number=f"ZZ-2026-{next(numbers):06d}",
            first_name_ar=first_ar,
            last_name_ar=last_ar,
            first_name_lat=first_lat,
            last_name_lat=last_lat,
            delegation=delegation,
            province=province,
            created_at=created,
            **{"sex": "M", **fields},
        )

    try:
        with transaction.atomic():
            # Search: each name planted in one script, looked for in the other (one script at
            # a time: a name's twin in the other script would be found first, as written).
            queries, found, missed = 0, 0, []
            for script in ("arabic", "latin"):
                planted = []
                for i, row in enumerate(rows):
                    ar_first, ar_last, lat_first, lat_last = full_name(i, row)
                    if script == "arabic":
                        planted.append((person(ar_first, ar_last), f"{lat_first} {lat_last}"))
                    else:
                        planted.append(
                            (person("", "", lat_first, lat_last), f"{ar_first} {ar_last}")
                        )
                Beneficiary.objects.bulk_create([p for p, _q in planted])
                for target, query in planted:
                    top = search_beneficiaries(national_user, query)[0:10]
                    queries += 1
                    if any(p.pk == target.pk for p in top):
                        found += 1
                    else:
                        missed.append(query)
                Beneficiary.objects.filter(pk__in=[p.pk for p, _q in planted]).delete()
            record(
                f"name search, {queries} queries across scripts: recall in the first 10",
                100 * found / queries,
                "%",
                90,
                "higher",
            )
            if os.environ.get("BENCH_MISSED"):
                print("missed:", "; ".join(missed))

            # Duplicates: one person's two files, and decoys.
            true_pairs, files = set(), []
            for i, row in enumerate(rows):
                ar_first, ar_last, lat_first, lat_last = full_name(i, row)
                born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(20000))
                sex = rng.choice("MF")
                arabic = person(ar_first, ar_last, sex=sex, birth_date=born)
                evidence = i % 4
                latin = person(
                    "",
                    "",
                    lat_first,
                    lat_last,
                    sex=sex,
                    birth_date=born if evidence < 2 else None,
                    birth_year=born.year + 1 if evidence == 2 else None,
                    phone="07" + f"{rng.randrange(10**8):08d}" if evidence == 3 else "",
                )
                if evidence == 3:
                    arabic.phone = latin.phone
                files += [arabic, latin]
            for i, decoy in enumerate(distinct):
                family = families[i % len(families)]["latin"]
                born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(20000))
                files.append(person("", "", decoy["name_a"], family, birth_date=born))
                files.append(person("", "", decoy["name_b"], family, birth_date=born))
            Beneficiary.objects.bulk_create(files)
            for a, b in zip(files[: 2 * len(rows) : 2], files[1 : 2 * len(rows) : 2], strict=True):
                true_pairs.add(tuple(sorted([a.pk, b.pk])))
            ids = [f.pk for f in files]
            started = time.perf_counter()
            scan = duplicates.scan()
            record("duplicate scan, national", time.perf_counter() - started, "s", 60)
            record("duplicate scan: files read", scan.people, "files")
            record("duplicate scan: pairs found in the country", scan.pairs_found, "pairs")
            pairs = set(
                DuplicatePair.objects.filter(Q(first__in=ids) | Q(second__in=ids)).values_list(
                    "first_id", "second_id"
                )
            )
            right = len(pairs & true_pairs)
            record(
                f"duplicate candidates among {len(files)} planted files: precision",
                100 * right / max(len(pairs), 1),
                "%",
                90,
                "higher",
            )
            record(
                f"duplicate candidates: recall of {len(true_pairs)} planted pairs",
                100 * right / len(true_pairs),
                "%",
                80,
                "higher",
            )
            raise _Rollback
    except _Rollback:
        pass


def bench_pages(users, delegation):
    cases = list(
        CaseFile.objects.filter(delegation=delegation)
        .order_by("pk")
        .values_list("number", flat=True)[
            :: max(1, CaseFile.objects.filter(delegation=delegation).count() // 10)
        ][:10]
    )
    times, counts, _full = timed_get(
        client_for(users["bench-delegate"]), [f"/fr/beneficiaries/cases/{n}/" for n in cases]
    )
    record("case page: p50", statistics.median(times), "ms")
    # Issue 24's targets: 12 queries and 50 ms at most.
    record("case page: p95", percentile(times, 0.95), "ms", 50)
    record("case page: queries", max(counts), "queries", 12, "at most")
    record("case page: same query count for every case", int(len(counts) == 1), "bool", 1, "higher")

    for who, user in [("national", "bench-national"), ("delegation", "bench-delegate")]:
        times, counts, _full = timed_get(client_for(users[user]), ["/fr/centres/"])
        record(f"centre list ({who}): p50", statistics.median(times), "ms")
        record(f"centre list ({who}): p95", percentile(times, 0.95), "ms", 20)
        record(f"centre list ({who}): queries", max(counts), "queries")

    admin = client_for(users["bench-admin"])
    base = "/fr/admin/beneficiaries/beneficiary/"
    for label, urls in [
        ("admin changelist", [base]),
        ("admin changelist search", [base + "?q=bennani", base + "?q=" + "محمد"]),
    ]:
        times, counts, full = timed_get(admin, urls)
        record(f"{label}: p50", statistics.median(times), "ms")
        record(f"{label}: p95", percentile(times, 0.95), "ms")
        record(f"{label}: queries", max(counts), "queries")
        record(f"{label}: full-table COUNTs", full, "queries", 0)


def bench_notifications(users):
    """The inbox at national size: some two years of notifications, 2,000 for each bench
    worker of the 82 delegations and 20,000 for the delegate whose inbox is timed, a third of
    them unread; written once (keys "bench:..."), then reused."""
    from notifications.models import Notification

    delegate = users["bench-delegate"]
    if not Notification.objects.filter(key__startswith="bench:").exists():
        recipients = [u.pk for name, u in users.items() if name.startswith("bench-worker-")]
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO notifications_notification "
                "(recipient_id, kind, about, url, key, created_at, read_at, email_attempts) "
                "SELECT r, 'case_assigned', 'KHO-2026-' || lpad(n::text, 6, '0') || '-1', "
                "'/fr/beneficiaries/', 'bench:' || r || ':' || n, "
                "now() - (n || ' minutes')::interval, "
                "CASE WHEN n %% 3 = 0 THEN NULL ELSE now() END, 0 "
                "FROM unnest(%s::int[]) AS r, generate_series(1, %s) AS n",
                [recipients, 2000],
            )
            cursor.execute(
                "INSERT INTO notifications_notification "
                "(recipient_id, kind, about, url, key, created_at, read_at, email_attempts) "
                "SELECT %s, 'referral_overdue', 'CAS-2026-' || lpad(n::text, 6, '0') || '-1', "
                "'/fr/beneficiaries/', 'bench:d:' || n, now() - (n || ' minutes')::interval, "
                "CASE WHEN n %% 3 = 0 THEN NULL ELSE now() END, 0 "
                "FROM generate_series(1, 20000) AS n",
                [delegate.pk],
            )
            cursor.execute("ANALYZE notifications_notification")
    total = Notification.objects.count()
    record("notifications in the table", total, "rows")
    client = client_for(delegate)
    times, counts, _full = timed_get(client, ["/fr/notifications/", "/fr/notifications/?page=3"])
    record("notifications inbox (20,000 for the user): p95", percentile(times, 0.95), "ms", 50)
    record("notifications inbox: queries", max(counts), "queries")
    # The header's unread count, on a page that is not the inbox: the queries that read the
    # notifications table.
    with CaptureQueriesContext(connection) as queries:
        client.get("/fr/centres/")
    header = sum("notifications_notification" in q["sql"] for q in queries.captured_queries)
    record("header notification count: queries per page", header, "queries", 2)


class PeakMemory(threading.Thread):
    """The peak resident memory of process `pid`, as the kernel keeps it (VmHWM), read until
    the process ends. Not its exit status's ru_maxrss: that one keeps the high-water mark of
    the memory the child was forked with, before exec, which is this whole process (the
    bench's 330 MB, not the import's)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.path = Path(f"/proc/{pid}/status")
        self.kilobytes = 0
        self.stopped = threading.Event()
        self.start()

    def run(self):
        while not self.stopped.is_set():
            try:
                status = self.path.read_text()
            except OSError:
                return
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.kilobytes = max(self.kilobytes, int(line.split()[1]))
            self.stopped.wait(0.02)

    def stop(self):
        self.stopped.set()
        self.join()

    @property
    def megabytes(self):
        return self.kilobytes / 1024


def import_reference(path):
    """Seconds for the bare COPY of the file at `path` into an unindexed copy of the people's
    table (its columns, no index, constraint, trigger or computed column; the two codes as
    text), in a transaction rolled back: what this machine's PostgreSQL does with the same
    rows when nothing is checked, numbered, indexed nor audited."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_import_reference AS "
            "SELECT * FROM beneficiaries_beneficiary WITH NO DATA"
        )
        cursor.execute(
            "ALTER TABLE bench_import_reference ADD province_code text, ADD delegation_code text"
        )
        with open(path, "rb") as handle:
            columns = handle.readline().decode().strip()
            handle.seek(0)
            began = time.perf_counter()
            with cursor.copy(
                f"COPY bench_import_reference ({columns}) FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy:
                while data := handle.read(1 << 20):
                    copy.write(data)
            seconds = time.perf_counter() - began
        cursor.execute("SELECT count(*) FROM bench_import_reference")
        assert cursor.fetchone()[0] == IMPORT_ROWS
        transaction.set_rollback(True)
    return seconds


def bench_import(users):
    delegations = national.import_delegations(IMPORT_REGION)
    naive = io.StringIO()
    naive_writer = csv.writer(naive)
    naive_writer.writerow(national.IMPORT_COLUMNS)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(national.IMPORT_COLUMNS)
        for i in range(IMPORT_ROWS):
            row = national.import_row(i, delegations, f"ZZ{i:07d}", f"07{i:08d}")
            writer.writerow(row)
            if i < NAIVE_ROWS:
                naive_writer.writerow([*row[:6], f"ZY{i:07d}", f"06{i:08d}", *row[8:]])
        path = handle.name
    user = users["bench-import"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT delegation_id, year, last FROM beneficiaries_filenumbercounter")
        counters = cursor.fetchall()
        cursor.execute("SELECT coalesce(max(pgh_id), 0) FROM beneficiaries_beneficiaryevent")
        last_event = cursor.fetchone()[0]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as output:
        child = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "import_beneficiaries", path, "--user", user.username],
            cwd=ROOT,
            env=os.environ,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        peak = PeakMemory(child.pid)
        child.wait()
        seconds = time.perf_counter() - started
        peak.stop()
        output.seek(0)
        log = output.read()
    reference_seconds = import_reference(path)
    os.unlink(path)
    if child.returncode != 0:
        print(log[-3000:], file=sys.stderr)
        raise SystemExit("the import failed")
    created = Beneficiary.objects.filter(created_by=user).count()
    assert created == IMPORT_ROWS, created
    with connection.cursor() as cursor:
        # Audited as row by row: one insert event for each row, with the importing user.
        cursor.execute(
            "SELECT count(*) FROM beneficiaries_beneficiaryevent AS event "
            "JOIN pghistory_context AS context ON context.id = event.pgh_context_id "
            "WHERE event.pgh_id > %s AND event.pgh_label = 'insert' "
            "AND (context.metadata ->> 'user')::bigint = %s",
            [last_event, user.pk],
        )
        assert cursor.fetchone()[0] == IMPORT_ROWS
    rate = IMPORT_ROWS / seconds
    reference_rate = IMPORT_ROWS / reference_seconds
    record("import 100,000 rows: rate", rate, "rows/s", 25_000, "higher")
    record("import 100,000 rows: wall time", seconds, "s")
    if not peak.kilobytes:
        raise SystemExit("the import's peak memory could not be read")
    record("import 100,000 rows: peak RSS", peak.megabytes, "MB", 300)
    record(
        "reference: the same file by bare COPY into an unindexed copy of the table",
        reference_rate,
        "rows/s",
    )
    record("import rate / reference rate", 100 * rate / reference_rate, "%")
    # Beside them, the machine they were measured on (the first line of the table).
    machine = next(r for r in results if r["name"].startswith("machine:"))
    record("import 100,000 rows: measured on the machine above", machine["value"], "ms")
    # The same rows the naive way: django-import-export's row-by-row import through the
    # admin's Resource (a dry run of the first rows: it rolls back and leaves nothing).
    from beneficiaries.resources import BeneficiaryResource
    from entraide.imports import read_dataset, run_import

    dataset = read_dataset(naive.getvalue().encode(), "naive.csv")
    began = time.perf_counter()
    report = run_import(BeneficiaryResource(user=user), dataset, actor=user, dry_run=True)
    naive_seconds = time.perf_counter() - began
    assert not report.errors, report.errors[:3]
    naive_rate = NAIVE_ROWS / naive_seconds
    record(
        f"naive row-by-row import ({NAIVE_ROWS:,} rows, admin Resource): rate", naive_rate, "rows/s"
    )
    record("streaming import rate / naive import rate", rate / naive_rate, "x", None, "higher")
    # Back to the national set: the rows, their audit events and the counters.
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "DELETE FROM beneficiaries_beneficiarytargetgroup WHERE beneficiary_id IN "
            "(SELECT id FROM beneficiaries_beneficiary WHERE created_by_id = %s)",
            [user.pk],
        )
        cursor.execute("DELETE FROM beneficiaries_beneficiary WHERE created_by_id = %s", [user.pk])
        cursor.execute("DELETE FROM beneficiaries_beneficiaryevent WHERE pgh_id > %s", [last_event])
        cursor.execute("DELETE FROM beneficiaries_filenumbercounter")
        cursor.executemany(
            "INSERT INTO beneficiaries_filenumbercounter (delegation_id, year, last) "
            "VALUES (%s, %s, %s)",
            counters,
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        # The people's indexes as the national set left them: a hundred thousand rows in and
        # out leave their GIN and B-tree pages a third larger (the search read 60,000 entries
        # of a delegation for its 49,000 people), which a later part (or run) would measure.
        cursor.execute("REINDEX TABLE beneficiaries_beneficiary")
        cursor.execute("VACUUM ANALYZE beneficiaries_beneficiary")


def bench_reports(delegation):
    """The delegation's monthly PDF and the nation's annual one, as the report page and the
    task generate them (figures by SQL aggregates, then WeasyPrint)."""
    import datetime

    from django.utils import timezone

    from reports import documents
    from reports.periods import Period

    today = timezone.localdate()
    last_month = Period.current("month", today.replace(day=1) - datetime.timedelta(days=1))
    # A server renders many reports in one process: the first one also loads WeasyPrint and
    # the fonts (about a second), which the figures below leave out.
    documents.render(OrgUnit.objects.get(code="DP-MA-KHO"), last_month, "ar")
    times = []
    for language in ("ar", "fr"):
        started = time.perf_counter()
        pdf = documents.render(delegation, last_month, language)
        times.append(time.perf_counter() - started)
        assert pdf.startswith(b"%PDF")
    # Issue 24's targets: 1.5 s for a delegation's month, 20 s for the nation's year, in
    # both languages.
    record("delegation's monthly PDF report (slowest of ar, fr)", max(times), "s", 1.5, "at most")
    year = Period.current("year", today)
    times = []
    for language in ("fr", "ar"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            pdf = documents.render(OrgUnit.objects.get(code="EN"), year, language)
        times.append(time.perf_counter() - started)
        assert pdf.startswith(b"%PDF")
    record("national annual PDF report (slowest of ar, fr)", max(times), "s", 20, "at most")
    record("national annual PDF report: queries", len(captured), "queries")
    # The different people served in the centres' sections (reports.figures, one
    # COUNT(DISTINCT) over the registers' enrolments) are among the figures timed.
    record(
        "national annual PDF report: reads the registers (people in sections)",
        int(any('"enrolments_enrolment"' in q["sql"] for q in captured.captured_queries)),
        "bool",
        1,
        "higher",
    )


def bench_enrolments(users):
    """The registers at national size (tests.bench.national): the roll-call page of the
    bench centre's sections of 40 and 10 people, its saving, and the bench centre's month
    computed from the register (the biggest of the country)."""
    from django.urls import reverse
    from django.utils import timezone

    from enrolments import activity
    from enrolments.models import Enrolment, RollCall, Section, season_of

    centre = national.bench_centre()
    today = timezone.localdate()
    sections = {
        s.name: s
        for s in Section.objects.filter(centre=centre, starts_on=season_of(today)[0]).order_by()
    }
    big, small_section = sections["bench-40"], sections["bench-10"]
    record(
        "register: enrolments in the country",
        Enrolment.objects.count(),
        "rows",
    )
    # The last day with its roll-calls in the data set: a roll called, its marks shown.
    day = RollCall.objects.filter(section=big).order_by("-day").values_list("day", flat=True)[0]

    def roll_call_url(section, on):
        return f"{reverse('enrolments:roll_call', args=[section.pk])}?day={on.isoformat()}"

    manager = client_for(users["bench-manager"])
    if manager.get(roll_call_url(big, day)).status_code == 404:
        print("enrolments: the roll-call page answers 404 (not written yet): not measured")
    else:
        same = True
        for who, client in (
            ("manager", manager),
            ("delegate", client_for(users["bench-delegate"])),
        ):
            times, counts, _full = timed_get(client, [roll_call_url(big, day)])
            label = f"roll-call page, 40 people ({who})"
            record(f"{label}: p50", statistics.median(times), "ms")
            record(f"{label}: p95", percentile(times, 0.95), "ms", 100)
            record(f"{label}: queries", max(counts), "queries")
            _times, small, _full = timed_get(client, [roll_call_url(small_section, day)], runs=3)
            record(f"roll-call page, 10 people ({who}): queries", max(small), "queries")
            same = same and len(counts) == 1 and small == counts
        record(
            "roll-call page: same query count for 10 and 40 people", int(same), "bool", 1, "higher"
        )
        bench_roll_call_save(manager, big, today, roll_call_url(big, today))

    # The bench centre's month from its register (the country's biggest register, as built),
    # the month of most of the roll-calls.
    biggest = (
        Section.objects.values("centre").annotate(n=Sum("taken")).order_by("-n").first()["centre"]
    )
    assert biggest == centre.pk, "the bench centre is no longer the biggest: see national.py"
    days = sorted(RollCall.objects.filter(section=big).values_list("day", flat=True))
    month = days[len(days) // 2].replace(day=1)
    for _i in range(WARM_UP):
        activity.compute(centre, month)
    times, counts = [], set()
    for _i in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            figures = activity.compute(centre, month)
            times.append((time.perf_counter() - started) * 1000)
        counts.add(len(queries))
    label = (
        f"month from the register, biggest centre ({figures.people_served} people, {month:%Y-%m})"
    )
    record(f"{label}: p50", statistics.median(times), "ms")
    record(f"{label}: p95", percentile(times, 0.95), "ms", 200)
    record(f"{label}: queries", max(counts), "queries")
    url = reverse("enrolments:month", args=[centre.code, month.year, month.month])
    times, counts, _full = timed_get(manager, [url])
    record("month page (register, manager): p95", percentile(times, 0.95), "ms")
    record("month page (register, manager): queries", max(counts), "queries")


def bench_roll_call_save(client, section, day, url):
    """POSTs of the day's roll (one person fewer present each time: marks corrected, streaks
    kept), each committed as in use; then the section put back as it was: its enrolments'
    status and absences, the day's roll-call gone, its history and notifications too."""
    from enrolments.models import RollCall
    from enrolments.services import roll_call_people
    from notifications.models import Notification

    if not (section.starts_on <= day <= section.ends_on):
        print("enrolments: today is outside the season: the roll-call's saving not measured")
        return
    people = list(roll_call_people(section, day).values_list("pk", "status", "absences_in_a_row"))
    ids = [pk for pk, _status, _absences in people]
    existed = RollCall.objects.filter(section=section, day=day).exists()
    last_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        events = {}
        for table in ("enrolment", "rollcall", "attendance"):
            cursor.execute(f"SELECT coalesce(max(pgh_id), 0) FROM enrolments_{table}event")  # noqa: S608
            events[table] = cursor.fetchone()[0]
    times = []
    try:
        for i in range(WARM_UP + RUNS):
            present = [pk for n, pk in enumerate(ids) if n != i % len(ids)]
            started = time.perf_counter()
            response = client.post(url, {"present": present})
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 302, (url, response.status_code)
            if i >= WARM_UP:
                times.append(elapsed)
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            if not existed:
                cursor.execute(
                    "DELETE FROM enrolments_attendance WHERE roll_call_id IN (SELECT id FROM "
                    "enrolments_rollcall WHERE section_id = %s AND day = %s)",
                    [section.pk, day],
                )
                cursor.execute(
                    "DELETE FROM enrolments_rollcall WHERE section_id = %s AND day = %s",
                    [section.pk, day],
                )
            cursor.executemany(
                "UPDATE enrolments_enrolment SET status = %s, absences_in_a_row = %s WHERE id = %s",
                [(status, absences, pk) for pk, status, absences in people],
            )
            for table, last in events.items():
                cursor.execute(
                    f"DELETE FROM enrolments_{table}event WHERE pgh_id > %s",  # noqa: S608
                    [last],
                )
            cursor.execute(
                "DELETE FROM notifications_notification WHERE id > %s", [last_notification or 0]
            )
    record(f"roll-call saved ({len(ids)} people): p50", statistics.median(times), "ms")
    record(f"roll-call saved ({len(ids)} people): p95", percentile(times, 0.95), "ms")


def bench_programmes(users):
    """The aid programmes at national size (tests.bench.national): the requests and deliveries
    of the country counted, the bench delegate's store page, the emergency's registration form
    shown and households registered with it, and the emergency's daily situation report (PDF
    and XLSX) over its HOUSEHOLDS households."""
    from entraide.models import AccessEvent
    from programmes.models import AidRequest, Entitlement, KitDelivery, Lot, Movement

    emergency = national.bench_emergency()
    delegate = users["bench-delegate"]
    worker = users[f"bench-worker-{national.BENCH_DELEGATION}"]
    store = Lot.objects.filter(delegation=delegate.unit)
    delivered = Entitlement.objects.filter(delivered_at__isnull=False).count()
    kits = KitDelivery.objects.count()
    record("aid requests in the country", AidRequest.objects.count(), "rows")
    record("deliveries: entitlements delivered", delivered, "rows")
    record("deliveries: kits handed to households", kits, "rows")
    record("deliveries in the country (entitlements + kits)", delivered + kits, "rows")
    record("bench store: items", store.values("item").distinct().count(), "items")
    record("bench store: lots", store.count(), "rows")
    record("bench store: lots in stock (listed on its page)", store.in_stock().count(), "rows")
    record(
        "bench store: movements",
        Movement.objects.filter(lot__delegation=delegate.unit).count(),
        "rows",
    )
    # The reads and exports the pages record (entraide.reads) go with the bench's own rows.
    last_access = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        bench_programmes_pages(delegate, worker, emergency)
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                "DELETE FROM entraide_accessevent WHERE id > %s AND actor_id IN (%s, %s) "
                "AND path LIKE %s",
                [last_access, worker.pk, delegate.pk, "%/programmes/%"],
            )


def bench_programmes_pages(delegate, worker, emergency):
    """The store page, the registration form and its POSTs, the emergency's page and its
    situation report, timed."""
    from django.urls import reverse

    from entraide import pdf
    from programmes import emergencies
    from programmes.models import Household

    times, counts, _full = timed_get(client_for(delegate), [reverse("programmes:stock")])
    record("store page (bench delegate): p50", statistics.median(times), "ms")
    record("store page (bench delegate): p95", percentile(times, 0.95), "ms", 100)
    record("store page (bench delegate): queries", max(counts), "queries")

    label = f"emergency of {Household.objects.filter(emergency=emergency).count():,} households"
    field = client_for(worker)
    url = reverse("programmes:household_new", args=[emergency.pk])
    times, counts, _full = timed_get(field, [url])
    record(f"registration form ({label}): p50", statistics.median(times), "ms")
    record(f"registration form ({label}): p95", percentile(times, 0.95), "ms", 100)
    record(f"registration form ({label}): queries", max(counts), "queries")
    bench_household_register(field, emergency, url)

    times, counts, _full = timed_get(
        client_for(delegate), [reverse("programmes:emergency", args=[emergency.pk])]
    )
    record(f"emergency page ({label}): p95", percentile(times, 0.95), "ms")
    record(f"emergency page ({label}): queries", max(counts), "queries")

    # The figures alone (three grouped queries), then the documents as the views serve them,
    # in a process that has rendered a PDF before (entraide/wsgi.py warms each one up).
    for _i in range(WARM_UP):
        emergencies.situation(emergency)
    times = []
    for _i in range(RUNS):
        started = time.perf_counter()
        emergencies.situation(emergency)
        times.append((time.perf_counter() - started) * 1000)
    record(f"situation figures ({label}): p95", percentile(times, 0.95), "ms")
    pdf.warm_up()
    client = client_for(delegate)
    for name, fmt in (("programmes:situation", "PDF"), ("programmes:situation_xlsx", "XLSX")):
        url = reverse(name, args=[emergency.pk])
        assert client.get(url).status_code == 200, url
        times = []
        for _i in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        record(
            f"daily situation report, {fmt} ({label}): slowest of 5", max(times), "s", 5, "at most"
        )
        record(f"daily situation report, {fmt}: queries", len(queries), "queries")


@contextmanager
def quiet(name):
    """The logger `name` silent but for errors, for the block."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def bench_household_register(client, emergency, url):
    """Households registered from the light form, each committed as in the field: a new one
    each time (a name that sounds like none of its commune's, a CIN of a file of the
    delegation every other time, a new one otherwise), then a name that sounds like one
    registered (the form shown again with them). Then the emergency as it was: the households
    registered here gone, their history too."""
    from beneficiaries.models import Beneficiary
    from programmes import emergencies
    from programmes.models import Household

    communes = emergency.communes
    registered = Household.objects.filter(emergency=emergency)
    last = registered.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(pgh_id), 0) FROM programmes_householdevent")
        last_event = cursor.fetchone()[0]
    cins = iter(
        Beneficiary.objects.filter(delegation=emergency.delegation, merged_into=None)
        .exclude(cin="")
        .exclude(cin__in=registered.exclude(cin="").values("cin"))
        .order_by("pk")
        .values_list("cin", flat=True)[: WARM_UP + RUNS]
    )
    names = national.MEN + national.WOMEN
    families = national.FAMILIES
    posts, n = [], 0
    while len(posts) < WARM_UP + RUNS:
        # A given name, the father's and the family's: the heads of the data set have no
        # father's name, and the few that sound alike all the same are passed over.
        given, father = names[n % len(names)][0], names[(n * 7 + 3) % len(names)][0]
        family = families[(n * 5 + 1) % len(families)][0]
        name = f"{given} بن {father} {family}"
        commune = communes[n % len(communes)]
        n += 1
        if emergencies.households_sounding_like(emergency, head_name=name, commune=commune):
            continue
        cin = next(cins, "") if len(posts) % 2 == 0 else f"BZ{900_000 + len(posts)}"
        posts.append(
            {
                "head_name": name,
                "commune": commune,
                "members": 1 + len(posts) % 7,
                "cin": cin,
                "phone": f"06{61_000_000 + len(posts)}",
                "douar": "دوار السكويلة",
                "needs": "خيمة وأغطية",
            }
        )
    alike = registered.filter(commune=communes[0]).exclude(head_key="").order_by("pk").first()
    saved, warned, counts = [], [], set()
    try:
        for i, fields in enumerate(posts):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post(url, fields)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 302, (fields, response.status_code)
            if i >= WARM_UP:
                saved.append(elapsed)
                counts.add(len(queries))
        for i in range(WARM_UP + RUNS):
            fields = {"head_name": alike.head_name, "commune": alike.commune, "members": 1 + i}
            started = time.perf_counter()
            with quiet("django.request"):  # each form shown again is a 400, logged
                response = client.post(url, fields)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 400 and b"likely-same" in response.content
            if i >= WARM_UP:
                warned.append(elapsed)
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                "DELETE FROM programmes_household WHERE emergency_id = %s AND id > %s",
                [emergency.pk, last],
            )
            cursor.execute("DELETE FROM programmes_householdevent WHERE pgh_id > %s", [last_event])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('programmes_household', 'id'), %s)",
                [last],
            )
    record("household registered (POST, new household): p50", statistics.median(saved), "ms")
    record("household registered (POST, new household): p95", percentile(saved, 0.95), "ms", 100)
    record("household registered (POST, new household): queries", max(counts), "queries")
    record(
        "household sounding like one registered (POST, shown again): p95",
        percentile(warned, 0.95),
        "ms",
    )


def explain(user, term):
    from beneficiaries.selectors import RankedSearch, search_beneficiaries

    found = search_beneficiaries(user, term)
    # A name search reads its ranks one query at a time: the first one's plan.
    people = found.groups[0][1] if isinstance(found, RankedSearch) else found
    people = people.select_related("delegation").order_by("-created_at", "-pk")[:26]
    return people.explain(analyze=True, buffers=True)


def print_table(total_seconds):
    width = max(len(r["name"]) for r in results)
    print()
    print(f"{'measure':<{width}}  {'value':>10}  {'unit':<8}  {'machine':>7}  target")
    print("-" * (width + 45))
    for r in results:
        target = ""
        if r["target"] is not None:
            sign = {"lower": "<", "at most": "≤"}.get(r["better"], "≥")
            if r["unit"] == "queries" and r["target"] == 0:
                sign = "="
            ok = {
                "<": r["value"] < r["target"],
                "≤": r["value"] <= r["target"],
                "≥": r["value"] >= r["target"],
                "=": r["value"] == r["target"],
            }[sign]
            target = f"{sign} {r['target']}  {'ok' if ok else 'MISSED'}"
        value = r["value"]
        shown = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
        machine = f"{r['calibration_ms']:.1f}" if r.get("calibration_ms") else ""
        print(f"{r['name']:<{width}}  {shown:>10}  {r['unit']:<8}  {machine:>7}  {target}")
    print(
        f"\n{Beneficiary.objects.count():,} beneficiaries, {CaseFile.objects.count():,} cases; "
        f"bench took {total_seconds:.0f} s. Reproduce: {COMMAND}"
    )
    print(
        "machine: the calibration (100 renderings of a 20-row template, ms, best of 3) measured "
        "just before the part; a figure compares with another run's in proportion to it."
    )


def calibrate():
    """How fast this machine runs plain Python, to compare runs made on different machines:
    the same 100 renderings of a small template every time. On a machine where this figure is
    twice as high, every page, import and PDF takes about twice as long."""
    from django.template import Context, Template

    template = Template(
        "{% for row in rows %}<tr><td>{{ row.0 }}</td><td>{{ row.1|upper }}</td></tr>{% endfor %}"
    )
    context = Context({"rows": [(i, f"name {i}") for i in range(20)]})
    best = float("inf")
    for _attempt in range(3):
        began = time.perf_counter()
        for _i in range(100):
            template.render(context)
        best = min(best, (time.perf_counter() - began) * 1000)
    calibration["ms"] = best
    return best


def main():
    started = time.monotonic()
    record("machine: 100 renderings of a 20-row template (best of 3)", calibrate(), "ms")
    if not (
        national.is_built()
        and national.extras_built()
        and national.enrolments_built()
        and national.programmes_built()
    ):
        print("Building the national data set (once; later runs reuse it)...")
        build_seconds = national.ensure_built()
        record("national data set build", build_seconds, "s")
    users = national.bench_users()
    delegation = users["bench-delegate"].unit
    terms_delegation = search_terms(delegation)
    terms_national = search_terms(OrgUnit.objects.get(code="DP-MA-TNG"))
    print("search terms:", ", ".join(t for _k, t in terms_national + terms_delegation))
    parts = os.environ.get("BENCH_ONLY", "search,names,pages,enrolments,programmes,import,reports")
    parts = parts.split(",")
    steps = {
        "search": lambda: bench_search(users, terms_national, terms_delegation),
        "names": lambda: bench_names(users),
        "pages": lambda: (bench_pages(users, delegation), bench_notifications(users)),
        "enrolments": lambda: bench_enrolments(users),
        "programmes": lambda: bench_programmes(users),
        "import": lambda: bench_import(users),
        "reports": lambda: bench_reports(delegation),
    }
    for part, step in steps.items():
        if part in parts:
            calibrate()  # the machine's speed now, printed beside this part's figures
            step()
    if os.environ.get("BENCH_EXPLAIN", "1") == "1":
        for _kind, term in terms_national[:3] + terms_national[6:]:
            print(f"\nEXPLAIN ANALYZE, national search for {term!r} ({fold(term)!r}):")
            print(explain(users["bench-national"], term))
    (ROOT / "bench-results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print_table(time.monotonic() - started)


if __name__ == "__main__":
    main()
