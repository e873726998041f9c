"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('beneficiaries', '0023_history_by_time'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('programmes', '0009_squashed_part2'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddIndex(
                model_name='aidrequestevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_3cf8b7_idx'),
            ),
            migrations.AddIndex(
                model_name='budgetevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_85c92b_idx'),
            ),
            migrations.AddIndex(
                model_name='committeemeetingevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_62ec14_idx'),
            ),
            migrations.AddIndex(
                model_name='donationevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_5cfc5d_idx'),
            ),
            migrations.AddIndex(
                model_name='eligibilityruleevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_c69be7_idx'),
            ),
            migrations.AddIndex(
                model_name='emergencyevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_db2b3d_idx'),
            ),
            migrations.AddIndex(
                model_name='entitlementevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_907b8e_idx'),
            ),
            migrations.AddIndex(
                model_name='householdevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_8432a4_idx'),
            ),
            migrations.AddIndex(
                model_name='itemevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_6bd4b1_idx'),
            ),
            migrations.AddIndex(
                model_name='kitdeliveryevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_45b6d5_idx'),
            ),
            migrations.AddIndex(
                model_name='lotevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_dae72c_idx'),
            ),
            migrations.AddIndex(
                model_name='movementevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_9366c0_idx'),
            ),
            migrations.AddIndex(
                model_name='programmeevent',
                index=models.Index(fields=['-pgh_created_at'], name='programmes__pgh_cre_4ddd59_idx'),
            ),
        ]),
]
