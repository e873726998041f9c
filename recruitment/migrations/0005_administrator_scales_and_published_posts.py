"""The administrators' scales were swapped in the catalogue (2nd grade on scale 10, 3rd on 11):
the statute puts the 2nd grade on scale 11 and the 3rd on scale 10, as the Entraide
Nationale's 2022 notice said ("Administrateur 2ème grade ~ Echelle 11"). Entries an
administrator has already set right are left alone.

Then the post lines of every competition already published keep their grade and specialties
as the corrected catalogue names them (PostLine.published_grade): the published notices
showed the wrong scale, the right one is what was decided."""

from django.conf import settings
from django.db import migrations

# code: (wrong scale, right scale)
CORRECTIONS = {"administrator-2": (10, 11), "administrator-3": (11, 10)}


def entry(obj, **extra):
    names = {code: getattr(obj, f"name_{code}", "") or obj.name for code, _n in settings.LANGUAGES}
    return {"code": obj.code, **names, **extra}


def forwards(apps, schema_editor):
    Grade = apps.get_model("recruitment", "Grade")
    PostLine = apps.get_model("recruitment", "PostLine")
    for code, (wrong, right) in CORRECTIONS.items():
        Grade.objects.filter(code=code, scale=wrong).update(scale=right)
    lines = list(
        PostLine.objects.exclude(competition__status="draft")
        .filter(published_grade={})
        .select_related("grade")
        .prefetch_related("specialties")
    )
    for line in lines:
        line.published_grade = entry(line.grade, scale=line.grade.scale)
        line.published_specialties = [entry(s) for s in line.specialties.all()]
    PostLine.objects.bulk_update(lines, ["published_grade", "published_specialties"])


def backwards(apps, schema_editor):
    # The kept names go with the fields (0004); the scales stay right.
    pass


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0004_posts_keep_catalogue_as_published")]

    operations = [migrations.RunPython(forwards, backwards)]
