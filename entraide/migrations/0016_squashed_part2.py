"""entraide's models as they are, part 2 of 2: the squash of the history (entraide/squash.py).
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
        ('enrolments', '0003_attendance_indexes'),
        ('enrolments', '0004_enrolment_absent_idx'),
        ('notifications', '0001_initial'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('entraide', '0015_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('territory', '0003_squashed'),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='user',
                name='unit',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddField(
                model_name='user',
                name='user_permissions',
                field=models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions'),
            ),
            migrations.AddField(
                model_name='accessevent',
                name='actor',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='access_events', to=settings.AUTH_USER_MODEL, verbose_name='user'),
            ),
            migrations.AddField(
                model_name='accessevent',
                name='content_type',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype', verbose_name='record type'),
            ),
            migrations.AddField(
                model_name='generatedreport',
                name='created_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='asked for by'),
            ),
            migrations.AddField(
                model_name='generatedreport',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddField(
                model_name='importjob',
                name='created_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='import_jobs', to=settings.AUTH_USER_MODEL, verbose_name='imported by'),
            ),
            migrations.AddField(
                model_name='importjob',
                name='unit',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddIndex(
                model_name='ratecounter',
                index=models.Index(fields=['window'], name='ratecounter_window_idx'),
            ),
            migrations.AddConstraint(
                model_name='ratecounter',
                constraint=models.UniqueConstraint(fields=('key', 'window'), name='ratecounter_key_window'),
            ),
            migrations.AddField(
                model_name='session',
                name='user',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AddField(
                model_name='userevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='userevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AddField(
                model_name='userevent',
                name='unit',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='unit'),
            ),
            migrations.AddConstraint(
                model_name='user',
                constraint=models.CheckConstraint(condition=models.Q(('role', ''), ('unit__isnull', False), _connector='OR'), name='user_with_role_has_unit', violation_error_message='A user with a role must be assigned to a unit.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='user',
                trigger=pgtrigger.compiler.Trigger(name='end_sessions_when_disabled', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (NOT NEW."is_active" AND OLD."is_active")', func='DELETE FROM entraide_session WHERE user_id = NEW.id; RETURN NULL;', hash='97154bb53e60179b58081fb385e35cc82a96432a', operation='UPDATE', pgid='pgtrigger_end_sessions_when_disabled_93da8', table='entraide_user', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='user',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "entraide_userevent" ("date_joined", "email", "first_name", "first_name_ar", "id", "is_active", "is_staff", "is_superuser", "language", "last_name", "last_name_ar", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "unit_id", "username") VALUES (NEW."date_joined", NEW."email", NEW."first_name", NEW."first_name_ar", NEW."id", NEW."is_active", NEW."is_staff", NEW."is_superuser", NEW."language", NEW."last_name", NEW."last_name_ar", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."role", NEW."unit_id", NEW."username"); RETURN NULL;', hash='0d455118ac3be400c8f9420becb673d5d855c694', operation='INSERT', pgid='pgtrigger_insert_insert_b7608', table='entraide_user', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='user',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."date_joined" IS DISTINCT FROM (NEW."date_joined") OR OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."first_name" IS DISTINCT FROM (NEW."first_name") OR OLD."first_name_ar" IS DISTINCT FROM (NEW."first_name_ar") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_active" IS DISTINCT FROM (NEW."is_active") OR OLD."is_staff" IS DISTINCT FROM (NEW."is_staff") OR OLD."is_superuser" IS DISTINCT FROM (NEW."is_superuser") OR OLD."language" IS DISTINCT FROM (NEW."language") OR OLD."last_name" IS DISTINCT FROM (NEW."last_name") OR OLD."last_name_ar" IS DISTINCT FROM (NEW."last_name_ar") OR OLD."role" IS DISTINCT FROM (NEW."role") OR OLD."unit_id" IS DISTINCT FROM (NEW."unit_id") OR OLD."username" IS DISTINCT FROM (NEW."username"))', func='INSERT INTO "entraide_userevent" ("date_joined", "email", "first_name", "first_name_ar", "id", "is_active", "is_staff", "is_superuser", "language", "last_name", "last_name_ar", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "unit_id", "username") VALUES (NEW."date_joined", NEW."email", NEW."first_name", NEW."first_name_ar", NEW."id", NEW."is_active", NEW."is_staff", NEW."is_superuser", NEW."language", NEW."last_name", NEW."last_name_ar", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."role", NEW."unit_id", NEW."username"); RETURN NULL;', hash='fde3c57fd9e908596e366869bdf821c150141598', operation='UPDATE', pgid='pgtrigger_update_update_84a31', table='entraide_user', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='user',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "entraide_userevent" ("date_joined", "email", "first_name", "first_name_ar", "id", "is_active", "is_staff", "is_superuser", "language", "last_name", "last_name_ar", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "unit_id", "username") VALUES (OLD."date_joined", OLD."email", OLD."first_name", OLD."first_name_ar", OLD."id", OLD."is_active", OLD."is_staff", OLD."is_superuser", OLD."language", OLD."last_name", OLD."last_name_ar", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."role", OLD."unit_id", OLD."username"); RETURN NULL;', hash='c5a5c9d3e23bc35830c58c2d3d60f10fa158fb6a', operation='DELETE', pgid='pgtrigger_delete_delete_3b381', table='entraide_user', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='accessevent',
                index=models.Index(fields=['content_type', 'object_id'], name='access_event_object_idx'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='accessevent',
                trigger=pgtrigger.compiler.Trigger(name='access_events_are_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='f29255557d21576f295ffa41257647bda18e31ff', operation='UPDATE OR DELETE', pgid='pgtrigger_access_events_are_append_only_b91be', table='entraide_accessevent', when='BEFORE')),
            ),
        ]),
        *ran('entraide', '0007_cache_table'),
    ]
