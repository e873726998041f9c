"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0004_squashed_part3'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='apitokenevent',
            index=models.Index(fields=['-pgh_created_at'], name='api_apitoke_pgh_cre_99ad8e_idx'),
        ),
    
]
