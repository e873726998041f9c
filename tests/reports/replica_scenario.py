"""Run by tests/reports/test_replica_standby.py in a process of its own, whose DATABASE_URL is
a real primary and DATABASE_REPLICA_URL its streaming standby:

    python -m tests.reports.replica_scenario MONTH PEOPLE [--resume-after SECONDS]

validates a centre's month (committed on the primary) with PEOPLE people served, then at once
computes the delegation's activity report for that month as the PDF does (reading from the
replica), and prints as JSON: the report's "people served in centres", whether it read from
the replica (and how many queries went there), and how long it waited. With --resume-after,
the standby's replay (paused by the test) is resumed that many seconds after the month is
validated, from another thread: the report must wait for it."""

import argparse
import datetime
import json
import os
import threading
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings.test")
django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from centres.models import MonthlyActivity  # noqa: E402
from entraide.routers import reading_from_replica, replica_in_use  # noqa: E402
from reports.documents import report_context  # noqa: E402
from reports.periods import Period  # noqa: E402
from tests.factories import CentreFactory, UserFactory, unit  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("month")  # YYYY-MM
    parser.add_argument("people", type=int)
    parser.add_argument("--resume-after", type=float)
    args = parser.parse_args()

    delegation = unit("DP-MA-KHO")
    centre = CentreFactory(delegation=delegation)
    validator = UserFactory(unit=delegation)
    month = datetime.date.fromisoformat(f"{args.month}-01")
    MonthlyActivity.objects.create(
        centre=centre,
        month=month,
        people_served=args.people,
        status=MonthlyActivity.Status.VALIDATED,
        validated_at=timezone.now(),
        validated_by=validator,
    )
    if args.resume_after is not None:
        replica = settings.DATABASES["replica"]

        def resume():
            with psycopg.connect(
                host=replica["HOST"], port=replica["PORT"], user=replica["USER"],
                dbname=replica["NAME"], autocommit=True,
            ) as conn:  # fmt: skip
                conn.execute("SELECT pg_wal_replay_resume()")

        threading.Timer(args.resume_after, resume).start()

    started = time.monotonic()
    with reading_from_replica():
        waited = time.monotonic() - started
        from_replica = replica_in_use()
        connections["replica"].force_debug_cursor = True
        context = report_context(delegation, Period.parse(args.month))
    people = next(row["value"] for row in context["summary"] if row["name"] == "people_in_centres")
    print(
        json.dumps(
            {
                "people_in_centres": people,
                "from_replica": from_replica,
                "replica_queries": len(connections["replica"].queries_log),
                "waited": waited,
            }
        )
    )


if __name__ == "__main__":
    main()
