"""The fields of action associations declare; administrators extend them in the admin."""

from django.db import migrations

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


def load(apps, schema_editor):
    FieldOfAction = apps.get_model("partnerships", "FieldOfAction")
    for position, (code, name_ar, name_fr) in enumerate(FIELDS, start=1):
        FieldOfAction.objects.get_or_create(
            code=code,
            defaults={
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
