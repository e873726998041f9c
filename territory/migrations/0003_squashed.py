"""territory's models as they are, part 1 of 1: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.db.models.deletion
import entraide.fields
import pgtrigger.compiler
import pgtrigger.migrations
from entraide.squash import Together
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('beneficiaries', '0003_newest_index'),
        ('beneficiaries', '0004_clean_text_fields'),
        ('beneficiaries', '0005_cin_message_says_no_more'),
    ]

    dependencies = [
        ('entraide', '0015_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
    ]

    operations = [
        migrations.CreateModel(
            name='Province',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=8, unique=True, verbose_name='code')),
                ('kind', models.CharField(choices=[('province', 'province'), ('prefecture', 'prefecture')], max_length=12, verbose_name='kind')),
                ('name', entraide.fields.CleanCharField(max_length=120, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=120, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=120, null=True, verbose_name='name')),
            ],
            options={
                'verbose_name': 'province or prefecture',
                'verbose_name_plural': 'provinces and prefectures',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Region',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=8, unique=True, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=120, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=120, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=120, null=True, verbose_name='name')),
            ],
            options={
                'verbose_name': 'region',
                'verbose_name_plural': 'regions',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='RegionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.CharField(max_length=8, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=120, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=120, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=120, null=True, verbose_name='name')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='OrgUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('path', models.CharField(max_length=255, unique=True)),
                ('depth', models.PositiveIntegerField()),
                ('numchild', models.PositiveIntegerField(default=0)),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('kind', models.CharField(choices=[('direction', 'direction'), ('sub_directorate', 'sub-directorate'), ('division', 'division'), ('service', 'service'), ('inspectorate', 'inspectorate'), ('inspection_team', 'inspection team'), ('coordination', 'regional coordination'), ('delegation', 'provincial delegation')], max_length=20, verbose_name='kind')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('provinces', models.ManyToManyField(blank=True, related_name='delegations', to='territory.province', verbose_name='provinces covered')),
                ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='coordinations', to='territory.region', verbose_name='region covered')),
            ],
            options={
                'verbose_name': 'organisational unit',
                'verbose_name_plural': 'organisational units',
            },
        ),
        migrations.CreateModel(
            name='ProvinceEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.CharField(max_length=8, verbose_name='code')),
                ('kind', models.CharField(choices=[('province', 'province'), ('prefecture', 'prefecture')], max_length=12, verbose_name='kind')),
                ('name', entraide.fields.CleanCharField(max_length=120, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=120, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=120, null=True, verbose_name='name')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='territory.province')),
                ('region', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.region', verbose_name='region')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='province',
            name='region',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='provinces', to='territory.region', verbose_name='region'),
        ),
        migrations.CreateModel(
            name='OrgUnitEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('path', models.CharField(max_length=255)),
                ('depth', models.PositiveIntegerField()),
                ('numchild', models.PositiveIntegerField(default=0)),
                ('code', models.SlugField(db_index=False, max_length=40, verbose_name='code')),
                ('kind', models.CharField(choices=[('direction', 'direction'), ('sub_directorate', 'sub-directorate'), ('division', 'division'), ('service', 'service'), ('inspectorate', 'inspectorate'), ('inspection_team', 'inspection team'), ('coordination', 'regional coordination'), ('delegation', 'provincial delegation')], max_length=20, verbose_name='kind')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='territory.orgunit')),
                ('region', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='territory.region', verbose_name='region covered')),
            ],
            options={
                'abstract': False,
            },
        ),
        Together([
            pgtrigger.migrations.AddTrigger(
                model_name='region',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "territory_regionevent" ("code", "id", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."code", NEW."id", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='ecf12492c3b7f7021a5278651d1c39ff364736f9', operation='INSERT', pgid='pgtrigger_insert_insert_29a5b', table='territory_region', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='region',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "territory_regionevent" ("code", "id", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."code", NEW."id", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='7670f175068d379e09ea320e7b8ba1513f70e976', operation='UPDATE', pgid='pgtrigger_update_update_2cc2b', table='territory_region', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='region',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "territory_regionevent" ("code", "id", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."code", OLD."id", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='d110c13dba4e0e70f7d59dfe9e44d553b180c9b7', operation='DELETE', pgid='pgtrigger_delete_delete_005eb', table='territory_region', when='AFTER')),
            ),
            migrations.AddField(
                model_name='regionevent',
                name='pgh_context',
                field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
            ),
            migrations.AddField(
                model_name='regionevent',
                name='pgh_obj',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='territory.region'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='province',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "territory_provinceevent" ("code", "id", "kind", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id") VALUES (NEW."code", NEW."id", NEW."kind", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."region_id"); RETURN NULL;', hash='85cf12f6f488c35acfc78dee1e6602f28200ed46', operation='INSERT', pgid='pgtrigger_insert_insert_6dd7b', table='territory_province', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='province',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "territory_provinceevent" ("code", "id", "kind", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id") VALUES (NEW."code", NEW."id", NEW."kind", NEW."name", NEW."name_ar", NEW."name_fr", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."region_id"); RETURN NULL;', hash='6e54cc36948078831c3e66394087187522a1e529', operation='UPDATE', pgid='pgtrigger_update_update_fc928', table='territory_province', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='province',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "territory_provinceevent" ("code", "id", "kind", "name", "name_ar", "name_fr", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id") VALUES (OLD."code", OLD."id", OLD."kind", OLD."name", OLD."name_ar", OLD."name_fr", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."region_id"); RETURN NULL;', hash='653d6332729b1dcd2726b427074fa12533efc005', operation='DELETE', pgid='pgtrigger_delete_delete_f9df3', table='territory_province', when='AFTER')),
            ),
            migrations.AddIndex(
                model_name='orgunit',
                index=models.Index(fields=['path'], name='orgunit_path_prefix_idx', opclasses=['varchar_pattern_ops']),
            ),
            migrations.AddConstraint(
                model_name='orgunit',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'coordination'), _negated=True), ('region__isnull', False), _connector='OR'), name='orgunit_coordination_has_region', violation_error_message='A regional coordination must cover a region.'),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='orgunit',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "territory_orgunitevent" ("code", "depth", "id", "is_active", "kind", "name", "name_ar", "name_fr", "numchild", "path", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id") VALUES (NEW."code", NEW."depth", NEW."id", NEW."is_active", NEW."kind", NEW."name", NEW."name_ar", NEW."name_fr", NEW."numchild", NEW."path", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."region_id"); RETURN NULL;', hash='7d0e893cc43f2788a2f8c60f6c600acd71c252c9', operation='INSERT', pgid='pgtrigger_insert_insert_e94f3', table='territory_orgunit', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='orgunit',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "territory_orgunitevent" ("code", "depth", "id", "is_active", "kind", "name", "name_ar", "name_fr", "numchild", "path", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id") VALUES (NEW."code", NEW."depth", NEW."id", NEW."is_active", NEW."kind", NEW."name", NEW."name_ar", NEW."name_fr", NEW."numchild", NEW."path", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."region_id"); RETURN NULL;', hash='fb742820afb2cee529e6f3f1201ae1b8ed053b85', operation='UPDATE', pgid='pgtrigger_update_update_ae0a8', table='territory_orgunit', when='AFTER')),
            ),
            pgtrigger.migrations.AddTrigger(
                model_name='orgunit',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "territory_orgunitevent" ("code", "depth", "id", "is_active", "kind", "name", "name_ar", "name_fr", "numchild", "path", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id") VALUES (OLD."code", OLD."depth", OLD."id", OLD."is_active", OLD."kind", OLD."name", OLD."name_ar", OLD."name_fr", OLD."numchild", OLD."path", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."region_id"); RETURN NULL;', hash='3267b44b9f7fbeabe4638868a39a2a2e571f4e2c', operation='DELETE', pgid='pgtrigger_delete_delete_c78a3', table='territory_orgunit', when='AFTER')),
            ),
        ]),
]
