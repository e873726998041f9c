"""Each history table's events by time, newest first, for the audit page (entraide.trail)."""

from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('beneficiaries', '0022_squashed_part3'),
        ('centres', '0007_squashed_part2'),
        ('partnerships', '0008_squashed_part2'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddIndex(
                model_name='assessmentevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_b21834_idx'),
            ),
            migrations.AddIndex(
                model_name='attachmentevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_9ab4f8_idx'),
            ),
            migrations.AddIndex(
                model_name='beneficiaryevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_f3209e_idx'),
            ),
            migrations.AddIndex(
                model_name='beneficiarytargetgroupevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_8a4e5d_idx'),
            ),
            migrations.AddIndex(
                model_name='casefileevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_a7e228_idx'),
            ),
            migrations.AddIndex(
                model_name='consentevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_5d74b9_idx'),
            ),
            migrations.AddIndex(
                model_name='duplicatepairevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_84ac9d_idx'),
            ),
            migrations.AddIndex(
                model_name='filerequestevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_c08163_idx'),
            ),
            migrations.AddIndex(
                model_name='followupevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_ea8bdb_idx'),
            ),
            migrations.AddIndex(
                model_name='householdmemberevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_450f15_idx'),
            ),
            migrations.AddIndex(
                model_name='mediationevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_e3fff7_idx'),
            ),
            migrations.AddIndex(
                model_name='noteevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_5aed3f_idx'),
            ),
            migrations.AddIndex(
                model_name='numberaliasevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_e2ea69_idx'),
            ),
            migrations.AddIndex(
                model_name='plangoalevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_326a7e_idx'),
            ),
            migrations.AddIndex(
                model_name='referralevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_c13ff4_idx'),
            ),
            migrations.AddIndex(
                model_name='servicedeliveryevent',
                index=models.Index(fields=['-pgh_created_at'], name='beneficiari_pgh_cre_45a632_idx'),
            ),
        ]),
]
