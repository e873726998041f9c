"""centres's models as they are, part 2 of 2: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('centres', '0004_activity_group_lines'),
        ('beneficiaries', '0015_rsu_id'),
        ('beneficiaries', '0016_history_without_computed_columns'),
    ]

    dependencies = [
        ('centres', '0006_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='centre',
                name='delegation',
                field=models.ForeignKey(limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.PROTECT, related_name='centres', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='centre',
                name='managers',
                field=models.ManyToManyField(blank=True, help_text="The accounts that enter this centre's monthly activity.", related_name='managed_centres', to=settings.AUTH_USER_MODEL, verbose_name='centre managers'),
            ),
            migrations.AddField(
                model_name='centre',
                name='province',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='centres', to='territory.province', verbose_name='province'),
            ),
            migrations.AddField(
                model_name='centreevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='centreevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='centreevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='centres.centre'),
            ),
            migrations.AddField(
                model_name='centreevent',
                name='province',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.province', verbose_name='province'),
            ),
            migrations.AddField(
                model_name='centretype',
                name='parent',
                field=models.ForeignKey(blank=True, help_text='For a sub-kind, the type it belongs to.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='kinds', to='centres.centretype', verbose_name='kind of'),
            ),
            migrations.AddField(
                model_name='centreevent',
                name='type',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centretype', verbose_name='type'),
            ),
            migrations.AddField(
                model_name='centre',
                name='type',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='centres', to='centres.centretype', verbose_name='type'),
            ),
            migrations.AddField(
                model_name='centretypeevent',
                name='parent',
                field=models.ForeignKey(blank=True, db_constraint=False, help_text='For a sub-kind, the type it belongs to.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centretype', verbose_name='kind of'),
            ),
            migrations.AddField(
                model_name='centretypeevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='centretypeevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='centres.centretype'),
            ),
            migrations.AddField(
                model_name='monthlyactivity',
                name='centre',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='monthlyactivity',
                name='submitted_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by'),
            ),
            migrations.AddField(
                model_name='monthlyactivity',
                name='validated_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='validated by'),
            ),
            migrations.AddField(
                model_name='activitylineevent',
                name='activity',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.monthlyactivity', verbose_name='month'),
            ),
            migrations.AddField(
                model_name='activityline',
                name='activity',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='centres.monthlyactivity', verbose_name='month'),
            ),
            migrations.AddField(
                model_name='activitygrouplineevent',
                name='activity',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.monthlyactivity', verbose_name='month'),
            ),
            migrations.AddField(
                model_name='activitygroupline',
                name='activity',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_lines', to='centres.monthlyactivity', verbose_name='month'),
            ),
            migrations.AddField(
                model_name='monthlyactivityevent',
                name='centre',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='monthlyactivityevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='monthlyactivityevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='centres.monthlyactivity'),
            ),
            migrations.AddField(
                model_name='monthlyactivityevent',
                name='submitted_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by'),
            ),
            migrations.AddField(
                model_name='monthlyactivityevent',
                name='validated_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='validated by'),
            ),
            migrations.AddConstraint(
                model_name='service',
                constraint=models.CheckConstraint(condition=models.Q(('response_days__gte', 1), ('urgent_response_hours__gte', 1)), name='service_response_delays_positive', violation_error_message='A response delay is at least one hour or one day.'),
            ),
            migrations.AddField(
                model_name='centre',
                name='services',
                field=models.ManyToManyField(blank=True, related_name='centres', to='centres.service', verbose_name='services offered'),
            ),
            migrations.AddField(
                model_name='activitylineevent',
                name='service',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.service', verbose_name='service'),
            ),
            migrations.AddField(
                model_name='activityline',
                name='service',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='activity_lines', to='centres.service', verbose_name='service'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='service',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_serviceevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "response_days", "urgent_response_hours") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position", NEW."response_days", NEW."urgent_response_hours"); RETURN NULL;', hash='1bc354b5bb1600aba3890f046b2f9461fad848ba', operation='INSERT', pgid='pgtrigger_insert_insert_a7016', table='centres_service', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='service',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "centres_serviceevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "response_days", "urgent_response_hours") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position", NEW."response_days", NEW."urgent_response_hours"); RETURN NULL;', hash='75d528ed154b73db72a449376f1d183149ea81e3', operation='UPDATE', pgid='pgtrigger_update_update_c456a', table='centres_service', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='service',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_serviceevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "response_days", "urgent_response_hours") VALUES (OLD."code", OLD."id", OLD."is_active", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position", OLD."response_days", OLD."urgent_response_hours"); RETURN NULL;', hash='cecc79b27ce11b7ba9938ef1b155b5aba3aaa40d', operation='DELETE', pgid='pgtrigger_delete_delete_1fb08', table='centres_service', when='AFTER')),
            ),
            migrations.AddField(
                model_name='serviceevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='serviceevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='centres.service'),
            ),
            migrations.AddField(
                model_name='centre',
                name='target_groups',
                field=models.ManyToManyField(blank=True, related_name='centres', to='centres.targetgroup', verbose_name='target groups'),
            ),
            migrations.AddField(
                model_name='activitygrouplineevent',
                name='target_group',
                field=models.ForeignKey(blank=True, db_constraint=False, help_text='Empty: people placed under no target group.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.targetgroup', verbose_name='target group'),
            ),
            migrations.AddField(
                model_name='activitygroupline',
                name='target_group',
                field=models.ForeignKey(blank=True, help_text='Empty: people placed under no target group.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='centres.targetgroup', verbose_name='target group'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='targetgroup',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_targetgroupevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position"); RETURN NULL;', hash='3f0af60eaf6766bcf3c11b305e720b2e085e4779', operation='INSERT', pgid='pgtrigger_insert_insert_d80ca', table='centres_targetgroup', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='targetgroup',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "centres_targetgroupevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position"); RETURN NULL;', hash='33fe32ea0fc97f1b29cffec26347d2221eb81189', operation='UPDATE', pgid='pgtrigger_update_update_29ffd', table='centres_targetgroup', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='targetgroup',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_targetgroupevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (OLD."code", OLD."id", OLD."is_active", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position"); RETURN NULL;', hash='05404126f03b2e500efd4196102df43787e14f4d', operation='DELETE', pgid='pgtrigger_delete_delete_e65e7', table='centres_targetgroup', when='AFTER')),
            ),
            migrations.AddField(
                model_name='targetgroupevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='targetgroupevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='centres.targetgroup'),
            ),
            migrations.AddConstraint(
                model_name='centretype',
                constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='centretype_not_its_own_parent', violation_error_message='A centre type cannot be a kind of itself.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='centretype',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_centretypeevent" ("capacity_unit", "code", "family", "id", "is_active", "name", "name_ar", "name_fr", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (NEW."capacity_unit", NEW."code", NEW."family", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", NEW."parent_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position"); RETURN NULL;', hash='2df73581382c153855e44bb3ddeef9bb540ed427', operation='INSERT', pgid='pgtrigger_insert_insert_2e039', table='centres_centretype', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='centretype',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "centres_centretypeevent" ("capacity_unit", "code", "family", "id", "is_active", "name", "name_ar", "name_fr", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (NEW."capacity_unit", NEW."code", NEW."family", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", NEW."parent_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position"); RETURN NULL;', hash='6cca9db6eb5c2ceab089dbaa1d47d00b81ce4c6c', operation='UPDATE', pgid='pgtrigger_update_update_7f24f', table='centres_centretype', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='centretype',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_centretypeevent" ("capacity_unit", "code", "family", "id", "is_active", "name", "name_ar", "name_fr", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (OLD."capacity_unit", OLD."code", OLD."family", OLD."id", OLD."is_active", OLD."name", OLD."name_ar", OLD."name_fr", OLD."parent_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position"); RETURN NULL;', hash='76c7655e23add10aae530662d455d56eb1490af8', operation='DELETE', pgid='pgtrigger_delete_delete_4f600', table='centres_centretype', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='monthlyactivity',
                constraint=models.UniqueConstraint(fields=('centre', 'month'), name='activity_one_per_centre_and_month', violation_error_message='This centre already has figures for this month.'),
            ),
            migrations.AddConstraint(
                model_name='monthlyactivity',
                constraint=models.CheckConstraint(condition=models.Q(('month__day', 1)), name='activity_month_is_first_day', violation_error_message='A month is recorded on its first day.'),
            ),
            migrations.AddConstraint(
                model_name='monthlyactivity',
                constraint=models.CheckConstraint(condition=models.Q(('new_entries__lte', models.F('people_served')), ('exits__lte', models.F('people_served'))), name='activity_entries_and_exits_within_people_served', violation_error_message='New entries and exits cannot exceed the number of people served.'),
            ),
            migrations.AddConstraint(
                model_name='monthlyactivity',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'validated'), _negated=True), models.Q(('validated_at__isnull', False), ('validated_by__isnull', False)), _connector='OR'), name='activity_validated_has_validator', violation_error_message='A validated month records who validated it.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='monthlyactivity',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_monthlyactivityevent" ("centre_id", "exits", "id", "month", "new_entries", "over_capacity_note", "people_served", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reopen_reason", "sessions_held", "status", "submitted_at", "submitted_by_id", "updated_at", "validated_at", "validated_by_id") VALUES (NEW."centre_id", NEW."exits", NEW."id", NEW."month", NEW."new_entries", NEW."over_capacity_note", NEW."people_served", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reopen_reason", NEW."sessions_held", NEW."status", NEW."submitted_at", NEW."submitted_by_id", NEW."updated_at", NEW."validated_at", NEW."validated_by_id"); RETURN NULL;', hash='6910fe6a0571fe02dcba8a84ecfbb641a8022a42', operation='INSERT', pgid='pgtrigger_insert_insert_60233', table='centres_monthlyactivity', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='monthlyactivity',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "centres_monthlyactivityevent" ("centre_id", "exits", "id", "month", "new_entries", "over_capacity_note", "people_served", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reopen_reason", "sessions_held", "status", "submitted_at", "submitted_by_id", "updated_at", "validated_at", "validated_by_id") VALUES (NEW."centre_id", NEW."exits", NEW."id", NEW."month", NEW."new_entries", NEW."over_capacity_note", NEW."people_served", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reopen_reason", NEW."sessions_held", NEW."status", NEW."submitted_at", NEW."submitted_by_id", NEW."updated_at", NEW."validated_at", NEW."validated_by_id"); RETURN NULL;', hash='ab7467559c57ee1b0d5b9186f6f2f964715142fa', operation='UPDATE', pgid='pgtrigger_update_update_d1330', table='centres_monthlyactivity', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='monthlyactivity',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_monthlyactivityevent" ("centre_id", "exits", "id", "month", "new_entries", "over_capacity_note", "people_served", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reopen_reason", "sessions_held", "status", "submitted_at", "submitted_by_id", "updated_at", "validated_at", "validated_by_id") VALUES (OLD."centre_id", OLD."exits", OLD."id", OLD."month", OLD."new_entries", OLD."over_capacity_note", OLD."people_served", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reopen_reason", OLD."sessions_held", OLD."status", OLD."submitted_at", OLD."submitted_by_id", OLD."updated_at", OLD."validated_at", OLD."validated_by_id"); RETURN NULL;', hash='29a9d663a12eaec23f5ffb65fe237711730358e4', operation='DELETE', pgid='pgtrigger_delete_delete_7b302', table='centres_monthlyactivity', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='activityline',
                constraint=models.UniqueConstraint(fields=('activity', 'service', 'sex', 'age_band'), name='activityline_one_per_cell', violation_error_message='This service, sex and age band is already counted.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='activityline',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_activitylineevent" ("activity_id", "age_band", "id", "people", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "service_id", "sex") VALUES (NEW."activity_id", NEW."age_band", NEW."id", NEW."people", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."service_id", NEW."sex"); RETURN NULL;', hash='f063f136a55506420d51c9e0a67625b8f1e39c5e', operation='INSERT', pgid='pgtrigger_insert_insert_3f722', table='centres_activityline', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='activityline',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "centres_activitylineevent" ("activity_id", "age_band", "id", "people", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "service_id", "sex") VALUES (NEW."activity_id", NEW."age_band", NEW."id", NEW."people", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."service_id", NEW."sex"); RETURN NULL;', hash='20fe49322ea35486384b7751d431c449810d7834', operation='UPDATE', pgid='pgtrigger_update_update_fe7be', table='centres_activityline', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='activityline',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_activitylineevent" ("activity_id", "age_band", "id", "people", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "service_id", "sex") VALUES (OLD."activity_id", OLD."age_band", OLD."id", OLD."people", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."service_id", OLD."sex"); RETURN NULL;', hash='10b1dcdd64976e94383830f3a05c1b6b214da2e8', operation='DELETE', pgid='pgtrigger_delete_delete_44785', table='centres_activityline', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='centre',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('latitude__isnull', True), ('longitude__isnull', True)), models.Q(('latitude__gte', 20), ('latitude__lte', 36.5), ('longitude__gte', -17.5), ('longitude__lte', -0.5)), _connector='OR'), name='centre_gps_in_morocco', violation_error_message='Give both latitude and longitude, inside Morocco, or neither.'),
            ),
            migrations.AddConstraint(
                model_name='centre',
                constraint=models.CheckConstraint(condition=models.Q(('capacity__isnull', True), models.Q(('capacity_unit', ''), _negated=True), _connector='OR'), name='centre_capacity_has_unit', violation_error_message='Say what the capacity counts (places, beds...).'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='centre',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_centreevent" ("address", "capacity", "capacity_unit", "code", "commune", "created_at", "delegation_id", "email", "id", "latitude", "longitude", "management_mode", "name", "name_ar", "name_fr", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "province_id", "staff_count", "status", "status_date", "type_id", "updated_at") VALUES (NEW."address", NEW."capacity", NEW."capacity_unit", NEW."code", NEW."commune", NEW."created_at", NEW."delegation_id", NEW."email", NEW."id", NEW."latitude", NEW."longitude", NEW."management_mode", NEW."name", NEW."name_ar", NEW."name_fr", NEW."opened_on", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."province_id", NEW."staff_count", NEW."status", NEW."status_date", NEW."type_id", NEW."updated_at"); RETURN NULL;', hash='9f420df5470e484a75579679f55c9a9cf470e4cb', operation='INSERT', pgid='pgtrigger_insert_insert_e4fc6', table='centres_centre', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='centre',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."address" IS DISTINCT FROM (NEW."address") OR OLD."capacity" IS DISTINCT FROM (NEW."capacity") OR OLD."capacity_unit" IS DISTINCT FROM (NEW."capacity_unit") OR OLD."code" IS DISTINCT FROM (NEW."code") OR OLD."commune" IS DISTINCT FROM (NEW."commune") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."delegation_id" IS DISTINCT FROM (NEW."delegation_id") OR OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."management_mode" IS DISTINCT FROM (NEW."management_mode") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."name_ar" IS DISTINCT FROM (NEW."name_ar") OR OLD."name_fr" IS DISTINCT FROM (NEW."name_fr") OR OLD."opened_on" IS DISTINCT FROM (NEW."opened_on") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."staff_count" IS DISTINCT FROM (NEW."staff_count") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."status_date" IS DISTINCT FROM (NEW."status_date") OR OLD."type_id" IS DISTINCT FROM (NEW."type_id") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at"))', func='INSERT INTO "centres_centreevent" ("address", "capacity", "capacity_unit", "code", "commune", "created_at", "delegation_id", "email", "id", "latitude", "longitude", "management_mode", "name", "name_ar", "name_fr", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "province_id", "staff_count", "status", "status_date", "type_id", "updated_at") VALUES (NEW."address", NEW."capacity", NEW."capacity_unit", NEW."code", NEW."commune", NEW."created_at", NEW."delegation_id", NEW."email", NEW."id", NEW."latitude", NEW."longitude", NEW."management_mode", NEW."name", NEW."name_ar", NEW."name_fr", NEW."opened_on", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."province_id", NEW."staff_count", NEW."status", NEW."status_date", NEW."type_id", NEW."updated_at"); RETURN NULL;', hash='70a0dd30ceb7b74c4070751326bd0190d9168862', operation='UPDATE', pgid='pgtrigger_update_update_0cb98', table='centres_centre', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='centre',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_centreevent" ("address", "capacity", "capacity_unit", "code", "commune", "created_at", "delegation_id", "email", "id", "latitude", "longitude", "management_mode", "name", "name_ar", "name_fr", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "province_id", "staff_count", "status", "status_date", "type_id", "updated_at") VALUES (OLD."address", OLD."capacity", OLD."capacity_unit", OLD."code", OLD."commune", OLD."created_at", OLD."delegation_id", OLD."email", OLD."id", OLD."latitude", OLD."longitude", OLD."management_mode", OLD."name", OLD."name_ar", OLD."name_fr", OLD."opened_on", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."province_id", OLD."staff_count", OLD."status", OLD."status_date", OLD."type_id", OLD."updated_at"); RETURN NULL;', hash='4ffdde00994fbf6c3776210f70894c1acb9279ab', operation='DELETE', pgid='pgtrigger_delete_delete_63805', table='centres_centre', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='activitygroupline',
                constraint=models.UniqueConstraint(fields=('activity', 'target_group', 'sex', 'age_band'), name='activitygroupline_one_per_cell', nulls_distinct=False, violation_error_message='This target group, sex and age band is already counted.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='activitygroupline',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_activitygrouplineevent" ("activity_id", "age_band", "id", "people", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "sex", "target_group_id") VALUES (NEW."activity_id", NEW."age_band", NEW."id", NEW."people", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."sex", NEW."target_group_id"); RETURN NULL;', hash='c21c4987bcf231da75216e930ac786787a8fbaac', operation='INSERT', pgid='pgtrigger_insert_insert_8e97e', table='centres_activitygroupline', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='activitygroupline',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "centres_activitygrouplineevent" ("activity_id", "age_band", "id", "people", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "sex", "target_group_id") VALUES (NEW."activity_id", NEW."age_band", NEW."id", NEW."people", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."sex", NEW."target_group_id"); RETURN NULL;', hash='df22b49a2345e5e3d6f112cc2b3cea96e0adac0f', operation='UPDATE', pgid='pgtrigger_update_update_e3937', table='centres_activitygroupline', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='activitygroupline',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "centres_activitygrouplineevent" ("activity_id", "age_band", "id", "people", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "sex", "target_group_id") VALUES (OLD."activity_id", OLD."age_band", OLD."id", OLD."people", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."sex", OLD."target_group_id"); RETURN NULL;', hash='420ee936950a914f486f9012ec59a7575b0140e8', operation='DELETE', pgid='pgtrigger_delete_delete_2393e', table='centres_activitygroupline', when='AFTER')),
            ),
        ]),
]
