"""The national data set: 580,000 people with their cases, a year of centres' activity,
2,000 associations with their conventions, and competitions with 50,000 applications. Built
by `manage.py seed_demo --scale national` and, once, by `make bench` in a database of its own.

The bench has a database of its own (BENCH_DATABASE, `entraide_bench`) on the same server as
the project's: the embedded PostgreSQL, unless DATABASE_URL is set. `python -m
tests.bench.national url` creates it when missing and prints its URL, for the Makefile's
setup steps (migrate and the reference data) to run against it.

The people, cases and timelines are written by set-based SQL (INSERT ... SELECT from
generate_series), with a fixed seed, so two builds give the same data. The audit triggers
are switched off for this session only (session_replication_role = replica): auditing a
synthetic national register would double every write and prove nothing.
"""

import os
import time
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from .columns import insert_select
from .extras import build_extras, extras_built

BENCH_DATABASE = "entraide_bench"
PEOPLE = 580_000
CENTRES = 4_200
SEED = 2026  # `--seed`: the same seed, the same country


def server_url():
    """The URL of the project's database: DATABASE_URL, or the embedded server's."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from entraide import embedded_db

    return embedded_db.database_url()


def bench_database_url(url=None):
    """The bench database's URL on the same server; the database is created when missing."""
    import psycopg

    parts = urlsplit(url or server_url())
    bench = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    return bench


# Rough population weights (in hundreds of thousands) of the largest prefectures and
# provinces; the others weigh 4. Enough for Casablanca's delegation to be the heaviest.
WEIGHTS = {
    "CAS": 33,
    "FES": 12,
    "TNG": 11,
    "MAR": 14,
    "SAL": 10,
    "MEK": 8,
    "RAB": 6,
    "AGD": 6,
    "OUJ": 5,
    "KEN": 5,
    "INE": 6,
    "SET": 5,
    "ELJ": 5,
    "JDI": 8,
    "SAF": 7,
    "BEM": 5,
    "NAD": 6,
    "TET": 5,
    "MOH": 4,
    "SKH": 5,
    "TAO": 5,
    "TAR": 4,
    "EJA": 8,
    "KHO": 5,
}

# (Arabic, Latin) pairs that agree, as civil documents write them.
MEN = [
    ("محمد", "Mohamed"),
    ("أحمد", "Ahmed"),
    ("يوسف", "Youssef"),
    ("عبد الله", "Abdellah"),
    ("مصطفى", "Mustapha"),
    ("حسن", "Hassan"),
    ("الحسين", "El Houssine"),
    ("رشيد", "Rachid"),
    ("سعيد", "Said"),
    ("عبد الرحيم", "Abderrahim"),
    ("إبراهيم", "Brahim"),
    ("عمر", "Omar"),
    ("خالد", "Khalid"),
    ("كريم", "Karim"),
    ("هشام", "Hicham"),
    ("نور الدين", "Noureddine"),
    ("عبد الإله", "Abdelilah"),
    ("إدريس", "Driss"),
    ("جمال", "Jamal"),
    ("عزيز", "Aziz"),
    ("أيوب", "Ayoub"),
    ("حمزة", "Hamza"),
    ("المهدي", "El Mehdi"),
    ("إسماعيل", "Ismail"),
    ("عادل", "Adil"),
    ("نبيل", "Nabil"),
    ("توفيق", "Taoufik"),
    ("العربي", "Larbi"),
    ("محسن", "Mohcine"),
    ("أنس", "Anas"),
    ("زكرياء", "Zakaria"),
    ("ياسين", "Yassine"),
    ("عثمان", "Othmane"),
    ("بلال", "Bilal"),
    ("سفيان", "Soufiane"),
    ("طارق", "Tarik"),
]
WOMEN = [
    ("فاطمة", "Fatima"),
    ("خديجة", "Khadija"),
    ("عائشة", "Aicha"),
    ("مريم", "Meryem"),
    ("نادية", "Nadia"),
    ("سعاد", "Souad"),
    ("زينب", "Zineb"),
    ("حنان", "Hanane"),
    ("سلمى", "Salma"),
    ("أمينة", "Amina"),
    ("نعيمة", "Naima"),
    ("لطيفة", "Latifa"),
    ("رشيدة", "Rachida"),
    ("مليكة", "Malika"),
    ("حياة", "Hayat"),
    ("سناء", "Sanaa"),
    ("إيمان", "Imane"),
    ("هدى", "Houda"),
    ("كريمة", "Karima"),
    ("نزهة", "Nezha"),
    ("فاطمة الزهراء", "Fatima Zahra"),
    ("يامنة", "Yamna"),
    ("الزهرة", "Zahra"),
    ("سارة", "Sara"),
    ("هاجر", "Hajar"),
    ("أسماء", "Asmaa"),
    ("وفاء", "Wafae"),
    ("بشرى", "Bouchra"),
    ("ليلى", "Leila"),
    ("سميرة", "Samira"),
    ("غيثة", "Ghita"),
    ("ياسمين", "Yasmine"),
]
FAMILIES = [
    ("العلوي", "Alaoui"),
    ("بناني", "Bennani"),
    ("الإدريسي", "El Idrissi"),
    ("التازي", "Tazi"),
    ("برادة", "Berrada"),
    ("الفاسي", "El Fassi"),
    ("الشرايبي", "Chraibi"),
    ("الوزاني", "Ouazzani"),
    ("الناصري", "Naciri"),
    ("العمراني", "Amrani"),
    ("بنجلون", "Benjelloun"),
    ("الزهراوي", "Zahraoui"),
    ("الصقلي", "Sqalli"),
    ("المرابط", "Mrabet"),
    ("بوزيدي", "Bouzidi"),
    ("الحسني", "El Hassani"),
    ("الكتاني", "Kettani"),
    ("الطاهري", "Taheri"),
    ("أمزيان", "Amziane"),
    ("أوعلي", "Oualli"),
    ("بن علي", "Ben Ali"),
    ("الحمداوي", "Hamdaoui"),
    ("الرحماني", "Rahmani"),
    ("الخطابي", "Khattabi"),
    ("السوسي", "Soussi"),
    ("المراكشي", "Marrakchi"),
    ("الرباطي", "Rbati"),
    ("الدكالي", "Doukkali"),
    ("الشاوي", "Chaoui"),
    ("الريفي", "Rifi"),
    ("أيت باها", "Ait Baha"),
    ("أيت علي", "Ait Ali"),
    ("بوعزة", "Bouazza"),
    ("الكبير", "El Kabir"),
    ("الصغير", "Sghir"),
    ("المنصوري", "Mansouri"),
    ("اليوسفي", "Youssfi"),
    ("الحداد", "Haddad"),
    ("النجار", "Najjar"),
    ("الخياطي", "Khayati"),
    ("بلحاج", "Belhaj"),
    ("بن موسى", "Benmoussa"),
    ("الغزاوي", "Ghazaoui"),
    ("الزياني", "Ziani"),
    ("القادري", "Kadiri"),
    ("الشرقاوي", "Cherkaoui"),
    ("البقالي", "Bakkali"),
    ("العثماني", "Othmani"),
    ("الهواري", "Houari"),
    ("السباعي", "Sbai"),
    ("الجبلي", "Jebli"),
    ("البوعناني", "Bouanani"),
    ("الطنجاوي", "Tanjaoui"),
    ("المكناسي", "Meknassi"),
    ("الوجدي", "Oujdi"),
    ("بوشعيب", "Bouchaib"),
]
CIN_LETTERS = ["A", "AB", "B", "BE", "BH", "BK", "C", "CD", "D", "DA", "E", "EE", "F", "G", "H"]


def _array(values):
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]"


def is_built(people=None):
    from beneficiaries.models import Beneficiary

    return Beneficiary.objects.count() >= (PEOPLE if people is None else people)


def bench_users():
    """The bench's accounts (no password: the bench signs them in with force_login)."""
    from entraide.models import User
    from entraide.roles import Role
    from territory.models import OrgUnit

    units = {u.code: u for u in OrgUnit.objects.filter(kind__in=["direction", "delegation"])}
    units.update({u.code: u for u in OrgUnit.objects.filter(code__in=["EN-SDAS", "EN"])})
    accounts = {
        "bench-national": ("EN-SDAS", Role.CENTRAL_OFFICER, False),
        "bench-delegate": ("DP-MA-CAS", Role.DELEGATE, False),
        "bench-admin": ("EN", Role.ADMINISTRATOR, True),
        "bench-import": ("EN-SDAS", Role.CENTRAL_OFFICER, False),
    }
    for delegation in OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION):
        accounts[f"bench-worker-{delegation.code}"] = (delegation.code, Role.SOCIAL_WORKER, False)
    users = {}
    for username, (code, role, superuser) in accounts.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "unit": units[code],
                "role": role,
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[username] = user
    return users


@contextmanager
def unaudited(cursor):
    """The audit triggers (and the foreign-key checks: the builder only writes keys it read)
    off for the bulk writes of the block, then as they were: within a transaction, which
    undoes the switch by itself if the block fails."""
    cursor.execute("SELECT current_setting('session_replication_role')")
    [before] = cursor.fetchone()
    try:
        cursor.execute("SET LOCAL session_replication_role = replica")
    except Exception:  # noqa: BLE001 - not a superuser: fall back on pgtrigger
        raise RuntimeError(
            "The bench seed needs a superuser connection (session_replication_role)."
        ) from None
    yield
    cursor.execute("SELECT set_config('session_replication_role', %s, true)", [before])


def build(log=print, seed=SEED, *, people=None, centres=None):
    """Write the national data set's people, cases and centres in one transaction (all of
    it or nothing), on the default connection: `people` and `centres` (PEOPLE and CENTRES
    by default) say how many."""
    from django.db import connection, transaction
    from django.utils import timezone

    from beneficiaries.models import (
        Beneficiary,
        CaseFile,
        FileNumberCounter,
        FollowUp,
        Note,
        Referral,
        ServiceDelivery,
    )
    from centres.models import Centre
    from territory.models import OrgUnit

    people = PEOPLE if people is None else people
    centres = CENTRES if centres is None else centres
    users = bench_users()
    delegations = list(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION)
        .order_by("code")
        .prefetch_related("provinces")
    )
    total = sum(WEIGHTS.get(d.code.rsplit("-", 1)[-1], 4) for d in delegations)
    rows, low = [], 0.0
    for d in delegations:
        prefix = d.code.rsplit("-", 1)[-1]
        high = low + WEIGHTS.get(prefix, 4) / total
        worker = users[f"bench-worker-{d.code}"].pk
        rows.append((d.pk, prefix, d.provinces.all()[0].pk, low, high, worker))
        low = high
    rows[-1] = (*rows[-1][:4], 1.0001, rows[-1][5])
    year = timezone.localdate().year
    started = time.monotonic()

    def step(label, sql, params=None):
        began = time.monotonic()
        cursor.execute(sql, params or {})
        log(
            f"  {label}: {cursor.rowcount if cursor.rowcount >= 0 else ''} "
            f"({time.monotonic() - began:.1f} s)"
        )

    def insert(label, model, values, source, params=None):
        """Rows of `model`, in its columns (columns.insert_select)."""
        sql, defaults = insert_select(model, values, source)
        step(label, sql, {**defaults, **(params or {})})

    with transaction.atomic(), connection.cursor() as cursor, unaudited(cursor):
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SELECT setseed(%s)", [(seed % 10000) / 10000])
        cursor.execute(
            "CREATE TEMP TABLE bench_deleg (id bigint, prefix text, province_id bigint, "
            "lo float8, hi float8, worker_id bigint, start int DEFAULT 0) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_deleg (id, prefix, province_id, lo, hi, worker_id) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
        # The numbers already given this year (the small demo's people, say) come first.
        cursor.execute(
            "UPDATE bench_deleg d SET start = c.last FROM beneficiaries_filenumbercounter c "
            "WHERE c.delegation_id = d.id AND c.year = %s",
            [year],
        )

        # Centres: ~4,200 spread like the people, each with two services.
        centre_name = "t.name_ar || ' ' || pr.name_ar || ' ' || row_number() OVER w"
        insert(
            "centres",
            Centre,
            {
                "code": "'C-' || d.prefix || '-B' || lpad(c.n::text, 4, '0')",
                "name": centre_name,
                "name_ar": centre_name,
                "name_fr": "t.name_fr || ' ' || pr.name_fr || ' ' || row_number() OVER w",
                "type_id": "t.id",
                "delegation_id": "d.id",
                "province_id": "d.province_id",
                "commune": "pr.name_fr",
                "management_mode": "'en'",
                "status": "'open'",
                "status_date": "DATE '2018-09-01'",
                "opened_on": "DATE '2018-09-01'",
                "capacity": "40 + (c.n * 7) %% 100",
                "capacity_unit": "t.capacity_unit",
                "staff_count": "3 + c.n %% 12",
            },
            """
            FROM (SELECT g AS n, (g - 0.5) / %(centres)s AS x
                  FROM generate_series(1, %(centres)s) g) c
            JOIN bench_deleg d ON c.x >= d.lo AND c.x < d.hi
            JOIN territory_province pr ON pr.id = d.province_id
            JOIN LATERAL (SELECT id, capacity_unit, name_ar, name_fr FROM centres_centretype
                          ORDER BY id OFFSET c.n %% 10 LIMIT 1) t ON true
            WHERE NOT EXISTS (SELECT 1 FROM centres_centre e
                              WHERE e.code = 'C-' || d.prefix || '-B' || lpad(c.n::text, 4, '0'))
            WINDOW w AS (PARTITION BY d.id, t.id ORDER BY c.n)
            """,
            {"centres": centres},
        )
        insert(
            "centre services",
            Centre.services.through,
            {"centre_id": "c.id", "service_id": "s.id"},
            """
            FROM (SELECT id, right(code, 4)::int AS k FROM centres_centre
                  WHERE code LIKE 'C-%%-B____') c
            JOIN (SELECT id, row_number() OVER (ORDER BY code) AS r FROM centres_service) s
              ON s.r %% 8 IN (c.k %% 8, (c.k + 3) %% 8)
            ON CONFLICT DO NOTHING
            """,
        )

        # People: random draws fixed by the seed, then the delegation and its numbering.
        step(
            "draws",
            """
            CREATE TEMP TABLE bench_people ON COMMIT DROP AS
            SELECT n, random() AS r_deleg, random() AS r_first, random() AS r_last,
                   random() AS r_birth, random() AS r_phone, random() AS r_created,
                   random() AS r_misc
            FROM generate_series(1, %(people)s) n
            """,
            {"people": people},
        )
        men, women, families = len(MEN), len(WOMEN), len(FAMILIES)
        cursor.execute("SELECT coalesce(max(id), 0) FROM beneficiaries_beneficiary")
        [first_person] = cursor.fetchone()
        created = "now() - make_interval(secs => p.r_created * 8 * 365 * 86400)"
        insert(
            "beneficiaries",
            Beneficiary,
            {
                "file_number": """d.prefix || '-' || %(year)s::int || '-'
                    || lpad((d.start + row_number() OVER (PARTITION BY d.id ORDER BY p.n))::text,
                            6, '0')""",
                "first_name_ar": f"""CASE WHEN p.n %% 2 = 0
                    THEN ({_array(a for a, _ in MEN)})[1 + floor(p.r_first * {men})::int]
                    ELSE ({_array(a for a, _ in WOMEN)})[1 + floor(p.r_first * {women})::int]
                    END""",
                "last_name_ar": (
                    f"({_array(a for a, _ in FAMILIES)})[1 + floor(p.r_last * {families})::int]"
                ),
                "first_name_lat": f"""CASE WHEN p.n %% 2 = 0
                    THEN ({_array(b for _, b in MEN)})[1 + floor(p.r_first * {men})::int]
                    ELSE ({_array(b for _, b in WOMEN)})[1 + floor(p.r_first * {women})::int]
                    END""",
                "last_name_lat": (
                    f"({_array(b for _, b in FAMILIES)})[1 + floor(p.r_last * {families})::int]"
                ),
                "sex": "CASE WHEN p.n %% 2 = 0 THEN 'M' ELSE 'F' END",
                "birth_date": """CASE WHEN p.r_misc >= 0.05
                    THEN DATE '1940-01-01' + floor(p.r_birth * 30000)::int END""",
                "birth_year": """CASE WHEN p.r_misc < 0.05
                    THEN 1940 + floor(p.r_birth * 80)::int END""",
                "cin": f"""CASE WHEN p.r_birth * 30000 < (%(year)s::int - 18 - 1940) * 365.25
                    THEN ({_array(CIN_LETTERS)})[1 + p.n %% {len(CIN_LETTERS)}] || p.n::text
                    ELSE '' END""",
                "phone": """CASE WHEN p.r_phone < 0.85
                    THEN '06' || lpad(floor(p.r_phone * 117647058)::text, 8, '0')
                    ELSE '' END""",
                "created_at": created,
                "updated_at": created,
                "delegation_id": "d.id",
                "province_id": "d.province_id",
                "created_by_id": "d.worker_id",
            },
            """
            FROM bench_people p JOIN bench_deleg d ON p.r_deleg >= d.lo AND p.r_deleg < d.hi
            ORDER BY p.n
            """,
            {"year": year},
        )
        insert(
            "file number counters",
            FileNumberCounter,
            {"delegation_id": "delegation_id", "year": "%(year)s::int", "last": "count(*)"},
            """
            FROM beneficiaries_beneficiary
            WHERE file_number LIKE '%%-' || %(year)s::int || '-%%' GROUP BY delegation_id
            ON CONFLICT (delegation_id, year) DO UPDATE
            SET last = GREATEST(beneficiaries_filenumbercounter.last, EXCLUDED.last)
            """,
            {"year": year},
        )
        # Cases: one per person, a second for one in five (~1.2 a person), for the people
        # just written only (the small demo's have theirs).
        cursor.execute("SELECT coalesce(max(id), 0) FROM beneficiaries_casefile")
        [first_case] = cursor.fetchone()
        closed = "k = 1 AND b.i %% 5 = 0"
        insert(
            "cases",
            CaseFile,
            {
                "number": "b.file_number || '-' || k",
                "beneficiary_id": "b.id",
                "delegation_id": "b.delegation_id",
                "channel": """(ARRAY['walk_in', 'referral', 'outreach', 'hotline'])
                    [1 + (b.i + k) %% 4]""",
                "problems": """jsonb_build_array((ARRAY['poverty', 'violence', 'health',
                    'disability', 'homelessness', 'family_conflict'])[1 + (b.i * 7 + k) %% 6])""",
                "risk": "(ARRAY['low', 'low', 'medium', 'high'])[1 + (b.i + 3 * k) %% 4]",
                "worker_id": "b.created_by_id",
                "status": f"""CASE WHEN {closed} THEN 'closed'
                    ELSE (ARRAY['open', 'assessed', 'plan', 'follow_up'])[1 + b.i %% 4] END""",
                "closure_reason": f"CASE WHEN {closed} THEN 'goals_met' ELSE '' END",
                "opened_on": "b.created_at::date + (k - 1) * 200",
                "closed_on": f"CASE WHEN {closed} THEN b.created_at::date + 150 END",
                "last_activity_at": "b.created_at + make_interval(days => (k - 1) * 200 + 30)",
                "version": "1",
                "created_by_id": "b.created_by_id",
            },
            """
            FROM (SELECT *, id - %(first_person)s AS i FROM beneficiaries_beneficiary
                  WHERE id > %(first_person)s) b
            CROSS JOIN generate_series(1, 2) k
            WHERE k = 1 OR b.i %% 5 = 1
            ORDER BY b.i, k
            """,
            {"first_person": first_person},
        )
        # The timelines: each entry signed by the case's worker, `offset` days after the case
        # opened.
        entry = """
            SELECT c.id AS case_id, c.opened_on + %(offset)s::int AS day,
                   c.worker_id AS author_id,
                   c.last_activity_at - make_interval(days => 30 - %(offset)s::int) AS at
            FROM beneficiaries_casefile c WHERE c.id > %(first_case)s
        """
        signed = {"case_id": "x.case_id", "date": "x.day", "author_id": "x.author_id"}
        signed["created_at"] = "x.at"
        insert(
            "notes",
            Note,
            {**signed, "kind": "x.kind", "text": "x.text"},
            f"""
            FROM (SELECT e.*, 'reception' AS kind,
                         'Accueil et écoute : situation exposée, besoins notés.' AS text
                  FROM ({entry}) e
                  UNION ALL
                  SELECT e.*, 'listening',
                         'Séance d''écoute ; la personne reviendra avec ses papiers.'
                  FROM ({entry.replace("%(offset)s", "%(offset2)s")}
                        AND (c.id - %(first_case)s) %% 10 < 3) e) x
            """,  # noqa: S608 - our own constants, no user input
            {"offset": 0, "offset2": 5, "first_case": first_case},
        )
        insert(
            "follow-ups",
            FollowUp,
            {
                **signed,
                "notes": "'Visite de suivi à domicile.'",
                "next_date": "x.day + 30",
                "done": "false",
            },
            f"FROM ({entry}) x",  # noqa: S608 - our own constants, no user input
            {"offset": 20, "first_case": first_case},
        )
        insert(
            "services delivered",
            ServiceDelivery,
            {
                **signed,
                "service_id": "s.ids[1 + (x.case_id - %(first_case)s) %% cardinality(s.ids)]",
                "quantity": "1",
            },
            f"""
            FROM (SELECT array_agg(id ORDER BY id) AS ids FROM centres_service) s,
                 ({entry} AND (c.id - %(first_case)s) %% 10 IN (3, 4, 5, 6)) x
            """,  # noqa: S608 - our own constants, no user input
            {"offset": 10, "first_case": first_case},
        )
        insert(
            "referrals",
            Referral,
            {
                **signed,
                "target_kind": "'institution'",
                "organisation": "'Hôpital provincial'",
                "reason": "'Soins à assurer.'",
                "state": "'sent'",
            },
            f"""
            FROM ({entry} AND (c.id - %(first_case)s) %% 20 IN (7, 17, 9)) x
            """,  # noqa: S608 - our own constants, no user input
            {"offset": 15, "first_case": first_case},
        )
    # The search's lexicon: its triggers were off with the audit's (unaudited).
    from beneficiaries.services import name_words_reconcile

    name_words_reconcile()
    log(f"  built in {time.monotonic() - started:.0f} s; ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.monotonic() - started


def ensure_built(log=print, seed=SEED, **sizes):
    """Build what is missing: the people and their cases, then the rest (a database built by
    an earlier version of the bench has only the people). Each part in one transaction.
    `sizes` (people, centres, associations, applications) make a smaller country."""
    from django.db import connection, transaction

    started = time.monotonic()
    people = {k: sizes.pop(k) for k in ("people", "centres") if k in sizes}
    if not is_built(people.get("people")):
        build(log=log, seed=seed, **people)
    if not extras_built(**sizes):
        with transaction.atomic(), connection.cursor() as cursor, unaudited(cursor):
            build_extras(log=log, seed=seed, **sizes)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.monotonic() - started
