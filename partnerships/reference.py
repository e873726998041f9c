"""The fields of action associations declare; administrators extend them in the admin.

Loaded by migration 0002 and by `manage.py load_catalogues` (tests empty the tables)."""

FIELDS = [
    ("social_protection", "الحماية الاجتماعية", "Protection sociale"),
    ("disability", "الإعاقة", "Handicap"),
    ("childhood", "الطفولة", "Enfance"),
    ("women", "المرأة", "Femmes"),
    ("elderly", "الأشخاص المسنون", "Personnes âgées"),
    ("homelessness", "الأشخاص في وضعية الشارع", "Personnes en situation de rue"),
    ("education_training", "التربية والتكوين", "Éducation et formation"),
    ("literacy", "محو الأمية", "Alphabétisation"),
    (
        "economic_inclusion",
        "الإدماج الاقتصادي والأنشطة المدرة للدخل",
        "Insertion économique et activités génératrices de revenus",
    ),
    ("health", "الصحة", "Santé"),
    ("youth", "الشباب", "Jeunesse"),
    ("rural_development", "التنمية القروية", "Développement rural"),
]


def load(field_of_action=None):
    """Create the missing entries; those administrators edited stay as they are."""
    if field_of_action is None:
        from .models import FieldOfAction as field_of_action
    created = 0
    for position, (code, name_ar, name_fr) in enumerate(FIELDS, start=1):
        created += field_of_action.objects.get_or_create(
            code=code,
            defaults={
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "position": position,
            },
        )[1]
    return created
