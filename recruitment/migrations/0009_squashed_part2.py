"""recruitment's models as they are, part 2 of 2: the squash of the history (entraide/squash.py).
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
        ('recruitment', '0004_posts_keep_catalogue_as_published'),
        ('recruitment', '0005_administrator_scales_and_published_posts'),
        ('recruitment', '0006_texts_in_both_languages'),
        ('recruitment', '0007_results_stay_published'),
    ]

    dependencies = [
        ('pghistory', '0007_auto_20250421_0444'),
        ('recruitment', '0008_squashed'),
        ('territory', '0003_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='application',
                name='province',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.province', verbose_name='province of residence'),
            ),
            migrations.AddField(
                model_name='application',
                name='voided_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='voided by'),
            ),
            migrations.AddField(
                model_name='applicationdocument',
                name='application',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='recruitment.application', verbose_name='application'),
            ),
            migrations.AddField(
                model_name='applicationdocumentevent',
                name='application',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.application', verbose_name='application'),
            ),
            migrations.AddField(
                model_name='applicationdocumentevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='applicationdocumentevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.applicationdocument'),
            ),
            migrations.AddField(
                model_name='applicationevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='applicationevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.application'),
            ),
            migrations.AddField(
                model_name='applicationevent',
                name='province',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.province', verbose_name='province of residence'),
            ),
            migrations.AddField(
                model_name='applicationevent',
                name='voided_by',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='voided by'),
            ),
            migrations.AddField(
                model_name='competition',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='competitions', to='territory.orgunit', verbose_name='organising unit'),
            ),
            migrations.AddField(
                model_name='applicationevent',
                name='competition',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.competition', verbose_name='competition'),
            ),
            migrations.AddField(
                model_name='application',
                name='competition',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='recruitment.competition', verbose_name='competition'),
            ),
            migrations.AddField(
                model_name='competitionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='competitionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.competition'),
            ),
            migrations.AddField(
                model_name='competitionevent',
                name='unit',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.orgunit', verbose_name='organising unit'),
            ),
            migrations.AddField(
                model_name='deadlineextension',
                name='competition',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='extensions', to='recruitment.competition', verbose_name='competition'),
            ),
            migrations.AddField(
                model_name='deadlineextension',
                name='recorded_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='deadlineextensionevent',
                name='competition',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.competition', verbose_name='competition'),
            ),
            migrations.AddField(
                model_name='deadlineextensionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='deadlineextensionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.deadlineextension'),
            ),
            migrations.AddField(
                model_name='deadlineextensionevent',
                name='recorded_by',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='grade',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_gradeevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "scale") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position", NEW."scale"); RETURN NULL;', hash='5f694f6a32509bbf2d3d4f9332a261b1c8951d68', operation='INSERT', pgid='pgtrigger_insert_insert_4cdbd', table='recruitment_grade', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='grade',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "recruitment_gradeevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "scale") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position", NEW."scale"); RETURN NULL;', hash='e54a27b62d3e99c2de90c749f143b313e18cac44', operation='UPDATE', pgid='pgtrigger_update_update_f96a6', table='recruitment_grade', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='grade',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_gradeevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "scale") VALUES (OLD."code", OLD."id", OLD."is_active", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position", OLD."scale"); RETURN NULL;', hash='08497190cd9b27e955f1889f9cb8ffc427ca69f3', operation='DELETE', pgid='pgtrigger_delete_delete_6c571', table='recruitment_grade', when='AFTER')),
            ),
            migrations.AddField(
                model_name='gradeevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='gradeevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.grade'),
            ),
            migrations.AddField(
                model_name='postline',
                name='competition',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='recruitment.competition', verbose_name='competition'),
            ),
            migrations.AddField(
                model_name='postline',
                name='grade',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='recruitment.grade', verbose_name='grade'),
            ),
            migrations.AddField(
                model_name='applicationevent',
                name='post_line',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.postline', verbose_name='post applied for'),
            ),
            migrations.AddField(
                model_name='application',
                name='post_line',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='recruitment.postline', verbose_name='post applied for'),
            ),
            migrations.AddField(
                model_name='postlineevent',
                name='competition',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.competition', verbose_name='competition'),
            ),
            migrations.AddField(
                model_name='postlineevent',
                name='grade',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.grade', verbose_name='grade'),
            ),
            migrations.AddField(
                model_name='postlineevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='postlineevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.postline'),
            ),
            migrations.AddField(
                model_name='postlinespecialtiesevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='postline',
                name='specialties',
                field=models.ManyToManyField(related_name='post_lines', to='recruitment.specialty', verbose_name='specialties'),
            ),
            migrations.AddField(
                model_name='postlinespecialtiesevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.postline_specialties'),
            ),
            migrations.AddField(
                model_name='postlinespecialtiesevent',
                name='postline',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.postline'),
            ),
            migrations.AddField(
                model_name='reservedshare',
                name='competition',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reserved_shares', to='recruitment.competition', verbose_name='competition'),
            ),
            migrations.AddField(
                model_name='reservedshareevent',
                name='competition',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.competition', verbose_name='competition'),
            ),
            migrations.AddField(
                model_name='reservedshareevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='reservedshareevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.reservedshare'),
            ),
            migrations.AddField(
                model_name='postlinespecialtiesevent',
                name='specialty',
                field=models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.specialty'),
            ),
            migrations.AddField(
                model_name='applicationevent',
                name='specialty',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='recruitment.specialty', verbose_name='specialty'),
            ),
            migrations.AddField(
                model_name='application',
                name='specialty',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='recruitment.specialty', verbose_name='specialty'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='specialty',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_specialtyevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position"); RETURN NULL;', hash='e0086753efb2ccddb89aaf9c5b584673170b43e3', operation='INSERT', pgid='pgtrigger_insert_insert_a2deb', table='recruitment_specialty', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='specialty',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "recruitment_specialtyevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (NEW."code", NEW."id", NEW."is_active", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position"); RETURN NULL;', hash='ed3eb05d07473c7a4f3100548834948d8be03ff2', operation='UPDATE', pgid='pgtrigger_update_update_5263d', table='recruitment_specialty', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='specialty',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_specialtyevent" ("code", "id", "is_active", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position") VALUES (OLD."code", OLD."id", OLD."is_active", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position"); RETURN NULL;', hash='e377e9c98e92595b63bff4f36dbbbead68ef9c8a', operation='DELETE', pgid='pgtrigger_delete_delete_08c59', table='recruitment_specialty', when='AFTER')),
            ),
            migrations.AddField(
                model_name='specialtyevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='specialtyevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='recruitment.specialty'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='applicationdocument',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_applicationdocumentevent" ("application_id", "content_type", "file", "id", "kind", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size") VALUES (NEW."application_id", NEW."content_type", NEW."file", NEW."id", NEW."kind", NEW."original_name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."size"); RETURN NULL;', hash='ebbf001e6c4640919ee7455ec0ba5f6bf0cceadb', operation='INSERT', pgid='pgtrigger_insert_insert_951d5', table='recruitment_applicationdocument', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='applicationdocument',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "recruitment_applicationdocumentevent" ("application_id", "content_type", "file", "id", "kind", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size") VALUES (NEW."application_id", NEW."content_type", NEW."file", NEW."id", NEW."kind", NEW."original_name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."size"); RETURN NULL;', hash='2f0123bef974ca797b5a36ad8915647df6379897', operation='UPDATE', pgid='pgtrigger_update_update_40f62', table='recruitment_applicationdocument', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='applicationdocument',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_applicationdocumentevent" ("application_id", "content_type", "file", "id", "kind", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size") VALUES (OLD."application_id", OLD."content_type", OLD."file", OLD."id", OLD."kind", OLD."original_name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."size"); RETURN NULL;', hash='afb3e4939995fed90d5d2cda0b63158191e67ab1', operation='DELETE', pgid='pgtrigger_delete_delete_b2683', table='recruitment_applicationdocument', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='competition',
                constraint=models.CheckConstraint(condition=models.Q(('deadline__gt', models.F('opens_at'))), name='competition_deadline_after_opening', violation_error_message='The deadline comes after the opening.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='competition',
                trigger=pgtrigger.compiler.Trigger(name='results_stay_published', sql=pgtrigger.compiler.UpsertTriggerSql(condition="WHEN (OLD.status IN ('results', 'archived') AND NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'results' AND NEW.status = 'archived'))", func="\n            RAISE EXCEPTION 'results_stay_published: competition % is %; it cannot become %',\n                OLD.id, OLD.status, NEW.status\n                USING ERRCODE = 'integrity_constraint_violation';\n        ", hash='35e1bf2b4c6709ae9bd8cdda59a4e6e0f82aaac9', operation='UPDATE', pgid='pgtrigger_results_stay_published_f07ec', table='recruitment_competition', when='BEFORE')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='competition',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_competitionevent" ("created_at", "deadline", "exam_date", "exam_place", "exam_place_ar", "exam_place_fr", "id", "max_upload_mb", "notice", "notice_ar", "notice_fr", "opens_at", "oral_coefficient", "oral_minimum", "pass_mark", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "public_list_masks_cin", "public_list_shows_birth_date", "publication_date", "reference", "status", "title", "title_ar", "title_fr", "unit_id", "updated_at", "waiting_list_ratio", "written_call_ratio", "written_coefficient", "year") VALUES (NEW."created_at", NEW."deadline", NEW."exam_date", NEW."exam_place", NEW."exam_place_ar", NEW."exam_place_fr", NEW."id", NEW."max_upload_mb", NEW."notice", NEW."notice_ar", NEW."notice_fr", NEW."opens_at", NEW."oral_coefficient", NEW."oral_minimum", NEW."pass_mark", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."public_list_masks_cin", NEW."public_list_shows_birth_date", NEW."publication_date", NEW."reference", NEW."status", NEW."title", NEW."title_ar", NEW."title_fr", NEW."unit_id", NEW."updated_at", NEW."waiting_list_ratio", NEW."written_call_ratio", NEW."written_coefficient", NEW."year"); RETURN NULL;', hash='13fb9405eb7a912ebb8af39d337834f35abeb531', operation='INSERT', pgid='pgtrigger_insert_insert_ac3c5', table='recruitment_competition', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='competition',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "recruitment_competitionevent" ("created_at", "deadline", "exam_date", "exam_place", "exam_place_ar", "exam_place_fr", "id", "max_upload_mb", "notice", "notice_ar", "notice_fr", "opens_at", "oral_coefficient", "oral_minimum", "pass_mark", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "public_list_masks_cin", "public_list_shows_birth_date", "publication_date", "reference", "status", "title", "title_ar", "title_fr", "unit_id", "updated_at", "waiting_list_ratio", "written_call_ratio", "written_coefficient", "year") VALUES (NEW."created_at", NEW."deadline", NEW."exam_date", NEW."exam_place", NEW."exam_place_ar", NEW."exam_place_fr", NEW."id", NEW."max_upload_mb", NEW."notice", NEW."notice_ar", NEW."notice_fr", NEW."opens_at", NEW."oral_coefficient", NEW."oral_minimum", NEW."pass_mark", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."public_list_masks_cin", NEW."public_list_shows_birth_date", NEW."publication_date", NEW."reference", NEW."status", NEW."title", NEW."title_ar", NEW."title_fr", NEW."unit_id", NEW."updated_at", NEW."waiting_list_ratio", NEW."written_call_ratio", NEW."written_coefficient", NEW."year"); RETURN NULL;', hash='f30f16d1196a0e0781382b1ebf6de445328491f4', operation='UPDATE', pgid='pgtrigger_update_update_ae561', table='recruitment_competition', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='competition',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_competitionevent" ("created_at", "deadline", "exam_date", "exam_place", "exam_place_ar", "exam_place_fr", "id", "max_upload_mb", "notice", "notice_ar", "notice_fr", "opens_at", "oral_coefficient", "oral_minimum", "pass_mark", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "public_list_masks_cin", "public_list_shows_birth_date", "publication_date", "reference", "status", "title", "title_ar", "title_fr", "unit_id", "updated_at", "waiting_list_ratio", "written_call_ratio", "written_coefficient", "year") VALUES (OLD."created_at", OLD."deadline", OLD."exam_date", OLD."exam_place", OLD."exam_place_ar", OLD."exam_place_fr", OLD."id", OLD."max_upload_mb", OLD."notice", OLD."notice_ar", OLD."notice_fr", OLD."opens_at", OLD."oral_coefficient", OLD."oral_minimum", OLD."pass_mark", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."public_list_masks_cin", OLD."public_list_shows_birth_date", OLD."publication_date", OLD."reference", OLD."status", OLD."title", OLD."title_ar", OLD."title_fr", OLD."unit_id", OLD."updated_at", OLD."waiting_list_ratio", OLD."written_call_ratio", OLD."written_coefficient", OLD."year"); RETURN NULL;', hash='96a262c588c42cc0e8014fd608cb5f1716349b1a', operation='DELETE', pgid='pgtrigger_delete_delete_9c76b', table='recruitment_competition', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='deadlineextension',
                constraint=models.CheckConstraint(condition=models.Q(('new_deadline__gt', models.F('previous_deadline'))), name='extension_moves_the_deadline_later', violation_error_message='The new deadline comes after the previous one.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='deadlineextension',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_deadlineextensionevent" ("competition_id", "decided_on", "id", "new_deadline", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_deadline", "reason", "recorded_by_id") VALUES (NEW."competition_id", NEW."decided_on", NEW."id", NEW."new_deadline", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."previous_deadline", NEW."reason", NEW."recorded_by_id"); RETURN NULL;', hash='7cc87775cc7713b89d0fa3717b08daa3b51168f0', operation='INSERT', pgid='pgtrigger_insert_insert_3f427', table='recruitment_deadlineextension', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='deadlineextension',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "recruitment_deadlineextensionevent" ("competition_id", "decided_on", "id", "new_deadline", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_deadline", "reason", "recorded_by_id") VALUES (NEW."competition_id", NEW."decided_on", NEW."id", NEW."new_deadline", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."previous_deadline", NEW."reason", NEW."recorded_by_id"); RETURN NULL;', hash='0e2ffee1fc5dc1578a9be576c6c222e02896a90b', operation='UPDATE', pgid='pgtrigger_update_update_d8de9', table='recruitment_deadlineextension', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='deadlineextension',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_deadlineextensionevent" ("competition_id", "decided_on", "id", "new_deadline", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_deadline", "reason", "recorded_by_id") VALUES (OLD."competition_id", OLD."decided_on", OLD."id", OLD."new_deadline", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."previous_deadline", OLD."reason", OLD."recorded_by_id"); RETURN NULL;', hash='297a720c29efefd003e4600b2175422fdac52322', operation='DELETE', pgid='pgtrigger_delete_delete_3111d', table='recruitment_deadlineextension', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='reservedshare',
                constraint=models.UniqueConstraint(fields=('competition', 'category'), name='reservedshare_one_per_category', violation_error_message='This category already has its share.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='reservedshare',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_reservedshareevent" ("category", "competition_id", "id", "percent", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."category", NEW."competition_id", NEW."id", NEW."percent", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='06c9e62329552a917939c79d8de2b509b3f3a2f2', operation='INSERT', pgid='pgtrigger_insert_insert_92fe1', table='recruitment_reservedshare', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='reservedshare',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "recruitment_reservedshareevent" ("category", "competition_id", "id", "percent", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."category", NEW."competition_id", NEW."id", NEW."percent", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='87eb6be7d1ba173c59e304d57afb03ed64b55d1e', operation='UPDATE', pgid='pgtrigger_update_update_217c6', table='recruitment_reservedshare', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='reservedshare',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_reservedshareevent" ("category", "competition_id", "id", "percent", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."category", OLD."competition_id", OLD."id", OLD."percent", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='b99467254fb5e9b56c3d9aa03398badea4281a41', operation='DELETE', pgid='pgtrigger_delete_delete_d0f38', table='recruitment_reservedshare', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='postline',
                constraint=models.CheckConstraint(condition=models.Q(('max_age__gte', models.F('min_age'))), name='postline_age_limits_in_order', violation_error_message='The maximum age is below the minimum age.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='postline',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_postlineevent" ("competition_id", "diplomas", "diplomas_ar", "diplomas_fr", "grade_id", "id", "max_age", "min_age", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "posts", "published_grade", "published_specialties") VALUES (NEW."competition_id", NEW."diplomas", NEW."diplomas_ar", NEW."diplomas_fr", NEW."grade_id", NEW."id", NEW."max_age", NEW."min_age", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."posts", NEW."published_grade", NEW."published_specialties"); RETURN NULL;', hash='f0328d7f81980fcc8b025d7da86bf3dbdde6a4d7', operation='INSERT', pgid='pgtrigger_insert_insert_8c0c1', table='recruitment_postline', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='postline',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "recruitment_postlineevent" ("competition_id", "diplomas", "diplomas_ar", "diplomas_fr", "grade_id", "id", "max_age", "min_age", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "posts", "published_grade", "published_specialties") VALUES (NEW."competition_id", NEW."diplomas", NEW."diplomas_ar", NEW."diplomas_fr", NEW."grade_id", NEW."id", NEW."max_age", NEW."min_age", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."posts", NEW."published_grade", NEW."published_specialties"); RETURN NULL;', hash='acf5127f0cc230c42ca438c16133ff18ec2a0b53', operation='UPDATE', pgid='pgtrigger_update_update_f0301', table='recruitment_postline', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='postline',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_postlineevent" ("competition_id", "diplomas", "diplomas_ar", "diplomas_fr", "grade_id", "id", "max_age", "min_age", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "posts", "published_grade", "published_specialties") VALUES (OLD."competition_id", OLD."diplomas", OLD."diplomas_ar", OLD."diplomas_fr", OLD."grade_id", OLD."id", OLD."max_age", OLD."min_age", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."posts", OLD."published_grade", OLD."published_specialties"); RETURN NULL;', hash='bf14c5d92195ca17e5a8f01d11581fe7c2ec756a', operation='DELETE', pgid='pgtrigger_delete_delete_dbac6', table='recruitment_postline', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='application',
                index=models.Index(fields=['competition', 'eligibility'], name='application_elig_idx'),
            ),
            migrations.AddIndex(
                model_name='application',
                index=models.Index(condition=models.Q(('confirmed_at__isnull', True)), fields=['confirmation_key'], name='application_confirm_key_idx'),
            ),
            migrations.AddConstraint(
                model_name='application',
                constraint=models.UniqueConstraint(condition=models.Q(('confirmed_at__isnull', False), ('status', 'submitted')), fields=('competition', 'cin'), name='application_one_per_cin', violation_error_message='An application with this CIN has already been received for this competition.'),
            ),
            migrations.AddConstraint(
                model_name='application',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('eligibility', 'rejected'), _negated=True), models.Q(('rejection_reason', ''), _negated=True), _connector='OR'), name='application_rejection_has_reason', violation_error_message='Give the reason for the rejection.'),
            ),
            migrations.AddConstraint(
                model_name='application',
                constraint=models.CheckConstraint(condition=models.Q(('confirmed_at__isnull', False), ('confirmation_deadline__isnull', False), _connector='OR'), name='application_unconfirmed_expires', violation_error_message='An unconfirmed application needs its deadline.'),
            ),
            migrations.AddConstraint(
                model_name='application',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'voided'), _negated=True), models.Q(models.Q(('void_reason', ''), _negated=True), ('voided_at__isnull', False)), _connector='OR'), name='application_void_has_reason', violation_error_message='Give the reason for voiding the application.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='application',
                trigger=pgtrigger.compiler.Trigger(name='marks_frozen_after_results', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."called_to_oral" IS DISTINCT FROM (NEW."called_to_oral") OR OLD."final_mark" IS DISTINCT FROM (NEW."final_mark") OR OLD."oral_mark" IS DISTINCT FROM (NEW."oral_mark") OR OLD."oral_present" IS DISTINCT FROM (NEW."oral_present") OR OLD."rank" IS DISTINCT FROM (NEW."rank") OR OLD."result" IS DISTINCT FROM (NEW."result") OR OLD."seat_category" IS DISTINCT FROM (NEW."seat_category") OR OLD."written_mark" IS DISTINCT FROM (NEW."written_mark") OR OLD."written_present" IS DISTINCT FROM (NEW."written_present"))', func="\n            IF EXISTS (\n                SELECT 1 FROM recruitment_competition\n                WHERE id = OLD.competition_id AND status IN ('results', 'archived')\n            ) THEN\n                RAISE EXCEPTION 'marks_frozen_after_results: the results of competition % are '\n                    'published; marks and ranking can no longer change', OLD.competition_id\n                    USING ERRCODE = 'integrity_constraint_violation';\n            END IF;\n            RETURN NEW;\n        ", hash='28838890ece709907a0e157a525583fb8d4f9c62', operation='UPDATE', pgid='pgtrigger_marks_frozen_after_results_b3ce3', table='recruitment_application', when='BEFORE')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='application',
                trigger=pgtrigger.compiler.Trigger(name='applications_kept_after_results', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.confirmed_at IS NOT NULL)', func="\n            IF EXISTS (\n                SELECT 1 FROM recruitment_competition\n                WHERE id = OLD.competition_id AND status IN ('results', 'archived')\n            ) THEN\n                RAISE EXCEPTION 'applications_kept_after_results: the results of competition '\n                    '% are published; its applications can no longer be deleted',\n                    OLD.competition_id\n                    USING ERRCODE = 'integrity_constraint_violation';\n            END IF;\n            RETURN OLD;\n        ", hash='6de6735475f1d40016ec1ac9c826245ae13c3ea3', operation='DELETE', pgid='pgtrigger_applications_kept_after_results_2440f', table='recruitment_application', when='BEFORE')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='application',
                trigger=pgtrigger.compiler.Trigger(name='applications_stay_received_after_results', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.confirmed_at IS NOT NULL AND (NEW.confirmed_at IS NULL OR NEW.competition_id IS DISTINCT FROM OLD.competition_id))', func="\n            IF EXISTS (\n                SELECT 1 FROM recruitment_competition\n                WHERE id = OLD.competition_id AND status IN ('results', 'archived')\n            ) THEN\n                RAISE EXCEPTION 'applications_kept_after_results: the results of competition '\n                    '% are published; its applications stay in its record', OLD.competition_id\n                    USING ERRCODE = 'integrity_constraint_violation';\n            END IF;\n            RETURN NEW;\n        ", hash='a3acab1b84ce54867598fc3f5a134752918d017f', operation='UPDATE', pgid='pgtrigger_applications_stay_received_after_results_7557f', table='recruitment_application', when='BEFORE')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='application',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_applicationevent" ("accommodation_details", "accommodation_requested", "birth_date", "called_to_oral", "category", "channel", "cin", "competition_id", "confirmation_deadline", "confirmation_key", "confirmed_at", "diploma", "eligibility", "email", "final_mark", "first_name_ar", "first_name_lat", "id", "last_name_ar", "last_name_lat", "oral_mark", "oral_present", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "post_line_id", "province_id", "rank", "receipt_number", "rejection_note", "rejection_reason", "result", "seat_category", "sex", "specialty_id", "status", "submitted_at", "void_note", "void_reason", "voided_at", "voided_by_id", "withdrawn_at", "written_mark", "written_present") VALUES (NEW."accommodation_details", NEW."accommodation_requested", NEW."birth_date", NEW."called_to_oral", NEW."category", NEW."channel", NEW."cin", NEW."competition_id", NEW."confirmation_deadline", NEW."confirmation_key", NEW."confirmed_at", NEW."diploma", NEW."eligibility", NEW."email", NEW."final_mark", NEW."first_name_ar", NEW."first_name_lat", NEW."id", NEW."last_name_ar", NEW."last_name_lat", NEW."oral_mark", NEW."oral_present", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."post_line_id", NEW."province_id", NEW."rank", NEW."receipt_number", NEW."rejection_note", NEW."rejection_reason", NEW."result", NEW."seat_category", NEW."sex", NEW."specialty_id", NEW."status", NEW."submitted_at", NEW."void_note", NEW."void_reason", NEW."voided_at", NEW."voided_by_id", NEW."withdrawn_at", NEW."written_mark", NEW."written_present"); RETURN NULL;', hash='2789595d367b1fcbf342b9b8b2c484ecc17537a4', operation='INSERT', pgid='pgtrigger_insert_insert_9999e', table='recruitment_application', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='application',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "recruitment_applicationevent" ("accommodation_details", "accommodation_requested", "birth_date", "called_to_oral", "category", "channel", "cin", "competition_id", "confirmation_deadline", "confirmation_key", "confirmed_at", "diploma", "eligibility", "email", "final_mark", "first_name_ar", "first_name_lat", "id", "last_name_ar", "last_name_lat", "oral_mark", "oral_present", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "post_line_id", "province_id", "rank", "receipt_number", "rejection_note", "rejection_reason", "result", "seat_category", "sex", "specialty_id", "status", "submitted_at", "void_note", "void_reason", "voided_at", "voided_by_id", "withdrawn_at", "written_mark", "written_present") VALUES (NEW."accommodation_details", NEW."accommodation_requested", NEW."birth_date", NEW."called_to_oral", NEW."category", NEW."channel", NEW."cin", NEW."competition_id", NEW."confirmation_deadline", NEW."confirmation_key", NEW."confirmed_at", NEW."diploma", NEW."eligibility", NEW."email", NEW."final_mark", NEW."first_name_ar", NEW."first_name_lat", NEW."id", NEW."last_name_ar", NEW."last_name_lat", NEW."oral_mark", NEW."oral_present", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."post_line_id", NEW."province_id", NEW."rank", NEW."receipt_number", NEW."rejection_note", NEW."rejection_reason", NEW."result", NEW."seat_category", NEW."sex", NEW."specialty_id", NEW."status", NEW."submitted_at", NEW."void_note", NEW."void_reason", NEW."voided_at", NEW."voided_by_id", NEW."withdrawn_at", NEW."written_mark", NEW."written_present"); RETURN NULL;', hash='6e1236b6af63c33cf79b7374eb291793e35ee916', operation='UPDATE', pgid='pgtrigger_update_update_70c96', table='recruitment_application', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='application',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "recruitment_applicationevent" ("accommodation_details", "accommodation_requested", "birth_date", "called_to_oral", "category", "channel", "cin", "competition_id", "confirmation_deadline", "confirmation_key", "confirmed_at", "diploma", "eligibility", "email", "final_mark", "first_name_ar", "first_name_lat", "id", "last_name_ar", "last_name_lat", "oral_mark", "oral_present", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "post_line_id", "province_id", "rank", "receipt_number", "rejection_note", "rejection_reason", "result", "seat_category", "sex", "specialty_id", "status", "submitted_at", "void_note", "void_reason", "voided_at", "voided_by_id", "withdrawn_at", "written_mark", "written_present") VALUES (OLD."accommodation_details", OLD."accommodation_requested", OLD."birth_date", OLD."called_to_oral", OLD."category", OLD."channel", OLD."cin", OLD."competition_id", OLD."confirmation_deadline", OLD."confirmation_key", OLD."confirmed_at", OLD."diploma", OLD."eligibility", OLD."email", OLD."final_mark", OLD."first_name_ar", OLD."first_name_lat", OLD."id", OLD."last_name_ar", OLD."last_name_lat", OLD."oral_mark", OLD."oral_present", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."post_line_id", OLD."province_id", OLD."rank", OLD."receipt_number", OLD."rejection_note", OLD."rejection_reason", OLD."result", OLD."seat_category", OLD."sex", OLD."specialty_id", OLD."status", OLD."submitted_at", OLD."void_note", OLD."void_reason", OLD."voided_at", OLD."voided_by_id", OLD."withdrawn_at", OLD."written_mark", OLD."written_present"); RETURN NULL;', hash='967ede4b07eab1819c7d2eb935129fa292968678', operation='DELETE', pgid='pgtrigger_delete_delete_0b509', table='recruitment_application', when='AFTER')),
            ),
        ]),
        *ran('recruitment', '0002_reference'),
        *ran('recruitment', '0005_administrator_scales_and_published_posts'),
    ]
