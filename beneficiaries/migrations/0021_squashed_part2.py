"""beneficiaries's models as they are, part 2 of 3: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.db.models.deletion
from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('entraide', '0009_clean_import_name'),
        ('entraide', '0010_user_names_in_both_scripts'),
        ('entraide', '0011_job'),
    ]

    dependencies = [
        ('beneficiaries', '0020_squashed'),
        ('centres', '0006_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='assessment',
                name='author',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='assessmentevent',
                name='author',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='assessmentevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='assessmentevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.assessment'),
            ),
            migrations.AddField(
                model_name='attachment',
                name='uploaded_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
            ),
            migrations.AddField(
                model_name='attachmentevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='attachmentevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.attachment'),
            ),
            migrations.AddField(
                model_name='attachmentevent',
                name='uploaded_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
            ),
            migrations.AddField(
                model_name='beneficiary',
                name='centre',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='beneficiaries', to='centres.centre', verbose_name='following centre'),
            ),
            migrations.AddField(
                model_name='beneficiary',
                name='created_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
        ]),
]
