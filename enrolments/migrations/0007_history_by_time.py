"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('beneficiaries', '0023_history_by_time'),
        ('centres', '0008_history_by_time'),
        ('enrolments', '0006_squashed_part2'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddIndex(
                model_name='attendanceevent',
                index=models.Index(fields=['-pgh_created_at'], name='enrolments__pgh_cre_9b2a6d_idx'),
            ),
            migrations.AddIndex(
                model_name='enrolmentevent',
                index=models.Index(fields=['-pgh_created_at'], name='enrolments__pgh_cre_812295_idx'),
            ),
            migrations.AddIndex(
                model_name='monthcorrectionevent',
                index=models.Index(fields=['-pgh_created_at'], name='enrolments__pgh_cre_a18d04_idx'),
            ),
            migrations.AddIndex(
                model_name='rollcallevent',
                index=models.Index(fields=['-pgh_created_at'], name='enrolments__pgh_cre_ecee0b_idx'),
            ),
            migrations.AddIndex(
                model_name='sectionevent',
                index=models.Index(fields=['-pgh_created_at'], name='enrolments__pgh_cre_77b9c6_idx'),
            ),
        ]),
]
