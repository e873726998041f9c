"""appointments's models as they are, part 3 of 3: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import appointments.models
import django.contrib.postgres.constraints
import django.db.models.deletion
import django.db.models.expressions
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('entraide', '0006_generated_report'),
        ('entraide', '0007_cache_table'),
        ('entraide', '0008_access_event_cin_refused'),
    ]

    dependencies = [
        ('appointments', '0003_squashed_part2'),
        ('beneficiaries', '0020_squashed'),
        ('centres', '0006_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        Together([
            migrations.AddField(
                model_name='appointment',
                name='booked_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='booked by'),
            ),
            migrations.AddField(
                model_name='appointment',
                name='case',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='appointment',
                name='centre',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='appointment',
                name='rebooked_from',
                field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rebooked_as', to='appointments.appointment', verbose_name='booked again after'),
            ),
            migrations.AddField(
                model_name='appointment',
                name='worker',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to=settings.AUTH_USER_MODEL, verbose_name='social worker'),
            ),
            migrations.AddField(
                model_name='appointmentevent',
                name='beneficiary',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='person'),
            ),
            migrations.AddField(
                model_name='appointmentevent',
                name='booked_by',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='booked by'),
            ),
            migrations.AddField(
                model_name='appointmentevent',
                name='case',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.casefile', verbose_name='case'),
            ),
            migrations.AddField(
                model_name='appointmentevent',
                name='centre',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.centre', verbose_name='centre'),
            ),
            migrations.AddField(
                model_name='appointmentevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='appointmentevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='appointments.appointment'),
            ),
            migrations.AddField(
                model_name='appointmentevent',
                name='rebooked_from',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='appointments.appointment', verbose_name='booked again after'),
            ),
            migrations.AddField(
                model_name='appointmentevent',
                name='worker',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='social worker'),
            ),
            migrations.AddIndex(
                model_name='appointment',
                index=models.Index(fields=['worker', 'starts_at'], name='appointment_agenda_idx'),
            ),
            migrations.AddIndex(
                model_name='appointment',
                index=models.Index(fields=['starts_at'], name='appointment_starts_idx'),
            ),
            migrations.AddConstraint(
                model_name='appointment',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('centre__isnull', False), ('place', 'centre')), models.Q(models.Q(('place', 'centre'), _negated=True), ('centre__isnull', True)), _connector='OR'), name='appointment_centre_when_at_a_centre', violation_error_message='Choose the centre for an appointment at a centre, and only then.'),
            ),
            migrations.AddConstraint(
                model_name='appointment',
                constraint=models.CheckConstraint(condition=models.Q(('ends_at', django.db.models.expressions.CombinedExpression(models.F('starts_at'), '+', models.Func(models.F('duration'), function='make_interval', output_field=models.DurationField(), template='%(function)s(mins => %(expressions)s)')))), name='appointment_ends_after_its_duration', violation_error_message='An appointment ends after its duration.'),
            ),
            migrations.AddConstraint(
                model_name='appointment',
                constraint=django.contrib.postgres.constraints.ExclusionConstraint(condition=models.Q(('state', 'booked')), expressions=[(models.F('worker'), '='), (appointments.models.TsTzRange('starts_at', 'ends_at'), '&&')], name='appointment_worker_no_overlap', violation_error_message='The social worker already has an appointment at that time.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='appointment',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "appointments_appointmentevent" ("beneficiary_id", "booked_by_id", "case_id", "centre_id", "created_at", "duration", "ends_at", "id", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place", "rebooked_from_id", "starts_at", "state", "updated_at", "worker_id") VALUES (NEW."beneficiary_id", NEW."booked_by_id", NEW."case_id", NEW."centre_id", NEW."created_at", NEW."duration", NEW."ends_at", NEW."id", NEW."notes", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."place", NEW."rebooked_from_id", NEW."starts_at", NEW."state", NEW."updated_at", NEW."worker_id"); RETURN NULL;', hash='b2396724ea118ae4b48c768751b198342814dd79', operation='INSERT', pgid='pgtrigger_insert_insert_30113', table='appointments_appointment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='appointment',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "appointments_appointmentevent" ("beneficiary_id", "booked_by_id", "case_id", "centre_id", "created_at", "duration", "ends_at", "id", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place", "rebooked_from_id", "starts_at", "state", "updated_at", "worker_id") VALUES (NEW."beneficiary_id", NEW."booked_by_id", NEW."case_id", NEW."centre_id", NEW."created_at", NEW."duration", NEW."ends_at", NEW."id", NEW."notes", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."place", NEW."rebooked_from_id", NEW."starts_at", NEW."state", NEW."updated_at", NEW."worker_id"); RETURN NULL;', hash='3531d4180ebafcc1882599288cd6e86d31fe105d', operation='UPDATE', pgid='pgtrigger_update_update_34af4', table='appointments_appointment', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='appointment',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "appointments_appointmentevent" ("beneficiary_id", "booked_by_id", "case_id", "centre_id", "created_at", "duration", "ends_at", "id", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place", "rebooked_from_id", "starts_at", "state", "updated_at", "worker_id") VALUES (OLD."beneficiary_id", OLD."booked_by_id", OLD."case_id", OLD."centre_id", OLD."created_at", OLD."duration", OLD."ends_at", OLD."id", OLD."notes", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."place", OLD."rebooked_from_id", OLD."starts_at", OLD."state", OLD."updated_at", OLD."worker_id"); RETURN NULL;', hash='9216ab69cb67edeac8f518645f1ba1ea8700e912', operation='DELETE', pgid='pgtrigger_delete_delete_d64e7', table='appointments_appointment', when='AFTER')),
            ),
        ]),
]
