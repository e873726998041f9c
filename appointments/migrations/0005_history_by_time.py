"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appointments', '0004_squashed_part3'),
        ('beneficiaries', '0022_squashed_part3'),
        ('centres', '0007_squashed_part2'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='appointmentevent',
            index=models.Index(fields=['-pgh_created_at'], name='appointment_pgh_cre_5bee39_idx'),
        ),
    
]
