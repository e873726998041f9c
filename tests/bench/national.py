"""`make bench`'s national data set: built by demo.national, which also serves
`manage.py seed_demo --scale national`, then the centres' registers of the season (enrolments),
built here. `python -m tests.bench.national url` prints (and creates) the bench database's URL
for the Makefile.

The registers: sections of the current season for every open centre (one to four, 20 to 60
places), some 580,000 enrolments drawn from the people of each centre's delegation (most placed,
some gone with an outcome, some waiting with their priorities, some withdrawn), and the
roll-calls of the last school days with their marks (nine in ten present). Written by set-based
SQL with the audit triggers off (demo.national.unaudited), the places-taken trigger with them:
`Section.taken` is then set by one UPDATE, under the CHECK section_never_overbooked.

A stamp (the table bench_stamp) names the version of this part and the season it was built
for: a bench of another version, or a new season, rebuilds it.
"""

import datetime
import sys
import time
from contextlib import contextmanager

from demo.national import *  # noqa: F403 - the bench's names, as they were
from demo.national import SEED, bench_database_url, unaudited
from demo.national import bench_users as national_bench_users
from demo.national import ensure_built as national_ensure_built
from demo.national.columns import insert_select

# Bump when the registers' data changes: the next `make bench` rebuilds them.
ENROLMENTS_VERSION = 1
# The school days of the last weeks that have their roll-calls (Monday to Friday).
ROLL_CALL_DAYS = 15
# The bench centre (the first open centre of the bench delegation): the roll-call page is
# measured on its sections of 40 and 10 people, its month is the biggest of the country.
BENCH_DELEGATION = "DP-MA-CAS"
BENCH_SECTIONS = [
    # (name, kind, places, placed, left, waiting, withdrawn)
    ("bench-40", "training", 40, 40, 0, 12, 2),
    ("bench-10", "class", 20, 10, 0, 3, 0),
    *[(f"bench-60-{n}", "training", 60, 58, 6, 15, 3) for n in range(1, 5)],
]
SECTION_NAMES = [
    "الخياطة والتفصيل",
    "الطرز",
    "الحلاقة والتجميل",
    "الطبخ والحلويات",
    "الإعلاميات",
    "محو الأمية",
    "التعليم الأولي",
    "الدعم المدرسي",
    "الأنشطة الرياضية",
    "الإيواء",
]
KINDS = ["training", "training", "class", "day_care", "activity", "residential"]
OUTCOMES = ["completed", "completed", "dropped_out", "transferred", "school", "work", "other"]


def _array(values):
    """A text array literal, in parentheses (to be subscripted)."""
    return "(ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[])"


def _stamp(today):
    from enrolments.models import season_of

    return f"v{ENROLMENTS_VERSION} season {season_of(today)[0]:%Y}"


def enrolments_built():
    """Whether the registers are there, of this version and this season."""
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_stamp') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT stamp FROM bench_stamp WHERE part = 'enrolments'")
        row = cursor.fetchone()
    return row is not None and row[0] == _stamp(timezone.localdate())


def roll_call_days(today):
    """The last ROLL_CALL_DAYS school days before `today`, within its season, oldest first."""
    from enrolments.models import season_of

    starts_on = season_of(today)[0]
    days, day = [], today
    while len(days) < ROLL_CALL_DAYS:
        day -= datetime.timedelta(days=1)
        if day < starts_on:
            break
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def bench_centre():
    from centres.models import Centre

    return (
        Centre.objects.filter(delegation__code=BENCH_DELEGATION, status=Centre.Status.OPEN)
        .order_by("code")
        .first()
    )


def bench_users():
    """demo.national's bench accounts, and the manager of the bench centre."""
    from entraide.models import User
    from entraide.roles import Role

    users = national_bench_users()
    manager, created = User.objects.get_or_create(
        username="bench-manager",
        defaults={"unit": users["bench-delegate"].unit, "role": Role.CENTRE_MANAGER},
    )
    if created:
        manager.set_unusable_password()
        manager.save(update_fields=["password"])
    centre = bench_centre()
    if centre is not None:
        centre.managers.add(manager)
    users["bench-manager"] = manager
    return users


@contextmanager
def indexes_later(cursor, table, log):
    """`table`'s unique constraints and secondary indexes dropped for the block, then made
    again from their own definitions (read from the catalogue): within the transaction, so
    that a failure leaves them as they were."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'u'",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass AND NOT indisprimary AND indexrelid NOT IN "
        "(SELECT conindid FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    began = time.monotonic()
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _name, definition in indexes:
        cursor.execute(definition)
    log(
        f"  {len(constraints) + len(indexes)} indexes of {table} ({time.monotonic() - began:.1f} s)"
    )


def build_enrolments(log=print, seed=SEED):
    """The registers of the season, in one transaction (all or nothing), in place of any
    earlier ones; then VACUUM ANALYZE of their tables. Seconds taken."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from centres.models import TargetGroup
    from enrolments.models import (
        Attendance,
        Enrolment,
        RollCall,
        Section,
        WaitingListChange,
        season_of,
    )

    today = timezone.localdate()
    starts_on, ends_on = season_of(today)
    days = roll_call_days(today)
    users = bench_users()
    centre = bench_centre()
    audited = [Attendance, RollCall, Enrolment, Section]
    tables = [m._meta.db_table for m in [*audited, WaitingListChange]]
    tables.append(Section.priority_groups.through._meta.db_table)
    # Their history (entraide.audit): `<table>event`.
    events = [f"{m._meta.db_table}event" for m in audited]
    started = time.monotonic()

    def step(label, sql, params=None):
        began = time.monotonic()
        cursor.execute(sql, params or {})
        log(
            f"  {label}: {cursor.rowcount if cursor.rowcount >= 0 else ''} "
            f"({time.monotonic() - began:.1f} s)"
        )

    def insert(label, model, values, source, params=None):
        sql, defaults = insert_select(model, values, source)
        step(label, sql, {**defaults, **(params or {})})

    dates = {"starts_on": starts_on, "ends_on": ends_on, "today": today}
    with transaction.atomic(), connection.cursor() as cursor, unaudited(cursor):
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SELECT setseed(%s)", [((seed + 1) % 10000) / 10000])
        # A rebuild: the registers of the bench only (its own database), history included.
        cursor.execute(f"TRUNCATE {', '.join(tables + events)} RESTART IDENTITY")

        # Sections: one to four for each open centre, 20 to 60 places, a priority group for
        # one in three; the bench centre's are fixed (BENCH_SECTIONS).
        insert(
            "sections",
            Section,
            {
                "centre_id": "c.id",
                "name": (
                    f"{_array(SECTION_NAMES)}[1 + (c.n + k) %% {len(SECTION_NAMES)}] "
                    "|| ' – ' || chr(64 + k::int)"
                ),
                "kind": f"{_array(KINDS)}[1 + (c.n * 3 + k) %% {len(KINDS)}]",
                "starts_on": "%(starts_on)s",
                "ends_on": "%(ends_on)s",
                "places": "20 + floor(random() * 41)::int",
                "delivers_certificate": f"{_array(KINDS)}[1 + (c.n * 3 + k) %% {len(KINDS)}] "
                "= 'training'",
            },
            """
            FROM (SELECT id, id AS n FROM centres_centre
                  WHERE status = 'open' AND id <> %(bench)s) c
            CROSS JOIN LATERAL generate_series(1, 1 + (c.n * 7 + c.n / 7) %% 4) k
            ORDER BY c.id, k
            """,
            {**dates, "bench": centre.pk},
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_plan (section_id bigint, delegation_id bigint, "
            "placed int, gone int, waiting int, withdrawn int, total int, start bigint, "
            "size bigint) "
            "ON COMMIT DROP"
        )
        step(
            "plan",
            """
            INSERT INTO bench_plan (section_id, delegation_id, placed, gone, waiting, withdrawn)
            SELECT s.id, c.delegation_id,
                   LEAST(s.places, floor(s.places * (0.78 + 0.3 * random())))::int,
                   floor(s.places * 0.3 * random())::int,
                   floor(random() * 23)::int, floor(random() * 9)::int
            FROM enrolments_section s JOIN centres_centre c ON c.id = s.centre_id
            ORDER BY s.id
            """,
        )
        for name, kind, places, placed, gone, waiting, withdrawn in BENCH_SECTIONS:
            section = Section.objects.create(
                centre=centre,
                name=name,
                kind=kind,
                starts_on=starts_on,
                ends_on=ends_on,
                places=places,
                delivers_certificate=kind == "training",
            )
            cursor.execute(
                "INSERT INTO bench_plan (section_id, delegation_id, placed, gone, waiting, "
                "withdrawn) VALUES (%s, %s, %s, %s, %s, %s)",
                [section.pk, centre.delegation_id, placed, gone, waiting, withdrawn],
            )
        groups = list(TargetGroup.objects.order_by("pk").values_list("pk", flat=True))
        insert(
            "priority groups",
            Section.priority_groups.through,
            {"section_id": "s.id", "targetgroup_id": "(%(groups)s::bigint[])[1 + s.id %% 4]"},
            "FROM enrolments_section s WHERE s.id %% 3 = 0",
            {"groups": groups},
        )
        # Who: the people of the section's delegation, one after the other from where the
        # previous section of the delegation stopped.
        cursor.execute(
            """
            UPDATE bench_plan p SET total = x.total, start = x.start
            FROM (SELECT section_id, placed + gone + waiting + withdrawn AS total,
                         sum(placed + gone + waiting + withdrawn) OVER (
                             PARTITION BY delegation_id ORDER BY section_id)
                         - (placed + gone + waiting + withdrawn) AS start
                  FROM bench_plan) x
            WHERE p.section_id = x.section_id
            """
        )
        step(
            "people of each delegation",
            """
            CREATE TEMP TABLE bench_pool ON COMMIT DROP AS
            SELECT id, delegation_id,
                   row_number() OVER (PARTITION BY delegation_id ORDER BY id) - 1 AS rn
            FROM beneficiaries_beneficiary
            """,
        )
        cursor.execute("CREATE INDEX ON bench_pool (delegation_id, rn)")
        cursor.execute("ANALYZE bench_pool")
        cursor.execute(
            "UPDATE bench_plan p SET size = x.size FROM (SELECT delegation_id, count(*) AS size "
            "FROM bench_pool GROUP BY delegation_id) x WHERE x.delegation_id = p.delegation_id"
        )
        cursor.execute("ANALYZE bench_plan")
        elapsed = (today - starts_on).days
        outcomes = f"{_array(OUTCOMES)}[1 + floor(x.r3 * {len(OUTCOMES)})::int]"
        insert(
            "enrolments",
            Enrolment,
            {
                "section_id": "x.section_id",
                "person_id": "x.person_id",
                "status": "x.status",
                "requested_on": "x.requested_on",
                "target_group_id": """CASE WHEN x.r4 < 0.6
                    THEN (%(groups)s::bigint[])[1 + floor(x.r5 * 4)::int] END""",
                "vulnerability": "CASE WHEN x.r6 < 0.7 THEN 0 WHEN x.r6 < 0.92 THEN 1 ELSE 2 END",
                "admitted_on": "x.admitted_on",
                "left_on": """CASE WHEN x.status = 'left'
                    THEN x.admitted_on + floor(x.r2 * (%(today)s::date - x.admitted_on))::int
                    END""",
                "outcome": f"CASE WHEN x.status = 'left' THEN {outcomes} ELSE '' END",
                "created_at": "x.requested_on + time '10:00'",
            },
            """
            FROM (
                SELECT y.*,
                       CASE WHEN y.status IN ('active', 'left')
                            THEN %(starts_on)s::date + floor(y.r1 ^ 3 * %(elapsed)s)::int
                            WHEN y.status = 'admitted' THEN %(today)s::date END AS admitted_on,
                       CASE WHEN y.status IN ('waiting', 'withdrawn')
                            THEN %(starts_on)s::date - 30
                                 + floor(y.r1 * (%(elapsed)s + 30))::int
                            ELSE %(starts_on)s::date - 1 - floor(y.r2 * 60)::int
                       END AS requested_on
                FROM (
                    SELECT p.section_id, pool.id AS person_id,
                           CASE WHEN k <= p.placed AND k %% 15 = 0 THEN 'admitted'
                                WHEN k <= p.placed THEN 'active'
                                WHEN k <= p.placed + p.gone THEN 'left'
                                WHEN k <= p.placed + p.gone + p.waiting THEN 'waiting'
                                ELSE 'withdrawn' END AS status,
                           random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                           random() AS r5, random() AS r6
                    FROM bench_plan p
                    CROSS JOIN LATERAL generate_series(1, p.total) k
                    JOIN bench_pool pool ON pool.delegation_id = p.delegation_id
                     AND pool.rn = (p.start + k - 1) %% p.size
                    ORDER BY p.section_id, k
                ) y
            ) x
            """,
            {**dates, "groups": groups, "elapsed": max(elapsed - 1, 0)},
        )
        step(
            "served first",
            """
            UPDATE enrolments_enrolment e SET priority_group = true
            FROM enrolments_section_priority_groups g
            WHERE g.section_id = e.section_id AND g.targetgroup_id = e.target_group_id
              AND e.status = 'waiting'
            """,
        )
        step(
            "places taken",
            """
            UPDATE enrolments_section s SET taken = x.n
            FROM (SELECT section_id, count(*) AS n FROM enrolments_enrolment
                  WHERE status IN ('admitted', 'active') GROUP BY section_id) x
            WHERE s.id = x.section_id
            """,
        )

        # Roll-calls of the last school days, each taken by the delegation's bench worker at
        # nine; marks for those placed that day, nine in ten present (one person in 29 much
        # less often: the absences in a row the managers hear of).
        insert(
            "roll-calls",
            RollCall,
            {
                "section_id": "s.id",
                "day": "d.day",
                "taken_by_id": "u.id",
                "taken_at": "(d.day + time '09:00') AT TIME ZONE %(zone)s",
            },
            f"""
            FROM enrolments_section s
            JOIN centres_centre c ON c.id = s.centre_id
            JOIN territory_orgunit o ON o.id = c.delegation_id
            JOIN {connection.ops.quote_name(users["bench-delegate"]._meta.db_table)} u
              ON u.username = 'bench-worker-' || o.code
            CROSS JOIN unnest(%(days)s::date[]) d(day)
            ORDER BY s.id, d.day
            """,  # noqa: S608 - our own constants, no user input
            {"days": days, "zone": settings.TIME_ZONE},
        )
        # Five million marks: their table's secondary indexes (and its unique constraint) are
        # built once after the rows, in as they were, rather than kept row by row.
        with indexes_later(cursor, Attendance._meta.db_table, log):
            insert(
                "attendance marks",
                Attendance,
                {
                    "roll_call_id": "r.id",
                    "enrolment_id": "e.id",
                    "present": "random() < CASE WHEN e.id %% 29 = 0 THEN 0.35 ELSE 0.93 END",
                },
                """
                FROM enrolments_rollcall r
                JOIN enrolments_enrolment e ON e.section_id = r.section_id
                 AND e.admitted_on <= r.day
                 AND (e.status IN ('admitted', 'active')
                      OR e.status = 'left' AND e.left_on >= r.day)
                ORDER BY r.id, e.id
                """,
            )
        step(
            "absences in a row",
            """
            UPDATE enrolments_enrolment e SET absences_in_a_row = x.n
            FROM (SELECT a.enrolment_id,
                         count(*) FILTER (WHERE r.day > coalesce(l.last, DATE '1900-01-01')) AS n
                  FROM enrolments_attendance a
                  JOIN enrolments_rollcall r ON r.id = a.roll_call_id
                  JOIN (SELECT a.enrolment_id, max(r.day) FILTER (WHERE a.present) AS last
                        FROM enrolments_attendance a
                        JOIN enrolments_rollcall r ON r.id = a.roll_call_id
                        GROUP BY a.enrolment_id) l ON l.enrolment_id = a.enrolment_id
                  GROUP BY a.enrolment_id) x
            WHERE e.id = x.enrolment_id AND x.n > 0
            """,
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_stamp "
            "(part text PRIMARY KEY, stamp text NOT NULL, built_at timestamptz NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_stamp VALUES ('enrolments', %s, now()) "
            "ON CONFLICT (part) DO UPDATE SET stamp = EXCLUDED.stamp, built_at = now()",
            [_stamp(today)],
        )
    log(f"  registers built in {time.monotonic() - started:.0f} s; VACUUM ANALYZE")
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.monotonic() - started


def ensure_built(log=print, seed=SEED, **sizes):
    """demo.national's data set, then the registers of the season: what is missing."""
    seconds = national_ensure_built(log=log, seed=seed, **sizes)
    if not enrolments_built():
        seconds += build_enrolments(log=log, seed=seed)
    return seconds


if __name__ == "__main__":
    if sys.argv[1:] == ["url"]:
        print(bench_database_url())
