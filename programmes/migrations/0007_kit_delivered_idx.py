# A period's kits summed from the index alone (reports.figures), built CONCURRENTLY.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("programmes", "0006_history_without_computed_columns"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="kitdelivery",
            index=models.Index(
                fields=["delivered_at"], include=("household", "value"), name="kit_delivered_idx"
            ),
        ),
    ]
