"""api's models as they are, part 3 of 3: the squash of the history (entraide/squash.py).
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
        ('beneficiaries', '0006_person_version_for_concurrent_edits'),
        ('beneficiaries', '0007_referral_deadlines'),
        ('beneficiaries', '0008_referral_deadlines_of_earlier_referrals'),
    ]

    dependencies = [
        ('api', '0003_squashed_part2'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='apitoken',
                name='unit',
                field=models.ForeignKey(help_text="The account's unit or a unit under it: the token sees only what lies there.", on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddField(
                model_name='apitoken',
                name='user',
                field=models.ForeignKey(help_text='The token reads and writes as this account (a system gets its own).', on_delete=django.db.models.deletion.PROTECT, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='acts for the account'),
            ),
            migrations.AddField(
                model_name='apitokenevent',
                name='created_by',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by'),
            ),
            migrations.AddField(
                model_name='apitokenevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='apitokenevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='api.apitoken'),
            ),
            migrations.AddField(
                model_name='apitokenevent',
                name='unit',
                field=models.ForeignKey(db_constraint=False, help_text="The account's unit or a unit under it: the token sees only what lies there.", on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddField(
                model_name='apitokenevent',
                name='user',
                field=models.ForeignKey(db_constraint=False, help_text='The token reads and writes as this account (a system gets its own).', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='acts for the account'),
            ),
            migrations.AddConstraint(
                model_name='apitoken',
                constraint=models.CheckConstraint(condition=models.Q(('scopes__len__gt', 0), ('scopes__contained_by', ['read_people', 'read_referrals', 'write_referrals', 'read_figures'])), name='apitoken_known_scopes', violation_error_message='Choose at least one scope.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='apitoken',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "api_apitokenevent" ("created_at", "created_by_id", "expires_at", "id", "key_hash", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "prefix", "revoked_at", "scopes", "unit_id", "user_id") VALUES (NEW."created_at", NEW."created_by_id", NEW."expires_at", NEW."id", NEW."key_hash", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."prefix", NEW."revoked_at", NEW."scopes", NEW."unit_id", NEW."user_id"); RETURN NULL;', hash='7d869ad015a7bef268de9eeebb551f0291780fae', operation='INSERT', pgid='pgtrigger_insert_insert_d7986', table='api_apitoken', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='apitoken',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."expires_at" IS DISTINCT FROM (NEW."expires_at") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."key_hash" IS DISTINCT FROM (NEW."key_hash") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."prefix" IS DISTINCT FROM (NEW."prefix") OR OLD."revoked_at" IS DISTINCT FROM (NEW."revoked_at") OR OLD."scopes" IS DISTINCT FROM (NEW."scopes") OR OLD."unit_id" IS DISTINCT FROM (NEW."unit_id") OR OLD."user_id" IS DISTINCT FROM (NEW."user_id"))', func='INSERT INTO "api_apitokenevent" ("created_at", "created_by_id", "expires_at", "id", "key_hash", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "prefix", "revoked_at", "scopes", "unit_id", "user_id") VALUES (NEW."created_at", NEW."created_by_id", NEW."expires_at", NEW."id", NEW."key_hash", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."prefix", NEW."revoked_at", NEW."scopes", NEW."unit_id", NEW."user_id"); RETURN NULL;', hash='0abb803deb38e2f657e84369c82eae3803602db4', operation='UPDATE', pgid='pgtrigger_update_update_55b1f', table='api_apitoken', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='apitoken',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "api_apitokenevent" ("created_at", "created_by_id", "expires_at", "id", "key_hash", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "prefix", "revoked_at", "scopes", "unit_id", "user_id") VALUES (OLD."created_at", OLD."created_by_id", OLD."expires_at", OLD."id", OLD."key_hash", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."prefix", OLD."revoked_at", OLD."scopes", OLD."unit_id", OLD."user_id"); RETURN NULL;', hash='920e092051b6849e0b4c9f942f15aed08b12c9bb', operation='DELETE', pgid='pgtrigger_delete_delete_c6793', table='api_apitoken', when='AFTER')),
            ),
        ]),
]
