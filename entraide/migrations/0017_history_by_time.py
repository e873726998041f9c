"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('entraide', '0016_squashed_part2'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='userevent',
            index=models.Index(fields=['-pgh_created_at'], name='entraide_us_pgh_cre_ea746f_idx'),
        ),
    
]
