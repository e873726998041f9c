"""Grades and specialties (recruitment/reference.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from recruitment.reference import load as load_catalogues

    load_catalogues(apps.get_model("recruitment", "Grade"), apps.get_model("recruitment", "Specialty"))


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
