"""beneficiaries's models as they are, part 3 of 3: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.contrib.postgres.indexes
import django.db.models.deletion
import entraide.search
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from entraide.squash import Together, ran
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('beneficiaries', '0012_duplicates'),
        ('beneficiaries', '0013_name_words_and_forms'),
        ('beneficiaries', '0014_pair_delegations'),
    ]

    dependencies = [
        ('beneficiaries', '0021_squashed_part2'),
        ('centres', '0006_squashed'),
        ('partnerships', '0007_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='beneficiary',
                name='delegation',
                field=models.ForeignKey(limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.PROTECT, related_name='beneficiaries', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='beneficiary',
                name='merged_into',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_files', to='beneficiaries.beneficiary', verbose_name='merged into'),
            ),
            migrations.AddField(
                model_name='beneficiary',
                name='province',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.province', verbose_name='province'),
            ),
            migrations.AddField(
                model_name='attachmentevent',
                name='beneficiary',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='beneficiary'),
            ),
            migrations.AddField(
                model_name='attachment',
                name='beneficiary',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='beneficiaries.beneficiary', verbose_name='beneficiary'),
            ),
            migrations.AddField(
                model_name='beneficiaryevent',
                name='centre',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centre', verbose_name='following centre'),
            ),
            migrations.AddField(
                model_name='beneficiaryevent',
                name='created_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='beneficiaryevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='beneficiaryevent',
                name='merged_into',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='merged into'),
            ),
            migrations.AddField(
                model_name='beneficiaryevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='beneficiaryevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.beneficiary'),
            ),
            migrations.AddField(
                model_name='beneficiaryevent',
                name='province',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.province', verbose_name='province'),
            ),
            migrations.AddField(
                model_name='beneficiarytargetgroup',
                name='beneficiary',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='beneficiaries.beneficiary'),
            ),
            migrations.AddField(
                model_name='beneficiarytargetgroup',
                name='targetgroup',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='centres.targetgroup'),
            ),
            migrations.AddField(
                model_name='beneficiary',
                name='target_groups',
                field=models.ManyToManyField(blank=True, related_name='beneficiaries', through='beneficiaries.BeneficiaryTargetGroup', to='centres.targetgroup', verbose_name='target groups'),
            ),
            migrations.AddField(
                model_name='beneficiarytargetgroupevent',
                name='beneficiary',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary'),
            ),
            migrations.AddField(
                model_name='beneficiarytargetgroupevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='beneficiarytargetgroupevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.beneficiarytargetgroup'),
            ),
            migrations.AddField(
                model_name='beneficiarytargetgroupevent',
                name='targetgroup',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.targetgroup'),
            ),
            migrations.AddField(
                model_name='casefile',
                name='beneficiary',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='beneficiaries.beneficiary', verbose_name='beneficiary'),
            ),
            migrations.AddField(
                model_name='casefile',
                name='created_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AddField(
                model_name='casefile',
                name='delegation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='casefile',
                name='worker',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to=settings.AUTH_USER_MODEL, verbose_name='assigned social worker'),
            ),
            migrations.AddField(
                model_name='attachmentevent',
                name='case',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='attachment',
                name='case',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='assessmentevent',
                name='case',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='assessment',
                name='case',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='casefileevent',
                name='beneficiary',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='beneficiary'),
            ),
            migrations.AddField(
                model_name='casefileevent',
                name='created_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AddField(
                model_name='casefileevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='casefileevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='casefileevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.casefile'),
            ),
            migrations.AddField(
                model_name='casefileevent',
                name='worker',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned social worker'),
            ),
            migrations.AddField(
                model_name='consent',
                name='beneficiary',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='beneficiaries.beneficiary', verbose_name='beneficiary'),
            ),
            migrations.AddField(
                model_name='consent',
                name='recorded_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='consent',
                name='signed_form',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='beneficiaries.attachment', verbose_name='signed form'),
            ),
            migrations.AddField(
                model_name='consentevent',
                name='beneficiary',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='beneficiary'),
            ),
            migrations.AddField(
                model_name='consentevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='consentevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.consent'),
            ),
            migrations.AddField(
                model_name='consentevent',
                name='recorded_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='consentevent',
                name='signed_form',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.attachment', verbose_name='signed form'),
            ),
            migrations.AddField(
                model_name='duplicatepair',
                name='decided_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
            ),
            migrations.AddField(
                model_name='duplicatepair',
                name='first',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='beneficiaries.beneficiary', verbose_name='first file'),
            ),
            migrations.AddField(
                model_name='duplicatepair',
                name='first_delegation',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit'),
            ),
            migrations.AddField(
                model_name='duplicatepair',
                name='second',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='beneficiaries.beneficiary', verbose_name='second file'),
            ),
            migrations.AddField(
                model_name='duplicatepair',
                name='second_delegation',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit'),
            ),
            migrations.AddField(
                model_name='duplicatepairevent',
                name='decided_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
            ),
            migrations.AddField(
                model_name='duplicatepairevent',
                name='first',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='first file'),
            ),
            migrations.AddField(
                model_name='duplicatepairevent',
                name='first_delegation',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit'),
            ),
            migrations.AddField(
                model_name='duplicatepairevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='duplicatepairevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.duplicatepair'),
            ),
            migrations.AddField(
                model_name='duplicatepairevent',
                name='second',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='second file'),
            ),
            migrations.AddField(
                model_name='duplicatepairevent',
                name='second_delegation',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit'),
            ),
            migrations.AddField(
                model_name='duplicatescan',
                name='created_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='asked for by'),
            ),
            migrations.AddField(
                model_name='duplicatescan',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddField(
                model_name='filenumbercounter',
                name='delegation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit'),
            ),
            migrations.AddField(
                model_name='filerequest',
                name='beneficiary',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='file_requests', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='filerequest',
                name='decided_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
            ),
            migrations.AddField(
                model_name='filerequest',
                name='other',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='receiving delegation'),
            ),
            migrations.AddField(
                model_name='filerequest',
                name='owner',
                field=models.ForeignKey(help_text='The delegation that held the file when the request was made.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='owning delegation'),
            ),
            migrations.AddField(
                model_name='filerequest',
                name='province',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.province', verbose_name='new province'),
            ),
            migrations.AddField(
                model_name='filerequest',
                name='requested_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='asked by'),
            ),
            migrations.AddField(
                model_name='filerequestevent',
                name='beneficiary',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='filerequestevent',
                name='decided_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
            ),
            migrations.AddField(
                model_name='filerequestevent',
                name='other',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='receiving delegation'),
            ),
            migrations.AddField(
                model_name='filerequestevent',
                name='owner',
                field=models.ForeignKey(db_constraint=False, help_text='The delegation that held the file when the request was made.', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='owning delegation'),
            ),
            migrations.AddField(
                model_name='filerequestevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='filerequestevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.filerequest'),
            ),
            migrations.AddField(
                model_name='filerequestevent',
                name='province',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.province', verbose_name='new province'),
            ),
            migrations.AddField(
                model_name='filerequestevent',
                name='requested_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='asked by'),
            ),
            migrations.AddField(
                model_name='followup',
                name='author',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='followup',
                name='case',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='followupevent',
                name='author',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='followupevent',
                name='case',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='followupevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='followupevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.followup'),
            ),
            migrations.AddField(
                model_name='householdmember',
                name='beneficiary',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='household', to='beneficiaries.beneficiary', verbose_name='beneficiary'),
            ),
            migrations.AddField(
                model_name='householdmemberevent',
                name='beneficiary',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='beneficiary'),
            ),
            migrations.AddField(
                model_name='householdmemberevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='householdmemberevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.householdmember'),
            ),
            migrations.AddField(
                model_name='mediation',
                name='author',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='mediation',
                name='case',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='mediationevent',
                name='author',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='mediationevent',
                name='case',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='mediationevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='mediationevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.mediation'),
            ),
            migrations.AddField(
                model_name='note',
                name='author',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='note',
                name='case',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='noteevent',
                name='author',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='noteevent',
                name='case',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='noteevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='noteevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.note'),
            ),
            migrations.AddField(
                model_name='numberalias',
                name='beneficiary',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='number_aliases', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='numberalias',
                name='case',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='number_aliases', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='numberaliasevent',
                name='beneficiary',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='numberaliasevent',
                name='case',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='numberaliasevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='numberaliasevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.numberalias'),
            ),
            migrations.AddField(
                model_name='plangoal',
                name='author',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='plangoal',
                name='case',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='plangoalevent',
                name='author',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='plangoalevent',
                name='case',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='plangoalevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='plangoalevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.plangoal'),
            ),
            migrations.AddField(
                model_name='referral',
                name='answered_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by'),
            ),
            migrations.AddField(
                model_name='referral',
                name='association',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='partnerships.association', verbose_name='partner association'),
            ),
            migrations.AddField(
                model_name='referral',
                name='author',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='referral',
                name='case',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='referral',
                name='centre',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='referral',
                name='service',
                field=models.ForeignKey(blank=True, help_text='Its answer is due within the delay the service catalogue sets.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='centres.service', verbose_name='service asked for'),
            ),
            migrations.AddField(
                model_name='referralevent',
                name='answered_by',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by'),
            ),
            migrations.AddField(
                model_name='referralevent',
                name='association',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.association', verbose_name='partner association'),
            ),
            migrations.AddField(
                model_name='referralevent',
                name='author',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='referralevent',
                name='case',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='referralevent',
                name='centre',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='referralevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='referralevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.referral'),
            ),
            migrations.AddField(
                model_name='referralevent',
                name='service',
                field=models.ForeignKey(blank=True, db_constraint=False, help_text='Its answer is due within the delay the service catalogue sets.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.service', verbose_name='service asked for'),
            ),
            migrations.AddField(
                model_name='servicedelivery',
                name='author',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='servicedelivery',
                name='case',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='servicedelivery',
                name='centre',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='deliveries', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='servicedelivery',
                name='service',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deliveries', to='centres.service', verbose_name='service'),
            ),
            migrations.AddField(
                model_name='servicedeliveryevent',
                name='author',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
            ),
            migrations.AddField(
                model_name='servicedeliveryevent',
                name='case',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='servicedeliveryevent',
                name='centre',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='servicedeliveryevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='servicedeliveryevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='beneficiaries.servicedelivery'),
            ),
            migrations.AddField(
                model_name='servicedeliveryevent',
                name='service',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.service', verbose_name='service'),
            ),
            migrations.AddConstraint(
                model_name='beneficiarytargetgroup',
                constraint=models.UniqueConstraint(fields=('beneficiary', 'targetgroup'), name='beneficiary_target_group_once'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='beneficiarytargetgroup',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_beneficiarytargetgroupevent" ("beneficiary_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "targetgroup_id") VALUES (NEW."beneficiary_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."targetgroup_id"); RETURN NULL;', hash='48b6226102d0cfe4c4cfb17b969b3f2c3d40f62e', operation='INSERT', pgid='pgtrigger_insert_insert_387d2', table='beneficiaries_beneficiarytargetgroup', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='beneficiarytargetgroup',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_beneficiarytargetgroupevent" ("beneficiary_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "targetgroup_id") VALUES (NEW."beneficiary_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."targetgroup_id"); RETURN NULL;', hash='277c15e74307e6bec9258cefe6b994c5e917c569', operation='UPDATE', pgid='pgtrigger_update_update_0b185', table='beneficiaries_beneficiarytargetgroup', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='beneficiarytargetgroup',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_beneficiarytargetgroupevent" ("beneficiary_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "targetgroup_id") VALUES (OLD."beneficiary_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."targetgroup_id"); RETURN NULL;', hash='f028ca8043e8c5ad3b1643e4e64cbf49e8893018', operation='DELETE', pgid='pgtrigger_delete_delete_bcdb1', table='beneficiaries_beneficiarytargetgroup', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=django.contrib.postgres.indexes.GinIndex(fields=['search_name'], name='beneficiary_name_trgm', opclasses=['gin_trgm_ops']),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=django.contrib.postgres.indexes.GinIndex(fields=['name_key'], name='beneficiary_name_key_trgm', opclasses=['gin_trgm_ops']),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=django.contrib.postgres.indexes.GinIndex(entraide.search.Words('search_name'), name='beneficiary_name_words'),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=django.contrib.postgres.indexes.GinIndex(entraide.search.Forms('name_key'), name='beneficiary_name_forms'),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=models.Index(fields=['phone_tail'], name='beneficiary_phone_tail_idx'),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=models.Index(condition=models.Q(('rsu_id', ''), _negated=True), fields=['rsu_id'], name='beneficiary_rsu_id_idx'),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=models.Index(fields=['delegation', '-created_at'], name='beneficiary_recent_idx'),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=models.Index(fields=['-created_at', '-id'], name='beneficiary_newest_idx'),
            ),
            migrations.AddIndex(
                model_name='beneficiary',
                index=models.Index(fields=['id'], include=('sex', 'birth_date', 'birth_year'), name='beneficiary_age_idx'),
            ),
            migrations.AddConstraint(
                model_name='beneficiary',
                constraint=models.UniqueConstraint(condition=models.Q(('cin', ''), _negated=True), fields=('cin',), name='beneficiary_cin_unique', violation_error_message='This CIN cannot be used here. If the person already has a file in another delegation, ask that delegation to transfer the file to yours.'),
            ),
            migrations.AddConstraint(
                model_name='beneficiary',
                constraint=models.CheckConstraint(condition=models.Q(('anonymised_at__isnull', False), models.Q(('first_name_ar', ''), ('first_name_lat', ''), _negated=True), _connector='OR'), name='beneficiary_has_a_name', violation_error_message='Give the first name in Arabic or Latin script.'),
            ),
            migrations.AddConstraint(
                model_name='beneficiary',
                constraint=models.CheckConstraint(condition=models.Q(('rsu_id', ''), ('rsu_id__regex', '^[0-9]{8,20}$'), _connector='OR'), name='beneficiary_rsu_id_digits', violation_error_message='An RSU household identifier is made of 8 to 20 digits.'),
            ),
            migrations.AddConstraint(
                model_name='beneficiary',
                constraint=models.CheckConstraint(condition=models.Q(('birth_date__isnull', True), ('birth_year__isnull', True), _connector='OR'), name='beneficiary_birth_date_or_year', violation_error_message='Give the date of birth or an approximate year.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='beneficiary',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_beneficiaryevent" ("address", "anonymised_at", "birth_date", "birth_year", "centre_id", "cin", "commune", "created_at", "created_by_id", "delegation_id", "disability_card", "disability_degree", "disability_type", "education", "file_number", "first_name_ar", "first_name_lat", "id", "last_name_ar", "last_name_lat", "marital_status", "merged_into_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "province_id", "rsu_id", "sex", "updated_at", "version") VALUES (NEW."address", NEW."anonymised_at", NEW."birth_date", NEW."birth_year", NEW."centre_id", NEW."cin", NEW."commune", NEW."created_at", NEW."created_by_id", NEW."delegation_id", NEW."disability_card", NEW."disability_degree", NEW."disability_type", NEW."education", NEW."file_number", NEW."first_name_ar", NEW."first_name_lat", NEW."id", NEW."last_name_ar", NEW."last_name_lat", NEW."marital_status", NEW."merged_into_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."province_id", NEW."rsu_id", NEW."sex", NEW."updated_at", NEW."version"); RETURN NULL;', hash='673839065585bade2e90d0308537085b90c21239', operation='INSERT', pgid='pgtrigger_insert_insert_1c31c', table='beneficiaries_beneficiary', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='beneficiary',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."address" IS DISTINCT FROM (NEW."address") OR OLD."anonymised_at" IS DISTINCT FROM (NEW."anonymised_at") OR OLD."birth_date" IS DISTINCT FROM (NEW."birth_date") OR OLD."birth_year" IS DISTINCT FROM (NEW."birth_year") OR OLD."centre_id" IS DISTINCT FROM (NEW."centre_id") OR OLD."cin" IS DISTINCT FROM (NEW."cin") OR OLD."commune" IS DISTINCT FROM (NEW."commune") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."delegation_id" IS DISTINCT FROM (NEW."delegation_id") OR OLD."disability_card" IS DISTINCT FROM (NEW."disability_card") OR OLD."disability_degree" IS DISTINCT FROM (NEW."disability_degree") OR OLD."disability_type" IS DISTINCT FROM (NEW."disability_type") OR OLD."education" IS DISTINCT FROM (NEW."education") OR OLD."file_number" IS DISTINCT FROM (NEW."file_number") OR OLD."first_name_ar" IS DISTINCT FROM (NEW."first_name_ar") OR OLD."first_name_lat" IS DISTINCT FROM (NEW."first_name_lat") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."last_name_ar" IS DISTINCT FROM (NEW."last_name_ar") OR OLD."last_name_lat" IS DISTINCT FROM (NEW."last_name_lat") OR OLD."marital_status" IS DISTINCT FROM (NEW."marital_status") OR OLD."merged_into_id" IS DISTINCT FROM (NEW."merged_into_id") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."rsu_id" IS DISTINCT FROM (NEW."rsu_id") OR OLD."sex" IS DISTINCT FROM (NEW."sex") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at") OR OLD."version" IS DISTINCT FROM (NEW."version"))', func='INSERT INTO "beneficiaries_beneficiaryevent" ("address", "anonymised_at", "birth_date", "birth_year", "centre_id", "cin", "commune", "created_at", "created_by_id", "delegation_id", "disability_card", "disability_degree", "disability_type", "education", "file_number", "first_name_ar", "first_name_lat", "id", "last_name_ar", "last_name_lat", "marital_status", "merged_into_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "province_id", "rsu_id", "sex", "updated_at", "version") VALUES (NEW."address", NEW."anonymised_at", NEW."birth_date", NEW."birth_year", NEW."centre_id", NEW."cin", NEW."commune", NEW."created_at", NEW."created_by_id", NEW."delegation_id", NEW."disability_card", NEW."disability_degree", NEW."disability_type", NEW."education", NEW."file_number", NEW."first_name_ar", NEW."first_name_lat", NEW."id", NEW."last_name_ar", NEW."last_name_lat", NEW."marital_status", NEW."merged_into_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."province_id", NEW."rsu_id", NEW."sex", NEW."updated_at", NEW."version"); RETURN NULL;', hash='f4afb598d5e32dd031b11447ab9753d8bd180297', operation='UPDATE', pgid='pgtrigger_update_update_a0fd5', table='beneficiaries_beneficiary', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='beneficiary',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_beneficiaryevent" ("address", "anonymised_at", "birth_date", "birth_year", "centre_id", "cin", "commune", "created_at", "created_by_id", "delegation_id", "disability_card", "disability_degree", "disability_type", "education", "file_number", "first_name_ar", "first_name_lat", "id", "last_name_ar", "last_name_lat", "marital_status", "merged_into_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "province_id", "rsu_id", "sex", "updated_at", "version") VALUES (OLD."address", OLD."anonymised_at", OLD."birth_date", OLD."birth_year", OLD."centre_id", OLD."cin", OLD."commune", OLD."created_at", OLD."created_by_id", OLD."delegation_id", OLD."disability_card", OLD."disability_degree", OLD."disability_type", OLD."education", OLD."file_number", OLD."first_name_ar", OLD."first_name_lat", OLD."id", OLD."last_name_ar", OLD."last_name_lat", OLD."marital_status", OLD."merged_into_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."province_id", OLD."rsu_id", OLD."sex", OLD."updated_at", OLD."version"); RETURN NULL;', hash='2f36dd9bd72ae68c50aa13c3d91a976658f27246', operation='DELETE', pgid='pgtrigger_delete_delete_f743b', table='beneficiaries_beneficiary', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='casefile',
                index=models.Index(fields=['worker', 'status'], name='case_worker_status_idx'),
            ),
            migrations.AddIndex(
                model_name='casefile',
                index=models.Index(fields=['delegation', 'status'], include=('id', 'worker', 'beneficiary', 'opened_on', 'closed_on'), name='case_scope_idx'),
            ),
            migrations.AddConstraint(
                model_name='casefile',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'closed'), _negated=True), models.Q(models.Q(('closure_reason', ''), _negated=True), ('closed_on__isnull', False)), _connector='OR'), name='case_closed_has_reason_and_date', violation_error_message='A closed case needs a reason and a date.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='casefile',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_casefileevent" ("beneficiary_id", "channel", "closed_on", "closure_reason", "created_by_id", "delegation_id", "id", "last_activity_at", "number", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "problems", "protection_details", "risk", "status", "version", "worker_id") VALUES (NEW."beneficiary_id", NEW."channel", NEW."closed_on", NEW."closure_reason", NEW."created_by_id", NEW."delegation_id", NEW."id", NEW."last_activity_at", NEW."number", NEW."opened_on", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."problems", NEW."protection_details", NEW."risk", NEW."status", NEW."version", NEW."worker_id"); RETURN NULL;', hash='02f72ac8401046979050270d90c4fc3606408891', operation='INSERT', pgid='pgtrigger_insert_insert_cd988', table='beneficiaries_casefile', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='casefile',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_casefileevent" ("beneficiary_id", "channel", "closed_on", "closure_reason", "created_by_id", "delegation_id", "id", "last_activity_at", "number", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "problems", "protection_details", "risk", "status", "version", "worker_id") VALUES (NEW."beneficiary_id", NEW."channel", NEW."closed_on", NEW."closure_reason", NEW."created_by_id", NEW."delegation_id", NEW."id", NEW."last_activity_at", NEW."number", NEW."opened_on", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."problems", NEW."protection_details", NEW."risk", NEW."status", NEW."version", NEW."worker_id"); RETURN NULL;', hash='41f35150152e7347cbe899663c0353ce111f3832', operation='UPDATE', pgid='pgtrigger_update_update_c007b', table='beneficiaries_casefile', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='casefile',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_casefileevent" ("beneficiary_id", "channel", "closed_on", "closure_reason", "created_by_id", "delegation_id", "id", "last_activity_at", "number", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "problems", "protection_details", "risk", "status", "version", "worker_id") VALUES (OLD."beneficiary_id", OLD."channel", OLD."closed_on", OLD."closure_reason", OLD."created_by_id", OLD."delegation_id", OLD."id", OLD."last_activity_at", OLD."number", OLD."opened_on", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."problems", OLD."protection_details", OLD."risk", OLD."status", OLD."version", OLD."worker_id"); RETURN NULL;', hash='d6fdf94a891a35d136a27a4e5fc261123f52680e', operation='DELETE', pgid='pgtrigger_delete_delete_f44e7', table='beneficiaries_casefile', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='attachment',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_attachmentevent" ("beneficiary_id", "case_id", "content_type", "file", "id", "kind", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") VALUES (NEW."beneficiary_id", NEW."case_id", NEW."content_type", NEW."file", NEW."id", NEW."kind", NEW."original_name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."size", NEW."uploaded_at", NEW."uploaded_by_id"); RETURN NULL;', hash='a4039364cd816ed6beef0b80cf7faff7d880691a', operation='INSERT', pgid='pgtrigger_insert_insert_b7596', table='beneficiaries_attachment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='attachment',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_attachmentevent" ("beneficiary_id", "case_id", "content_type", "file", "id", "kind", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") VALUES (NEW."beneficiary_id", NEW."case_id", NEW."content_type", NEW."file", NEW."id", NEW."kind", NEW."original_name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."size", NEW."uploaded_at", NEW."uploaded_by_id"); RETURN NULL;', hash='6c0983762738388707c02011c57657a6f2aade93', operation='UPDATE', pgid='pgtrigger_update_update_8b7a5', table='beneficiaries_attachment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='attachment',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_attachmentevent" ("beneficiary_id", "case_id", "content_type", "file", "id", "kind", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") VALUES (OLD."beneficiary_id", OLD."case_id", OLD."content_type", OLD."file", OLD."id", OLD."kind", OLD."original_name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."size", OLD."uploaded_at", OLD."uploaded_by_id"); RETURN NULL;', hash='a02ef1b5bd5b138d48d2954bb01f2d7a896113da', operation='DELETE', pgid='pgtrigger_delete_delete_a9419', table='beneficiaries_attachment', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='assessment',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('housing__isnull', True), ('housing__lte', 4), _connector='OR'), models.Q(('health__isnull', True), ('health__lte', 4), _connector='OR'), models.Q(('income__isnull', True), ('income__lte', 4), _connector='OR'), models.Q(('education__isnull', True), ('education__lte', 4), _connector='OR'), models.Q(('protection__isnull', True), ('protection__lte', 4), _connector='OR'), models.Q(('family_ties__isnull', True), ('family_ties__lte', 4), _connector='OR'), models.Q(('disability__isnull', True), ('disability__lte', 4), _connector='OR')), name='assessment_scores_0_to_4', violation_error_message='Scores go from 0 to 4.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='assessment',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_assessmentevent" ("author_id", "case_id", "created_at", "date", "disability", "education", "family_ties", "health", "housing", "id", "income", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "protection", "summary") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."disability", NEW."education", NEW."family_ties", NEW."health", NEW."housing", NEW."id", NEW."income", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."protection", NEW."summary"); RETURN NULL;', hash='5ba0b9319ff096a3e58c7f9d4da3d9d60bb9cef4', operation='INSERT', pgid='pgtrigger_insert_insert_12197', table='beneficiaries_assessment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='assessment',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_assessmentevent" ("author_id", "case_id", "created_at", "date", "disability", "education", "family_ties", "health", "housing", "id", "income", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "protection", "summary") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."disability", NEW."education", NEW."family_ties", NEW."health", NEW."housing", NEW."id", NEW."income", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."protection", NEW."summary"); RETURN NULL;', hash='c07406bbebcff61bb69ab460d824496ec1cc4213', operation='UPDATE', pgid='pgtrigger_update_update_12061', table='beneficiaries_assessment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='assessment',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_assessmentevent" ("author_id", "case_id", "created_at", "date", "disability", "education", "family_ties", "health", "housing", "id", "income", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "protection", "summary") VALUES (OLD."author_id", OLD."case_id", OLD."created_at", OLD."date", OLD."disability", OLD."education", OLD."family_ties", OLD."health", OLD."housing", OLD."id", OLD."income", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."protection", OLD."summary"); RETURN NULL;', hash='ee033c687278f508d3e0792339a27f5d14ba5cb2', operation='DELETE', pgid='pgtrigger_delete_delete_bf888', table='beneficiaries_assessment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='consent',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_consentevent" ("beneficiary_id", "given", "given_by", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purpose", "recorded_at", "recorded_by_id", "signed_form_id") VALUES (NEW."beneficiary_id", NEW."given", NEW."given_by", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."purpose", NEW."recorded_at", NEW."recorded_by_id", NEW."signed_form_id"); RETURN NULL;', hash='c06bfcc90cb9032b5d066950091be5fe5301c678', operation='INSERT', pgid='pgtrigger_insert_insert_df4f4', table='beneficiaries_consent', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='consent',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_consentevent" ("beneficiary_id", "given", "given_by", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purpose", "recorded_at", "recorded_by_id", "signed_form_id") VALUES (NEW."beneficiary_id", NEW."given", NEW."given_by", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."purpose", NEW."recorded_at", NEW."recorded_by_id", NEW."signed_form_id"); RETURN NULL;', hash='6f520724c3e565070fa3575c134068f0b8a3a4ef', operation='UPDATE', pgid='pgtrigger_update_update_06e7d', table='beneficiaries_consent', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='consent',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_consentevent" ("beneficiary_id", "given", "given_by", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purpose", "recorded_at", "recorded_by_id", "signed_form_id") VALUES (OLD."beneficiary_id", OLD."given", OLD."given_by", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."purpose", OLD."recorded_at", OLD."recorded_by_id", OLD."signed_form_id"); RETURN NULL;', hash='eb64aff88fa725250bdfca40784a3c4839454501', operation='DELETE', pgid='pgtrigger_delete_delete_dbc97', table='beneficiaries_consent', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='duplicatepair',
                index=models.Index(fields=['second'], name='duplicate_pair_second_idx'),
            ),
            migrations.AddIndex(
                model_name='duplicatepair',
                index=models.Index(condition=models.Q(('status', 'open')), fields=['first_delegation'], name='duplicate_pair_first_deleg'),
            ),
            migrations.AddIndex(
                model_name='duplicatepair',
                index=models.Index(condition=models.Q(('status', 'open')), fields=['second_delegation'], name='duplicate_pair_second_deleg'),
            ),
            migrations.AddIndex(
                model_name='duplicatepair',
                index=models.Index(condition=models.Q(('status', 'open')), fields=['-score'], name='duplicate_pair_open_idx'),
            ),
            migrations.AddConstraint(
                model_name='duplicatepair',
                constraint=models.UniqueConstraint(fields=('first', 'second'), name='duplicate_pair_once'),
            ),
            migrations.AddConstraint(
                model_name='duplicatepair',
                constraint=models.CheckConstraint(condition=models.Q(('first__lt', models.F('second'))), name='duplicate_pair_ordered'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='duplicatepair',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_duplicatepairevent" ("decided_at", "decided_by_id", "evidence", "first_delegation_id", "first_id", "found_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "score", "second_delegation_id", "second_id", "status") VALUES (NEW."decided_at", NEW."decided_by_id", NEW."evidence", NEW."first_delegation_id", NEW."first_id", NEW."found_at", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."score", NEW."second_delegation_id", NEW."second_id", NEW."status"); RETURN NULL;', hash='04d5362dfa9d88e4dec81074314b62913739dff8', operation='INSERT', pgid='pgtrigger_insert_insert_198e0', table='beneficiaries_duplicatepair', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='duplicatepair',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_duplicatepairevent" ("decided_at", "decided_by_id", "evidence", "first_delegation_id", "first_id", "found_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "score", "second_delegation_id", "second_id", "status") VALUES (NEW."decided_at", NEW."decided_by_id", NEW."evidence", NEW."first_delegation_id", NEW."first_id", NEW."found_at", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."score", NEW."second_delegation_id", NEW."second_id", NEW."status"); RETURN NULL;', hash='20a6b354e79d41b3dbb6cd146ab6f6437539c37a', operation='UPDATE', pgid='pgtrigger_update_update_d0899', table='beneficiaries_duplicatepair', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='duplicatepair',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_duplicatepairevent" ("decided_at", "decided_by_id", "evidence", "first_delegation_id", "first_id", "found_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "score", "second_delegation_id", "second_id", "status") VALUES (OLD."decided_at", OLD."decided_by_id", OLD."evidence", OLD."first_delegation_id", OLD."first_id", OLD."found_at", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."score", OLD."second_delegation_id", OLD."second_id", OLD."status"); RETURN NULL;', hash='0bde81f989643f4e7d3e582d57c396ad1bd166f4', operation='DELETE', pgid='pgtrigger_delete_delete_85812', table='beneficiaries_duplicatepair', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='filenumbercounter',
                constraint=models.UniqueConstraint(fields=('delegation', 'year'), name='one_counter_per_year'),
            ),
            migrations.AddConstraint(
                model_name='filerequest',
                constraint=models.UniqueConstraint(condition=models.Q(('state', 'requested')), fields=('beneficiary', 'kind', 'other'), name='file_request_one_open_per_side', violation_error_message='Such a request is already awaiting a decision.'),
            ),
            migrations.AddConstraint(
                model_name='filerequest',
                constraint=models.CheckConstraint(condition=models.Q(('owner', models.F('other')), _negated=True), name='file_request_between_two_delegations', violation_error_message='The file is already held by that delegation.'),
            ),
            migrations.AddConstraint(
                model_name='filerequest',
                constraint=models.CheckConstraint(condition=models.Q(('kind', 'read'), ('province__isnull', False), _connector='OR'), name='file_request_transfer_names_the_province', violation_error_message='Choose the province where the person now lives.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='filerequest',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_filerequestevent" ("asked_about", "asked_by_owner", "beneficiary_id", "decided_at", "decided_by_id", "id", "kind", "new_number", "old_number", "other_id", "override_reason", "owner_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "province_id", "read_until", "reason", "refusal_note", "requested_at", "requested_by_id", "state") VALUES (NEW."asked_about", NEW."asked_by_owner", NEW."beneficiary_id", NEW."decided_at", NEW."decided_by_id", NEW."id", NEW."kind", NEW."new_number", NEW."old_number", NEW."other_id", NEW."override_reason", NEW."owner_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."province_id", NEW."read_until", NEW."reason", NEW."refusal_note", NEW."requested_at", NEW."requested_by_id", NEW."state"); RETURN NULL;', hash='96d4a7442c53d2ce720d8578c5f351a5bf9398a1', operation='INSERT', pgid='pgtrigger_insert_insert_48b45', table='beneficiaries_filerequest', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='filerequest',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_filerequestevent" ("asked_about", "asked_by_owner", "beneficiary_id", "decided_at", "decided_by_id", "id", "kind", "new_number", "old_number", "other_id", "override_reason", "owner_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "province_id", "read_until", "reason", "refusal_note", "requested_at", "requested_by_id", "state") VALUES (NEW."asked_about", NEW."asked_by_owner", NEW."beneficiary_id", NEW."decided_at", NEW."decided_by_id", NEW."id", NEW."kind", NEW."new_number", NEW."old_number", NEW."other_id", NEW."override_reason", NEW."owner_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."province_id", NEW."read_until", NEW."reason", NEW."refusal_note", NEW."requested_at", NEW."requested_by_id", NEW."state"); RETURN NULL;', hash='064b81e2089af05f3d8488b9b4e81ad0dd274ccc', operation='UPDATE', pgid='pgtrigger_update_update_6a626', table='beneficiaries_filerequest', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='filerequest',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_filerequestevent" ("asked_about", "asked_by_owner", "beneficiary_id", "decided_at", "decided_by_id", "id", "kind", "new_number", "old_number", "other_id", "override_reason", "owner_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "province_id", "read_until", "reason", "refusal_note", "requested_at", "requested_by_id", "state") VALUES (OLD."asked_about", OLD."asked_by_owner", OLD."beneficiary_id", OLD."decided_at", OLD."decided_by_id", OLD."id", OLD."kind", OLD."new_number", OLD."old_number", OLD."other_id", OLD."override_reason", OLD."owner_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."province_id", OLD."read_until", OLD."reason", OLD."refusal_note", OLD."requested_at", OLD."requested_by_id", OLD."state"); RETURN NULL;', hash='cb117da8147fb932eb4121af2a6b4876893affa1', operation='DELETE', pgid='pgtrigger_delete_delete_d087d', table='beneficiaries_filerequest', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='followup',
                index=models.Index(condition=models.Q(('done', False)), fields=['case'], include=('date', 'next_date'), name='followup_pending_idx'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='followup',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_followupevent" ("author_id", "case_id", "created_at", "date", "done", "id", "next_date", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."done", NEW."id", NEW."next_date", NEW."notes", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='7bf09255d754650c7d417a88f2ba37cecf30dd0e', operation='INSERT', pgid='pgtrigger_insert_insert_3667d', table='beneficiaries_followup', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='followup',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_followupevent" ("author_id", "case_id", "created_at", "date", "done", "id", "next_date", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."done", NEW."id", NEW."next_date", NEW."notes", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='5a9c652618313ba7261744b2c49fa90b8580cff3', operation='UPDATE', pgid='pgtrigger_update_update_69895', table='beneficiaries_followup', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='followup',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_followupevent" ("author_id", "case_id", "created_at", "date", "done", "id", "next_date", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."author_id", OLD."case_id", OLD."created_at", OLD."date", OLD."done", OLD."id", OLD."next_date", OLD."notes", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='c8708504e23533f12520d530ae21ccff1685ac9e', operation='DELETE', pgid='pgtrigger_delete_delete_cd855', table='beneficiaries_followup', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='householdmember',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_householdmemberevent" ("age", "beneficiary_id", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "relation") VALUES (NEW."age", NEW."beneficiary_id", NEW."id", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."relation"); RETURN NULL;', hash='aa32f0acc91ea1a07e5e183af92e139f078f5971', operation='INSERT', pgid='pgtrigger_insert_insert_b7421', table='beneficiaries_householdmember', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='householdmember',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_householdmemberevent" ("age", "beneficiary_id", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "relation") VALUES (NEW."age", NEW."beneficiary_id", NEW."id", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."relation"); RETURN NULL;', hash='3b28847938ae16959e3cacbd4324016674f51a22', operation='UPDATE', pgid='pgtrigger_update_update_2ef5a', table='beneficiaries_householdmember', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='householdmember',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_householdmemberevent" ("age", "beneficiary_id", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "relation") VALUES (OLD."age", OLD."beneficiary_id", OLD."id", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."relation"); RETURN NULL;', hash='b7f6e1aa40f802c1bb60a45818194efe29a8b5f1', operation='DELETE', pgid='pgtrigger_delete_delete_75a5f', table='beneficiaries_householdmember', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='mediation',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_mediationevent" ("author_id", "case_id", "created_at", "date", "id", "notes", "outcome", "parties", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."id", NEW."notes", NEW."outcome", NEW."parties", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='4970810ecb5dd3870ad3e623bddcea46f921632a', operation='INSERT', pgid='pgtrigger_insert_insert_49e87', table='beneficiaries_mediation', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='mediation',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_mediationevent" ("author_id", "case_id", "created_at", "date", "id", "notes", "outcome", "parties", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."id", NEW."notes", NEW."outcome", NEW."parties", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='4da392f257ddd25d402130fbf7bbeea4cef485a8', operation='UPDATE', pgid='pgtrigger_update_update_6ab32', table='beneficiaries_mediation', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='mediation',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_mediationevent" ("author_id", "case_id", "created_at", "date", "id", "notes", "outcome", "parties", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."author_id", OLD."case_id", OLD."created_at", OLD."date", OLD."id", OLD."notes", OLD."outcome", OLD."parties", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='c422ada12d749596ac3635df52aec6f7b49d0680', operation='DELETE', pgid='pgtrigger_delete_delete_8d553', table='beneficiaries_mediation', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='note',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_noteevent" ("author_id", "case_id", "created_at", "date", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."id", NEW."kind", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."text"); RETURN NULL;', hash='469500aa413909b22b202010c92ceb3431ede1c9', operation='INSERT', pgid='pgtrigger_insert_insert_85956', table='beneficiaries_note', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='note',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_noteevent" ("author_id", "case_id", "created_at", "date", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."id", NEW."kind", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."text"); RETURN NULL;', hash='43fee5d5f1734e3205767ee833b083e0a70f1c2c', operation='UPDATE', pgid='pgtrigger_update_update_1efca', table='beneficiaries_note', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='note',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_noteevent" ("author_id", "case_id", "created_at", "date", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") VALUES (OLD."author_id", OLD."case_id", OLD."created_at", OLD."date", OLD."id", OLD."kind", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."text"); RETURN NULL;', hash='78c6ddbad0f65edf7fe5e728b6f8572156679c43', operation='DELETE', pgid='pgtrigger_delete_delete_d14e1', table='beneficiaries_note', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='numberalias',
                constraint=models.CheckConstraint(condition=models.Q(('beneficiary__isnull', True), ('case__isnull', True), _connector='XOR'), name='number_alias_names_one_record'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='numberalias',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_numberaliasevent" ("beneficiary_id", "case_id", "created_at", "id", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."beneficiary_id", NEW."case_id", NEW."created_at", NEW."id", NEW."number", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='4692da490875791bf03bd8053c620cc853374106', operation='INSERT', pgid='pgtrigger_insert_insert_44355', table='beneficiaries_numberalias', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='numberalias',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_numberaliasevent" ("beneficiary_id", "case_id", "created_at", "id", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."beneficiary_id", NEW."case_id", NEW."created_at", NEW."id", NEW."number", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='f1024c925e8676dc7c901dd5f15b52776beeecd6', operation='UPDATE', pgid='pgtrigger_update_update_55eed', table='beneficiaries_numberalias', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='numberalias',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_numberaliasevent" ("beneficiary_id", "case_id", "created_at", "id", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."beneficiary_id", OLD."case_id", OLD."created_at", OLD."id", OLD."number", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='62237f6f3d8e575f1f55088f02b60808ca9c5cce', operation='DELETE', pgid='pgtrigger_delete_delete_c7585', table='beneficiaries_numberalias', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='plangoal',
                constraint=models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='plangoal_progress_percent', violation_error_message='Progress is a percentage, from 0 to 100.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='plangoal',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_plangoalevent" ("author_id", "case_id", "created_at", "date", "due_date", "goal", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "progress", "responsible", "state") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."due_date", NEW."goal", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."progress", NEW."responsible", NEW."state"); RETURN NULL;', hash='f772c43cb0394373cc3cc33612acff7c502752f8', operation='INSERT', pgid='pgtrigger_insert_insert_b777a', table='beneficiaries_plangoal', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='plangoal',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_plangoalevent" ("author_id", "case_id", "created_at", "date", "due_date", "goal", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "progress", "responsible", "state") VALUES (NEW."author_id", NEW."case_id", NEW."created_at", NEW."date", NEW."due_date", NEW."goal", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."progress", NEW."responsible", NEW."state"); RETURN NULL;', hash='7556495dcabbfe98293079b0dea67e79623a99b0', operation='UPDATE', pgid='pgtrigger_update_update_a8450', table='beneficiaries_plangoal', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='plangoal',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_plangoalevent" ("author_id", "case_id", "created_at", "date", "due_date", "goal", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "progress", "responsible", "state") VALUES (OLD."author_id", OLD."case_id", OLD."created_at", OLD."date", OLD."due_date", OLD."goal", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."progress", OLD."responsible", OLD."state"); RETURN NULL;', hash='243aefe8e8f0ffa1fcd9ce6c9952ee52854d9675', operation='DELETE', pgid='pgtrigger_delete_delete_ce137', table='beneficiaries_plangoal', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='referral',
                index=models.Index(fields=['date'], include=('case',), name='referral_date_idx'),
            ),
            migrations.AddIndex(
                model_name='referral',
                index=models.Index(fields=['completed_on'], include=('case',), name='referral_completed_idx'),
            ),
            migrations.AddConstraint(
                model_name='referral',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('target_kind', 'centre'), _negated=True), ('centre__isnull', False), _connector='OR'), name='referral_to_centre_names_it', violation_error_message='Choose the centre.'),
            ),
            migrations.AddConstraint(
                model_name='referral',
                constraint=models.CheckConstraint(condition=models.Q(('target_kind', 'centre'), models.Q(('organisation', ''), _negated=True), models.Q(('association__isnull', False), ('target_kind', 'association')), _connector='OR'), name='referral_elsewhere_names_it', violation_error_message='Name the association or institution.'),
            ),
            migrations.AddConstraint(
                model_name='referral',
                constraint=models.CheckConstraint(condition=models.Q(('association__isnull', True), ('target_kind', 'association'), _connector='OR'), name='referral_association_only_to_one', violation_error_message='Only a referral to an association names one.'),
            ),
            migrations.AddConstraint(
                model_name='referral',
                constraint=models.CheckConstraint(condition=models.Q(('refusal_reason', ''), ('state', 'refused'), _connector='OR'), name='referral_refusal_reason_only_when_refused', violation_error_message='Only a refused referral has a reason for refusing.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='referral',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_referralevent" ("answered_at", "answered_by_id", "answered_on", "association_id", "author_id", "case_id", "centre_id", "completed_on", "created_at", "date", "due_at", "id", "organisation", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "refusal_note", "refusal_reason", "sent_at", "service_id", "state", "target_kind", "urgency") VALUES (NEW."answered_at", NEW."answered_by_id", NEW."answered_on", NEW."association_id", NEW."author_id", NEW."case_id", NEW."centre_id", NEW."completed_on", NEW."created_at", NEW."date", NEW."due_at", NEW."id", NEW."organisation", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason", NEW."refusal_note", NEW."refusal_reason", NEW."sent_at", NEW."service_id", NEW."state", NEW."target_kind", NEW."urgency"); RETURN NULL;', hash='61ff96872c2847fb8f1ca547ec56943b481dbdd8', operation='INSERT', pgid='pgtrigger_insert_insert_672a6', table='beneficiaries_referral', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='referral',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_referralevent" ("answered_at", "answered_by_id", "answered_on", "association_id", "author_id", "case_id", "centre_id", "completed_on", "created_at", "date", "due_at", "id", "organisation", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "refusal_note", "refusal_reason", "sent_at", "service_id", "state", "target_kind", "urgency") VALUES (NEW."answered_at", NEW."answered_by_id", NEW."answered_on", NEW."association_id", NEW."author_id", NEW."case_id", NEW."centre_id", NEW."completed_on", NEW."created_at", NEW."date", NEW."due_at", NEW."id", NEW."organisation", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason", NEW."refusal_note", NEW."refusal_reason", NEW."sent_at", NEW."service_id", NEW."state", NEW."target_kind", NEW."urgency"); RETURN NULL;', hash='6467096385dddbf54655c50493dd3903474fdf27', operation='UPDATE', pgid='pgtrigger_update_update_167e4', table='beneficiaries_referral', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='referral',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_referralevent" ("answered_at", "answered_by_id", "answered_on", "association_id", "author_id", "case_id", "centre_id", "completed_on", "created_at", "date", "due_at", "id", "organisation", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "refusal_note", "refusal_reason", "sent_at", "service_id", "state", "target_kind", "urgency") VALUES (OLD."answered_at", OLD."answered_by_id", OLD."answered_on", OLD."association_id", OLD."author_id", OLD."case_id", OLD."centre_id", OLD."completed_on", OLD."created_at", OLD."date", OLD."due_at", OLD."id", OLD."organisation", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reason", OLD."refusal_note", OLD."refusal_reason", OLD."sent_at", OLD."service_id", OLD."state", OLD."target_kind", OLD."urgency"); RETURN NULL;', hash='2e572a114daee4d3b6ff4a44f9a439bbc45c2efe', operation='DELETE', pgid='pgtrigger_delete_delete_68850', table='beneficiaries_referral', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='servicedelivery',
                index=models.Index(fields=['date'], include=('case', 'service'), name='service_date_idx'),
            ),
            migrations.AddConstraint(
                model_name='servicedelivery',
                constraint=models.CheckConstraint(condition=models.Q(('amount__isnull', True), ('amount__gte', 0), _connector='OR'), name='servicedelivery_amount_not_negative', violation_error_message='An amount cannot be negative.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='servicedelivery',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_servicedeliveryevent" ("amount", "author_id", "case_id", "centre_id", "created_at", "date", "id", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "service_id") VALUES (NEW."amount", NEW."author_id", NEW."case_id", NEW."centre_id", NEW."created_at", NEW."date", NEW."id", NEW."notes", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."quantity", NEW."service_id"); RETURN NULL;', hash='3cab0343536e92f1a3d524d03282c20786c483c2', operation='INSERT', pgid='pgtrigger_insert_insert_a2b5e', table='beneficiaries_servicedelivery', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='servicedelivery',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "beneficiaries_servicedeliveryevent" ("amount", "author_id", "case_id", "centre_id", "created_at", "date", "id", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "service_id") VALUES (NEW."amount", NEW."author_id", NEW."case_id", NEW."centre_id", NEW."created_at", NEW."date", NEW."id", NEW."notes", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."quantity", NEW."service_id"); RETURN NULL;', hash='7f5f4e72f9ecc1dde32640e7d260d23da3265d79', operation='UPDATE', pgid='pgtrigger_update_update_b718c', table='beneficiaries_servicedelivery', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='servicedelivery',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "beneficiaries_servicedeliveryevent" ("amount", "author_id", "case_id", "centre_id", "created_at", "date", "id", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "service_id") VALUES (OLD."amount", OLD."author_id", OLD."case_id", OLD."centre_id", OLD."created_at", OLD."date", OLD."id", OLD."notes", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."quantity", OLD."service_id"); RETURN NULL;', hash='f6799775d1d03b48bb5d17721af6d91c5b24ec9a', operation='DELETE', pgid='pgtrigger_delete_delete_c032f', table='beneficiaries_servicedelivery', when='AFTER')),
            ),
        ]),
        *ran('beneficiaries', '0012_duplicates'),
        *ran('beneficiaries', '0013_name_words_and_forms'),
        *ran('beneficiaries', '0014_pair_delegations'),
    ]
