"""partnerships's models as they are, part 2 of 2: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.contrib.postgres.indexes
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from entraide.squash import Together, ran
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('notifications', '0005_alter_notification_kind_alter_preference_kind'),
        ('partnerships', '0006_history_without_computed_columns'),
        ('programmes', '0001_initial'),
    ]

    dependencies = [
        ('centres', '0007_squashed_part2'),
        ('partnerships', '0007_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='association',
                name='delegation',
                field=models.ForeignKey(limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.PROTECT, related_name='associations', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='association',
                name='province',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='associations', to='territory.province', verbose_name='province'),
            ),
            migrations.AddField(
                model_name='association',
                name='staff',
                field=models.ManyToManyField(blank=True, help_text="Accounts of the association's own staff (role “partner staff”): they read and answer the referrals sent to the association and to the centres it runs, and nothing else.", limit_choices_to={'role': 'partner_staff'}, related_name='partner_associations', to=settings.AUTH_USER_MODEL, verbose_name='partner staff accounts'),
            ),
            migrations.AddField(
                model_name='association',
                name='target_groups',
                field=models.ManyToManyField(blank=True, related_name='associations', to='centres.targetgroup', verbose_name='target groups'),
            ),
            migrations.AddField(
                model_name='associationevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='associationevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='associationevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.association'),
            ),
            migrations.AddField(
                model_name='associationevent',
                name='province',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.province', verbose_name='province'),
            ),
            migrations.AddField(
                model_name='associationfieldsofactionevent',
                name='association',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.association'),
            ),
            migrations.AddField(
                model_name='associationfieldsofactionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='association',
                name='fields_of_action',
                field=models.ManyToManyField(blank=True, related_name='associations', to='partnerships.fieldofaction', verbose_name='fields of action'),
            ),
            migrations.AddField(
                model_name='associationfieldsofactionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.association_fields_of_action'),
            ),
            migrations.AddField(
                model_name='associationtargetgroupsevent',
                name='association',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.association'),
            ),
            migrations.AddField(
                model_name='associationtargetgroupsevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='associationtargetgroupsevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.association_target_groups'),
            ),
            migrations.AddField(
                model_name='associationtargetgroupsevent',
                name='targetgroup',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.targetgroup'),
            ),
            migrations.AddField(
                model_name='commitmentevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='commitmentevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.commitment'),
            ),
            migrations.AddField(
                model_name='controlcampaign',
                name='created_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='controlcampaign',
                name='unit',
                field=models.ForeignKey(help_text='The sample is drawn among the funded associations of this unit.', on_delete=django.db.models.deletion.PROTECT, related_name='control_campaigns', to='territory.orgunit', verbose_name='territory covered'),
            ),
            migrations.AddField(
                model_name='controlcampaignevent',
                name='created_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='controlcampaignevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='controlcampaignevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.controlcampaign'),
            ),
            migrations.AddField(
                model_name='controlcampaignevent',
                name='unit',
                field=models.ForeignKey(db_constraint=False, help_text='The sample is drawn among the funded associations of this unit.', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='territory covered'),
            ),
            migrations.AddField(
                model_name='convention',
                name='associations',
                field=models.ManyToManyField(related_name='conventions', to='partnerships.association', verbose_name='associations'),
            ),
            migrations.AddField(
                model_name='convention',
                name='centres',
                field=models.ManyToManyField(blank=True, help_text='For a centre management convention, the centres the association runs.', related_name='conventions', to='centres.centre', verbose_name='centres'),
            ),
            migrations.AddField(
                model_name='convention',
                name='created_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='convention',
                name='signing_unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conventions', to='territory.orgunit', verbose_name='signing EN unit'),
            ),
            migrations.AddField(
                model_name='commitmentevent',
                name='convention',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='commitment',
                name='convention',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='amendmentevent',
                name='convention',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='amendment',
                name='convention',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='conventionassociationsevent',
                name='association',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.association'),
            ),
            migrations.AddField(
                model_name='conventionassociationsevent',
                name='convention',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.convention'),
            ),
            migrations.AddField(
                model_name='conventionassociationsevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='conventionassociationsevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.convention_associations'),
            ),
            migrations.AddField(
                model_name='conventioncentresevent',
                name='centre',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centre'),
            ),
            migrations.AddField(
                model_name='conventioncentresevent',
                name='convention',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.convention'),
            ),
            migrations.AddField(
                model_name='conventioncentresevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='conventioncentresevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.convention_centres'),
            ),
            migrations.AddField(
                model_name='conventionevent',
                name='created_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='conventionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='conventionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.convention'),
            ),
            migrations.AddField(
                model_name='conventionevent',
                name='signing_unit',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='signing EN unit'),
            ),
            migrations.AddField(
                model_name='associationfieldsofactionevent',
                name='fieldofaction',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.fieldofaction'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='fieldofaction',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_fieldofactionevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position"); RETURN NULL;', hash='95556bd038a7a6450ff976d8e564b932ee999c8f', operation='INSERT', pgid='pgtrigger_insert_insert_65751', table='partnerships_fieldofaction', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='fieldofaction',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_fieldofactionevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position"); RETURN NULL;', hash='684910760194eafad2949cd75aaa958d016a1b76', operation='UPDATE', pgid='pgtrigger_update_update_ebc90', table='partnerships_fieldofaction', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='fieldofaction',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_fieldofactionevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (OLD."code", OLD."id", OLD."is_active", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position"); RETURN NULL;', hash='db777fb34e7e29fe34105840e4747fd14a667df1', operation='DELETE', pgid='pgtrigger_delete_delete_0f7ce', table='partnerships_fieldofaction', when='AFTER')),
            ),
            migrations.AddField(
                model_name='fieldofactionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='fieldofactionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.fieldofaction'),
            ),
            migrations.AddField(
                model_name='inspection',
                name='association',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='partnerships.association', verbose_name='association'),
            ),
            migrations.AddField(
                model_name='inspection',
                name='campaign',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='partnerships.controlcampaign', verbose_name='control campaign'),
            ),
            migrations.AddField(
                model_name='inspection',
                name='centre',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='inspection',
                name='convention',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='inspection',
                name='created_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='inspection',
                name='team',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspections_led', to='territory.orgunit', verbose_name='inspecting team'),
            ),
            migrations.AddField(
                model_name='inspection',
                name='unit',
                field=models.ForeignKey(help_text='The unit that owns the subject; set from the subject.', on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='territory.orgunit', verbose_name='unit concerned'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='association',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.association', verbose_name='association'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='campaign',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.controlcampaign', verbose_name='control campaign'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='centre',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='convention',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='created_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.inspection'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='team',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='inspecting team'),
            ),
            migrations.AddField(
                model_name='inspectionevent',
                name='unit',
                field=models.ForeignKey(db_constraint=False, help_text='The unit that owns the subject; set from the subject.', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='unit concerned'),
            ),
            migrations.AddField(
                model_name='owedreport',
                name='convention',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='owedreportevent',
                name='convention',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='owedreportevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='owedreportevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.owedreport'),
            ),
            migrations.AddField(
                model_name='partner',
                name='convention',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partners', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='partnerevent',
                name='convention',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='partnerevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='partnerevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.partner'),
            ),
            migrations.AddField(
                model_name='recommendation',
                name='inspection',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommendations', to='partnerships.inspection', verbose_name='inspection'),
            ),
            migrations.AddField(
                model_name='recommendationevent',
                name='inspection',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.inspection', verbose_name='inspection'),
            ),
            migrations.AddField(
                model_name='recommendationevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='recommendationevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.recommendation'),
            ),
            migrations.AddField(
                model_name='tranche',
                name='condition_report',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partnerships.owedreport', verbose_name='report to be received first'),
            ),
            migrations.AddField(
                model_name='tranche',
                name='convention',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tranches', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='tranche',
                name='override_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='override by'),
            ),
            migrations.AddField(
                model_name='tranche',
                name='paid_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='payment recorded by'),
            ),
            migrations.AddField(
                model_name='trancheevent',
                name='condition_report',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.owedreport', verbose_name='report to be received first'),
            ),
            migrations.AddField(
                model_name='trancheevent',
                name='convention',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='partnerships.convention', verbose_name='convention'),
            ),
            migrations.AddField(
                model_name='trancheevent',
                name='override_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='override by'),
            ),
            migrations.AddField(
                model_name='trancheevent',
                name='paid_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='payment recorded by'),
            ),
            migrations.AddField(
                model_name='trancheevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='trancheevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='partnerships.tranche'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='controlcampaign',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_controlcampaignevent" ("created_at", "created_by_id", "drawn_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "share", "status", "title", "unit_id", "year") VALUES (NEW."created_at", NEW."created_by_id", NEW."drawn_at", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."share", NEW."status", NEW."title", NEW."unit_id", NEW."year"); RETURN NULL;', hash='a36bd9d0fafaf12605a4ecede4bce3411f7da7dc', operation='INSERT', pgid='pgtrigger_insert_insert_f8786', table='partnerships_controlcampaign', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='controlcampaign',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_controlcampaignevent" ("created_at", "created_by_id", "drawn_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "share", "status", "title", "unit_id", "year") VALUES (NEW."created_at", NEW."created_by_id", NEW."drawn_at", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."share", NEW."status", NEW."title", NEW."unit_id", NEW."year"); RETURN NULL;', hash='b605a760392e9e1a90eddf63c574b837cbdf3e55', operation='UPDATE', pgid='pgtrigger_update_update_50ec4', table='partnerships_controlcampaign', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='controlcampaign',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_controlcampaignevent" ("created_at", "created_by_id", "drawn_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "share", "status", "title", "unit_id", "year") VALUES (OLD."created_at", OLD."created_by_id", OLD."drawn_at", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."share", OLD."status", OLD."title", OLD."unit_id", OLD."year"); RETURN NULL;', hash='229092a010c72fbfb008c15dd8cc71f41177f75b', operation='DELETE', pgid='pgtrigger_delete_delete_52651', table='partnerships_controlcampaign', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='convention',
                index=models.Index(fields=['status', 'end_date'], name='convention_status_end_idx'),
            ),
            migrations.AddIndex(
                model_name='convention',
                index=django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='convention_search_trgm', opclasses=['gin_trgm_ops']),
            ),
            migrations.AddConstraint(
                model_name='convention',
                constraint=models.CheckConstraint(condition=models.Q(('end_date__gte', models.F('start_date'))), name='convention_ends_after_it_starts', violation_error_message='The end date comes before the start date.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='convention',
                trigger=pgtrigger.compiler.Trigger(name='contribution_covers_tranches', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (NEW.en_contribution < OLD.en_contribution)', func="\n                IF (SELECT COALESCE(SUM(planned_amount), 0) FROM partnerships_tranche\n                    WHERE convention_id = NEW.id) > NEW.en_contribution THEN\n                    RAISE EXCEPTION 'tranches_within_contribution (convention %)', NEW.id\n                        USING ERRCODE = 'check_violation',\n                              CONSTRAINT = 'tranches_within_contribution';\n                END IF;\n                RETURN NULL;\n                ", hash='eeef35e77d1c98531a7786704dc3acf51060dcde', operation='UPDATE', pgid='pgtrigger_contribution_covers_tranches_0f54e', table='partnerships_convention', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='convention',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_conventionevent" ("created_at", "created_by_id", "en_contribution", "end_date", "id", "kind", "object", "object_ar", "object_fr", "partners_contribution", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reference", "signed_document", "signed_on", "signing_unit_id", "start_date", "status", "status_date", "status_reason", "title", "title_ar", "title_fr", "updated_at") VALUES (NEW."created_at", NEW."created_by_id", NEW."en_contribution", NEW."end_date", NEW."id", NEW."kind", NEW."object", NEW."object_ar", NEW."object_fr", NEW."partners_contribution", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reference", NEW."signed_document", NEW."signed_on", NEW."signing_unit_id", NEW."start_date", NEW."status", NEW."status_date", NEW."status_reason", NEW."title", NEW."title_ar", NEW."title_fr", NEW."updated_at"); RETURN NULL;', hash='4876d33337d3d0f02c6dbe4a41683bd7c5654bb4', operation='INSERT', pgid='pgtrigger_insert_insert_698eb', table='partnerships_convention', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='convention',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."en_contribution" IS DISTINCT FROM (NEW."en_contribution") OR OLD."end_date" IS DISTINCT FROM (NEW."end_date") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."object" IS DISTINCT FROM (NEW."object") OR OLD."object_ar" IS DISTINCT FROM (NEW."object_ar") OR OLD."object_fr" IS DISTINCT FROM (NEW."object_fr") OR OLD."partners_contribution" IS DISTINCT FROM (NEW."partners_contribution") OR OLD."reference" IS DISTINCT FROM (NEW."reference") OR OLD."signed_document" IS DISTINCT FROM (NEW."signed_document") OR OLD."signed_on" IS DISTINCT FROM (NEW."signed_on") OR OLD."signing_unit_id" IS DISTINCT FROM (NEW."signing_unit_id") OR OLD."start_date" IS DISTINCT FROM (NEW."start_date") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."status_date" IS DISTINCT FROM (NEW."status_date") OR OLD."status_reason" IS DISTINCT FROM (NEW."status_reason") OR OLD."title" IS DISTINCT FROM (NEW."title") OR OLD."title_ar" IS DISTINCT FROM (NEW."title_ar") OR OLD."title_fr" IS DISTINCT FROM (NEW."title_fr") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at"))', func='INSERT INTO "partnerships_conventionevent" ("created_at", "created_by_id", "en_contribution", "end_date", "id", "kind", "object", "object_ar", "object_fr", "partners_contribution", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reference", "signed_document", "signed_on", "signing_unit_id", "start_date", "status", "status_date", "status_reason", "title", "title_ar", "title_fr", "updated_at") VALUES (NEW."created_at", NEW."created_by_id", NEW."en_contribution", NEW."end_date", NEW."id", NEW."kind", NEW."object", NEW."object_ar", NEW."object_fr", NEW."partners_contribution", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reference", NEW."signed_document", NEW."signed_on", NEW."signing_unit_id", NEW."start_date", NEW."status", NEW."status_date", NEW."status_reason", NEW."title", NEW."title_ar", NEW."title_fr", NEW."updated_at"); RETURN NULL;', hash='66148b4758d9c5546828a05a4c5dd864575cc259', operation='UPDATE', pgid='pgtrigger_update_update_45e56', table='partnerships_convention', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='convention',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_conventionevent" ("created_at", "created_by_id", "en_contribution", "end_date", "id", "kind", "object", "object_ar", "object_fr", "partners_contribution", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reference", "signed_document", "signed_on", "signing_unit_id", "start_date", "status", "status_date", "status_reason", "title", "title_ar", "title_fr", "updated_at") VALUES (OLD."created_at", OLD."created_by_id", OLD."en_contribution", OLD."end_date", OLD."id", OLD."kind", OLD."object", OLD."object_ar", OLD."object_fr", OLD."partners_contribution", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reference", OLD."signed_document", OLD."signed_on", OLD."signing_unit_id", OLD."start_date", OLD."status", OLD."status_date", OLD."status_reason", OLD."title", OLD."title_ar", OLD."title_fr", OLD."updated_at"); RETURN NULL;', hash='2c6c4db54102f1425510dfd4429e08073eb51aa0', operation='DELETE', pgid='pgtrigger_delete_delete_111ac', table='partnerships_convention', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='commitment',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_commitmentevent" ("comment", "convention_id", "description", "description_ar", "description_fr", "done", "done_on", "due_date", "id", "party", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."comment", NEW."convention_id", NEW."description", NEW."description_ar", NEW."description_fr", NEW."done", NEW."done_on", NEW."due_date", NEW."id", NEW."party", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='4ebd4e37691351dc136240bc7f4740a7ae86758b', operation='INSERT', pgid='pgtrigger_insert_insert_b8add', table='partnerships_commitment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='commitment',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_commitmentevent" ("comment", "convention_id", "description", "description_ar", "description_fr", "done", "done_on", "due_date", "id", "party", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."comment", NEW."convention_id", NEW."description", NEW."description_ar", NEW."description_fr", NEW."done", NEW."done_on", NEW."due_date", NEW."id", NEW."party", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='c7f20a1b16300d8a767941a3644161f49a0fc7da', operation='UPDATE', pgid='pgtrigger_update_update_1f174', table='partnerships_commitment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='commitment',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_commitmentevent" ("comment", "convention_id", "description", "description_ar", "description_fr", "done", "done_on", "due_date", "id", "party", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."comment", OLD."convention_id", OLD."description", OLD."description_ar", OLD."description_fr", OLD."done", OLD."done_on", OLD."due_date", OLD."id", OLD."party", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='f6f7d78bdec6b340af5d1708a708a72154e5a9b7', operation='DELETE', pgid='pgtrigger_delete_delete_d8f99', table='partnerships_commitment', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='amendment',
                constraint=models.UniqueConstraint(fields=('convention', 'number'), name='amendment_number_unique', violation_error_message='This convention already has an amendment so numbered.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='amendment',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_amendmentevent" ("convention_id", "document", "id", "new_en_contribution", "new_end_date", "new_partners_contribution", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_en_contribution", "previous_end_date", "previous_partners_contribution", "recorded_at", "recorded_by_id", "signed_on", "summary") VALUES (NEW."convention_id", NEW."document", NEW."id", NEW."new_en_contribution", NEW."new_end_date", NEW."new_partners_contribution", NEW."number", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."previous_en_contribution", NEW."previous_end_date", NEW."previous_partners_contribution", NEW."recorded_at", NEW."recorded_by_id", NEW."signed_on", NEW."summary"); RETURN NULL;', hash='ff622e919f6264a8f5b8c43de70d0fd755fbe073', operation='INSERT', pgid='pgtrigger_insert_insert_f690c', table='partnerships_amendment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='amendment',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_amendmentevent" ("convention_id", "document", "id", "new_en_contribution", "new_end_date", "new_partners_contribution", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_en_contribution", "previous_end_date", "previous_partners_contribution", "recorded_at", "recorded_by_id", "signed_on", "summary") VALUES (NEW."convention_id", NEW."document", NEW."id", NEW."new_en_contribution", NEW."new_end_date", NEW."new_partners_contribution", NEW."number", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."previous_en_contribution", NEW."previous_end_date", NEW."previous_partners_contribution", NEW."recorded_at", NEW."recorded_by_id", NEW."signed_on", NEW."summary"); RETURN NULL;', hash='c04d3eea36ec16dc324e667ffc6213e27fe3aa24', operation='UPDATE', pgid='pgtrigger_update_update_3ae41', table='partnerships_amendment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='amendment',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_amendmentevent" ("convention_id", "document", "id", "new_en_contribution", "new_end_date", "new_partners_contribution", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_en_contribution", "previous_end_date", "previous_partners_contribution", "recorded_at", "recorded_by_id", "signed_on", "summary") VALUES (OLD."convention_id", OLD."document", OLD."id", OLD."new_en_contribution", OLD."new_end_date", OLD."new_partners_contribution", OLD."number", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."previous_en_contribution", OLD."previous_end_date", OLD."previous_partners_contribution", OLD."recorded_at", OLD."recorded_by_id", OLD."signed_on", OLD."summary"); RETURN NULL;', hash='504b124c866f6d20f15121368e5fc9f3b1604eeb', operation='DELETE', pgid='pgtrigger_delete_delete_9017a', table='partnerships_amendment', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='association',
                index=django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='association_search_trgm', opclasses=['gin_trgm_ops']),
            ),
            migrations.AddConstraint(
                model_name='association',
                constraint=models.CheckConstraint(condition=models.Q(('public_utility', True), ('public_utility_date__isnull', True), _connector='OR'), name='association_utility_date_needs_recognition', violation_error_message='A recognition date is given only for a recognised association.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='association',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_associationevent" ("acronym", "address", "bank_account", "bank_name", "created_at", "delegation_id", "email", "id", "legal_status", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "president", "province_id", "public_utility", "public_utility_date", "registration_date", "registration_number", "status", "status_date", "updated_at") VALUES (NEW."acronym", NEW."address", NEW."bank_account", NEW."bank_name", NEW."created_at", NEW."delegation_id", NEW."email", NEW."id", NEW."legal_status", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."president", NEW."province_id", NEW."public_utility", NEW."public_utility_date", NEW."registration_date", NEW."registration_number", NEW."status", NEW."status_date", NEW."updated_at"); RETURN NULL;', hash='0edc563043b5b65c0e0d22226b4cbb66c33c86db', operation='INSERT', pgid='pgtrigger_insert_insert_9db65', table='partnerships_association', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='association',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."acronym" IS DISTINCT FROM (NEW."acronym") OR OLD."address" IS DISTINCT FROM (NEW."address") OR OLD."bank_account" IS DISTINCT FROM (NEW."bank_account") OR OLD."bank_name" IS DISTINCT FROM (NEW."bank_name") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."delegation_id" IS DISTINCT FROM (NEW."delegation_id") OR OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."legal_status" IS DISTINCT FROM (NEW."legal_status") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."name_ar" IS DISTINCT FROM (NEW."name_ar") OR OLD."name_fr" IS DISTINCT FROM (NEW."name_fr") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."president" IS DISTINCT FROM (NEW."president") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."public_utility" IS DISTINCT FROM (NEW."public_utility") OR OLD."public_utility_date" IS DISTINCT FROM (NEW."public_utility_date") OR OLD."registration_date" IS DISTINCT FROM (NEW."registration_date") OR OLD."registration_number" IS DISTINCT FROM (NEW."registration_number") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."status_date" IS DISTINCT FROM (NEW."status_date") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at"))', func='INSERT INTO "partnerships_associationevent" ("acronym", "address", "bank_account", "bank_name", "created_at", "delegation_id", "email", "id", "legal_status", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "president", "province_id", "public_utility", "public_utility_date", "registration_date", "registration_number", "status", "status_date", "updated_at") VALUES (NEW."acronym", NEW."address", NEW."bank_account", NEW."bank_name", NEW."created_at", NEW."delegation_id", NEW."email", NEW."id", NEW."legal_status", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."president", NEW."province_id", NEW."public_utility", NEW."public_utility_date", NEW."registration_date", NEW."registration_number", NEW."status", NEW."status_date", NEW."updated_at"); RETURN NULL;', hash='d1a6665634fe6d1de809fb77de40f3f632015624', operation='UPDATE', pgid='pgtrigger_update_update_6f27b', table='partnerships_association', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='association',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_associationevent" ("acronym", "address", "bank_account", "bank_name", "created_at", "delegation_id", "email", "id", "legal_status", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "president", "province_id", "public_utility", "public_utility_date", "registration_date", "registration_number", "status", "status_date", "updated_at") VALUES (OLD."acronym", OLD."address", OLD."bank_account", OLD."bank_name", OLD."created_at", OLD."delegation_id", OLD."email", OLD."id", OLD."legal_status", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."president", OLD."province_id", OLD."public_utility", OLD."public_utility_date", OLD."registration_date", OLD."registration_number", OLD."status", OLD."status_date", OLD."updated_at"); RETURN NULL;', hash='b654fc1e03f2a33fe37283c1471662dc210a81e0', operation='DELETE', pgid='pgtrigger_delete_delete_b53e5', table='partnerships_association', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='inspection',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('association__isnull', False), ('centre__isnull', True), ('convention__isnull', True), ('subject', 'association')), models.Q(('association__isnull', True), ('centre__isnull', True), ('convention__isnull', False), ('subject', 'convention')), models.Q(('association__isnull', True), ('centre__isnull', False), ('convention__isnull', True), ('subject', 'centre')), _connector='OR'), name='inspection_has_one_subject', violation_error_message='Choose the one association, convention or centre.'),
            ),
            migrations.AddConstraint(
                model_name='inspection',
                constraint=models.CheckConstraint(condition=models.Q(('status__in', ['planned', 'cancelled']), ('done_on__isnull', False), _connector='OR'), name='inspection_done_has_date', violation_error_message='Give the date the inspection was carried out.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='inspection',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_inspectionevent" ("association_id", "campaign_id", "centre_id", "conclusion", "convention_id", "created_at", "created_by_id", "done_on", "findings", "id", "inspectors", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "planned_date", "report", "risk_score", "selection_reasons", "status", "subject", "team_id", "unit_id") VALUES (NEW."association_id", NEW."campaign_id", NEW."centre_id", NEW."conclusion", NEW."convention_id", NEW."created_at", NEW."created_by_id", NEW."done_on", NEW."findings", NEW."id", NEW."inspectors", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."planned_date", NEW."report", NEW."risk_score", NEW."selection_reasons", NEW."status", NEW."subject", NEW."team_id", NEW."unit_id"); RETURN NULL;', hash='cc9fc23b5a510ebd7702c323e6d6aaafa1e833eb', operation='INSERT', pgid='pgtrigger_insert_insert_20de0', table='partnerships_inspection', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='inspection',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_inspectionevent" ("association_id", "campaign_id", "centre_id", "conclusion", "convention_id", "created_at", "created_by_id", "done_on", "findings", "id", "inspectors", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "planned_date", "report", "risk_score", "selection_reasons", "status", "subject", "team_id", "unit_id") VALUES (NEW."association_id", NEW."campaign_id", NEW."centre_id", NEW."conclusion", NEW."convention_id", NEW."created_at", NEW."created_by_id", NEW."done_on", NEW."findings", NEW."id", NEW."inspectors", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."planned_date", NEW."report", NEW."risk_score", NEW."selection_reasons", NEW."status", NEW."subject", NEW."team_id", NEW."unit_id"); RETURN NULL;', hash='8edc9187373a6f092cb257596f8bfe7e3000df51', operation='UPDATE', pgid='pgtrigger_update_update_d1685', table='partnerships_inspection', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='inspection',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_inspectionevent" ("association_id", "campaign_id", "centre_id", "conclusion", "convention_id", "created_at", "created_by_id", "done_on", "findings", "id", "inspectors", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "planned_date", "report", "risk_score", "selection_reasons", "status", "subject", "team_id", "unit_id") VALUES (OLD."association_id", OLD."campaign_id", OLD."centre_id", OLD."conclusion", OLD."convention_id", OLD."created_at", OLD."created_by_id", OLD."done_on", OLD."findings", OLD."id", OLD."inspectors", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."planned_date", OLD."report", OLD."risk_score", OLD."selection_reasons", OLD."status", OLD."subject", OLD."team_id", OLD."unit_id"); RETURN NULL;', hash='9fdc109e8bfabf214b5a4aa7046ade3a0c1ebbbe', operation='DELETE', pgid='pgtrigger_delete_delete_7acb0', table='partnerships_inspection', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='owedreport',
                constraint=models.CheckConstraint(condition=models.Q(('assessment', ''), ('received_on__isnull', False), _connector='OR'), name='owedreport_assessed_once_received', violation_error_message='A report is assessed once it is received.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='owedreport',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_owedreportevent" ("assessment", "assessment_notes", "convention_id", "document", "due_date", "id", "kind", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "received_on") VALUES (NEW."assessment", NEW."assessment_notes", NEW."convention_id", NEW."document", NEW."due_date", NEW."id", NEW."kind", NEW."period", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."received_on"); RETURN NULL;', hash='e51fbf212d0c17ede9b2ee1c69c83546049ee918', operation='INSERT', pgid='pgtrigger_insert_insert_a4ea6', table='partnerships_owedreport', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='owedreport',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_owedreportevent" ("assessment", "assessment_notes", "convention_id", "document", "due_date", "id", "kind", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "received_on") VALUES (NEW."assessment", NEW."assessment_notes", NEW."convention_id", NEW."document", NEW."due_date", NEW."id", NEW."kind", NEW."period", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."received_on"); RETURN NULL;', hash='f890913de70447ccdfdf7b8b221b37ed40204b95', operation='UPDATE', pgid='pgtrigger_update_update_a88e6', table='partnerships_owedreport', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='owedreport',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_owedreportevent" ("assessment", "assessment_notes", "convention_id", "document", "due_date", "id", "kind", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "received_on") VALUES (OLD."assessment", OLD."assessment_notes", OLD."convention_id", OLD."document", OLD."due_date", OLD."id", OLD."kind", OLD."period", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."received_on"); RETURN NULL;', hash='71ce739b28d947bd1d3f4ac2b138c96d0bf84269', operation='DELETE', pgid='pgtrigger_delete_delete_030b7', table='partnerships_owedreport', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='partner',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_partnerevent" ("contribution", "convention_id", "id", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."contribution", NEW."convention_id", NEW."id", NEW."kind", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='a40658298e935019258b90aee71297a60d8c5d21', operation='INSERT', pgid='pgtrigger_insert_insert_eaf77', table='partnerships_partner', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='partner',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_partnerevent" ("contribution", "convention_id", "id", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."contribution", NEW."convention_id", NEW."id", NEW."kind", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='d200546a632f53d6baf4ec2a8815b465305b3e7e', operation='UPDATE', pgid='pgtrigger_update_update_66541', table='partnerships_partner', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='partner',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_partnerevent" ("contribution", "convention_id", "id", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."contribution", OLD."convention_id", OLD."id", OLD."kind", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='895f285fb8282506f3849873e6ebbc8d9ab7c118', operation='DELETE', pgid='pgtrigger_delete_delete_030d2', table='partnerships_partner', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='recommendation',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_recommendationevent" ("closed_on", "due_date", "follow_up", "id", "inspection_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "text") VALUES (NEW."closed_on", NEW."due_date", NEW."follow_up", NEW."id", NEW."inspection_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."status", NEW."text"); RETURN NULL;', hash='811fcc2075ea7a7e9c1d5ee2bd14d7142054af00', operation='INSERT', pgid='pgtrigger_insert_insert_a557d', table='partnerships_recommendation', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='recommendation',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_recommendationevent" ("closed_on", "due_date", "follow_up", "id", "inspection_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "text") VALUES (NEW."closed_on", NEW."due_date", NEW."follow_up", NEW."id", NEW."inspection_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."status", NEW."text"); RETURN NULL;', hash='6318deeb53cad80449a209bee7413b40e6011e06', operation='UPDATE', pgid='pgtrigger_update_update_1d966', table='partnerships_recommendation', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='recommendation',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_recommendationevent" ("closed_on", "due_date", "follow_up", "id", "inspection_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "text") VALUES (OLD."closed_on", OLD."due_date", OLD."follow_up", OLD."id", OLD."inspection_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."status", OLD."text"); RETURN NULL;', hash='d92d48c75206890901065eae560c0f51e63efe31', operation='DELETE', pgid='pgtrigger_delete_delete_c9985', table='partnerships_recommendation', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='tranche',
                index=models.Index(fields=['planned_date'], name='tranche_planned_date_idx'),
            ),
            migrations.AddConstraint(
                model_name='tranche',
                constraint=models.UniqueConstraint(fields=('convention', 'number'), name='tranche_number_unique', violation_error_message='This convention already has a tranche numbered so.'),
            ),
            migrations.AddConstraint(
                model_name='tranche',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('paid_amount__isnull', True), ('paid_on__isnull', True)), models.Q(('paid_amount__isnull', False), ('paid_on__isnull', False)), _connector='OR'), name='tranche_paid_amount_and_date', violation_error_message='A payment has an amount and a date.'),
            ),
            migrations.AddConstraint(
                model_name='tranche',
                constraint=models.CheckConstraint(condition=models.Q(('paid_amount__isnull', True), ('paid_amount__lte', models.F('planned_amount')), _connector='OR'), name='tranche_paid_within_planned', violation_error_message="The amount paid exceeds the tranche's planned amount."),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='tranche',
                trigger=pgtrigger.compiler.Trigger(name='tranches_within_contribution', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n                -- The lock in a statement of its own: the sum below then sees the tranches\n                -- that a concurrent transaction committed while this one waited.\n                PERFORM 1 FROM partnerships_convention WHERE id = NEW.convention_id FOR UPDATE;\n                IF (SELECT en_contribution FROM partnerships_convention\n                    WHERE id = NEW.convention_id)\n                   < (SELECT COALESCE(SUM(planned_amount), 0) FROM partnerships_tranche\n                      WHERE convention_id = NEW.convention_id) THEN\n                    RAISE EXCEPTION 'tranches_within_contribution (convention %)',\n                        NEW.convention_id\n                        USING ERRCODE = 'check_violation',\n                              CONSTRAINT = 'tranches_within_contribution';\n                END IF;\n                RETURN NULL;\n                ", hash='f710d609dbebdceb9e918ac119b727fe7aa4b27d', operation='INSERT OR UPDATE', pgid='pgtrigger_tranches_within_contribution_3e846', table='partnerships_tranche', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='tranche',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_trancheevent" ("condition", "condition_report_id", "convention_id", "id", "number", "override_by_id", "override_reason", "paid_amount", "paid_by_id", "paid_on", "payment_reference", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "planned_amount", "planned_date") VALUES (NEW."condition", NEW."condition_report_id", NEW."convention_id", NEW."id", NEW."number", NEW."override_by_id", NEW."override_reason", NEW."paid_amount", NEW."paid_by_id", NEW."paid_on", NEW."payment_reference", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."planned_amount", NEW."planned_date"); RETURN NULL;', hash='0df9302509363038514fbb120e8c39013f2854e0', operation='INSERT', pgid='pgtrigger_insert_insert_8b135', table='partnerships_tranche', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='tranche',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_trancheevent" ("condition", "condition_report_id", "convention_id", "id", "number", "override_by_id", "override_reason", "paid_amount", "paid_by_id", "paid_on", "payment_reference", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "planned_amount", "planned_date") VALUES (NEW."condition", NEW."condition_report_id", NEW."convention_id", NEW."id", NEW."number", NEW."override_by_id", NEW."override_reason", NEW."paid_amount", NEW."paid_by_id", NEW."paid_on", NEW."payment_reference", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."planned_amount", NEW."planned_date"); RETURN NULL;', hash='d249eb300204f5b36cdefa5615713b7ef7d4e49d', operation='UPDATE', pgid='pgtrigger_update_update_7822a', table='partnerships_tranche', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='tranche',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_trancheevent" ("condition", "condition_report_id", "convention_id", "id", "number", "override_by_id", "override_reason", "paid_amount", "paid_by_id", "paid_on", "payment_reference", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "planned_amount", "planned_date") VALUES (OLD."condition", OLD."condition_report_id", OLD."convention_id", OLD."id", OLD."number", OLD."override_by_id", OLD."override_reason", OLD."paid_amount", OLD."paid_by_id", OLD."paid_on", OLD."payment_reference", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."planned_amount", OLD."planned_date"); RETURN NULL;', hash='d2fd216704d43d43f3e112683f8948e18cf212c3', operation='DELETE', pgid='pgtrigger_delete_delete_0501e', table='partnerships_tranche', when='AFTER')),
            ),
        ]),
        *ran('partnerships', '0002_fields_of_action'),
    ]
