"""Issue 19: `manage.py run_daily` runs every installed app's daily jobs (their `schedule.DAILY`)
then the digests, one run at a time whatever the number of workers starting it."""

import datetime
import io
import threading
from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from beneficiaries import schedule as beneficiaries_schedule
from beneficiaries.services import referrals_sweep_overdue
from entraide.roles import Role
from notifications import schedule
from notifications.models import Channel, Kind, Notification
from notifications.services import preferences_set
from partnerships.models import OwedReport
from partnerships.services import partnerships_sweep
from tests.factories import ConventionFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_daily():
    out = io.StringIO()
    call_command("run_daily", stdout=out)
    return out.getvalue()


@pytest.fixture
def recorded(monkeypatch):
    """Every app's daily jobs replaced by one that records its run, found by the same
    discovery (each installed app's `schedule.DAILY`): [app label] in the order they ran."""
    runs = []

    def job(label):
        def run():
            runs.append(label)
            return {"done": 1} if label == "partnerships" else 2

        run.__name__ = "job"
        return run

    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.schedule") is None:
            continue
        module = import_module(f"{config.name}.schedule")
        if hasattr(module, "DAILY"):
            monkeypatch.setattr(module, "DAILY", [job(config.label)])
    return runs


@pytest.fixture
def lock_held_elsewhere():
    """Another worker in the middle of its daily run: it holds the lock on its connection."""
    connection = connections.create_connection("default")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [schedule.LOCK])
    yield
    connection.close()


def test_the_apps_daily_jobs_are_discovered():
    jobs = dict(schedule.daily_jobs())
    assert jobs["beneficiaries.referrals_sweep_overdue"] is referrals_sweep_overdue
    assert jobs["partnerships.partnerships_sweep"] is partnerships_sweep
    # notifications' own schedule module has no DAILY: the digests run after the others.
    assert not [name for name in jobs if name.startswith("notifications.")]


def test_run_daily_runs_every_discovered_job_then_the_digests(recorded):
    output = run_daily().splitlines()
    assert {"beneficiaries", "partnerships"} <= set(recorded)
    assert output[:-1] == [
        f"{label}.job: done 1" if label == "partnerships" else f"{label}.job: 2"
        for label in recorded
    ]
    assert output[-1] == (
        "notifications.digests: digests_sent 0, notifications_listed 0, digests_failed 0, "
        "retried_sent 0, retried_failed 0"
    )


def test_run_daily_tells_the_officer_and_emails_the_digest(settings):
    settings.PORTAL_URL = "https://portail.entraide.test"
    officer = UserFactory(username="t-daily-po", role=Role.PARTNERSHIP_OFFICER, language="fr")
    preferences_set(user=officer, choices={Kind.REPORT_OWED_OVERDUE: Channel.DIGEST})
    convention = ConventionFactory(in_force=True, reference="CONV-KHO-DAILY")
    OwedReport.objects.create(
        convention=convention,
        kind=OwedReport.Kind.FINANCIAL,
        period="2026",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    output = run_daily()
    assert "partnerships.partnerships_sweep: reports_overdue 1, tranches_due 0" in output
    assert Notification.objects.filter(recipient=officer).count() == 1
    # Told today, emailed in today's digest: the sweeps run before the digests.
    [digest] = mail.outbox
    assert digest.to == [officer.email]
    assert "CONV-KHO-DAILY" in digest.body
    # Run again (another worker, later): nobody is told nor emailed twice.
    assert "reports_overdue 0, tranches_due 0" in run_daily()
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_run_while_another_worker_runs_does_nothing(recorded, lock_held_elsewhere):
    assert run_daily() == "daily jobs: already running on another worker; nothing done\n"
    assert recorded == []


def test_the_lock_is_let_go_after_a_run(recorded):
    run_daily()
    once = list(recorded)
    run_daily()
    assert recorded == once * 2
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [schedule.LOCK])
            assert cursor.fetchone() == (True,)
    finally:
        connection.close()


def test_two_runs_at_once_run_each_job_once():
    started, release = threading.Event(), threading.Event()
    runs = []

    def slow():
        runs.append("slow")
        started.set()
        release.wait(10)
        return "done"

    results = []

    def first_worker():
        try:
            results.append(schedule.run_daily([("test.slow", slow)]))
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_worker)
    thread.start()
    try:
        assert started.wait(10)
        assert schedule.run_daily([("test.slow", slow)]) is None
    finally:
        release.set()
        thread.join()
    assert runs == ["slow"]
    [[(name, result), (digests, _)]] = results
    assert (name, result, digests) == ("test.slow", "done", "notifications.digests")


def test_a_failing_job_does_not_stop_the_others_and_the_run_fails(monkeypatch, recorded):
    def broken():
        raise RuntimeError("gateway down")

    monkeypatch.setattr(beneficiaries_schedule, "DAILY", [broken, *beneficiaries_schedule.DAILY])
    out = io.StringIO()
    with pytest.raises(CommandError, match="beneficiaries.broken"):
        call_command("run_daily", stdout=out)
    assert {"beneficiaries", "partnerships"} <= set(recorded)
    assert "beneficiaries.broken: failed (RuntimeError: gateway down)" in out.getvalue()
