"""Two believable competitions for `seed_demo`: one open for applications, one whose results
are published, with candidates, marks and ranking. Deterministic and idempotent."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from recruitment import services
from recruitment.models import Application, Competition, Grade, PostLine, ReservedShare, Specialty
from territory.models import OrgUnit, Province

NAMES = [
    ("سلمى", "برادة", "Salma", "Berrada", "F"),
    ("يوسف", "التازي", "Youssef", "Tazi", "M"),
    ("نادية", "العلوي", "Nadia", "Alaoui", "F"),
    ("كريم", "الإدريسي", "Karim", "El Idrissi", "M"),
    ("خديجة", "الوزاني", "Khadija", "Ouazzani", "F"),
    ("هشام", "الناصري", "Hicham", "Naciri", "M"),
    ("مريم", "الشرايبي", "Meryem", "Chraibi", "F"),
    ("رشيد", "العمراني", "Rachid", "Amrani", "M"),
    ("فاطمة الزهراء", "بناني", "Fatima Zahra", "Bennani", "F"),
    ("عبد الله", "بنجلون", "Abdellah", "Benjelloun", "M"),
    ("ليلى", "الفاسي", "Leila", "El Fassi", "F"),
    ("محمد", "آيت لحسن", "Mohamed", "Ait Lahcen", "M"),
]


# The diplomas required, as a notice states them in each language.
DIPLOMAS_OF_ADMINISTRATORS = {
    "diplomas_ar": "الإجازة أو دبلوم معادل لها",
    "diplomas_fr": "Licence ou diplôme équivalent",
}
DIPLOMAS_OF_TECHNICIANS = {
    "diplomas_ar": "دبلوم التقني المتخصص",
    "diplomas_fr": "Diplôme de technicien spécialisé (DTS)",
}


def _competition(reference, *, title, deadline, status, unit, lines):
    fields = {
        "title_ar": title[0],
        "title_fr": title[1],
        "notice_ar": (
            "تعلن مؤسسة التعاون الوطني عن تنظيم مباراة للتوظيف. يجب على المترشحين إيداع "
            "ترشيحاتهم عبر هذه البوابة قبل انصرام الأجل المحدد."
        ),
        "notice_fr": (
            "L'Entraide Nationale organise un concours de recrutement. Les candidats déposent "
            "leur candidature sur ce portail avant la date limite."
        ),
        "year": deadline.year,
        "unit": unit,
        "publication_date": (deadline - datetime.timedelta(days=30)).date(),
        "opens_at": deadline - datetime.timedelta(days=30),
        "deadline": deadline,
        "exam_date": (deadline + datetime.timedelta(days=20)).date(),
        "exam_place_ar": "المعهد الوطني للعمل الاجتماعي، طنجة",
        "exam_place_fr": "Institut national de l'action sociale, Tanger",
    }
    # The status is given on creation only: the database refuses to take a competition back
    # from its results (a second run would otherwise move the marked one back to the oral).
    competition, _created = Competition.objects.update_or_create(
        reference=reference, defaults=fields, create_defaults={**fields, "status": status}
    )
    if not competition.lines.exists():
        for grade, specialties, posts in lines:
            line = PostLine.objects.create(
                competition=competition,
                grade=Grade.objects.get(code=grade),
                posts=posts,
                **(
                    DIPLOMAS_OF_ADMINISTRATORS
                    if "administrator" in grade
                    else DIPLOMAS_OF_TECHNICIANS
                ),
            )
            line.specialties.set(Specialty.objects.filter(code__in=specialties))
            if status != Competition.Status.DRAFT:
                # Published, as services.competition_change_status keeps it.
                line.keep_as_published()
                line.save(update_fields=["published_grade", "published_specialties"])
        ReservedShare.objects.get_or_create(
            competition=competition, category="disability", defaults={"percent": 7}
        )
        ReservedShare.objects.get_or_create(
            competition=competition, category="former_military", defaults={"percent": 25}
        )
    # Lines seeded before the diplomas were kept in both languages get the Arabic text too.
    for line in competition.lines.filter(diplomas_ar__isnull=True).select_related("grade"):
        administrators = "administrator" in line.grade.code
        texts = DIPLOMAS_OF_ADMINISTRATORS if administrators else DIPLOMAS_OF_TECHNICIANS
        PostLine.objects.filter(pk=line.pk).update(**texts)
    return competition


def seed_recruitment(*, officer, seed=2026):
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    unit = OrgUnit.objects.get(code="EN-SDAG")
    provinces = list(Province.objects.order_by("code"))
    open_now = _competition(
        "CONC-2026-ADM",
        title=(
            "مباراة لتوظيف متصرفين من الدرجة الثانية",
            "Concours de recrutement d'administrateurs de 2e grade",
        ),
        deadline=(now + datetime.timedelta(days=10)).replace(hour=16),
        status=Competition.Status.PUBLISHED,
        unit=unit,
        lines=[
            ("administrator-2", ["financial-management", "audit"], 4),
            ("administrator-2", ["social-assistance", "psychology"], 6),
        ],
    )
    done = _competition(
        "CONC-2025-TEC",
        title=(
            "مباراة لتوظيف تقنيين من الدرجة الثالثة",
            "Concours de recrutement de techniciens de 3e grade",
        ),
        deadline=(now - datetime.timedelta(days=120)).replace(hour=16),
        # Marked at the oral stage, then published: the database refuses marks after that.
        status=Competition.Status.ORAL,
        unit=unit,
        lines=[("technician-3", ["software", "building"], 3)],
    )
    for competition, count in ((open_now, 24), (done, 12)):
        if competition.applications.exists():
            continue
        lines = list(competition.lines.prefetch_related("specialties"))
        for index in range(count):
            first_ar, last_ar, first_lat, last_lat, sex = NAMES[index % len(NAMES)]
            line = lines[index % len(lines)]
            Application.objects.create(
                competition=competition,
                post_line=line,
                cin=f"{'ABCDEFGHJK'[index % 10]}{'BCDEF'[index % 5]}{300000 + index * 7919}",
                first_name_ar=first_ar,
                last_name_ar=last_ar,
                first_name_lat=first_lat,
                last_name_lat=last_lat,
                sex=sex,
                birth_date=datetime.date(1988 + index % 12, 1 + index % 12, 1 + index % 27),
                email=f"{first_lat.split()[0].lower()}.{index}@exemple.ma",
                phone=f"06{rng.randint(10000000, 99999999)}",
                province=provinces[index * 7 % len(provinces)],
                diploma="Licence" if index % 3 else "Master",
                specialty=line.specialties.all()[index % line.specialties.count()],
                category="disability" if index == 5 else "",
                submitted_at=competition.opens_at + datetime.timedelta(hours=6 * index + 1),
            )
        if competition is done:
            applications = list(competition.applications.order_by("pk"))
            for index, application in enumerate(applications):
                application.eligibility = "rejected" if index == 11 else "eligible"
                application.rejection_reason = "diploma" if index == 11 else ""
                application.written_present = index != 10
                application.written_mark = (
                    Decimal(rng.randint(80, 180)) / 10 if index != 10 else None
                )
                application.called_to_oral = True
                application.oral_present = index != 10
                application.oral_mark = Decimal(rng.randint(90, 190)) / 10 if index != 10 else None
                application.save()
            # Ranked at the oral stage, then published.
            services.results_compute(competition=competition, actor=officer)
            Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.RESULTS)
    return 2
