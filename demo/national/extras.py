"""The rest of the national data set, after the people: a year of centres' monthly activity,
2,000 associations with their conventions, tranches and reports, and competitions with 50,000
applications. Written with bulk inserts from a seeded generator: the same seed, the same data.
Runs inside `build`'s transaction, with its audit triggers off."""

import datetime
import random
import time
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .columns import bulk_create

ASSOCIATIONS = 2_000
APPLICATIONS = 50_000
BATCH = 5_000

# (Arabic, Latin) names of associations that agree.
NAMES = [
    ("الأمل", "Al Amal"),
    ("النور", "Annour"),
    ("التضامن", "Attadamoun"),
    ("الخير", "Al Khair"),
    ("الرحمة", "Arrahma"),
    ("الوفاء", "Al Wafae"),
    ("الإحسان", "Al Ihssane"),
    ("الفتح", "Al Fath"),
    ("البسمة", "Al Bassma"),
    ("الأصالة", "Al Assala"),
    ("المستقبل", "Al Moustakbal"),
    ("الصفاء", "Assafae"),
]
PURPOSES = [
    ("للتنمية الاجتماعية", "pour le développement social"),
    ("لرعاية الأطفال", "pour la protection de l'enfance"),
    ("للأشخاص في وضعية إعاقة", "des personnes en situation de handicap"),
    ("لرعاية المسنين", "pour la prise en charge des personnes âgées"),
    ("لدعم المرأة", "pour l'appui aux femmes"),
    ("للتربية والتكوين", "pour l'éducation et la formation"),
]


def extras_built(associations=None, applications=None):
    from partnerships.models import Association
    from recruitment.models import Application

    associations = ASSOCIATIONS if associations is None else associations
    applications = APPLICATIONS if applications is None else applications
    return (
        Association.objects.filter(registration_number__startswith="N/").count() >= associations
        and Application.objects.filter(receipt_number__startswith="N").count() >= applications
    )


def _timed(log, label, function):
    began = time.monotonic()
    count = function()
    log(f"  {label}: {count} ({time.monotonic() - began:.1f} s)")


def build_extras(log=print, seed=2026, *, associations=None, applications=None):
    """The second part, on the default connection: `associations` and `applications`
    (ASSOCIATIONS and APPLICATIONS by default) say how many."""
    from . import FAMILIES, MEN, WOMEN

    associations = ASSOCIATIONS if associations is None else associations
    applications = APPLICATIONS if applications is None else applications
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by design
    today = timezone.localdate()
    names = (MEN, WOMEN, FAMILIES)
    _timed(log, "centres' monthly activity", lambda: monthly_activity(seed, today))
    _timed(
        log,
        "associations, conventions, tranches",
        lambda: partnerships(rng, today, names, associations),
    )
    _timed(
        log, "competitions and applications", lambda: competitions(rng, today, names, applications)
    )


def monthly_activity(seed, today):
    """The last twelve months of every open centre: validated, but for last month, which a
    tenth of the centres have only submitted and another tenth not yet sent."""
    from centres.models import ActivityLine, AgeBand, Centre, MonthlyActivity
    from entraide.models import User

    validator = User.objects.filter(role="delegate").order_by("pk").first() or User.objects.first()
    first = today.replace(day=1)
    months = []
    for _i in range(12):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    months.reverse()
    # Centres that have months already (the small demo's) keep theirs.
    centres = list(
        Centre.objects.filter(status=Centre.Status.OPEN)
        .exclude(Exists(MonthlyActivity.objects.filter(centre=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "code", "capacity")
    )
    services = {}
    for centre_id, service_id in Centre.services.through.objects.order_by("pk").values_list(
        "centre_id", "service_id"
    ):
        services.setdefault(centre_id, []).append(service_id)
    now = timezone.now()
    activities, plan = [], []
    for centre_id, code, capacity in centres:
        # A centre's months depend on the seed and its code only, not on what else the
        # database holds.
        rng = random.Random(f"{seed}-{code}")  # noqa: S311 - synthetic, reproducible
        base = capacity or 60
        for month in months:
            last = month == months[-1]
            draw = rng.random()
            status = "validated"
            if last and draw < 0.1:
                continue  # not sent
            if last and draw < 0.2:
                status = "submitted"
            people = max(4, int(base * rng.uniform(0.5, 1.0)))
            activities.append(
                MonthlyActivity(
                    centre_id=centre_id,
                    month=month,
                    status=status,
                    people_served=people,
                    new_entries=people // 8,
                    exits=people // 10,
                    sessions_held=rng.randint(4, 30),
                    submitted_at=now,
                    submitted_by=validator,
                    validated_at=now if status == "validated" else None,
                    validated_by=validator if status == "validated" else None,
                )
            )
            # The shortfall of each of the eight lines below (two services, two sexes, two
            # age bands), drawn here, from the centre's own generator.
            plan.append((centre_id, people, [rng.randint(0, 3) for _ in range(8)]))
    bulk_create(MonthlyActivity, activities, batch_size=BATCH)
    bands = [AgeBand.FROM_6_TO_17, AgeBand.FROM_18_TO_59]
    lines = []
    for activity, (centre_id, people, shortfalls) in zip(activities, plan, strict=True):
        cells = (
            (service_id, sex, band)
            for service_id in services.get(centre_id, [])[:2]
            for sex in ("F", "M")
            for band in bands
        )
        for (service_id, sex, band), shortfall in zip(cells, shortfalls, strict=False):
            lines.append(
                ActivityLine(
                    activity_id=activity.pk,
                    service_id=service_id,
                    sex=sex,
                    age_band=band,
                    people=max(1, people // 4 - shortfall),
                )
            )
    bulk_create(ActivityLine, lines, batch_size=BATCH)
    return len(activities)


def partnerships(rng, today, names, count):
    """`count` associations (2,000 in the national set) across the delegations (weighted like
    the people), four in five with a convention in force or ended, four tranches each, paid
    when due, and a yearly activity report, late for one association in twenty."""
    from centres.models import TargetGroup
    from partnerships.models import (
        Association,
        Convention,
        FieldOfAction,
        OwedReport,
        Tranche,
    )
    from territory.models import OrgUnit

    men, women, families = names
    delegations = list(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION)
        .order_by("code")
        .prefetch_related("provinces")
    )
    fields = list(FieldOfAction.objects.order_by("pk"))
    groups = list(TargetGroup.objects.order_by("pk"))
    associations = []
    for number in range(1, count + 1):
        delegation = delegations[(number * 7) % len(delegations)]
        province = delegation.provinces.all()[0]
        (name_ar, name_fr), (purpose_ar, purpose_fr) = rng.choice(NAMES), rng.choice(PURPOSES)
        first, last = rng.choice(men + women), rng.choice(families)
        utility = number % 50 == 0
        associations.append(
            Association(
                name_ar=f"جمعية {name_ar} {purpose_ar} ب{province.name_ar}",
                name_fr=f"Association {name_fr} {purpose_fr} de {province.name_fr}",
                registration_number=f"N/{delegation.code[-3:]}/{number:05d}",
                registration_date=datetime.date(rng.randint(1995, 2022), rng.randint(1, 12), 10),
                legal_status=rng.choices(
                    ["association", "cooperative", "foundation", "federation"], [85, 10, 3, 2]
                )[0],
                public_utility=utility,
                public_utility_date=datetime.date(2015, 5, 1) if utility else None,
                delegation=delegation,
                province=province,
                president=f"{first[1]} {last[1]}",
                phone=f"05{rng.randint(20000000, 39999999)}",
                status="active" if number % 40 else "suspended",
                status_date=today,
                bank_name=rng.choice(["Al Barid Bank", "Banque Populaire", "CIH Bank", "BMCE"]),
                bank_account="".join(str(rng.randint(0, 9)) for _i in range(24)),
            )
        )
    bulk_create(Association, associations, batch_size=BATCH)
    bulk_create(
        Association.fields_of_action.through,
        [
            Association.fields_of_action.through(
                association_id=a.pk, fieldofaction_id=rng.choice(fields).pk
            )
            for a in associations
        ],
        batch_size=BATCH,
    )
    bulk_create(
        Association.target_groups.through,
        [
            Association.target_groups.through(association_id=a.pk, targetgroup_id=g.pk)
            for a in associations
            for g in rng.sample(groups, 2)
        ],
        batch_size=BATCH,
    )

    conventions = []
    for index, association in enumerate(associations):
        if index % 5 == 4:
            continue
        start = datetime.date(today.year - rng.randint(0, 4), rng.choice([1, 4, 7, 10]), 1)
        end = start.replace(year=start.year + 5) - datetime.timedelta(days=1)
        contribution = Decimal(rng.randint(12, 250) * 4000)
        conventions.append(
            Convention(
                reference=f"N-CONV-{association.registration_number[2:].replace('/', '-')}",
                title_ar=f"اتفاقية شراكة مع {association.name_ar}",
                title_fr=f"Convention de partenariat avec l'{association.name_fr}",
                kind=rng.choices(
                    ["project", "centre_management", "specific", "framework"], [60, 20, 15, 5]
                )[0],
                signing_unit_id=association.delegation_id,
                object_ar="مواكبة المستفيدين والتكفل بهم",
                object_fr="Accompagnement et prise en charge des bénéficiaires",
                start_date=start,
                end_date=end,
                signed_on=start - datetime.timedelta(days=15),
                status="in_force" if end >= today else "expired",
                status_date=start,
                en_contribution=contribution,
                partners_contribution=contribution / 4,
            )
        )
    bulk_create(Convention, conventions, batch_size=BATCH)
    by_reference = {a.registration_number[2:].replace("/", "-"): a for a in associations}
    bulk_create(
        Convention.associations.through,
        [
            Convention.associations.through(
                convention_id=c.pk, association_id=by_reference[c.reference[7:]].pk
            )
            for c in conventions
        ],
        batch_size=BATCH,
    )
    tranches, reports = [], []
    for index, convention in enumerate(conventions):
        late = index % 20 == 0
        share = convention.en_contribution / 4
        for number in range(4):
            planned = convention.start_date.replace(year=convention.start_date.year + number)
            paid = planned < today - datetime.timedelta(days=30) and not (late and number > 1)
            tranches.append(
                Tranche(
                    convention_id=convention.pk,
                    number=number + 1,
                    planned_amount=share,
                    planned_date=planned,
                    paid_amount=share if paid else None,
                    paid_on=planned + datetime.timedelta(days=rng.randint(5, 40)) if paid else None,
                    payment_reference=f"OV-{planned.year}-{convention.pk}-{number + 1}"
                    if paid
                    else "",
                )
            )
        for year in range(convention.start_date.year, today.year):
            due = datetime.date(year + 1, 3, 31)
            received = None if late or due > today else due - datetime.timedelta(days=10)
            reports.append(
                OwedReport(
                    convention_id=convention.pk,
                    kind="activity",
                    period=str(year),
                    due_date=due,
                    received_on=received,
                    assessment="satisfactory" if received else "",
                )
            )
    bulk_create(Tranche, tranches, batch_size=BATCH)
    bulk_create(OwedReport, reports, batch_size=BATCH)
    return f"{len(associations)} / {len(conventions)} / {len(tranches)}"


def competitions(rng, today, names, total):
    """Four competitions (results published, oral exam, closed, open), with `total`
    applications (50,000 in the national set) between them; the published one screened,
    marked and ranked."""
    from recruitment import services
    from recruitment.models import (
        Application,
        Competition,
        Grade,
        PostLine,
        ReservedShare,
        Specialty,
    )
    from territory.models import OrgUnit, Province

    men, women, families = names
    unit = OrgUnit.objects.get(code="EN-SDAG")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    grades = {g.code: g for g in Grade.objects.all()}
    specialties = list(Specialty.objects.order_by("pk"))
    provinces = list(Province.objects.order_by("code"))
    plans = [
        ("N-CONC-ADM", "administrator-2", "متصرفين", "administrateurs", -200, "results", 0.30),
        ("N-CONC-TEC", "technician-3", "تقنيين", "techniciens", -60, "oral", 0.24),
        (
            "N-CONC-ASS",
            "assistant-2",
            "مساعدين إداريين",
            "adjoints administratifs",
            -5,
            "closed",
            0.16,
        ),
        ("N-CONC-ING", "engineer-1", "مهندسين", "ingénieurs", 20, "published", 0.30),
    ]
    created = 0
    for reference, grade, title_ar, title_fr, days, status, share in plans:
        count = round(total * share)
        deadline = now + datetime.timedelta(days=days)
        competition = Competition.objects.create(
            reference=reference,
            title_ar=f"مباراة لتوظيف {title_ar}",
            title_fr=f"Concours de recrutement d'{title_fr}"
            if title_fr[0] in "aei"
            else f"Concours de recrutement de {title_fr}",
            notice_ar="إعلان عن مباراة",
            notice_fr="Avis de concours",
            year=deadline.year,
            unit=unit,
            publication_date=(deadline - datetime.timedelta(days=30)).date(),
            opens_at=deadline - datetime.timedelta(days=30),
            deadline=deadline,
            status="oral" if status == "results" else status,
        )
        lines = []
        for specialty_group in (specialties[:3], specialties[3:6], specialties[6:]):
            line = PostLine.objects.create(
                competition=competition,
                grade=grades[grade],
                posts=rng.randint(5, 40),
                **(
                    {"diplomas_ar": "الإجازة", "diplomas_fr": "Licence"}
                    if grade != "assistant-2"
                    else {"diplomas_ar": "البكالوريا", "diplomas_fr": "Baccalauréat"}
                ),
            )
            line.specialties.set(specialty_group)
            lines.append((line, specialty_group))
        ReservedShare.objects.create(competition=competition, category="disability", percent=7)
        ReservedShare.objects.create(
            competition=competition, category="former_military", percent=25
        )
        marked = status in ("results", "oral")
        applications = []
        for number in range(count):
            line, group = lines[number % len(lines)]
            sex = "F" if rng.random() < 0.55 else "M"
            first = rng.choice(women if sex == "F" else men)
            last = rng.choice(families)
            eligible = rng.random() < 0.85
            present = eligible and rng.random() < 0.8
            written = Decimal(rng.randint(40, 190)) / 10 if marked and present else None
            applications.append(
                Application(
                    competition=competition,
                    post_line=line,
                    receipt_number=f"N{competition.pk:02d}{number:07d}",
                    cin=f"{rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')}{number + 100000}",
                    first_name_ar=first[0],
                    last_name_ar=last[0],
                    first_name_lat=first[1],
                    last_name_lat=last[1],
                    sex=sex,
                    birth_date=datetime.date(rng.randint(1982, 2003), rng.randint(1, 12), 15),
                    email=f"candidat{competition.pk}.{number}@exemple.ma",
                    phone=f"06{rng.randint(10000000, 99999999)}",
                    province=rng.choice(provinces),
                    diploma="Licence",
                    specialty=rng.choice(group),
                    category="disability" if number % 90 == 0 else "",
                    submitted_at=deadline - datetime.timedelta(hours=rng.randint(1, 700)),
                    eligibility="eligible" if eligible else "rejected",
                    rejection_reason="" if eligible else "diploma",
                    written_present=present if marked else None,
                    written_mark=written,
                    called_to_oral=bool(written and written >= 12),
                    oral_present=bool(written and written >= 12) if status == "results" else None,
                    oral_mark=Decimal(rng.randint(80, 190)) / 10
                    if status == "results" and written and written >= 12
                    else None,
                )
            )
        bulk_create(Application, applications, batch_size=BATCH)
        created += len(applications)
        if status == "results":
            services.results_compute(competition=competition, actor=None)
            Competition.objects.filter(pk=competition.pk).update(status="results")
    return created
