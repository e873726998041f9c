"""The fields of action associations declare (partnerships/reference.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from partnerships.reference import load as load_fields

    load_fields(apps.get_model("partnerships", "FieldOfAction"))


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
