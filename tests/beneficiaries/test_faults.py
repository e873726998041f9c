"""An import killed in the middle leaves nothing behind; run again, it succeeds.

The command runs as on a server: `manage.py import_beneficiaries` in a process of its own, with
its own connection to the test database, and is killed with SIGKILL (no handler, no `finally`,
no rollback sent by the client) while its transaction holds thousands of uncommitted rows.

Slow (two imports of 16,000 rows, 10 to 20 seconds) and transactional: what the test writes
is committed, so that the command's process sees it; the database is emptied afterwards and
the session's reference data put back.
"""

import csv
import html
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone, translation
from pghistory.models import Context

from beneficiaries import bulk
from beneficiaries.models import (
    Beneficiary,
    BeneficiaryTargetGroup,
    CaseFile,
    FileNumberCounter,
    HouseholdMember,
)
from beneficiaries.services import allocate_file_number_blocks
from entraide.models import ImportJob
from territory.models import Province
from tests.conftest import load_reference_data
from tests.factories import UserFactory, unit

ROWS = 16_000
# The command is killed once this many people are inserted (uncommitted, in batches of
# 1,000 with their numbers and audit rows): well past the start, well before the end.
MIDDLE = 6_000
# Khouribga's counter already stands here: the import's numbers must follow it.
KHO_BEFORE = 4100
# The connection of the command's process, as pg_stat_activity shows it.
APPLICATION = f"entraide-test-faults-{os.getpid()}"

FIRST_NAMES = [
    ("فاطمة", "Fatima", "F"),
    ("محمد", "Mohamed", "M"),
    ("خديجة", "Khadija", "F"),
    ("يوسف", "Youssef", "M"),
    ("نادية", "Nadia", "F"),
    ("عمر", "Omar", "M"),
]
LAST_NAMES = [("العلوي", "Alaoui"), ("بناني", "Bennani"), ("التازي", "Tazi"), ("الفاسي", "Fassi")]
GROUPS = ["women|disability", "elderly", "", "children"]
PLACES = [("MA-KHO", "DP-MA-KHO"), ("MA-RAB", "DP-MA-RAB")]


@pytest.fixture
def reference_data_put_back(django_db_setup, django_db_blocker):
    """A transactional test ends by emptying every table. pytest-django runs such tests after
    the others, but any test after this one would find no reference data: put back what the
    migrations wrote (serialized when the test database was made) and what tests/conftest.py
    loads once per session. Set up before `transactional_db`, so torn down after it."""
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        load_reference_data()


@pytest.fixture
def committed_db(reference_data_put_back, transactional_db, django_db_serialized_rollback):
    """Writes are committed at once, so that another process sees them."""


def write_people(path):
    """ROWS valid people, alternately of Khouribga and Rabat; returns the number of target
    group links they carry."""
    links = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=bulk.COLUMNS)
        writer.writeheader()
        for i in range(ROWS):
            first_ar, first_lat, sex = FIRST_NAMES[i % len(FIRST_NAMES)]
            last_ar, last_lat = LAST_NAMES[i % len(LAST_NAMES)]
            province, delegation = PLACES[i % 2]
            groups = GROUPS[i % len(GROUPS)]
            links += len(groups.split("|")) if groups else 0
            writer.writerow(
                {
                    "first_name_ar": first_ar,
                    "last_name_ar": last_ar,
                    "first_name_lat": first_lat,
                    "last_name_lat": last_lat,
                    "sex": sex,
                    "birth_year": 1940 + i % 60,
                    "cin": f"ZT{i:06d}",
                    "phone": f"06{i:08d}",
                    "province_code": province,
                    "target_groups": groups,
                    "delegation_code": delegation,
                }
            )
    return links


def database_url():
    """The test database, as DATABASE_URL gives it to entraide.settings.base."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    # A socket directory may come as OPTIONS["host"]; `options` the settings add themselves.
    query = {k: v for k, v in db["OPTIONS"].items() if k != "options" and isinstance(v, str)}
    query["application_name"] = APPLICATION
    return f"postgresql://{user}:{password}@{host}{port}/{quote(db['NAME'])}?{urlencode(query)}"


def command(path, user, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="entraide.settings.test",
        DATABASE_URL=database_url(),
        # The test settings make a throwaway media folder: let it land in tmp_path.
        TMPDIR=str(tmp_path),
        PYTHONUNBUFFERED="1",
    )
    args = [sys.executable, "manage.py", "import_beneficiaries", str(path), "--user", user]
    return args, {"cwd": settings.BASE_DIR, "env": env}


def ids_drawn():
    """How far the people's id sequence has gone: sequences are not transactional, so this
    counts the rows another transaction has inserted, committed or not."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Beneficiary._meta.db_table])
        [sequence] = cursor.fetchone()
        cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608
        return cursor.fetchone()[0]


def backend():
    """(pid, whether its transaction has written) of the command's connection, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_xid IS NOT NULL FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            [APPLICATION],
        )
        return cursor.fetchone()


def locks_of(pid):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relation::regclass::text, mode FROM pg_locks "
            "WHERE pid = %s AND granted AND relation IS NOT NULL",
            [pid],
        )
        return set(cursor.fetchall())


def wait_for(condition, *, seconds, what):
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.05)
    return result


@contextmanager
def in_the_middle(args, options, tmp_path):
    """Start the import's process and hand it over, with the path of its output, once it has
    inserted MIDDLE rows (uncommitted); whatever the test does, the process does not outlive
    it."""
    first_id = ids_drawn()
    stdout, stderr = tmp_path / "out.txt", tmp_path / "err.txt"
    with stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(args, stdout=out, stderr=err, **options)
    try:
        wait_for(
            lambda: ids_drawn() - first_id >= MIDDLE or process.poll() is not None,
            seconds=60,
            what=f"{MIDDLE} rows inserted",
        )
        assert process.poll() is None, stderr.read_text()
        yield process, stdout
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def kill(process):
    """SIGKILL: no handler, no `finally`, no rollback sent by the client."""
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL


def counters():
    return dict(FileNumberCounter.objects.values_list("delegation__code", "last"))


def left_behind(path):
    """Every trace an import writes: people, their groups, audit rows and audit context."""
    return {
        "people": Beneficiary.objects.count(),
        "target groups": BeneficiaryTargetGroup.objects.count(),
        "cases": CaseFile.objects.count(),
        "household": HouseholdMember.objects.count(),
        "people's audit rows": Beneficiary.pgh_event_model.objects.count(),
        "groups' audit rows": BeneficiaryTargetGroup.pgh_event_model.objects.count(),
        "audit context": Context.objects.filter(metadata__import_file=str(path)).count(),
        "import jobs": ImportJob.objects.count(),
    }


def test_an_import_killed_in_the_middle_leaves_nothing_and_runs_again_to_the_end(
    committed_db, tmp_path
):
    central = UserFactory(username="t-central", national=True)
    kho, rab = unit("DP-MA-KHO"), unit("DP-MA-RAB")
    year = timezone.localdate().year
    FileNumberCounter.objects.create(delegation=kho, year=year, last=KHO_BEFORE)
    counters_before = counters()
    assert counters_before == {"DP-MA-KHO": KHO_BEFORE}
    path = tmp_path / "register.csv"
    links = write_people(path)
    nothing = left_behind(path)
    assert set(nothing.values()) == {0}
    args, options = command(path, central.username, tmp_path)

    # First run: killed once it is well into its one transaction.
    with in_the_middle(args, options, tmp_path) as (process, stdout):
        pid, has_written = backend()
        assert has_written
        # Its transaction holds the people's table and the counter rows it moved on.
        held = locks_of(pid)
        assert (Beneficiary._meta.db_table, "RowExclusiveLock") in held
        assert (FileNumberCounter._meta.db_table, "RowExclusiveLock") in held
        kill(process)
    assert not stdout.read_text()  # it never said "imported"

    # PostgreSQL sees the connection drop and rolls the transaction back.
    wait_for(lambda: backend() is None, seconds=15, what="the killed import's connection")
    assert not locks_of(pid)
    assert left_behind(path) == nothing
    assert counters() == counters_before  # the numbers' allocation rolled back too
    # What it had locked (the counter rows, its CINs in the unique index) is free: writing
    # the same at once does not wait (lock_timeout would raise).
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '1s'")
        numbers = allocate_file_number_blocks({kho: 1, rab: 1})
        Beneficiary.objects.create(
            file_number=numbers[kho][0],
            first_name_lat="Probe",
            sex="F",
            cin="ZT000000",
            province=Province.objects.get(code="MA-KHO"),
            delegation=kho,
        )
        assert numbers[kho] == [f"KHO-{year}-{KHO_BEFORE + 1:06d}"]
        transaction.set_rollback(True)

    # Second run of the same file: to the end, with the numbers the first run had taken.
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, **options)
    assert result.returncode == 0, result.stderr
    assert f"imported {ROWS} new files from {ROWS} rows" in result.stdout
    half = ROWS // 2
    assert counters() == {"DP-MA-KHO": KHO_BEFORE + half, "DP-MA-RAB": half}
    numbers = {
        code: sorted(
            Beneficiary.objects.filter(delegation__code=code).values_list("file_number", flat=True)
        )
        for code in ("DP-MA-KHO", "DP-MA-RAB")
    }
    assert numbers["DP-MA-KHO"] == [
        f"KHO-{year}-{n:06d}" for n in range(KHO_BEFORE + 1, KHO_BEFORE + half + 1)
    ]
    assert numbers["DP-MA-RAB"] == [f"RAB-{year}-{n:06d}" for n in range(1, half + 1)]
    assert not Beneficiary.objects.exclude(created_by=central).exists()
    assert BeneficiaryTargetGroup.objects.count() == links

    # The audit trail: one context, the importing user's, for every inserted row.
    [context] = Context.objects.filter(metadata__import_file=str(path))
    assert context.metadata["user"] == central.pk
    events = Beneficiary.pgh_event_model.objects
    assert events.filter(pgh_context=context, pgh_label="insert").count() == ROWS
    assert events.count() == ROWS
    groups_events = BeneficiaryTargetGroup.pgh_event_model.objects
    assert groups_events.filter(pgh_context=context, pgh_label="insert").count() == links
    assert not ImportJob.objects.exists()  # the command keeps no job record


# The web import's worker killed ------------------------------------------------------------

# What `manage.py db_worker` runs for a queued import, in a process of its own: the task's
# own function, with the media folder of this test run.
WORKER = """
import sys
import django
django.setup()
from django.conf import settings
settings.MEDIA_ROOT = sys.argv[1]
from beneficiaries.tasks import run_beneficiary_import
print(run_beneficiary_import.call(int(sys.argv[2])))
"""


def queued_job(path, sender):
    """The job the import page records for a file it received, waiting for a worker."""
    job = ImportJob(
        importer=ImportJob.Importer.BENEFICIARIES,
        original_name=path.name,
        unit=sender.unit,
        created_by=sender,
        language="fr",
    )
    with path.open("rb") as handle:
        job.file.save(path.name, File(handle), save=True)
    return job


def test_a_worker_killed_in_the_middle_of_a_web_import_leaves_no_job_running_nor_its_file(
    committed_db, tmp_path, settings, client_for
):
    settings.MEDIA_ROOT = media = tmp_path / "media"
    sender = UserFactory(username="t-admin", administrator=True)
    path = tmp_path / "register.csv"
    write_people(path)
    job = queued_job(path, sender)
    [upload] = media.rglob("*.csv")
    _, options = command(path, sender.username, tmp_path)
    args = [sys.executable, "-c", WORKER, str(media), str(job.pk)]

    with in_the_middle(args, options, tmp_path) as (process, _stdout):
        job.refresh_from_db()
        assert job.status == ImportJob.Status.RUNNING and 0 < job.rows_done < ROWS
        kill(process)
    wait_for(lambda: backend() is None, seconds=15, what="the killed worker's connections")

    # Nobody was there to say so: the job still reads "running", its file still on disk.
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and upload.exists()
    # The sender's next look at the job finds it failed, and the file gone.
    client = client_for(sender)
    with translation.override("fr"):
        page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert "rien n'a été importé" in html.unescape(page.content.decode())
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at
    assert not job.file and not upload.exists() and not list(media.rglob("*.csv"))
    people = left_behind(path)
    assert people.pop("import jobs") == 1 and set(people.values()) == {0}

    # Sent again, the same file is imported to the end by a worker.
    again = queued_job(path, sender)
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(media), str(again.pk)],
        capture_output=True,
        text=True,
        timeout=120,
        **options,
    )
    assert result.returncode == 0, result.stderr
    again.refresh_from_db()
    assert again.status == ImportJob.Status.SUCCEEDED and again.created_count == ROWS
    assert Beneficiary.objects.count() == ROWS and not list(media.rglob("*.csv"))
