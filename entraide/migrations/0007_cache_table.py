"""The shared cache's table (settings.CACHES), made by `migrate` so that no deployment
forgets `createcachetable`."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("entraide", "0006_generated_report")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
