"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('centres', '0007_squashed_part2'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddIndex(
                model_name='activitygrouplineevent',
                index=models.Index(fields=['-pgh_created_at'], name='centres_act_pgh_cre_1d1847_idx'),
            ),
            migrations.AddIndex(
                model_name='activitylineevent',
                index=models.Index(fields=['-pgh_created_at'], name='centres_act_pgh_cre_2a76ec_idx'),
            ),
            migrations.AddIndex(
                model_name='centreevent',
                index=models.Index(fields=['-pgh_created_at'], name='centres_cen_pgh_cre_8b69b5_idx'),
            ),
            migrations.AddIndex(
                model_name='centretypeevent',
                index=models.Index(fields=['-pgh_created_at'], name='centres_cen_pgh_cre_197143_idx'),
            ),
            migrations.AddIndex(
                model_name='monthlyactivityevent',
                index=models.Index(fields=['-pgh_created_at'], name='centres_mon_pgh_cre_b771f1_idx'),
            ),
            migrations.AddIndex(
                model_name='serviceevent',
                index=models.Index(fields=['-pgh_created_at'], name='centres_ser_pgh_cre_2e9475_idx'),
            ),
            migrations.AddIndex(
                model_name='targetgroupevent',
                index=models.Index(fields=['-pgh_created_at'], name='centres_tar_pgh_cre_993d86_idx'),
            ),
        ]),
]
