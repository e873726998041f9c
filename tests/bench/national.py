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

The aid programmes (build_programmes): a catalogue of thirty items, five programmes (technical
aids, food aid, emergency relief), 100,000 requests of the last cycle and this one decided by
each delegation's committee every fortnight, the entitlements of those approved, each store's
lots and movements, the donations that filled them; the bench delegation's floods with 50,000
households and two rounds of kits: 300,000 deliveries in all (entitlements delivered and kits
handed). Their own stamp (part "programmes", its version and cycle) rebuilds them alone.
"""

import datetime
import sys
import time
from contextlib import contextmanager

from demo.national import *  # noqa: F403 - the bench's names, as they were
from demo.national import SEED, bench_database_url, unaudited
from demo.national import bench_users as national_bench_users
from demo.national import ensure_built as national_ensure_built
from demo.national.columns import bulk_create, insert_select

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


# An import file of new people, as `make bench` and `make cluster-faults` write one.
IMPORT_COLUMNS = ["first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat", "sex"]
IMPORT_COLUMNS += ["birth_date", "cin", "phone", "province_code", "delegation_code"]


def import_delegations(region_code):
    """The delegations of a region, with their provinces, for `import_row`."""
    from territory.models import OrgUnit

    region = OrgUnit.objects.get(code=region_code)
    return list(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION, path__startswith=region.path)
        .prefetch_related("provinces")
        .order_by("code")
    )


def import_row(i, delegations, cin, phone=""):
    """Row `i` of the file (IMPORT_COLUMNS): a name of the bench's lists, spread over the
    delegations, each person in the first province of theirs."""
    names = MEN + WOMEN  # noqa: F405 - demo.national's
    delegation = delegations[i % len(delegations)]
    first_ar, first_lat = names[i % len(names)]
    last_ar, last_lat = FAMILIES[(i * 7) % len(FAMILIES)]  # noqa: F405
    sex = "M" if names[i % len(names)] in MEN else "F"  # noqa: F405
    return (
        [first_ar, last_ar, first_lat, last_lat, sex]
        + [f"19{50 + i % 50}-0{1 + i % 9}-1{i % 10}", cin, phone]
        + [delegation.provinces.all()[0].code, delegation.code]
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


# The aid programmes (programmes) ----------------------------------------------------------------

# Bump when the programmes' data changes: the next `make bench` rebuilds this part only.
PROGRAMMES_VERSION = 1
AID_REQUESTS = 100_000
# People with a request in each of the two cycles (the same programme, last year and this one).
ASKED_TWICE = 15_000
# Delivered entitlements and kits handed to households, together.
DELIVERIES = 300_000
HOUSEHOLDS = 50_000
# Households given the first round's kit: all but the last registered.
FIRST_ROUND_SHARE = 0.97
EMERGENCY_DAYS = 20
EMERGENCY_TITLE = "فيضانات الدار البيضاء"
# The arrondissements of Casablanca, the bench delegation: the communes the floods hit, and
# how many households each registered (relative weights).
EMERGENCY_COMMUNES = [
    ("سيدي مومن", 14),
    ("سيدي البرنوصي", 11),
    ("عين السبع", 9),
    ("الحي المحمدي", 9),
    ("مولاي رشيد", 9),
    ("بن امسيك", 7),
    ("سيدي عثمان", 7),
    ("عين الشق", 6),
    ("الحي الحسني", 6),
    ("الفداء", 5),
    ("مرس السلطان", 4),
    ("الصخور السوداء", 4),
    ("سباتة", 3),
    ("المعاريف", 2),
    ("سيدي بليوط", 2),
    ("أنفا", 2),
]
DOUARS = [
    "دوار السكويلة",
    "دوار الحاج موسى",
    "دوار الكارة",
    "دوار الرحامنة",
    "دوار ولاد حدو",
    "دوار طوما",
    "حي الانبعاث",
    "حي السلامة",
    "حي الأمل",
    "حي النسيم",
    "كاريان سنطرال",
    "حي الفرح",
]
NEEDS = ["خيمة وأغطية", "مواد غذائية", "ماء صالح للشرب", "أدوية", "ملابس للأطفال", ""]
# The catalogue: (code, Arabic, French, counted in, value of one in MAD, units in a lot).
CATALOGUE = [
    ("fauteuil-roulant", "كرسي متحرك", "Fauteuil roulant", "وحدة", 1800, 20),
    ("deambulateur", "مشاية", "Déambulateur", "وحدة", 450, 30),
    ("bequilles", "عكازات", "Paire de béquilles", "زوج", 250, 40),
    ("canne-blanche", "عصا بيضاء", "Canne blanche", "وحدة", 150, 50),
    ("appareil-auditif", "جهاز سمعي", "Appareil auditif", "وحدة", 3500, 20),
    ("lit-medicalise", "سرير طبي", "Lit médicalisé", "وحدة", 4200, 10),
    ("chaussures-orthopediques", "أحذية طبية", "Chaussures orthopédiques", "زوج", 600, 30),
    ("coussin-anti-escarres", "وسادة مضادة لقرح الفراش", "Coussin anti-escarres", "وحدة", 350, 30),
    ("matelas-anti-escarres", "فراش مضاد لقرح الفراش", "Matelas anti-escarres", "وحدة", 900, 15),
    ("panier-ramadan", "قفة رمضان", "Panier de Ramadan", "قفة", 350, 300),
    ("farine", "دقيق", "Farine (sac de 25 kg)", "كيس 25 كلغ", 180, 400),
    ("huile", "زيت المائدة", "Huile de table (5 l)", "قنينة 5 لتر", 90, 400),
    ("sucre", "سكر", "Sucre (pain de 2 kg)", "قالب 2 كلغ", 25, 600),
    ("the", "شاي", "Thé (500 g)", "علبة 500 غ", 30, 600),
    ("lentilles", "عدس", "Lentilles (1 kg)", "كيس 1 كلغ", 20, 600),
    ("riz", "أرز", "Riz (1 kg)", "كيس 1 كلغ", 15, 600),
    ("couverture", "غطاء", "Couverture", "وحدة", 120, 300),
    ("vetements-hiver", "كسوة الشتاء", "Vêtements d'hiver", "طقم", 250, 200),
    ("matelas", "فراش", "Matelas", "وحدة", 300, 100),
    ("tente", "خيمة", "Tente familiale", "وحدة", 2500, 40),
    ("kit-hygiene", "حقيبة النظافة", "Kit d'hygiène", "حقيبة", 150, 200),
    ("kit-urgence", "حقيبة الإغاثة", "Kit d'urgence", "حقيبة", 400, 500),
    # In the stores, given otherwise than by entitlements (to centres, to schools).
    ("cartable", "محفظة مدرسية", "Cartable garni", "وحدة", 200, 100),
    ("kit-naissance", "حقيبة المولود", "Kit de naissance", "حقيبة", 300, 50),
    ("couches-adultes", "حفاظات الكبار", "Couches pour adultes", "علبة", 90, 100),
    ("lunettes", "نظارات طبية", "Lunettes de vue", "زوج", 400, 40),
    ("jerrican", "جركان ماء 20 لتر", "Jerrican (20 l)", "وحدة", 40, 200),
    ("lampe-solaire", "مصباح شمسي", "Lampe solaire", "وحدة", 180, 100),
    ("kit-cuisine", "أدوات المطبخ", "Kit de cuisine", "طقم", 350, 60),
    ("eau-minerale", "ماء معدني", "Eau minérale (pack de 6)", "علبة", 30, 500),
]
EMERGENCY_KIT = "kit-urgence"
# The letters of the CINs issued in Casablanca.
CASABLANCA_CIN = ["B", "BE", "BH", "BK"]
# The programmes: (code, Arabic, French, kind, buckets of twenty among the requests, the need
# a request states, what an approved request gives: [(item, quantity, for requests whose
# number modulo 8 is one of, or all)]).
PROGRAMMES = [
    (
        "operation-ramadan",
        "عملية رمضان",
        "Opération Ramadan",
        "food_aid",
        4,
        "قفة رمضان للأسرة",
        [("panier-ramadan", 1, None)],
    ),
    (
        "aide-alimentaire",
        "الدعم الغذائي للأسر المعوزة",
        "Aide alimentaire aux familles démunies",
        "food_aid",
        7,
        "أسرة بدون دخل قار، تطلب مواد غذائية أساسية",
        [
            ("farine", 1, None),
            ("huile", 1, None),
            ("sucre", 2, None),
            ("the", 1, None),
            ("lentilles", 2, None),
            ("riz", 2, None),
        ],
    ),
    (
        "aides-techniques",
        "الأجهزة التعويضية والمساعدات التقنية",
        "Aides techniques et appareillage",
        "technical_aids",
        5,
        "شخص في وضعية إعاقة يحتاج إلى جهاز تعويضي",
        [
            ("fauteuil-roulant", 1, [0, 7]),
            ("deambulateur", 1, [1]),
            ("bequilles", 1, [2]),
            ("canne-blanche", 1, [3]),
            ("appareil-auditif", 1, [4]),
            ("lit-medicalise", 1, [5]),
            ("chaussures-orthopediques", 1, [6]),
            ("coussin-anti-escarres", 1, [0, 7]),
            ("matelas-anti-escarres", 1, [5]),
        ],
    ),
    (
        "grand-froid",
        "عملية مواجهة موجة البرد",
        "Opération Grand Froid",
        "emergency",
        3,
        "أسرة في منطقة جبلية تطلب أغطية وملابس الشتاء",
        [("couverture", 3, None), ("vetements-hiver", 1, None), ("matelas", 1, None)],
    ),
    (
        "secours-catastrophes",
        "الإغاثة في حالات الكوارث",
        "Secours aux sinistrés",
        "emergency",
        1,
        "مسكن متضرر، تطلب الأسرة خيمة ومستلزمات النظافة",
        [("tente", 1, None), ("kit-hygiene", 1, None)],
    ),
]
EMERGENCY_PROGRAMME = "secours-catastrophes"
# The programmes' eligibility rules: (criterion, value, the reason of a refusal for it). Half
# the refusals of these programmes are for their rule, the others for the reasons below.
RULES = {
    "aide-alimentaire": ("income_max", "3000", "الدخل المصرح به يفوق السقف المحدد للبرنامج"),
    "operation-ramadan": ("income_max", "2500", "الدخل المصرح به يفوق السقف المحدد للبرنامج"),
    "aides-techniques": ("disability_card", "yes", "لا يتوفر الشخص على بطاقة الإعاقة"),
}
REJECTIONS = [
    "ملف غير مكتمل: شهادة السكنى غير مدلى بها",
    "استفادت الأسرة من نفس الدعم خلال هذه الدورة من جهة أخرى",
    "الأولوية للحالات الأشد هشاشة حسب البحث الاجتماعي",
]
DONORS = [
    "مؤسسة محمد الخامس للتضامن",
    "المبادرة الوطنية للتنمية البشرية",
    "الهلال الأحمر المغربي",
    "مجلس الجهة",
    "المجلس الإقليمي",
    "جمعية الأمل للتنمية والتضامن",
    "جمعية المحسنين",
    "Fondation Banque Populaire",
    "Fondation OCP",
    "مؤسسة البنك المغربي للتجارة الخارجية",
    "محسن",
    "Marjane Holding",
]
COMMITTEE = "المندوب، المساعدة الاجتماعية، ممثل السلطة المحلية، ممثل النسيج الجمعوي"


def _programmes_stamp(today):
    return f"v{PROGRAMMES_VERSION} cycle {today.year}"


def programmes_built():
    """Whether the aid programmes are there, of this version and this cycle."""
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_stamp') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT stamp FROM bench_stamp WHERE part = 'programmes'")
        row = cursor.fetchone()
    return row is not None and row[0] == _programmes_stamp(timezone.localdate())


def bench_emergency():
    """The bench delegation's emergency of HOUSEHOLDS households."""
    from programmes.models import Emergency

    return Emergency.objects.filter(
        delegation__code=BENCH_DELEGATION, title=EMERGENCY_TITLE
    ).first()


def _names():
    """(Arabic, Latin) given names of men, of women, and family names: demo.national's and the
    families of the names test set (tests/data/moroccan_names.csv), each once."""
    import csv
    from pathlib import Path

    from demo.national import FAMILIES, MEN, WOMEN

    path = Path(__file__).resolve().parents[1] / "data" / "moroccan_names.csv"
    families = dict(FAMILIES)
    for row in csv.DictReader(path.open(encoding="utf-8")):
        if row["part"] == "family" and row["arabic"] not in families:
            families[row["arabic"]] = row["latin"]
    return MEN, WOMEN, list(families.items())


def build_programmes(log=print, seed=SEED):
    """The aid programmes at national size, in one transaction, in place of any earlier ones:
    the catalogue and its programmes, budgets, committee meetings every fortnight in every
    delegation, AID_REQUESTS requests of the last cycle and this one, the entitlements of those
    approved (most delivered), the stores' lots and movements, donations; the bench
    delegation's emergency of HOUSEHOLDS households and its two rounds of kits, as many as
    make DELIVERIES with the delivered entitlements. Then VACUUM ANALYZE. Seconds taken.

    Written by set-based SQL with the triggers off (demo.national.unaudited): the store's
    trigger with them, so each lot's `left` is written as its movements sum, which the rows
    are planned for (a delivery takes from the lot its place in the delegation's deliveries
    of the item falls in, oldest first; a lot never below zero)."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from programmes.models import (
        AidRequest,
        Budget,
        CommitteeMeeting,
        Donation,
        EligibilityRule,
        Emergency,
        Entitlement,
        Household,
        Item,
        KitDelivery,
        Lot,
        Movement,
        Programme,
    )
    from territory.models import OrgUnit

    today = timezone.localdate()
    now = timezone.now()
    year = today.year
    first_day = datetime.date(year - 1, 1, 1)
    users = bench_users()
    delegate, worker = users["bench-delegate"], users[f"bench-worker-{BENCH_DELEGATION}"]
    bench = delegate.unit
    models = [
        Item,
        Programme,
        EligibilityRule,
        Budget,
        CommitteeMeeting,
        AidRequest,
        Donation,
        Lot,
        Movement,
        Entitlement,
        Emergency,
        Household,
        KitDelivery,
    ]
    tables = [m._meta.db_table for m in models]
    events = [f"{table}event" for table in tables]
    men, women, families = _names()
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

    def scalar(sql, params=None):
        cursor.execute(sql, params or {})
        return cursor.fetchone()[0]

    dates = {
        "first_day": first_day,
        "this_year": datetime.date(year, 1, 1),
        "year": year,
        "today": today,
        "now": now,
        "zone": settings.TIME_ZONE,
    }
    with transaction.atomic(), connection.cursor() as cursor, unaudited(cursor):
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SELECT setseed(%s)", [((seed + 2) % 10000) / 10000])
        # A rebuild: the bench's programmes only (its own database), history included.
        cursor.execute(f"TRUNCATE {', '.join(tables + events)} RESTART IDENTITY")

        # The catalogue, the programmes and their rules: a few rows, by the ORM.
        items = bulk_create(
            Item,
            [
                Item(
                    code=code,
                    name=name_ar,
                    name_ar=name_ar,
                    name_fr=name_fr,
                    unit=unit,
                    unit_value=value,
                    position=n,
                )
                for n, (code, name_ar, name_fr, unit, value, _lot) in enumerate(CATALOGUE)
            ],
            batch_size=100,
        )
        items = {item.code: item for item in items}
        programmes = bulk_create(
            Programme,
            [
                Programme(code=code, name=name_ar, name_ar=name_ar, name_fr=name_fr, kind=kind)
                for code, name_ar, name_fr, kind, *_rest in PROGRAMMES
            ],
            batch_size=100,
        )
        programmes = {p.code: p for p in programmes}
        bulk_create(
            EligibilityRule,
            [
                EligibilityRule(programme=programmes[code], criterion=criterion, value=value)
                for code, (criterion, value, _reason) in RULES.items()
            ],
            batch_size=100,
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_item (id bigint PRIMARY KEY, lot_size int, value numeric, "
            "given bool) ON COMMIT DROP"
        )
        given = {code for *_head, gives in PROGRAMMES for code, _q, _s in gives} | {EMERGENCY_KIT}
        cursor.executemany(
            "INSERT INTO bench_item VALUES (%s, %s, %s, %s)",
            [(items[c].pk, lot, value, c in given) for c, _a, _f, _u, value, lot in CATALOGUE],
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_programme (id bigint, bucket int, need text, "
            "criterion text, value text, unmet text) ON COMMIT DROP"
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_gives (programme_id bigint, item_id bigint, quantity int, "
            "slots int[]) ON COMMIT DROP"
        )
        bucket = 0
        for code, _ar, _fr, _kind, buckets, need, gives in PROGRAMMES:
            rule = RULES.get(code, (None, None, None))
            for b in range(bucket, bucket + buckets):
                cursor.execute(
                    "INSERT INTO bench_programme VALUES (%s, %s, %s, %s, %s, %s)",
                    [programmes[code].pk, b, need, *rule],
                )
            bucket += buckets
            for item, quantity, slots in gives:
                cursor.execute(
                    "INSERT INTO bench_gives VALUES (%s, %s, %s, %s)",
                    [programmes[code].pk, items[item].pk, quantity, slots],
                )
        assert bucket == 20, "the programmes' buckets make twenty"

        # Each delegation, its worker (who records, hands over) and who keeps its store and
        # sits in its committee (the bench delegate in the bench delegation); its committee
        # meets every fortnight, each delegation on its own day.
        cursor.execute(
            "CREATE TEMP TABLE bench_unit (id bigint PRIMARY KEY, worker_id bigint, "
            "keeper_id bigint, off int) ON COMMIT DROP"
        )
        units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION).order_by("code"))
        cursor.executemany(
            "INSERT INTO bench_unit VALUES (%s, %s, %s, %s)",
            [
                (
                    u.pk,
                    users[f"bench-worker-{u.code}"].pk,
                    delegate.pk if u.pk == bench.pk else users[f"bench-worker-{u.code}"].pk,
                    n % 14,
                )
                for n, u in enumerate(units)
            ],
        )
        insert(
            "committee meetings",
            CommitteeMeeting,
            {
                "delegation_id": "u.id",
                "held_on": "m.held_on",
                "members": "%(members)s",
                "created_by_id": "u.keeper_id",
                "created_at": "(m.held_on + time '17:00') AT TIME ZONE %(zone)s",
            },
            """
            FROM bench_unit u
            CROSS JOIN LATERAL (SELECT %(first_day)s::date + u.off + 14 * n AS held_on
                                FROM generate_series(0, 60) n) m
            WHERE m.held_on <= %(today)s::date - 2
            ORDER BY m.held_on, u.id
            """,
            {**dates, "members": COMMITTEE},
        )
        step(
            "meetings' numbers",
            """
            CREATE TEMP TABLE bench_meeting ON COMMIT DROP AS
            SELECT m.id, m.delegation_id, m.held_on,
                   (m.held_on - %(first_day)s::date - u.off) / 14 AS n
            FROM programmes_committeemeeting m JOIN bench_unit u ON u.id = m.delegation_id
            """,
            dates,
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_meeting (delegation_id, n)")

        # Requests: people drawn in the whole country (whose file is older than the cycles),
        # one request each, ASKED_TWICE of them again in the other cycle; the programme by
        # the person's draw; decided at the first meeting three days or more after (awaiting
        # the committee if none has met since); three in four approved.
        once = AID_REQUESTS - ASKED_TWICE
        step(
            "applicants",
            """
            CREATE TEMP TABLE bench_applicant ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY x.r) AS k, x.id AS person_id, x.delegation_id,
                   x.file_number,
                   CASE WHEN random() < 0.45 THEN %(year)s - 1 ELSE %(year)s END AS cycle
            FROM (SELECT id, delegation_id, file_number, random() AS r
                  FROM beneficiaries_beneficiary
                  WHERE created_at < %(first_day)s::date AND merged_into_id IS NULL
                    AND anonymised_at IS NULL
                  ORDER BY r LIMIT %(once)s) x
            """,
            {**dates, "once": once},
        )
        step(
            "requests planned",
            """
            CREATE TEMP TABLE bench_request ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY y.requested_on, y.k, y.cycle) AS id, y.*,
                   m.id AS meeting_id, m.held_on,
                   CASE WHEN m.id IS NULL THEN 'recorded'
                        WHEN y.r_status < 0.75 THEN 'approved'
                        WHEN y.r_status < 0.92 THEN 'rejected'
                        ELSE 'waiting_budget' END AS status,
                   m.id IS NOT NULL AND y.r_status >= 0.75 AND y.r_status < 0.92
                       AND y.criterion IS NOT NULL AND y.r_unmet < 0.5 AS ineligible
            FROM (
                SELECT x.*,
                       CASE WHEN x.cycle < %(year)s
                            THEN %(first_day)s::date + floor(x.r_day * 365)::int
                            ELSE %(this_year)s::date
                                 + floor(x.r_day * (%(today)s::date - %(this_year)s::date + 1))::int
                       END AS requested_on
                FROM (
                    SELECT a.k, a.person_id, a.delegation_id, a.file_number, p.id AS programme_id,
                           p.need, p.criterion, p.value, p.unmet,
                           CASE WHEN twice THEN 2 * %(year)s - 1 - a.cycle
                                ELSE a.cycle END AS cycle,
                           random() AS r_day, random() AS r_status, random() AS r_unmet,
                           random() AS r_reason, random() AS r_income, random() AS r_time
                    FROM bench_applicant a
                    CROSS JOIN (VALUES (false), (true)) t(twice)
                    JOIN bench_programme p ON p.bucket = a.k %% 20
                    WHERE NOT t.twice OR a.k <= %(twice)s
                ) x
            ) y
            JOIN bench_unit u ON u.id = y.delegation_id
            LEFT JOIN bench_meeting m ON m.delegation_id = y.delegation_id
             AND m.n = floor((y.requested_on - %(first_day)s::date - u.off + 3) / 14.0)::int + 1
            """,
            {**dates, "twice": ASKED_TWICE},
        )
        cursor.execute("ALTER TABLE bench_request ADD PRIMARY KEY (id)")
        rejections = _array(REJECTIONS)
        insert(
            "aid requests",
            AidRequest,
            {
                "id": "r.id",
                "programme_id": "r.programme_id",
                "person_id": "r.person_id",
                "delegation_id": "r.delegation_id",
                "cycle": "r.cycle",
                "requested_on": "r.requested_on",
                "need": "r.need",
                # Declared under the programme's ceiling (3,000 MAD without one), above it
                # for those refused for it; one in ten declares nothing.
                "monthly_income": """CASE
                    WHEN r.r_income >= 0.9 THEN NULL
                    WHEN r.ineligible AND r.criterion = 'income_max'
                    THEN r.value::int + 100 + floor(r.r_income * 40) * 50
                    ELSE 300 + floor(r.r_income / 0.9 * (coalesce(CASE WHEN r.criterion
                        = 'income_max' THEN r.value::int END, 3000) - 300) / 50) * 50 END""",
                "eligible": "NOT r.ineligible",
                "unmet": """CASE WHEN r.ineligible
                    THEN jsonb_build_array(jsonb_build_object('criterion', r.criterion,
                                                              'value', r.value))
                    ELSE '[]'::jsonb END""",
                "status": "r.status",
                "decision_reason": f"""CASE
                    WHEN r.ineligible THEN r.unmet
                    WHEN r.status = 'rejected'
                    THEN {rejections}[1 + floor(r.r_reason * {len(REJECTIONS)})::int]
                    WHEN r.status = 'waiting_budget' THEN 'في انتظار اعتماد اعتمادات إضافية'
                    ELSE '' END""",
                "meeting_id": "r.meeting_id",
                "recorded_by_id": "u.worker_id",
                "created_at": """LEAST(%(now)s::timestamptz - interval '1 hour',
                    (r.requested_on + time '09:00') AT TIME ZONE %(zone)s
                    + r.r_time * interval '7 hours')""",
                "updated_at": """CASE WHEN r.held_on IS NULL
                    THEN LEAST(%(now)s::timestamptz - interval '1 hour',
                               (r.requested_on + time '09:00') AT TIME ZONE %(zone)s
                               + r.r_time * interval '7 hours')
                    ELSE (r.held_on + time '17:30') AT TIME ZONE %(zone)s END""",
            },
            "FROM bench_request r JOIN bench_unit u ON u.id = r.delegation_id ORDER BY r.id",
            dates,
        )

        # The entitlements of the approved requests: handed over within three weeks of the
        # committee, unless that is still to come (one in fifty never came for theirs).
        step(
            "entitlements planned",
            """
            CREATE TEMP TABLE bench_entitlement ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY x.held_on, x.request_id, x.item_id) AS id, x.*,
                   CASE WHEN x.at < %(now)s::timestamptz - interval '1 hour'
                             AND x.r_missed >= 0.02 THEN x.at END AS delivered_at
            FROM (
                SELECT r.id AS request_id, r.person_id, r.programme_id, r.cycle, r.delegation_id,
                       r.file_number, r.held_on, g.item_id, g.quantity,
                       (r.held_on + 1 + floor(random() * 20)::int + time '09:00')
                           AT TIME ZONE %(zone)s + random() * interval '8 hours' AS at,
                       random() AS r_missed
                FROM bench_request r
                JOIN bench_gives g ON g.programme_id = r.programme_id
                 AND (g.slots IS NULL OR r.k %% 8 = ANY(g.slots))
                WHERE r.status = 'approved'
            ) x
            """,
            dates,
        )
        cursor.execute("ALTER TABLE bench_entitlement ADD PRIMARY KEY (id)")
        delivered = scalar("SELECT count(*) FROM bench_entitlement WHERE delivered_at IS NOT NULL")
        kits = DELIVERIES - delivered
        first_round = min(kits, round(HOUSEHOLDS * FIRST_ROUND_SHARE))
        second_round = kits - first_round
        if not 0 <= second_round <= first_round:
            raise RuntimeError(
                f"{delivered:,} entitlements delivered: kits cannot make {DELIVERIES:,} "
                "deliveries; change the programmes' shares (PROGRAMMES)"
            )

        # The emergency: the bench delegation's floods, EMERGENCY_DAYS ago; its households
        # registered the most in the first days, a third of them heads with a file in the
        # delegation (their CIN and name as on file), the others named from the names' lists,
        # in Arabic mostly; more in the poorer arrondissements.
        emergency = bulk_create(
            Emergency,
            [
                Emergency(
                    title=EMERGENCY_TITLE,
                    delegation=bench,
                    province=bench.provinces.order_by("pk").first(),
                    communes=[name for name, _weight in EMERGENCY_COMMUNES],
                    started_on=today - datetime.timedelta(days=EMERGENCY_DAYS),
                    kit=items[EMERGENCY_KIT],
                    programme=programmes[EMERGENCY_PROGRAMME],
                )
            ],
            batch_size=1,
        )[0]
        weights = [w for _name, w in EMERGENCY_COMMUNES]
        bounds = [sum(weights[: i + 1]) / sum(weights) for i in range(len(weights))]
        cursor.execute(
            "CREATE TEMP TABLE bench_commune (name text, lo float8, hi float8) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_commune VALUES (%s, %s, %s)",
            [
                (name, ([0.0, *bounds])[i], bounds[i] if i < len(bounds) - 1 else 1.0001)
                for i, (name, _w) in enumerate(EMERGENCY_COMMUNES)
            ],
        )
        step(
            "heads with a file",
            """
            CREATE TEMP TABLE bench_head ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY x.r) AS j, x.id, x.cin, x.name
            FROM (SELECT id, cin, first_name_ar || ' ' || last_name_ar AS name, random() AS r
                  FROM beneficiaries_beneficiary
                  WHERE delegation_id = %(bench)s AND cin <> '' AND first_name_ar <> ''
                    AND merged_into_id IS NULL AND anonymised_at IS NULL
                  ORDER BY r LIMIT %(heads)s) x
            """,
            {"bench": bench.pk, "heads": HOUSEHOLDS // 3},
        )
        struck = datetime.datetime.combine(
            today - datetime.timedelta(days=EMERGENCY_DAYS), datetime.time(8)
        )
        struck = timezone.make_aware(struck)
        ar_m, lat_m = _array(a for a, _ in men), _array(b for _, b in men)
        ar_w, lat_w = _array(a for a, _ in women), _array(b for _, b in women)
        ar_f, lat_f = _array(a for a, _ in families), _array(b for _, b in families)
        given_m, given_w, fam = len(men), len(women), len(families)
        step(
            "households planned",
            f"""
            CREATE TEMP TABLE bench_household ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY x.registered_at, x.n) AS id, x.*
            FROM (
                SELECT g.n, h.id AS head_id,
                       coalesce(h.name, CASE
                           WHEN g.r_script < 0.8 AND g.r_sex < 0.75
                           THEN {ar_m}[1 + floor(g.r_given * {given_m})::int]
                                || ' ' || {ar_f}[1 + floor(g.r_family * {fam})::int]
                           WHEN g.r_script < 0.8
                           THEN {ar_w}[1 + floor(g.r_given * {given_w})::int]
                                || ' ' || {ar_f}[1 + floor(g.r_family * {fam})::int]
                           WHEN g.r_sex < 0.75
                           THEN {lat_m}[1 + floor(g.r_given * {given_m})::int]
                                || ' ' || {lat_f}[1 + floor(g.r_family * {fam})::int]
                           ELSE {lat_w}[1 + floor(g.r_given * {given_w})::int]
                                || ' ' || {lat_f}[1 + floor(g.r_family * {fam})::int]
                       END) AS head_name,
                       coalesce(h.cin, CASE WHEN g.r_cin < 0.55
                           THEN {_array(CASABLANCA_CIN)}[1 + g.n %% 4] || (800000 + g.n)::text
                           ELSE '' END) AS cin,
                       CASE WHEN g.r_phone < 0.7
                            THEN '06' || lpad(floor(g.r_phone * 142857142)::text, 8, '0')
                            ELSE '' END AS phone,
                       1 + floor(g.r_members ^ 1.3 * 9)::int AS members,
                       c.name AS commune,
                       CASE WHEN g.r_douar < 0.8
                            THEN {_array(DOUARS)}[1 + floor(g.r_douar / 0.8 * {len(DOUARS)})::int]
                            ELSE '' END AS douar,
                       {_array(NEEDS)}[1 + floor(g.r_needs * {len(NEEDS)})::int] AS needs,
                       %(struck)s::timestamptz + g.r_when ^ 2
                           * (%(now)s::timestamptz - interval '1 hour' - %(struck)s::timestamptz)
                           AS registered_at,
                       CASE WHEN g.n %% 10 = 0 THEN %(delegate)s ELSE %(worker)s END AS by_id
                FROM (SELECT n, random() AS r_script, random() AS r_sex, random() AS r_given,
                             random() AS r_family, random() AS r_cin, random() AS r_phone,
                             random() AS r_members, random() AS r_commune, random() AS r_douar,
                             random() AS r_needs, random() AS r_when
                      FROM generate_series(1, %(households)s) n) g
                LEFT JOIN bench_head h ON h.j = g.n
                JOIN bench_commune c ON g.r_commune >= c.lo AND g.r_commune < c.hi
            ) x
            """,  # noqa: S608 - our own constants, no user input
            {
                **dates,
                "struck": struck,
                "households": HOUSEHOLDS,
                "delegate": delegate.pk,
                "worker": worker.pk,
            },
        )
        cursor.execute("ALTER TABLE bench_household ADD PRIMARY KEY (id)")
        # Kits: the first round to every household but the last registered, within two days
        # of its registration; the second to those served first, a week or more later (some
        # today).
        step(
            "kits planned",
            """
            CREATE TEMP TABLE bench_kit ON COMMIT DROP AS
            WITH first AS (
                SELECT h.id AS household_id, 1 AS round, h.by_id,
                       LEAST(h.registered_at + random() * interval '2 days',
                             %(now)s::timestamptz - interval '10 minutes') AS at
                FROM bench_household h ORDER BY h.registered_at, h.id LIMIT %(first)s
            ), second AS (
                SELECT f.household_id, 2 AS round, f.by_id,
                       f.at + interval '7 days' + random()
                           * (%(now)s::timestamptz - interval '10 minutes'
                              - (f.at + interval '7 days')) AS at
                FROM first f ORDER BY f.at, f.household_id LIMIT %(second)s
            )
            SELECT row_number() OVER (ORDER BY k.at, k.household_id) AS id, k.*
            FROM (SELECT * FROM first UNION ALL SELECT * FROM second) k
            """,
            {**dates, "first": first_round, "second": second_round},
        )
        late = scalar(
            "SELECT count(*) FROM bench_kit k JOIN bench_household h ON h.id = k.household_id "
            "WHERE k.at < h.registered_at OR k.at > %(now)s",
            dates,
        )
        assert not late, f"{late} kits handed before their household was registered"

        # What left the stores, in order: the entitlements delivered (their items) and the
        # kits; each takes from the lot its place among the delegation's deliveries of the
        # item falls in (lots of the item's usual size, oldest first).
        kit_reason = f"الحالة الطارئة {EMERGENCY_TITLE}، الجولة "
        step(
            "deliveries planned",
            """
            CREATE TEMP TABLE bench_out ON COMMIT DROP AS
            SELECT x.*, floor((sum(x.quantity) OVER w - x.quantity) / i.lot_size)::int AS lot_no
            FROM (
                SELECT 'e' AS kind, e.id AS source_id, e.delegation_id, e.item_id, e.quantity,
                       e.delivered_at AS at, u.worker_id AS by_id,
                       p.code || ' · ' || e.file_number AS reason
                FROM bench_entitlement e
                JOIN bench_unit u ON u.id = e.delegation_id
                JOIN programmes_programme p ON p.id = e.programme_id
                WHERE e.delivered_at IS NOT NULL
                UNION ALL
                SELECT 'k', k.id, %(bench)s, %(kit)s, 1, k.at, k.by_id, %(reason)s || k.round
                FROM bench_kit k
            ) x
            JOIN bench_item i ON i.id = x.item_id
            WINDOW w AS (PARTITION BY x.delegation_id, x.item_id ORDER BY x.at, x.kind,
                         x.source_id)
            """,
            {"bench": bench.pk, "kit": items[EMERGENCY_KIT].pk, "reason": kit_reason},
        )
        # The lots: those the deliveries came from (the last one still holding the rest of
        # its size), a fresh one in stock for half the items of each store, and the items
        # given otherwise (every one of them in the bench delegation); the first delivery
        # from a lot a day after it came in at the latest; a lot in three from a donation.
        step(
            "lots planned",
            """
            CREATE TEMP TABLE bench_lot ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY y.received_on, y.delegation_id, y.item_id,
                                      y.lot_no) AS id, y.*,
                   CASE WHEN y.r_count < 0.12 AND y.in_qty - y.used >= 5
                             AND y.received_on < %(today)s::date - 3 THEN -1 ELSE 0 END
                       AS counted
            FROM (
                SELECT x.*, random() < 0.35 AS donated, random() AS r_count
                FROM (
                    SELECT o.delegation_id, o.item_id, o.lot_no, sum(o.quantity) AS used,
                           CASE WHEN o.lot_no = max(o.lot_no) OVER s
                                THEN GREATEST(i.lot_size, sum(o.quantity))
                                ELSE sum(o.quantity) END AS in_qty,
                           (min(o.at) AT TIME ZONE %(zone)s)::date - 1
                               - floor(random() * 3)::int AS received_on
                    FROM bench_out o JOIN bench_item i ON i.id = o.item_id
                    GROUP BY o.delegation_id, o.item_id, o.lot_no, i.lot_size
                    WINDOW s AS (PARTITION BY o.delegation_id, o.item_id)
                    UNION ALL
                    SELECT f.delegation_id, f.item_id, f.lot_no + 1, 0, i.lot_size,
                           %(today)s::date - 1 - floor(random() * 30)::int
                    FROM (SELECT delegation_id, item_id, max(lot_no) AS lot_no FROM bench_out
                          GROUP BY delegation_id, item_id) f
                    JOIN bench_item i ON i.id = f.item_id
                    WHERE random() < 0.5
                    UNION ALL
                    SELECT u.id, i.id, n, 0, ceil(i.lot_size * (0.3 + 0.7 * random()))::int,
                           %(today)s::date - 1 - floor(random() * 300)::int
                    FROM bench_unit u CROSS JOIN bench_item i
                    CROSS JOIN generate_series(0, 1) n
                    WHERE NOT i.given AND (u.id = %(bench)s OR random() < 0.35)
                ) x
            ) y
            """,
            {**dates, "bench": bench.pk},
        )
        cursor.execute("ALTER TABLE bench_lot ADD PRIMARY KEY (id)")
        cursor.execute("CREATE UNIQUE INDEX ON bench_lot (delegation_id, item_id, lot_no)")
        cursor.execute("ANALYZE bench_lot")
        cursor.execute("ANALYZE bench_out")
        # The donations the donated lots came from: one a month in each delegation, for what
        # its lots brought; a few in money besides.
        donors = _array(DONORS)
        step(
            "donations planned",
            f"""
            CREATE TEMP TABLE bench_donation ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY x.received_on, x.delegation_id, x.kind) AS id,
                   x.*, {donors}[1 + floor(random() * {len(DONORS)})::int] AS donor
            FROM (
                SELECT l.delegation_id, date_trunc('month', l.received_on)::date AS month,
                       'in_kind' AS kind, min(l.received_on) AS received_on,
                       sum(l.in_qty * i.value) AS amount
                FROM bench_lot l JOIN bench_item i ON i.id = l.item_id
                WHERE l.donated GROUP BY l.delegation_id, month
                UNION ALL
                SELECT u.id, NULL, 'money',
                       %(first_day)s::date + floor(random() * (%(today)s::date
                                                               - %(first_day)s::date))::int,
                       (10 + floor(random() * 40)) * 5000
                FROM bench_unit u CROSS JOIN generate_series(1, 4)
            ) x
            """,  # noqa: S608 - our own constants, no user input
            dates,
        )
        insert(
            "donations",
            Donation,
            {
                "id": "d.id",
                "delegation_id": "d.delegation_id",
                "programme_id": "CASE WHEN d.kind = 'money' THEN %(food)s END",
                "donor": "d.donor",
                "kind": "d.kind",
                "amount": "d.amount",
                "received_on": "d.received_on",
                "note": "''",
                "recorded_by_id": "u.keeper_id",
            },
            "FROM bench_donation d JOIN bench_unit u ON u.id = d.delegation_id ORDER BY d.id",
            {"food": programmes["aide-alimentaire"].pk},
        )
        insert(
            "lots",
            Lot,
            {
                "id": "l.id",
                "delegation_id": "l.delegation_id",
                "item_id": "l.item_id",
                "donation_id": "d.id",
                "purchase": """CASE WHEN d.id IS NULL
                    THEN 'BC-' || extract(year FROM l.received_on) || '-'
                         || lpad(l.id::text, 6, '0') ELSE '' END""",
                "received_on": "l.received_on",
                "left": "l.in_qty - l.used + l.counted",
                "created_at": "(l.received_on + time '10:00') AT TIME ZONE %(zone)s",
            },
            """
            FROM bench_lot l
            LEFT JOIN bench_donation d ON l.donated AND d.kind = 'in_kind'
             AND d.delegation_id = l.delegation_id
             AND d.month = date_trunc('month', l.received_on)::date
            ORDER BY l.id
            """,
            dates,
        )
        insert(
            "entitlements",
            Entitlement,
            {
                "id": "e.id",
                "request_id": "e.request_id",
                "person_id": "e.person_id",
                "programme_id": "e.programme_id",
                "cycle": "e.cycle",
                "item_id": "e.item_id",
                "quantity": "e.quantity",
                "amount": "NULL",
                "lot_id": "l.id",
                "value": "CASE WHEN e.delivered_at IS NOT NULL THEN e.quantity * i.value END",
                "delivered_at": "e.delivered_at",
                "delivered_by_id": "CASE WHEN e.delivered_at IS NOT NULL THEN u.worker_id END",
                "receipt": """CASE WHEN e.delivered_at IS NOT NULL
                    THEN 'receipts/' || to_char(e.delivered_at AT TIME ZONE %(zone)s, 'YYYY/MM')
                         || '/' || md5('bench-receipt-' || e.id) || '.pdf'
                    ELSE '' END""",
                "created_at": "(e.held_on + time '18:00') AT TIME ZONE %(zone)s",
            },
            """
            FROM bench_entitlement e
            JOIN bench_unit u ON u.id = e.delegation_id
            JOIN bench_item i ON i.id = e.item_id
            LEFT JOIN bench_out o ON o.kind = 'e' AND o.source_id = e.id
            LEFT JOIN bench_lot l ON l.delegation_id = o.delegation_id
             AND l.item_id = o.item_id AND l.lot_no = o.lot_no
            ORDER BY e.id
            """,
            dates,
        )
        insert(
            "households",
            Household,
            {
                "id": "h.id",
                "emergency_id": "%(emergency)s",
                "head_id": "h.head_id",
                "head_name": "h.head_name",
                "cin": "h.cin",
                "phone": "h.phone",
                "members": "h.members",
                "commune": "h.commune",
                "douar": "h.douar",
                "needs": "h.needs",
                "registered_by_id": "h.by_id",
                "registered_at": "h.registered_at",
            },
            "FROM bench_household h ORDER BY h.id",
            {"emergency": emergency.pk},
        )
        insert(
            "kits",
            KitDelivery,
            {
                "id": "k.id",
                "household_id": "k.household_id",
                "round": "k.round",
                "lot_id": "l.id",
                "value": "%(value)s",
                "delivered_at": "k.at",
                "delivered_by_id": "k.by_id",
            },
            """
            FROM bench_kit k
            JOIN bench_out o ON o.kind = 'k' AND o.source_id = k.id
            JOIN bench_lot l ON l.delegation_id = o.delegation_id AND l.item_id = o.item_id
             AND l.lot_no = o.lot_no
            ORDER BY k.id
            """,
            {"value": items[EMERGENCY_KIT].unit_value},
        )
        # The movements, in time order: each lot in, each delivery out, the counts that
        # found a unit less.
        insert(
            "movements",
            Movement,
            {
                "lot_id": "m.lot_id",
                "kind": "m.kind",
                "quantity": "m.quantity",
                "reason": "m.reason",
                "by_id": "m.by_id",
                "at": "m.at",
                "entitlement_id": "m.entitlement_id",
            },
            """
            FROM (
                SELECT l.id AS lot_id, 'in' AS kind, l.in_qty AS quantity, '' AS reason,
                       u.keeper_id AS by_id,
                       (l.received_on + time '10:00') AT TIME ZONE %(zone)s AS at,
                       NULL::bigint AS entitlement_id
                FROM bench_lot l JOIN bench_unit u ON u.id = l.delegation_id
                UNION ALL
                SELECT l.id, 'out', -o.quantity, o.reason, o.by_id, o.at,
                       CASE WHEN o.kind = 'e' THEN o.source_id END
                FROM bench_out o
                JOIN bench_lot l ON l.delegation_id = o.delegation_id
                 AND l.item_id = o.item_id AND l.lot_no = o.lot_no
                UNION ALL
                SELECT l.id, 'count', l.counted, 'جرد المخزن: وحدة تالفة', u.keeper_id,
                       LEAST(%(now)s::timestamptz - interval '1 day',
                             (l.received_on + 20 + time '15:00') AT TIME ZONE %(zone)s),
                       NULL
                FROM bench_lot l JOIN bench_unit u ON u.id = l.delegation_id
                WHERE l.counted <> 0
            ) m
            ORDER BY m.at, m.lot_id
            """,
            dates,
        )
        # What each delegation may spend on each programme in each cycle: what its
        # approved requests cost, and a tenth more.
        insert(
            "budgets",
            Budget,
            {
                "programme_id": "x.programme_id",
                "unit_id": "x.delegation_id",
                "year": "x.cycle",
                "amount": "GREATEST(50000, ceil(x.value * 1.1 / 10000) * 10000)",
            },
            """
            FROM (SELECT e.programme_id, e.delegation_id, e.cycle,
                         sum(e.quantity * i.value) AS value
                  FROM bench_entitlement e JOIN bench_item i ON i.id = e.item_id
                  GROUP BY e.programme_id, e.delegation_id, e.cycle) x
            ORDER BY x.cycle, x.programme_id, x.delegation_id
            """,
        )
        for model in [AidRequest, Donation, Lot, Entitlement, Household, KitDelivery]:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
        # The emergency's last round, which a trigger keeps from its kits.
        cursor.execute(
            """
            UPDATE programmes_emergency e SET last_round = k.last
            FROM (SELECT h.emergency_id, max(k.round) AS last FROM programmes_kitdelivery k
                  JOIN programmes_household h ON h.id = k.household_id
                  GROUP BY h.emergency_id) k
            WHERE e.id = k.emergency_id
            """
        )
        # The rules the triggers would have kept, checked once.
        wrong = scalar(
            """
            SELECT count(*) FROM programmes_lot l
            LEFT JOIN (SELECT lot_id, sum(quantity) AS n FROM programmes_movement
                       GROUP BY lot_id) m ON m.lot_id = l.id
            WHERE l."left" <> coalesce(m.n, 0) OR l."left" < 0
            """
        )
        assert not wrong, f"{wrong} lots whose quantity left is not the sum of their movements"
        total = scalar(
            "SELECT (SELECT count(*) FROM programmes_entitlement WHERE delivered_at IS NOT NULL)"
            " + (SELECT count(*) FROM programmes_kitdelivery)"
        )
        assert total == DELIVERIES, total
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_stamp "
            "(part text PRIMARY KEY, stamp text NOT NULL, built_at timestamptz NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_stamp VALUES ('programmes', %s, now()) "
            "ON CONFLICT (part) DO UPDATE SET stamp = EXCLUDED.stamp, built_at = now()",
            [_programmes_stamp(today)],
        )
    log(f"  programmes built in {time.monotonic() - started:.0f} s; VACUUM ANALYZE")
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.monotonic() - started


def ensure_built(log=print, seed=SEED, **sizes):
    """demo.national's data set, then the registers of the season, then the aid programmes:
    what is missing."""
    seconds = national_ensure_built(log=log, seed=seed, **sizes)
    if not enrolments_built():
        seconds += build_enrolments(log=log, seed=seed)
    if not programmes_built():
        seconds += build_programmes(log=log, seed=seed)
    return seconds


if __name__ == "__main__":
    if sys.argv[1:] == ["url"]:
        print(bench_database_url())
