"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pghistory', '0007_auto_20250421_0444'),
        ('recruitment', '0009_squashed_part2'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddIndex(
                model_name='applicationdocumentevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_4b7514_idx'),
            ),
            migrations.AddIndex(
                model_name='applicationevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_8a638e_idx'),
            ),
            migrations.AddIndex(
                model_name='competitionevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_f77be6_idx'),
            ),
            migrations.AddIndex(
                model_name='deadlineextensionevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_76dde9_idx'),
            ),
            migrations.AddIndex(
                model_name='gradeevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_31d376_idx'),
            ),
            migrations.AddIndex(
                model_name='postlineevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_6bc160_idx'),
            ),
            migrations.AddIndex(
                model_name='postlinespecialtiesevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_494901_idx'),
            ),
            migrations.AddIndex(
                model_name='reservedshareevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_5409fd_idx'),
            ),
            migrations.AddIndex(
                model_name='specialtyevent',
                index=models.Index(fields=['-pgh_created_at'], name='recruitment_pgh_cre_73c4c1_idx'),
            ),
        ]),
]
