"""Grades with their salary scale, and specialties; administrators and recruitment officers
extend and correct them in the admin.

Loaded by migration 0002 and by `manage.py load_catalogues` (tests empty the tables). The
scales are those of the civil service's statutes: administrators (decree 2-06-377), 3rd grade
on scale 10 and 2nd grade on scale 11 (as the Entraide Nationale's 2022 notice: "Administrateur
2ème grade ~ Echelle 11"); state engineers of the 1st grade on scale 11; technicians of the
4th and 3rd grades on scales 8 and 9. Migration 0005 corrected the administrators' scales,
once swapped here."""

GRADES = [
    ("administrator-2", "متصرف من الدرجة الثانية", "Administrateur de 2e grade", 11),
    ("administrator-3", "متصرف من الدرجة الثالثة", "Administrateur de 3e grade", 10),
    ("engineer-1", "مهندس دولة من الدرجة الأولى", "Ingénieur d'État de 1er grade", 11),
    ("technician-3", "تقني من الدرجة الثالثة", "Technicien de 3e grade", 9),
    ("technician-4", "تقني من الدرجة الرابعة", "Technicien de 4e grade", 8),
    ("assistant-2", "مساعد إداري من الدرجة الثانية", "Adjoint administratif de 2e grade", 7),
]
SPECIALTIES = [
    ("financial-management", "التدبير المالي والمحاسباتي", "Gestion financière et comptable"),
    ("audit", "الافتحاص ومراقبة التدبير", "Audit et contrôle de gestion"),
    ("socio-educational", "مؤطر اجتماعي تربوي", "Agent socio-éducatif"),
    ("social-assistance", "المساعدة الاجتماعية", "Assistance sociale"),
    ("psychology", "علم النفس", "Psychologie"),
    ("law", "القانون", "Droit"),
    ("software", "تطوير البرمجيات", "Développement informatique"),
    ("secretariat", "سكرتارية الإدارة", "Secrétariat de direction"),
    ("building", "البناء", "Bâtiment"),
    ("finance-accounting", "المالية والمحاسبة", "Finance et comptabilité"),
]


def load(grade=None, specialty=None):
    """Create the missing entries; those administrators edited stay as they are."""
    if grade is None or specialty is None:
        from .models import Grade as grade
        from .models import Specialty as specialty
    created = 0
    for position, (code, name_ar, name_fr, scale) in enumerate(GRADES, start=1):
        created += grade.objects.get_or_create(
            code=code,
            defaults={
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "scale": scale,
                "position": position,
            },
        )[1]
    for position, (code, name_ar, name_fr) in enumerate(SPECIALTIES, start=1):
        created += specialty.objects.get_or_create(
            code=code,
            defaults={
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "position": position,
            },
        )[1]
    return created
