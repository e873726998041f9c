"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
    ]

    operations = [
        Together([
            migrations.AddIndex(
                model_name='orgunitevent',
                index=models.Index(fields=['-pgh_created_at'], name='territory_o_pgh_cre_d30f60_idx'),
            ),
            migrations.AddIndex(
                model_name='provinceevent',
                index=models.Index(fields=['-pgh_created_at'], name='territory_p_pgh_cre_812564_idx'),
            ),
            migrations.AddIndex(
                model_name='regionevent',
                index=models.Index(fields=['-pgh_created_at'], name='territory_r_pgh_cre_73b677_idx'),
            ),
        ]),
]
