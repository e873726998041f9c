"""A small, believable set of associations, conventions, tranches, reports and inspections,
for `seed_demo`. Deterministic and idempotent: the same records each run, updated in place."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from centres.models import Centre, TargetGroup
from partnerships.models import (
    Association,
    Commitment,
    Convention,
    FieldOfAction,
    Inspection,
    OwedReport,
    Recommendation,
    Tranche,
)
from territory.models import OrgUnit

# delegation, registration stem, (Arabic name, French name, acronym), fields, target groups
ASSOCIATIONS = [
    (
        "DP-MA-KHO",
        "KHO",
        ("جمعية الأمل لرعاية الأطفال", "Association Al Amal pour l'enfance", "AAE"),
        ["childhood", "education_training"],
        ["children"],
    ),  # noqa: E501
    (
        "DP-MA-KHO",
        "KHO",
        (
            "جمعية النور للأشخاص في وضعية إعاقة",
            "Association Annour des personnes en situation de handicap",
            "ANPH",
        ),
        ["disability", "health"],
        ["disability"],
    ),  # noqa: E501
    (
        "DP-MA-KHO",
        "KHO",
        (
            "جمعية التضامن النسائي بخريبكة",
            "Association de solidarité féminine de Khouribga",
            "ASFK",
        ),
        ["women", "economic_inclusion"],
        ["women"],
    ),  # noqa: E501
    (
        "DP-MA-KHO",
        "KHO",
        ("تعاونية الفوسفاط للخياطة", "Coopérative Al Fossfat de couture", ""),
        ["economic_inclusion"],
        ["women"],
    ),  # noqa: E501
    (
        "DP-MA-BEM",
        "BEM",
        ("جمعية دار المسنين ببني ملال", "Association Dar Al Mousinine de Béni Mellal", "ADMBM"),
        ["elderly"],
        ["elderly"],
    ),  # noqa: E501
    (
        "DP-MA-BEM",
        "BEM",
        ("جمعية الإدماج الاجتماعي للشباب", "Association d'insertion sociale des jeunes", "AISJ"),
        ["youth", "education_training"],
        ["children"],
    ),  # noqa: E501
    (
        "DP-MA-AZI",
        "AZI",
        ("جمعية أزيلال للتنمية القروية", "Association Azilal pour le développement rural", "AADR"),
        ["rural_development", "literacy"],
        ["women"],
    ),  # noqa: E501
    (
        "DP-MA-RAB",
        "RAB",
        ("جمعية الرباط للتضامن", "Association Rabat Solidarité", "ARS"),
        ["social_protection", "homelessness"],
        ["women", "children"],
    ),  # noqa: E501
]
PRESIDENTS = [
    "Abdellah Benjelloun",
    "Fatima Zahra El Fassi",
    "Mohamed Ait Lahcen",
    "Naima Ouchen",
    "Hassan Boutaleb",
    "Latifa Amrani",
    "Said Oulhaj",
    "Khadija Lamrani",
]


def seed_partnerships(*, officer, delegate, inspector, seed=2026):
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    fields = {f.code: f for f in FieldOfAction.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    associations = []
    for index, (code, stem, (ar, fr, acronym), field_codes, group_codes) in enumerate(
        ASSOCIATIONS, start=1
    ):
        delegation = OrgUnit.objects.get(code=code)
        association, _created = Association.objects.update_or_create(
            registration_number=f"{stem}/{2010 + index}/{index:03d}",
            defaults={
                "name_ar": ar,
                "name_fr": fr,
                "acronym": acronym,
                "registration_date": datetime.date(2010 + index, 1 + index, 10),
                "legal_status": "cooperative" if "Coopérative" in fr else "association",
                "public_utility": index == 2,
                "public_utility_date": datetime.date(2019, 6, 1) if index == 2 else None,
                "delegation": delegation,
                "province": delegation.provinces.order_by("code").first(),
                "president": PRESIDENTS[index - 1],
                "phone": f"0523{rng.randint(100000, 999999)}",
                "bank_name": rng.choice(["Al Barid Bank", "Banque Populaire", "CIH Bank"]),
                "bank_account": "".join(str(rng.randint(0, 9)) for _i in range(24)),
            },
        )
        association.fields_of_action.set([fields[c] for c in field_codes if c in fields])
        association.target_groups.set([groups[c] for c in group_codes if c in groups])
        associations.append(association)

    conventions = 0
    for index, association in enumerate(associations, start=1):
        start = datetime.date(today.year - 1 - index % 3, 1, 1)
        ending_soon = index == 1
        contribution = Decimal(rng.choice([150000, 240000, 400000, 600000]))
        convention, _created = Convention.objects.update_or_create(
            reference=f"CONV-{association.delegation.code[-3:]}-{start.year}-{index:02d}",
            defaults={
                "title_ar": f"اتفاقية شراكة مع {association.name_ar}",
                "title_fr": f"Convention de partenariat avec {association.name_fr}",
                "kind": Convention.Kind.PROJECT,
                "signing_unit": association.delegation,
                "object_ar": "مواكبة المستفيدين والتكفل بهم",
                "object_fr": "Accompagnement et prise en charge des bénéficiaires",
                "start_date": start,
                "end_date": today + datetime.timedelta(days=45)
                if ending_soon
                else start.replace(year=start.year + 5) - datetime.timedelta(days=1),
                "signed_on": start - datetime.timedelta(days=20),
                "status": Convention.Status.DRAFT if index == 8 else Convention.Status.IN_FORCE,
                "en_contribution": contribution,
                "partners_contribution": contribution / 4,
                "created_by": officer,
            },
        )
        convention.associations.set([association])
        conventions += 1
        if convention.status == Convention.Status.DRAFT:
            continue
        reports = []
        for year in range(start.year, today.year + 1):
            report, _created = OwedReport.objects.update_or_create(
                convention=convention,
                kind=OwedReport.Kind.ACTIVITY,
                period=str(year),
                defaults={"due_date": datetime.date(year + 1, 3, 31)},
            )
            reports.append(report)
        for report in reports:
            if report.due_date < today and index != 3:  # association 3 is late
                report.received_on = report.due_date - datetime.timedelta(days=rng.randint(1, 20))
                report.assessment = OwedReport.Assessment.SATISFACTORY
                report.save()
        share = (contribution / 4).quantize(Decimal("0.01"))
        for number in range(1, 5):
            planned = datetime.date(start.year + number - 1, 4, 15)
            tranche, _created = Tranche.objects.update_or_create(
                convention=convention,
                number=number,
                defaults={"planned_amount": share, "planned_date": planned},
            )
            if planned < today - datetime.timedelta(days=30) and index != 3:
                tranche.paid_amount = share
                tranche.paid_on = planned + datetime.timedelta(days=rng.randint(3, 25))
                tranche.payment_reference = f"OV-{planned.year}-{index:02d}{number}"
                tranche.paid_by = delegate
                tranche.save()
        Commitment.objects.update_or_create(
            convention=convention,
            party=str(association.name_fr),
            description_fr="Remettre les rapports d'activité et financier chaque année",
            defaults={
                "description_ar": "تقديم التقرير الأدبي والتقرير المالي كل سنة",
                "due_date": None,
            },
        )

    # One centre run by an association, with its management convention.
    centre = Centre.objects.filter(management_mode=Centre.ManagementMode.ASSOCIATION).first()
    if centre is not None:
        runner = next(
            (a for a in associations if a.delegation_id == centre.delegation_id), associations[0]
        )
        management, _created = Convention.objects.update_or_create(
            reference=f"CG-{centre.code}",
            defaults={
                "title_ar": f"اتفاقية تسيير {centre.name_ar}",
                "title_fr": f"Convention de gestion du {centre.name_fr}",
                "kind": Convention.Kind.CENTRE_MANAGEMENT,
                "signing_unit": centre.delegation,
                "object_ar": "تسيير المركز من طرف الجمعية",
                "object_fr": "Gestion du centre par l'association",
                "start_date": datetime.date(today.year - 2, 1, 1),
                "end_date": datetime.date(today.year + 3, 12, 31),
                "signed_on": datetime.date(today.year - 3, 12, 1),
                "status": Convention.Status.IN_FORCE,
                "en_contribution": Decimal("900000"),
                "created_by": officer,
            },
        )
        management.associations.set([runner])
        management.centres.set([centre])

    late = associations[2]
    inspection, _created = Inspection.objects.update_or_create(
        association=late,
        subject=Inspection.Subject.ASSOCIATION,
        defaults={
            "unit": late.delegation,
            "team": OrgUnit.objects.filter(kind=OrgUnit.Kind.INSPECTION_TEAM).first()
            or inspector.unit,
            "inspectors": "N. Alaoui, M. Berrada",
            "planned_date": today - datetime.timedelta(days=40),
            "done_on": today - datetime.timedelta(days=38),
            "status": Inspection.Status.DONE,
            "conclusion": Inspection.Conclusion.MINOR,
            "findings": "Pièces justificatives incomplètes pour les dépenses de 2025.",
            "created_by": inspector,
        },
    )
    Recommendation.objects.update_or_create(
        inspection=inspection,
        text="Tenir un registre des dépenses avec les pièces justificatives",
        defaults={"due_date": today - datetime.timedelta(days=5)},
    )
    return len(associations), conventions
