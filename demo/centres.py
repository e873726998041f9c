"""A small, believable set of centres with a year of monthly activity, for `seed_demo`.

Deterministic and idempotent: the same centres and months each run, updated in place.
"""

import datetime
import random

from django.utils import timezone

from centres.models import (
    ActivityLine,
    AgeBand,
    Centre,
    CentreType,
    MonthlyActivity,
    Service,
    TargetGroup,
)
from entraide.enums import Sex
from territory.models import OrgUnit

# type code, Arabic name pattern, French name pattern, capacity, services, target groups
KINDS = [
    (
        "cas",
        "مركز المساعدة الاجتماعية {ar}",
        "Centre d'assistance sociale de {fr}",
        120,
        ["reception", "orientation", "follow-up", "mediation"],
        ["women", "children"],
    ),
    (
        "emf",
        "الفضاء متعدد الوظائف للمرأة {ar}",
        "Espace multifonctionnel pour les femmes de {fr}",
        60,
        ["reception", "mediation", "sewing", "literacy"],
        ["women"],
    ),
    (
        "cef",
        "مركز التربية والتكوين {ar}",
        "Centre d'éducation et de formation de {fr}",
        80,
        ["sewing", "training-crafts", "training-it", "literacy"],
        ["women"],
    ),
    (
        "kindergarten",
        "روض الأطفال {ar}",
        "Jardin d'enfants de {fr}",
        45,
        ["preschool"],
        ["children"],
    ),
    (
        "eps-elderly",
        "مؤسسة الرعاية الاجتماعية للأشخاص المسنين {ar}",
        "Établissement de protection sociale pour personnes âgées de {fr}",
        40,
        ["accommodation", "meals", "follow-up"],
        ["elderly"],
    ),
    (
        "cph",
        "مركز الأشخاص في وضعية إعاقة {ar}",
        "Centre pour personnes en situation de handicap de {fr}",
        50,
        ["rehabilitation", "orientation", "schooling"],
        ["disability", "children"],
    ),
]

# delegation code, code stem, [(Arabic place, French place)], centre manager demo account
DELEGATIONS = [
    (
        "DP-MA-KHO",
        "KHO",
        [("خريبكة", "Khouribga"), ("وادي زم", "Oued Zem"), ("أبي الجعد", "Boujad")],
    ),
    ("DP-MA-BEM", "BEM", [("بني ملال", "Béni Mellal"), ("القصيبة", "El Ksiba")]),
    ("DP-MA-RAB", "RAB", [("يعقوب المنصور", "Yacoub El Mansour"), ("التقدم", "Takaddoum")]),
    ("DP-MA-CAS", "CAS", [("الحي المحمدي", "Hay Mohammadi"), ("سيدي مومن", "Sidi Moumen")]),
]


def months_back(count):
    month = timezone.localdate().replace(day=1)
    result = []
    for _i in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        result.append(month)
    return list(reversed(result))


def seed_centres(*, manager, validator, seed=2026):
    """Create or refresh the demo centres; return how many there are."""
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    types = {t.code: t for t in CentreType.objects.all()}
    services = {s.code: s for s in Service.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    months = months_back(12)
    centres = []
    for delegation_code, stem, places in DELEGATIONS:
        delegation = OrgUnit.objects.get(code=delegation_code)
        province = delegation.provinces.first()
        number = 0
        for ar_place, fr_place in places:
            for kind, ar, fr, capacity, service_codes, group_codes in rng.sample(KINDS, 3):
                number += 1
                centre, _created = Centre.objects.update_or_create(
                    code=f"C-{stem}-{number:03d}",
                    defaults={
                        "name_ar": ar.format(ar=ar_place),
                        "name_fr": fr.format(fr=fr_place),
                        "type": types[kind],
                        "delegation": delegation,
                        "province": province,
                        "commune": fr_place,
                        "address": f"{rng.randint(1, 200)}, rue {rng.randint(1, 40)}, {fr_place}",
                        "phone": f"05{rng.randint(20, 39)} {rng.randint(100000, 999999)}",
                        "management_mode": rng.choice(["en", "en", "association", "joint"]),
                        "status": "open",
                        "status_date": datetime.date(2019 + number % 5, 9, 1),
                        "opened_on": datetime.date(2019 + number % 5, 9, 1),
                        "capacity": capacity,
                        "capacity_unit": types[kind].capacity_unit,
                        "staff_count": rng.randint(3, 15),
                    },
                )
                centre.services.set([services[c] for c in service_codes])
                centre.target_groups.set([groups[c] for c in group_codes])
                centres.append(centre)
    first = Centre.objects.get(code="C-KHO-001")
    first.managers.add(manager)
    for index, centre in enumerate(centres):
        # The latest month is left for the demo: a few centres have submitted it, most not.
        for month in months if index % 3 == 0 else months[:-1]:
            seed_month(
                centre,
                month,
                rng,
                latest=month == months[-1],
                submitter=manager if centre.delegation_id == manager.unit_id else validator,
                validator=validator,
            )
    return len(centres)


def seed_month(centre, month, rng, *, latest, submitter, validator):
    activity = MonthlyActivity.objects.filter(centre=centre, month=month).first()
    if activity is not None:
        return activity
    people = rng.randint(int(centre.capacity * 0.5), centre.capacity)
    now = timezone.now()
    activity = MonthlyActivity.objects.create(
        centre=centre,
        month=month,
        people_served=people,
        new_entries=rng.randint(0, people // 5),
        exits=rng.randint(0, people // 6),
        sessions_held=rng.randint(8, 40),
        status=MonthlyActivity.Status.SUBMITTED if latest else MonthlyActivity.Status.VALIDATED,
        submitted_at=now,
        submitted_by=submitter,
        validated_at=None if latest else now,
        validated_by=None if latest else validator,
    )
    lines = []
    for service in centre.services.all():
        remaining = people
        for sex in Sex:
            for band in AgeBand:
                n = rng.randint(0, max(remaining // 6, 0))
                remaining -= n
                if n:
                    lines.append(
                        ActivityLine(
                            activity=activity, service=service, sex=sex, age_band=band, people=n
                        )
                    )
    ActivityLine.objects.bulk_create(lines)
    return activity
