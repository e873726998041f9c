"""programmes's models as they are, part 2 of 2: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from entraide.squash import Together, ran
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('programmes', '0005_store_indexes_and_last_round'),
        ('programmes', '0006_history_without_computed_columns'),
        ('programmes', '0007_kit_delivered_idx'),
    ]

    dependencies = [
        ('beneficiaries', '0022_squashed_part3'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('programmes', '0008_squashed'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='aidrequest',
                name='delegation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='aidrequest',
                name='person',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='aid_requests', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='aidrequest',
                name='recorded_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='aidrequestevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='aidrequestevent',
                name='person',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='aidrequestevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='aidrequestevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.aidrequest'),
            ),
            migrations.AddField(
                model_name='aidrequestevent',
                name='recorded_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='budget',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddField(
                model_name='budgetevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='budgetevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.budget'),
            ),
            migrations.AddField(
                model_name='budgetevent',
                name='unit',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddField(
                model_name='committeemeeting',
                name='created_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='committeemeeting',
                name='delegation',
                field=models.ForeignKey(limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='aidrequestevent',
                name='meeting',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.committeemeeting', verbose_name='committee meeting'),
            ),
            migrations.AddField(
                model_name='aidrequest',
                name='meeting',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='programmes.committeemeeting', verbose_name='committee meeting'),
            ),
            migrations.AddField(
                model_name='committeemeetingevent',
                name='created_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='committeemeetingevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='committeemeetingevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='committeemeetingevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.committeemeeting'),
            ),
            migrations.AddField(
                model_name='donation',
                name='delegation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='received by'),
            ),
            migrations.AddField(
                model_name='donation',
                name='recorded_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='donationevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='received by'),
            ),
            migrations.AddField(
                model_name='donationevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='donationevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.donation'),
            ),
            migrations.AddField(
                model_name='donationevent',
                name='recorded_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='eligibilityruleevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='eligibilityruleevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.eligibilityrule'),
            ),
            migrations.AddField(
                model_name='emergency',
                name='delegation',
                field=models.ForeignKey(limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='emergency',
                name='province',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.province', verbose_name='province'),
            ),
            migrations.AddField(
                model_name='emergencyevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'kind': 'delegation'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='delegation'),
            ),
            migrations.AddField(
                model_name='emergencyevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='emergencyevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.emergency'),
            ),
            migrations.AddField(
                model_name='emergencyevent',
                name='province',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.province', verbose_name='province'),
            ),
            migrations.AddField(
                model_name='entitlement',
                name='delivered_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handed over by'),
            ),
            migrations.AddField(
                model_name='entitlement',
                name='person',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='entitlement',
                name='request',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entitlements', to='programmes.aidrequest', verbose_name='request'),
            ),
            migrations.AddField(
                model_name='entitlementevent',
                name='delivered_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handed over by'),
            ),
            migrations.AddField(
                model_name='entitlementevent',
                name='person',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='entitlementevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='entitlementevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.entitlement'),
            ),
            migrations.AddField(
                model_name='entitlementevent',
                name='request',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.aidrequest', verbose_name='request'),
            ),
            migrations.AddField(
                model_name='household',
                name='emergency',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='households', to='programmes.emergency', verbose_name='emergency'),
            ),
            migrations.AddField(
                model_name='household',
                name='head',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='households', to='beneficiaries.beneficiary', verbose_name="head of household's file"),
            ),
            migrations.AddField(
                model_name='household',
                name='registered_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by'),
            ),
            migrations.AddField(
                model_name='householdevent',
                name='emergency',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.emergency', verbose_name='emergency'),
            ),
            migrations.AddField(
                model_name='householdevent',
                name='head',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name="head of household's file"),
            ),
            migrations.AddField(
                model_name='householdevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='householdevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.household'),
            ),
            migrations.AddField(
                model_name='householdevent',
                name='registered_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by'),
            ),
            migrations.AddField(
                model_name='entitlementevent',
                name='item',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.item', verbose_name='item'),
            ),
            migrations.AddField(
                model_name='entitlement',
                name='item',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.item', verbose_name='item'),
            ),
            migrations.AddField(
                model_name='emergencyevent',
                name='kit',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.item', verbose_name='kit distributed'),
            ),
            migrations.AddField(
                model_name='emergency',
                name='kit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.item', verbose_name='kit distributed'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='item',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_itemevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "unit", "unit_value") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position", NEW."unit", NEW."unit_value"); RETURN NULL;', hash='7a9139fa62cc7402bdda39920101c04ce68dd31e', operation='INSERT', pgid='pgtrigger_insert_insert_c1511', table='programmes_item', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='item',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_itemevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "unit", "unit_value") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position", NEW."unit", NEW."unit_value"); RETURN NULL;', hash='6aa94b73488ccbe3cea13f417e193c0ed793b18a', operation='UPDATE', pgid='pgtrigger_update_update_d5e48', table='programmes_item', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='item',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_itemevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "unit", "unit_value") VALUES (OLD."code", OLD."id", OLD."is_active", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position", OLD."unit", OLD."unit_value"); RETURN NULL;', hash='4dd57d6d38532030f6b687a25bff489a598ee03d', operation='DELETE', pgid='pgtrigger_delete_delete_9ebdf', table='programmes_item', when='AFTER')),
            ),
            migrations.AddField(
                model_name='itemevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='itemevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.item'),
            ),
            migrations.AddField(
                model_name='kitdelivery',
                name='delivered_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handed over by'),
            ),
            migrations.AddField(
                model_name='kitdelivery',
                name='household',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='kits', to='programmes.household', verbose_name='household'),
            ),
            migrations.AddField(
                model_name='kitdeliveryevent',
                name='delivered_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handed over by'),
            ),
            migrations.AddField(
                model_name='kitdeliveryevent',
                name='household',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.household', verbose_name='household'),
            ),
            migrations.AddField(
                model_name='kitdeliveryevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='kitdeliveryevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.kitdelivery'),
            ),
            migrations.AddField(
                model_name='lot',
                name='delegation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='store of'),
            ),
            migrations.AddField(
                model_name='lot',
                name='donation',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='lots', to='programmes.donation', verbose_name='from the donation'),
            ),
            migrations.AddField(
                model_name='lot',
                name='item',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lots', to='programmes.item', verbose_name='item'),
            ),
            migrations.AddField(
                model_name='kitdeliveryevent',
                name='lot',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.lot', verbose_name='lot'),
            ),
            migrations.AddField(
                model_name='kitdelivery',
                name='lot',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.lot', verbose_name='lot'),
            ),
            migrations.AddField(
                model_name='entitlementevent',
                name='lot',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.lot', verbose_name='lot'),
            ),
            migrations.AddField(
                model_name='entitlement',
                name='lot',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.lot', verbose_name='lot'),
            ),
            migrations.AddField(
                model_name='lotevent',
                name='delegation',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='store of'),
            ),
            migrations.AddField(
                model_name='lotevent',
                name='donation',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.donation', verbose_name='from the donation'),
            ),
            migrations.AddField(
                model_name='lotevent',
                name='item',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.item', verbose_name='item'),
            ),
            migrations.AddField(
                model_name='lotevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='lotevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.lot'),
            ),
            migrations.AddField(
                model_name='movement',
                name='by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
            ),
            migrations.AddField(
                model_name='movement',
                name='entitlement',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='movements', to='programmes.entitlement', verbose_name='entitlement'),
            ),
            migrations.AddField(
                model_name='movement',
                name='lot',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='movements', to='programmes.lot', verbose_name='lot'),
            ),
            migrations.AddField(
                model_name='movementevent',
                name='by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
            ),
            migrations.AddField(
                model_name='movementevent',
                name='entitlement',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.entitlement', verbose_name='entitlement'),
            ),
            migrations.AddField(
                model_name='movementevent',
                name='lot',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.lot', verbose_name='lot'),
            ),
            migrations.AddField(
                model_name='movementevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='movementevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.movement'),
            ),
            migrations.AddField(
                model_name='entitlementevent',
                name='programme',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='entitlement',
                name='programme',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='emergencyevent',
                name='programme',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='emergency',
                name='programme',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='emergencies', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='eligibilityruleevent',
                name='programme',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='eligibilityrule',
                name='programme',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='donationevent',
                name='programme',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='donation',
                name='programme',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='donations', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='budgetevent',
                name='programme',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='budget',
                name='programme',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='budgets', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='aidrequestevent',
                name='programme',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='programmes.programme', verbose_name='programme'),
            ),
            migrations.AddField(
                model_name='aidrequest',
                name='programme',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='programmes.programme', verbose_name='programme'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='programme',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_programmeevent" ("code", "created_at", "description", "description_ar", "description_fr", "documents_required", "id", "is_open", "kind", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."code", NEW."created_at", NEW."description", NEW."description_ar", NEW."description_fr", NEW."documents_required", NEW."id", NEW."is_open", NEW."kind", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='c10b285f7f8656f56a6d33a914c07d24c5c7eb73', operation='INSERT', pgid='pgtrigger_insert_insert_56ab2', table='programmes_programme', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='programme',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_programmeevent" ("code", "created_at", "description", "description_ar", "description_fr", "documents_required", "id", "is_open", "kind", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."code", NEW."created_at", NEW."description", NEW."description_ar", NEW."description_fr", NEW."documents_required", NEW."id", NEW."is_open", NEW."kind", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='00da602fbe59c3eb5c626e8035387309026d5615', operation='UPDATE', pgid='pgtrigger_update_update_af864', table='programmes_programme', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='programme',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_programmeevent" ("code", "created_at", "description", "description_ar", "description_fr", "documents_required", "id", "is_open", "kind", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."code", OLD."created_at", OLD."description", OLD."description_ar", OLD."description_fr", OLD."documents_required", OLD."id", OLD."is_open", OLD."kind", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='8a025f528cf18d510a0f2ad0f48bfa9b94e89381', operation='DELETE', pgid='pgtrigger_delete_delete_f6c03', table='programmes_programme', when='AFTER')),
            ),
            migrations.AddField(
                model_name='programmeevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='programmeevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='programmes.programme'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='committeemeeting',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_committeemeetingevent" ("created_at", "created_by_id", "delegation_id", "held_on", "id", "members", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."created_at", NEW."created_by_id", NEW."delegation_id", NEW."held_on", NEW."id", NEW."members", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='87ba6d6e8ff79f4e1f902537f1a68fcbeb1c9167', operation='INSERT', pgid='pgtrigger_insert_insert_7fdf0', table='programmes_committeemeeting', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='committeemeeting',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_committeemeetingevent" ("created_at", "created_by_id", "delegation_id", "held_on", "id", "members", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."created_at", NEW."created_by_id", NEW."delegation_id", NEW."held_on", NEW."id", NEW."members", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='902325866e1ea876260254913c963e0547442b30', operation='UPDATE', pgid='pgtrigger_update_update_afd84', table='programmes_committeemeeting', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='committeemeeting',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_committeemeetingevent" ("created_at", "created_by_id", "delegation_id", "held_on", "id", "members", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."created_at", OLD."created_by_id", OLD."delegation_id", OLD."held_on", OLD."id", OLD."members", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='b0053a0126181387d8cdedb3370281a284f65a68', operation='DELETE', pgid='pgtrigger_delete_delete_68138', table='programmes_committeemeeting', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='household',
                index=models.Index(fields=['emergency', 'commune'], name='household_commune'),
            ),
            migrations.AddIndex(
                model_name='household',
                index=models.Index(fields=['emergency', 'head_key'], name='household_head_key'),
            ),
            migrations.AddConstraint(
                model_name='household',
                constraint=models.UniqueConstraint(condition=models.Q(('cin', ''), _negated=True), fields=('emergency', 'cin'), name='household_one_per_cin_and_emergency', violation_error_message='A household with this CIN is already registered.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='household',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_householdevent" ("cin", "commune", "douar", "emergency_id", "head_id", "head_name", "id", "members", "needs", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "registered_at", "registered_by_id") VALUES (NEW."cin", NEW."commune", NEW."douar", NEW."emergency_id", NEW."head_id", NEW."head_name", NEW."id", NEW."members", NEW."needs", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."registered_at", NEW."registered_by_id"); RETURN NULL;', hash='83c227fed74965fe00816a03e5164a167f4a2c11', operation='INSERT', pgid='pgtrigger_insert_insert_15f36', table='programmes_household', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='household',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."cin" IS DISTINCT FROM (NEW."cin") OR OLD."commune" IS DISTINCT FROM (NEW."commune") OR OLD."douar" IS DISTINCT FROM (NEW."douar") OR OLD."emergency_id" IS DISTINCT FROM (NEW."emergency_id") OR OLD."head_id" IS DISTINCT FROM (NEW."head_id") OR OLD."head_name" IS DISTINCT FROM (NEW."head_name") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."members" IS DISTINCT FROM (NEW."members") OR OLD."needs" IS DISTINCT FROM (NEW."needs") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."registered_at" IS DISTINCT FROM (NEW."registered_at") OR OLD."registered_by_id" IS DISTINCT FROM (NEW."registered_by_id"))', func='INSERT INTO "programmes_householdevent" ("cin", "commune", "douar", "emergency_id", "head_id", "head_name", "id", "members", "needs", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "registered_at", "registered_by_id") VALUES (NEW."cin", NEW."commune", NEW."douar", NEW."emergency_id", NEW."head_id", NEW."head_name", NEW."id", NEW."members", NEW."needs", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."registered_at", NEW."registered_by_id"); RETURN NULL;', hash='bb93065fe6a4d9819b5cfa8548778695618d83ae', operation='UPDATE', pgid='pgtrigger_update_update_607cf', table='programmes_household', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='household',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_householdevent" ("cin", "commune", "douar", "emergency_id", "head_id", "head_name", "id", "members", "needs", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "registered_at", "registered_by_id") VALUES (OLD."cin", OLD."commune", OLD."douar", OLD."emergency_id", OLD."head_id", OLD."head_name", OLD."id", OLD."members", OLD."needs", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."registered_at", OLD."registered_by_id"); RETURN NULL;', hash='917b79fe22f549c4297f1af17ffc747cc334063a', operation='DELETE', pgid='pgtrigger_delete_delete_25267', table='programmes_household', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='lot',
                index=models.Index(fields=['delegation', 'item'], name='lot_store_item'),
            ),
            migrations.AddConstraint(
                model_name='lot',
                constraint=models.CheckConstraint(condition=models.Q(('left__gte', 0)), name='lot_never_negative', violation_error_message='The store does not hold that many.'),
            ),
            migrations.AddConstraint(
                model_name='lot',
                constraint=models.CheckConstraint(condition=models.Q(('donation__isnull', False), models.Q(('purchase', ''), _negated=True), _connector='OR'), name='lot_comes_from_somewhere', violation_error_message='Say which donation or purchase the lot comes from.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='lot',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_lotevent" ("created_at", "delegation_id", "donation_id", "id", "item_id", "left", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purchase", "received_on") VALUES (NEW."created_at", NEW."delegation_id", NEW."donation_id", NEW."id", NEW."item_id", NEW."left", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."purchase", NEW."received_on"); RETURN NULL;', hash='230900d6034d100e1dcdd1df1cfa8cb357690770', operation='INSERT', pgid='pgtrigger_insert_insert_2bc88', table='programmes_lot', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='lot',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_lotevent" ("created_at", "delegation_id", "donation_id", "id", "item_id", "left", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purchase", "received_on") VALUES (NEW."created_at", NEW."delegation_id", NEW."donation_id", NEW."id", NEW."item_id", NEW."left", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."purchase", NEW."received_on"); RETURN NULL;', hash='bc3d1cb751e202c1907743dad539767f01302c93', operation='UPDATE', pgid='pgtrigger_update_update_90312', table='programmes_lot', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='lot',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_lotevent" ("created_at", "delegation_id", "donation_id", "id", "item_id", "left", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purchase", "received_on") VALUES (OLD."created_at", OLD."delegation_id", OLD."donation_id", OLD."id", OLD."item_id", OLD."left", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."purchase", OLD."received_on"); RETURN NULL;', hash='f6877e0bafc62fa2b032365ca15ac03932ce0120', operation='DELETE', pgid='pgtrigger_delete_delete_36a67', table='programmes_lot', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='kitdelivery',
                index=models.Index(fields=['delivered_at'], include=('household', 'value'), name='kit_delivered_idx'),
            ),
            migrations.AddConstraint(
                model_name='kitdelivery',
                constraint=models.UniqueConstraint(fields=('household', 'round'), name='kit_once_per_household_and_round', violation_error_message='This household already has its kit of this round.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='kitdelivery',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_kitdeliveryevent" ("delivered_at", "delivered_by_id", "household_id", "id", "lot_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "round", "value") VALUES (NEW."delivered_at", NEW."delivered_by_id", NEW."household_id", NEW."id", NEW."lot_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."round", NEW."value"); RETURN NULL;', hash='0e65717f581436e99912f567b5e1b60d0e471242', operation='INSERT', pgid='pgtrigger_insert_insert_964a8', table='programmes_kitdelivery', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='kitdelivery',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_kitdeliveryevent" ("delivered_at", "delivered_by_id", "household_id", "id", "lot_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "round", "value") VALUES (NEW."delivered_at", NEW."delivered_by_id", NEW."household_id", NEW."id", NEW."lot_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."round", NEW."value"); RETURN NULL;', hash='324db3c8d129363b35a863700060055cf3ff46c6', operation='UPDATE', pgid='pgtrigger_update_update_346bc', table='programmes_kitdelivery', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='kitdelivery',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_kitdeliveryevent" ("delivered_at", "delivered_by_id", "household_id", "id", "lot_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "round", "value") VALUES (OLD."delivered_at", OLD."delivered_by_id", OLD."household_id", OLD."id", OLD."lot_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."round", OLD."value"); RETURN NULL;', hash='4240380796f929141d94f3fd823f64ab5d6abc2b', operation='DELETE', pgid='pgtrigger_delete_delete_43ae2', table='programmes_kitdelivery', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='movement',
                index=models.Index(fields=['at', 'id'], name='movement_at'),
            ),
            migrations.AddConstraint(
                model_name='movement',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'in'), ('quantity__gt', 0)), models.Q(('kind', 'out'), ('quantity__lt', 0)), models.Q(('kind', 'count'), models.Q(('reason', ''), _negated=True)), _connector='OR'), name='movement_sign_follows_kind', violation_error_message='Units in are positive, units out negative; a count gives its reason.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='movement',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_movementevent" ("at", "by_id", "entitlement_id", "id", "kind", "lot_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "reason") VALUES (NEW."at", NEW."by_id", NEW."entitlement_id", NEW."id", NEW."kind", NEW."lot_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."quantity", NEW."reason"); RETURN NULL;', hash='fdad6d994284378d485594ab12f278c4768733d6', operation='INSERT', pgid='pgtrigger_insert_insert_44513', table='programmes_movement', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='movement',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_movementevent" ("at", "by_id", "entitlement_id", "id", "kind", "lot_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "reason") VALUES (NEW."at", NEW."by_id", NEW."entitlement_id", NEW."id", NEW."kind", NEW."lot_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."quantity", NEW."reason"); RETURN NULL;', hash='76b4c3d1fd13c184506c290200a901c7979dee0d', operation='UPDATE', pgid='pgtrigger_update_update_85821', table='programmes_movement', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='movement',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_movementevent" ("at", "by_id", "entitlement_id", "id", "kind", "lot_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "reason") VALUES (OLD."at", OLD."by_id", OLD."entitlement_id", OLD."id", OLD."kind", OLD."lot_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."quantity", OLD."reason"); RETURN NULL;', hash='8f9827c53e352ceccaac8f542438297f8a5d0788', operation='DELETE', pgid='pgtrigger_delete_delete_68cd7', table='programmes_movement', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='entitlement',
                index=models.Index(condition=models.Q(('delivered_at__isnull', True)), fields=['item'], name='entitlement_undelivered'),
            ),
            migrations.AddIndex(
                model_name='entitlement',
                index=models.Index(condition=models.Q(('delivered_at__isnull', True)), fields=['request', 'item', 'quantity'], name='entitlement_promised'),
            ),
            migrations.AddConstraint(
                model_name='entitlement',
                constraint=models.UniqueConstraint(fields=('person', 'programme', 'item', 'cycle'), name='entitlement_once_per_cycle', nulls_distinct=False, violation_error_message='This person already has this entitlement in this cycle.'),
            ),
            migrations.AddConstraint(
                model_name='entitlement',
                constraint=models.CheckConstraint(condition=models.Q(('item__isnull', False), ('amount__isnull', False), _connector='OR'), name='entitlement_item_or_amount', violation_error_message='Give an item of the catalogue or an amount.'),
            ),
            migrations.AddConstraint(
                model_name='entitlement',
                constraint=models.CheckConstraint(condition=models.Q(('delivered_at__isnull', True), models.Q(('delivered_by__isnull', False), models.Q(('receipt', ''), _negated=True)), _connector='OR'), name='entitlement_delivered_with_receipt', violation_error_message='A delivery records who handed it over and its receipt.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='entitlement',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_entitlementevent" ("amount", "created_at", "cycle", "delivered_at", "delivered_by_id", "id", "item_id", "lot_id", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "quantity", "receipt", "request_id", "value") VALUES (NEW."amount", NEW."created_at", NEW."cycle", NEW."delivered_at", NEW."delivered_by_id", NEW."id", NEW."item_id", NEW."lot_id", NEW."person_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."programme_id", NEW."quantity", NEW."receipt", NEW."request_id", NEW."value"); RETURN NULL;', hash='97ce0c61ab9bced296badd59f2f5592c664c0f06', operation='INSERT', pgid='pgtrigger_insert_insert_479d3', table='programmes_entitlement', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='entitlement',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_entitlementevent" ("amount", "created_at", "cycle", "delivered_at", "delivered_by_id", "id", "item_id", "lot_id", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "quantity", "receipt", "request_id", "value") VALUES (NEW."amount", NEW."created_at", NEW."cycle", NEW."delivered_at", NEW."delivered_by_id", NEW."id", NEW."item_id", NEW."lot_id", NEW."person_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."programme_id", NEW."quantity", NEW."receipt", NEW."request_id", NEW."value"); RETURN NULL;', hash='8f4e53700b2f4bd9e3c5ba63aab3e56badce6452', operation='UPDATE', pgid='pgtrigger_update_update_91b42', table='programmes_entitlement', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='entitlement',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_entitlementevent" ("amount", "created_at", "cycle", "delivered_at", "delivered_by_id", "id", "item_id", "lot_id", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "quantity", "receipt", "request_id", "value") VALUES (OLD."amount", OLD."created_at", OLD."cycle", OLD."delivered_at", OLD."delivered_by_id", OLD."id", OLD."item_id", OLD."lot_id", OLD."person_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."programme_id", OLD."quantity", OLD."receipt", OLD."request_id", OLD."value"); RETURN NULL;', hash='072ae06e2fe96353e009948741ca3b926a726aee', operation='DELETE', pgid='pgtrigger_delete_delete_c78d6', table='programmes_entitlement', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='emergency',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_emergencyevent" ("closed_on", "communes", "created_at", "delegation_id", "id", "kit_id", "last_round", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "province_id", "started_on", "title") VALUES (NEW."closed_on", NEW."communes", NEW."created_at", NEW."delegation_id", NEW."id", NEW."kit_id", NEW."last_round", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."programme_id", NEW."province_id", NEW."started_on", NEW."title"); RETURN NULL;', hash='5bab78efef547470853339ed11a61df6ea8dbf41', operation='INSERT', pgid='pgtrigger_insert_insert_a308b', table='programmes_emergency', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='emergency',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_emergencyevent" ("closed_on", "communes", "created_at", "delegation_id", "id", "kit_id", "last_round", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "province_id", "started_on", "title") VALUES (NEW."closed_on", NEW."communes", NEW."created_at", NEW."delegation_id", NEW."id", NEW."kit_id", NEW."last_round", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."programme_id", NEW."province_id", NEW."started_on", NEW."title"); RETURN NULL;', hash='5ebba5ac002a03afcb472e59091f1b7aea5947f9', operation='UPDATE', pgid='pgtrigger_update_update_69fdc', table='programmes_emergency', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='emergency',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_emergencyevent" ("closed_on", "communes", "created_at", "delegation_id", "id", "kit_id", "last_round", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "province_id", "started_on", "title") VALUES (OLD."closed_on", OLD."communes", OLD."created_at", OLD."delegation_id", OLD."id", OLD."kit_id", OLD."last_round", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."programme_id", OLD."province_id", OLD."started_on", OLD."title"); RETURN NULL;', hash='d3a8e297a106662b2ba0d299ef45ddc5ac346172', operation='DELETE', pgid='pgtrigger_delete_delete_84b33', table='programmes_emergency', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='eligibilityrule',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_eligibilityruleevent" ("criterion", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "value") VALUES (NEW."criterion", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."programme_id", NEW."value"); RETURN NULL;', hash='5557f8443d12bb2bef6b19a0a56bfc6baeb728c4', operation='INSERT', pgid='pgtrigger_insert_insert_cd5d5', table='programmes_eligibilityrule', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='eligibilityrule',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_eligibilityruleevent" ("criterion", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "value") VALUES (NEW."criterion", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."programme_id", NEW."value"); RETURN NULL;', hash='d5bcc1a883910cd59153051d12264a91b5bfcf19', operation='UPDATE', pgid='pgtrigger_update_update_03e8b', table='programmes_eligibilityrule', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='eligibilityrule',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_eligibilityruleevent" ("criterion", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "value") VALUES (OLD."criterion", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."programme_id", OLD."value"); RETURN NULL;', hash='cf39a391a051b0c984e05adb274b8ded768c58e2', operation='DELETE', pgid='pgtrigger_delete_delete_9f626', table='programmes_eligibilityrule', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='donation',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_donationevent" ("amount", "delegation_id", "donor", "id", "kind", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "received_on", "recorded_by_id") VALUES (NEW."amount", NEW."delegation_id", NEW."donor", NEW."id", NEW."kind", NEW."note", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."programme_id", NEW."received_on", NEW."recorded_by_id"); RETURN NULL;', hash='ef0b4f11819d7fa509fb7b3dd3a0bd3c840cabc0', operation='INSERT', pgid='pgtrigger_insert_insert_2116f', table='programmes_donation', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='donation',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_donationevent" ("amount", "delegation_id", "donor", "id", "kind", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "received_on", "recorded_by_id") VALUES (NEW."amount", NEW."delegation_id", NEW."donor", NEW."id", NEW."kind", NEW."note", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."programme_id", NEW."received_on", NEW."recorded_by_id"); RETURN NULL;', hash='aa4b43a13521a3a0be6dd74ae28672c8281e1f49', operation='UPDATE', pgid='pgtrigger_update_update_1c531', table='programmes_donation', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='donation',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_donationevent" ("amount", "delegation_id", "donor", "id", "kind", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "received_on", "recorded_by_id") VALUES (OLD."amount", OLD."delegation_id", OLD."donor", OLD."id", OLD."kind", OLD."note", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."programme_id", OLD."received_on", OLD."recorded_by_id"); RETURN NULL;', hash='bb061e1480e6475eb043ee9922e4580e76b9a68e', operation='DELETE', pgid='pgtrigger_delete_delete_c7e36', table='programmes_donation', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='budget',
                constraint=models.UniqueConstraint(fields=('programme', 'unit', 'year'), name='budget_one_per_programme_unit_and_year', violation_error_message='This unit already has a budget for this year.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='budget',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_budgetevent" ("amount", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "unit_id", "year") VALUES (NEW."amount", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."programme_id", NEW."unit_id", NEW."year"); RETURN NULL;', hash='0f585d05c607c9bbfeade86a4d34dd631a09b66a', operation='INSERT', pgid='pgtrigger_insert_insert_dae16', table='programmes_budget', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='budget',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_budgetevent" ("amount", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "unit_id", "year") VALUES (NEW."amount", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."programme_id", NEW."unit_id", NEW."year"); RETURN NULL;', hash='4879cf98176b9c3bfe2f6d2e685bcfd358d0dcf2', operation='UPDATE', pgid='pgtrigger_update_update_92214', table='programmes_budget', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='budget',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_budgetevent" ("amount", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "unit_id", "year") VALUES (OLD."amount", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."programme_id", OLD."unit_id", OLD."year"); RETURN NULL;', hash='bcb1eb0f265a1272be450ae1dc9b57f76caa4da0', operation='DELETE', pgid='pgtrigger_delete_delete_18a15', table='programmes_budget', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='aidrequest',
                index=models.Index(fields=['delegation', 'id'], name='aidrequest_delegation_id'),
            ),
            migrations.AddConstraint(
                model_name='aidrequest',
                constraint=models.UniqueConstraint(condition=models.Q(('status', 'rejected'), _negated=True), fields=('programme', 'person', 'cycle'), name='aidrequest_one_open_per_programme_and_cycle', violation_error_message='This person already has a request to this programme this year.'),
            ),
            migrations.AddConstraint(
                model_name='aidrequest',
                constraint=models.CheckConstraint(condition=models.Q(('status', 'recorded'), ('meeting__isnull', False), _connector='OR'), name='aidrequest_decided_in_a_meeting', violation_error_message='A decision is taken in a committee meeting.'),
            ),
            migrations.AddConstraint(
                model_name='aidrequest',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('decision_reason', ''), _negated=True), _connector='OR'), name='aidrequest_rejection_has_reason', violation_error_message='A rejection gives its reason.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='aidrequest',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_aidrequestevent" ("created_at", "cycle", "decision_reason", "delegation_id", "eligible", "id", "meeting_id", "monthly_income", "need", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "recorded_by_id", "requested_on", "status", "unmet", "updated_at") VALUES (NEW."created_at", NEW."cycle", NEW."decision_reason", NEW."delegation_id", NEW."eligible", NEW."id", NEW."meeting_id", NEW."monthly_income", NEW."need", NEW."person_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."programme_id", NEW."recorded_by_id", NEW."requested_on", NEW."status", NEW."unmet", NEW."updated_at"); RETURN NULL;', hash='fd4c68316521a3f893793e5171db5517106800d1', operation='INSERT', pgid='pgtrigger_insert_insert_c214b', table='programmes_aidrequest', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='aidrequest',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "programmes_aidrequestevent" ("created_at", "cycle", "decision_reason", "delegation_id", "eligible", "id", "meeting_id", "monthly_income", "need", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "recorded_by_id", "requested_on", "status", "unmet", "updated_at") VALUES (NEW."created_at", NEW."cycle", NEW."decision_reason", NEW."delegation_id", NEW."eligible", NEW."id", NEW."meeting_id", NEW."monthly_income", NEW."need", NEW."person_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."programme_id", NEW."recorded_by_id", NEW."requested_on", NEW."status", NEW."unmet", NEW."updated_at"); RETURN NULL;', hash='7bbb02018cb496bdcd9af5da8501bb441b860fba', operation='UPDATE', pgid='pgtrigger_update_update_8c790', table='programmes_aidrequest', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='aidrequest',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "programmes_aidrequestevent" ("created_at", "cycle", "decision_reason", "delegation_id", "eligible", "id", "meeting_id", "monthly_income", "need", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "programme_id", "recorded_by_id", "requested_on", "status", "unmet", "updated_at") VALUES (OLD."created_at", OLD."cycle", OLD."decision_reason", OLD."delegation_id", OLD."eligible", OLD."id", OLD."meeting_id", OLD."monthly_income", OLD."need", OLD."person_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."programme_id", OLD."recorded_by_id", OLD."requested_on", OLD."status", OLD."unmet", OLD."updated_at"); RETURN NULL;', hash='79e35c43bea3f5bd7e5f722750eb57862a6a2c4a', operation='DELETE', pgid='pgtrigger_delete_delete_fef72', table='programmes_aidrequest', when='AFTER')),
            ),
        ]),
        *ran('programmes', '0001_initial'),
        *ran('programmes', '0005_store_indexes_and_last_round'),
    ]
