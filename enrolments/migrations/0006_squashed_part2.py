"""enrolments's models as they are, part 2 of 2: the squash of the history (entraide/squash.py).
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
        ('centres', '0005_history_without_computed_columns'),
        ('enrolments', '0001_initial'),
        ('enrolments', '0002_month_corrections'),
    ]

    dependencies = [
        ('centres', '0006_squashed'),
        ('enrolments', '0005_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='monthcorrection',
                name='by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
            ),
            migrations.AddField(
                model_name='monthcorrection',
                name='target_group',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='centres.targetgroup', verbose_name='target group'),
            ),
            migrations.AddField(
                model_name='monthcorrectionevent',
                name='activity',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.monthlyactivity', verbose_name='month'),
            ),
            migrations.AddField(
                model_name='monthcorrectionevent',
                name='by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
            ),
            migrations.AddField(
                model_name='monthcorrectionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='monthcorrectionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='enrolments.monthcorrection'),
            ),
            migrations.AddField(
                model_name='monthcorrectionevent',
                name='target_group',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.targetgroup', verbose_name='target group'),
            ),
            migrations.AddField(
                model_name='rollcall',
                name='taken_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='taken by'),
            ),
            migrations.AddField(
                model_name='attendanceevent',
                name='roll_call',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='enrolments.rollcall', verbose_name='roll-call'),
            ),
            migrations.AddField(
                model_name='attendance',
                name='roll_call',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='marks', to='enrolments.rollcall', verbose_name='roll-call'),
            ),
            migrations.AddField(
                model_name='rollcallevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='rollcallevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='enrolments.rollcall'),
            ),
            migrations.AddField(
                model_name='rollcallevent',
                name='taken_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='taken by'),
            ),
            migrations.AddField(
                model_name='section',
                name='centre',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sections', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='section',
                name='priority_groups',
                field=models.ManyToManyField(blank=True, help_text='People of these groups come first on the waiting list.', related_name='priority_sections', to='centres.targetgroup', verbose_name='target groups served first'),
            ),
            migrations.AddField(
                model_name='rollcallevent',
                name='section',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='enrolments.section', verbose_name='section'),
            ),
            migrations.AddField(
                model_name='rollcall',
                name='section',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='roll_calls', to='enrolments.section', verbose_name='section'),
            ),
            migrations.AddField(
                model_name='enrolmentevent',
                name='section',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='enrolments.section', verbose_name='section'),
            ),
            migrations.AddField(
                model_name='enrolment',
                name='section',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='enrolments.section', verbose_name='section'),
            ),
            migrations.AddField(
                model_name='sectionevent',
                name='centre',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='sectionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='sectionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='enrolments.section'),
            ),
            migrations.AddField(
                model_name='waitinglistchange',
                name='by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
            ),
            migrations.AddField(
                model_name='waitinglistchange',
                name='enrolment',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='list_changes', to='enrolments.enrolment', verbose_name='enrolment'),
            ),
            migrations.AddConstraint(
                model_name='monthcorrection',
                constraint=models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='monthcorrection_has_a_reason', violation_error_message='Say why the figure is corrected.'),
            ),
            migrations.AddConstraint(
                model_name='monthcorrection',
                constraint=models.CheckConstraint(condition=models.Q(('figure', 'cell'), models.Q(('age_band', ''), ('sex', ''), ('target_group__isnull', True)), _connector='OR'), name='monthcorrection_cell_only_for_cells', violation_error_message='Only a cell of the table has a group, sex and band.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='monthcorrection',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_monthcorrectionevent" ("activity_id", "age_band", "at", "by_id", "computed", "corrected", "figure", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "sex", "target_group_id") VALUES (NEW."activity_id", NEW."age_band", NEW."at", NEW."by_id", NEW."computed", NEW."corrected", NEW."figure", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason", NEW."sex", NEW."target_group_id"); RETURN NULL;', hash='291cdf07a867acad1efb3c6a39e1a480985024a8', operation='INSERT', pgid='pgtrigger_insert_insert_270b9', table='enrolments_monthcorrection', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='monthcorrection',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "enrolments_monthcorrectionevent" ("activity_id", "age_band", "at", "by_id", "computed", "corrected", "figure", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "sex", "target_group_id") VALUES (NEW."activity_id", NEW."age_band", NEW."at", NEW."by_id", NEW."computed", NEW."corrected", NEW."figure", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason", NEW."sex", NEW."target_group_id"); RETURN NULL;', hash='a3f06fd7e79bcfb0b2f4752b9e39c01e9474bb20', operation='UPDATE', pgid='pgtrigger_update_update_00960', table='enrolments_monthcorrection', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='monthcorrection',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_monthcorrectionevent" ("activity_id", "age_band", "at", "by_id", "computed", "corrected", "figure", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "sex", "target_group_id") VALUES (OLD."activity_id", OLD."age_band", OLD."at", OLD."by_id", OLD."computed", OLD."corrected", OLD."figure", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reason", OLD."sex", OLD."target_group_id"); RETURN NULL;', hash='332cf258fdae0a8f647618495d1713aa998aad64', operation='DELETE', pgid='pgtrigger_delete_delete_2a7f4', table='enrolments_monthcorrection', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='attendance',
                index=models.Index(fields=['enrolment', 'roll_call'], name='attendance_person'),
            ),
            migrations.AddConstraint(
                model_name='attendance',
                constraint=models.UniqueConstraint(fields=('roll_call', 'enrolment'), name='attendance_one_per_person_and_roll_call', violation_error_message='This person is already marked.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='attendance',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_attendanceevent" ("enrolment_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "present", "roll_call_id") VALUES (NEW."enrolment_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."present", NEW."roll_call_id"); RETURN NULL;', hash='07dd50a82bf8eba41d2231c4bcd2a24e6087fa42', operation='INSERT', pgid='pgtrigger_insert_insert_0fcbd', table='enrolments_attendance', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='attendance',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "enrolments_attendanceevent" ("enrolment_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "present", "roll_call_id") VALUES (NEW."enrolment_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."present", NEW."roll_call_id"); RETURN NULL;', hash='a155026431056241b13d4bcdcf05d49d6f8b6639', operation='UPDATE', pgid='pgtrigger_update_update_ca65e', table='enrolments_attendance', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='attendance',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_attendanceevent" ("enrolment_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "present", "roll_call_id") VALUES (OLD."enrolment_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."present", OLD."roll_call_id"); RETURN NULL;', hash='9b0e0cba90c1e4fc2eefd24dc3e437fec29048db', operation='DELETE', pgid='pgtrigger_delete_delete_95d96', table='enrolments_attendance', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='section',
                constraint=models.UniqueConstraint(fields=('centre', 'name', 'starts_on'), name='section_one_name_per_centre_and_season', violation_error_message='The centre already has a section of this name.'),
            ),
            migrations.AddConstraint(
                model_name='section',
                constraint=models.CheckConstraint(condition=models.Q(('ends_on__gt', models.F('starts_on'))), name='section_season_ends_after_it_starts', violation_error_message='The season must end after it starts.'),
            ),
            migrations.AddConstraint(
                model_name='section',
                constraint=models.CheckConstraint(condition=models.Q(('taken__lte', models.F('places'))), name='section_never_overbooked', violation_error_message='The section has fewer places than the people admitted to it.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='section',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_sectionevent" ("absences_before_alert", "centre_id", "created_at", "delivers_certificate", "ends_on", "id", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "places", "starts_on", "taken", "updated_at") VALUES (NEW."absences_before_alert", NEW."centre_id", NEW."created_at", NEW."delivers_certificate", NEW."ends_on", NEW."id", NEW."kind", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."places", NEW."starts_on", NEW."taken", NEW."updated_at"); RETURN NULL;', hash='888391bf0ec7fee8626abff68c04b796adfbb2a5', operation='INSERT', pgid='pgtrigger_insert_insert_3c2ba', table='enrolments_section', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='section',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "enrolments_sectionevent" ("absences_before_alert", "centre_id", "created_at", "delivers_certificate", "ends_on", "id", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "places", "starts_on", "taken", "updated_at") VALUES (NEW."absences_before_alert", NEW."centre_id", NEW."created_at", NEW."delivers_certificate", NEW."ends_on", NEW."id", NEW."kind", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."places", NEW."starts_on", NEW."taken", NEW."updated_at"); RETURN NULL;', hash='84b0b2fb2c1eccadb90704c1a618938b445d45eb', operation='UPDATE', pgid='pgtrigger_update_update_e7783', table='enrolments_section', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='section',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_sectionevent" ("absences_before_alert", "centre_id", "created_at", "delivers_certificate", "ends_on", "id", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "places", "starts_on", "taken", "updated_at") VALUES (OLD."absences_before_alert", OLD."centre_id", OLD."created_at", OLD."delivers_certificate", OLD."ends_on", OLD."id", OLD."kind", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."places", OLD."starts_on", OLD."taken", OLD."updated_at"); RETURN NULL;', hash='8cbf7598b3782ca1f44750e4abc168f098a79774', operation='DELETE', pgid='pgtrigger_delete_delete_808e8', table='enrolments_section', when='AFTER')),
            ),
            migrations.AddConstraint(
                model_name='rollcall',
                constraint=models.UniqueConstraint(fields=('section', 'day'), name='rollcall_one_per_section_and_day', violation_error_message='The roll of this section was already called today.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='rollcall',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_rollcallevent" ("day", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "section_id", "taken_at", "taken_by_id") VALUES (NEW."day", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."section_id", NEW."taken_at", NEW."taken_by_id"); RETURN NULL;', hash='9406b4e3e5a73e823dc2658f192e676c2529826f', operation='INSERT', pgid='pgtrigger_insert_insert_ba1aa', table='enrolments_rollcall', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='rollcall',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "enrolments_rollcallevent" ("day", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "section_id", "taken_at", "taken_by_id") VALUES (NEW."day", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."section_id", NEW."taken_at", NEW."taken_by_id"); RETURN NULL;', hash='ad57d50a9a781dda470fc22455db8dbcef97b1b1', operation='UPDATE', pgid='pgtrigger_update_update_d9eef', table='enrolments_rollcall', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='rollcall',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_rollcallevent" ("day", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "section_id", "taken_at", "taken_by_id") VALUES (OLD."day", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."section_id", OLD."taken_at", OLD."taken_by_id"); RETURN NULL;', hash='ec65b5af6dd840496b245038dc2f2fa862217bba', operation='DELETE', pgid='pgtrigger_delete_delete_3fa18', table='enrolments_rollcall', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='enrolment',
                index=models.Index(condition=models.Q(('status', 'waiting')), fields=['section', '-priority_group', '-vulnerability', 'requested_on', 'id'], name='enrolment_waiting_list'),
            ),
            migrations.AddIndex(
                model_name='enrolment',
                index=models.Index(fields=['section', 'status'], name='enrolment_section_status'),
            ),
            migrations.AddIndex(
                model_name='enrolment',
                index=models.Index(condition=models.Q(('absences_in_a_row__gt', 0), ('status__in', ['admitted', 'active'])), fields=['section'], include=('absences_in_a_row',), name='enrolment_absent_idx'),
            ),
            migrations.AddConstraint(
                model_name='enrolment',
                constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['waiting', 'admitted', 'active'])), fields=('section', 'person'), name='enrolment_one_open_per_person_and_section', violation_error_message='This person is already listed in this section.'),
            ),
            migrations.AddConstraint(
                model_name='enrolment',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['admitted', 'active', 'left']), _negated=True), ('admitted_on__isnull', False), _connector='OR'), name='enrolment_placed_has_admission_date', violation_error_message='An admission has its date.'),
            ),
            migrations.AddConstraint(
                model_name='enrolment',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'left'), _negated=True), models.Q(('left_on__isnull', False), models.Q(('outcome', ''), _negated=True)), _connector='OR'), name='enrolment_left_has_date_and_outcome', violation_error_message='A person who leaves has a date and an outcome.'),
            ),
            migrations.AddConstraint(
                model_name='enrolment',
                constraint=models.CheckConstraint(condition=models.Q(('left_on__isnull', True), ('left_on__gte', models.F('admitted_on')), _connector='OR'), name='enrolment_leaves_after_admission', violation_error_message='One leaves after being admitted.'),
            ),
            migrations.AddConstraint(
                model_name='enrolment',
                constraint=models.CheckConstraint(condition=models.Q(('certificate_number__isnull', True), ('outcome', 'completed'), _connector='OR'), name='enrolment_certificate_only_when_completed', violation_error_message='A certificate is delivered to those who complete.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='enrolment',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_enrolmentevent" ("absences_in_a_row", "admitted_on", "certificate_code", "certificate_number", "created_at", "id", "left_on", "note", "outcome", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "priority_group", "requested_on", "section_id", "status", "target_group_id", "updated_at", "vulnerability") VALUES (NEW."absences_in_a_row", NEW."admitted_on", NEW."certificate_code", NEW."certificate_number", NEW."created_at", NEW."id", NEW."left_on", NEW."note", NEW."outcome", NEW."person_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."priority_group", NEW."requested_on", NEW."section_id", NEW."status", NEW."target_group_id", NEW."updated_at", NEW."vulnerability"); RETURN NULL;', hash='e34a507f39ea2c955ae325c90326349212d376a0', operation='INSERT', pgid='pgtrigger_insert_insert_6e883', table='enrolments_enrolment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='enrolment',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "enrolments_enrolmentevent" ("absences_in_a_row", "admitted_on", "certificate_code", "certificate_number", "created_at", "id", "left_on", "note", "outcome", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "priority_group", "requested_on", "section_id", "status", "target_group_id", "updated_at", "vulnerability") VALUES (NEW."absences_in_a_row", NEW."admitted_on", NEW."certificate_code", NEW."certificate_number", NEW."created_at", NEW."id", NEW."left_on", NEW."note", NEW."outcome", NEW."person_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."priority_group", NEW."requested_on", NEW."section_id", NEW."status", NEW."target_group_id", NEW."updated_at", NEW."vulnerability"); RETURN NULL;', hash='ddfff56519b2b1e2a37e5cd370283c7a5d362b71', operation='UPDATE', pgid='pgtrigger_update_update_0d2e6', table='enrolments_enrolment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='enrolment',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "enrolments_enrolmentevent" ("absences_in_a_row", "admitted_on", "certificate_code", "certificate_number", "created_at", "id", "left_on", "note", "outcome", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "priority_group", "requested_on", "section_id", "status", "target_group_id", "updated_at", "vulnerability") VALUES (OLD."absences_in_a_row", OLD."admitted_on", OLD."certificate_code", OLD."certificate_number", OLD."created_at", OLD."id", OLD."left_on", OLD."note", OLD."outcome", OLD."person_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."priority_group", OLD."requested_on", OLD."section_id", OLD."status", OLD."target_group_id", OLD."updated_at", OLD."vulnerability"); RETURN NULL;', hash='ec5d7f046cc91e8db42c9129c82b6e050af04d3b', operation='DELETE', pgid='pgtrigger_delete_delete_8da20', table='enrolments_enrolment', when='AFTER')),
            ),
        ]),
        *ran('enrolments', '0001_initial'),
    ]
