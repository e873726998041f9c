"""The work of every day (`manage.py run_daily`): the apps' sweeps, then the digests.

Each app that has something to do every day publishes it in its `schedule` module, as a list
`DAILY` of callables taking no argument (beneficiaries: the overdue referrals; partnerships:
the reports overdue and the tranches due). The kernel names no app: it asks each installed one,
as `load_catalogues` asks for `reference.load()`. This module is notifications' own `schedule`
and has no DAILY: the digests are run after the apps' jobs by `run_daily` itself, so that what
the sweeps told today is in today's digest.

Meant to be started on every worker by cron or a systemd timer. One run at a time: the run
holds a PostgreSQL advisory lock on a connection of its own, and a run that finds it taken does
nothing (PostgreSQL drops the lock when that connection ends, however the process ended). A run
after another one is harmless: every sweep tells each person once of each event (the
notification's key) and a digest never sends a notification twice (`emailed_at`)."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from . import emails

logger = logging.getLogger(__name__)

# The key of the daily run's advisory lock: a stable number (the one-key form, which does not
# overlap the two-key locks of entraide.jobs).
LOCK = zlib.crc32(b"notifications.run_daily")

Job = tuple[str, Callable[[], object]]


def daily_jobs() -> list[Job]:
    """(name, callable) of each DAILY job of the installed apps, in INSTALLED_APPS order; the
    name is the app's label and the callable's name ("partnerships.partnerships_sweep")."""
    jobs = []
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.schedule") is None:
            continue
        module = import_module(f"{config.name}.schedule")
        for job in getattr(module, "DAILY", ()):
            jobs.append((f"{config.label}.{job.__name__}", job))
    return jobs


@contextmanager
def exclusive(key: int = LOCK) -> Iterator[bool]:
    """True while this process holds the lock `key`, on a connection of its own (a job closing
    or breaking the default connection cannot drop it); False when another process holds it.
    The lock goes with the connection, closed on the way out."""
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            [held] = cursor.fetchone()
        yield held
    finally:
        connection.close()


def digests() -> dict[str, int]:
    """The daily digests, and another try at the emails at once that failed (as
    `manage.py send_digests`)."""
    sent, listed, failed = emails.digests_send()
    retried = [emails.email_at_once(row.pk) for row in emails.failed_at_once().only("pk")]
    return {
        "digests_sent": sent,
        "notifications_listed": listed,
        "digests_failed": failed,
        "retried_sent": retried.count(emails.SENT),
        "retried_failed": retried.count(emails.FAILED),
    }


class Failed:
    """What a job that raised returned: its error is in the log."""

    def __init__(self, error: BaseException):
        self.error = error

    def __str__(self):
        return f"failed ({type(self.error).__name__}: {self.error})"


def run_daily(jobs: list[Job] | None = None) -> list[tuple[str, object]] | None:
    """Run the apps' daily jobs (`daily_jobs()` unless given), then the digests; returns
    [(name, what it returned, or a Failed)], or None when another process is running them. A
    job that fails is logged and the others still run."""
    with exclusive() as held:
        if not held:
            logger.info("Daily jobs already running elsewhere: nothing done")
            return None
        jobs = [*(daily_jobs() if jobs is None else jobs), ("notifications.digests", digests)]
        results = []
        for name, job in jobs:
            try:
                result = job()
            except Exception as error:
                logger.exception("Daily job %s failed", name)
                result = Failed(error)
            else:
                logger.info("Daily job %s: %s", name, result)
            results.append((name, result))
        return results
