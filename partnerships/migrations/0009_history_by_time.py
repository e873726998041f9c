"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('centres', '0008_history_by_time'),
        ('partnerships', '0008_squashed_part2'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddIndex(
                model_name='amendmentevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_c8392e_idx'),
            ),
            migrations.AddIndex(
                model_name='associationevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_0a7842_idx'),
            ),
            migrations.AddIndex(
                model_name='associationfieldsofactionevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_de36cd_idx'),
            ),
            migrations.AddIndex(
                model_name='associationtargetgroupsevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_58e5a0_idx'),
            ),
            migrations.AddIndex(
                model_name='commitmentevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_82f6c5_idx'),
            ),
            migrations.AddIndex(
                model_name='controlcampaignevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_5297f8_idx'),
            ),
            migrations.AddIndex(
                model_name='conventionassociationsevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_164e42_idx'),
            ),
            migrations.AddIndex(
                model_name='conventioncentresevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_346e57_idx'),
            ),
            migrations.AddIndex(
                model_name='conventionevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_562451_idx'),
            ),
            migrations.AddIndex(
                model_name='fieldofactionevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_c4771d_idx'),
            ),
            migrations.AddIndex(
                model_name='inspectionevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_71f675_idx'),
            ),
            migrations.AddIndex(
                model_name='owedreportevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_8f4411_idx'),
            ),
            migrations.AddIndex(
                model_name='partnerevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_925bcb_idx'),
            ),
            migrations.AddIndex(
                model_name='recommendationevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_88ffd6_idx'),
            ),
            migrations.AddIndex(
                model_name='trancheevent',
                index=models.Index(fields=['-pgh_created_at'], name='partnership_pgh_cre_e08d35_idx'),
            ),
        ]),
]
