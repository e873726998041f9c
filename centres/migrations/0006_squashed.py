"""centres's models as they are, part 1 of 2: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import entraide.fields
import entraide.search
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('entraide', '0003_alter_accessevent_path'),
        ('entraide', '0004_importjob'),
        ('entraide', '0005_ratecounter'),
    ]

    dependencies = [
        ('entraide', '0015_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivityGroupLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sex', models.CharField(choices=[('F', 'female'), ('M', 'male')], max_length=1, verbose_name='sex')),
                ('age_band', models.CharField(blank=True, choices=[('0-5', 'under 6'), ('6-17', '6 to 17'), ('18-59', '18 to 59'), ('60+', '60 and over')], max_length=5, verbose_name='age band')),
                ('people', models.PositiveIntegerField(verbose_name='people')),
            ],
            options={
                'verbose_name': 'activity line by target group',
                'verbose_name_plural': 'activity lines by target group',
                'ordering': ['target_group', 'sex', 'age_band'],
            },
        ),
        migrations.CreateModel(
            name='ActivityLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sex', models.CharField(choices=[('F', 'female'), ('M', 'male')], max_length=1, verbose_name='sex')),
                ('age_band', models.CharField(choices=[('0-5', 'under 6'), ('6-17', '6 to 17'), ('18-59', '18 to 59'), ('60+', '60 and over')], max_length=5, verbose_name='age band')),
                ('people', models.PositiveIntegerField(verbose_name='people')),
            ],
            options={
                'verbose_name': 'activity line',
                'verbose_name_plural': 'activity lines',
                'ordering': ['service', 'sex', 'age_band'],
            },
        ),
        migrations.CreateModel(
            name='Centre',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=30, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z0-9][A-Z0-9-]*$', 'Use capital letters, digits and hyphens.')], verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('commune', entraide.fields.CleanCharField(blank=True, max_length=120, verbose_name='commune')),
                ('address', entraide.fields.CleanCharField(blank=True, max_length=255, verbose_name='address')),
                ('latitude', models.DecimalField(blank=True, decimal_places=6, max_digits=8, null=True, verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='longitude')),
                ('phone', entraide.fields.PhoneField(blank=True, max_length=20, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('management_mode', models.CharField(choices=[('en', 'run by Entraide Nationale'), ('association', 'run by a partner association'), ('joint', 'run jointly')], default='en', max_length=12, verbose_name='management')),
                ('status', models.CharField(choices=[('planned', 'planned'), ('under_construction', 'under construction'), ('open', 'open'), ('temporarily_closed', 'temporarily closed'), ('closed', 'closed')], default='open', max_length=20, verbose_name='status')),
                ('status_date', models.DateField(default=django.utils.timezone.localdate, help_text='The date of this status.', verbose_name='status since')),
                ('opened_on', models.DateField(blank=True, null=True, verbose_name='opened on')),
                ('capacity', models.PositiveIntegerField(blank=True, null=True, verbose_name='capacity')),
                ('capacity_unit', models.CharField(blank=True, choices=[('places', 'places'), ('beds', 'beds'), ('trainees', 'trainees'), ('children', 'children')], max_length=10, verbose_name='capacity counted in')),
                ('staff_count', models.PositiveSmallIntegerField(default=0, verbose_name='staff')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('search_text', models.GeneratedField(db_persist=True, expression=entraide.search.Folded(django.db.models.functions.text.Concat('code', models.Value(' '), 'name_ar', models.Value(' '), 'name_fr', output_field=models.TextField())), output_field=models.TextField())),
            ],
            options={
                'verbose_name': 'centre',
                'verbose_name_plural': 'centres',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='CentreEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.CharField(max_length=30, validators=[django.core.validators.RegexValidator('^[A-Z0-9][A-Z0-9-]*$', 'Use capital letters, digits and hyphens.')], verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('commune', entraide.fields.CleanCharField(blank=True, max_length=120, verbose_name='commune')),
                ('address', entraide.fields.CleanCharField(blank=True, max_length=255, verbose_name='address')),
                ('latitude', models.DecimalField(blank=True, decimal_places=6, max_digits=8, null=True, verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='longitude')),
                ('phone', entraide.fields.PhoneField(blank=True, max_length=20, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('management_mode', models.CharField(choices=[('en', 'run by Entraide Nationale'), ('association', 'run by a partner association'), ('joint', 'run jointly')], default='en', max_length=12, verbose_name='management')),
                ('status', models.CharField(choices=[('planned', 'planned'), ('under_construction', 'under construction'), ('open', 'open'), ('temporarily_closed', 'temporarily closed'), ('closed', 'closed')], default='open', max_length=20, verbose_name='status')),
                ('status_date', models.DateField(default=django.utils.timezone.localdate, help_text='The date of this status.', verbose_name='status since')),
                ('opened_on', models.DateField(blank=True, null=True, verbose_name='opened on')),
                ('capacity', models.PositiveIntegerField(blank=True, null=True, verbose_name='capacity')),
                ('capacity_unit', models.CharField(blank=True, choices=[('places', 'places'), ('beds', 'beds'), ('trainees', 'trainees'), ('children', 'children')], max_length=10, verbose_name='capacity counted in')),
                ('staff_count', models.PositiveSmallIntegerField(default=0, verbose_name='staff')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CentreType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('family', models.CharField(choices=[('social_assistance', 'social assistance'), ('social_insertion', 'social insertion'), ('social_animation', 'social animation')], max_length=20, verbose_name='family')),
                ('capacity_unit', models.CharField(choices=[('places', 'places'), ('beds', 'beds'), ('trainees', 'trainees'), ('children', 'children')], default='places', max_length=10, verbose_name='capacity counted in')),
            ],
            options={
                'verbose_name': 'centre type',
                'verbose_name_plural': 'centre types',
                'ordering': ['position', 'code'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CentreTypeEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.SlugField(db_index=False, max_length=40, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('family', models.CharField(choices=[('social_assistance', 'social assistance'), ('social_insertion', 'social insertion'), ('social_animation', 'social animation')], max_length=20, verbose_name='family')),
                ('capacity_unit', models.CharField(choices=[('places', 'places'), ('beds', 'beds'), ('trainees', 'trainees'), ('children', 'children')], default='places', max_length=10, verbose_name='capacity counted in')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='MonthlyActivity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text='The first day of the month.', verbose_name='month')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('validated', 'validated')], default='draft', max_length=10, verbose_name='status')),
                ('people_served', models.PositiveIntegerField(default=0, help_text='Distinct people served during the month.', verbose_name='people served')),
                ('new_entries', models.PositiveIntegerField(default=0, verbose_name='new entries')),
                ('exits', models.PositiveIntegerField(default=0, verbose_name='exits')),
                ('sessions_held', models.PositiveIntegerField(default=0, verbose_name='sessions held')),
                ('over_capacity_note', entraide.fields.CleanTextField(blank=True, verbose_name='explanation of figures above capacity')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                ('validated_at', models.DateTimeField(blank=True, null=True, verbose_name='validated')),
                ('reopen_reason', entraide.fields.CleanTextField(blank=True, verbose_name='reason for reopening')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'verbose_name': 'monthly activity',
                'verbose_name_plural': 'monthly activities',
                'ordering': ['-month', 'centre'],
                'permissions': [('validate_monthlyactivity', 'Can validate and reopen a month')],
            },
        ),
        migrations.CreateModel(
            name='MonthlyActivityEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('month', models.DateField(help_text='The first day of the month.', verbose_name='month')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('validated', 'validated')], default='draft', max_length=10, verbose_name='status')),
                ('people_served', models.PositiveIntegerField(default=0, help_text='Distinct people served during the month.', verbose_name='people served')),
                ('new_entries', models.PositiveIntegerField(default=0, verbose_name='new entries')),
                ('exits', models.PositiveIntegerField(default=0, verbose_name='exits')),
                ('sessions_held', models.PositiveIntegerField(default=0, verbose_name='sessions held')),
                ('over_capacity_note', entraide.fields.CleanTextField(blank=True, verbose_name='explanation of figures above capacity')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                ('validated_at', models.DateTimeField(blank=True, null=True, verbose_name='validated')),
                ('reopen_reason', entraide.fields.CleanTextField(blank=True, verbose_name='reason for reopening')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('urgent_response_hours', models.PositiveSmallIntegerField(db_default=24, default=24, validators=[django.core.validators.MinValueValidator(1)], verbose_name='answer to an urgent referral within (hours)')),
                ('response_days', models.PositiveSmallIntegerField(db_default=7, default=7, validators=[django.core.validators.MinValueValidator(1)], verbose_name='answer to a referral within (days)')),
            ],
            options={
                'verbose_name': 'service',
                'verbose_name_plural': 'services',
                'ordering': ['position', 'code'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ServiceEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.SlugField(db_index=False, max_length=40, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('urgent_response_hours', models.PositiveSmallIntegerField(db_default=24, default=24, validators=[django.core.validators.MinValueValidator(1)], verbose_name='answer to an urgent referral within (hours)')),
                ('response_days', models.PositiveSmallIntegerField(db_default=7, default=7, validators=[django.core.validators.MinValueValidator(1)], verbose_name='answer to a referral within (days)')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TargetGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'verbose_name': 'target group',
                'verbose_name_plural': 'target groups',
                'ordering': ['position', 'code'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TargetGroupEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.SlugField(db_index=False, max_length=40, verbose_name='code')),
                ('name', entraide.fields.CleanCharField(max_length=200, verbose_name='name')),
                ('name_ar', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('name_fr', entraide.fields.CleanCharField(max_length=200, null=True, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ActivityGroupLineEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('sex', models.CharField(choices=[('F', 'female'), ('M', 'male')], max_length=1, verbose_name='sex')),
                ('age_band', models.CharField(blank=True, choices=[('0-5', 'under 6'), ('6-17', '6 to 17'), ('18-59', '18 to 59'), ('60+', '60 and over')], max_length=5, verbose_name='age band')),
                ('people', models.PositiveIntegerField(verbose_name='people')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='centres.activitygroupline')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ActivityLineEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('sex', models.CharField(choices=[('F', 'female'), ('M', 'male')], max_length=1, verbose_name='sex')),
                ('age_band', models.CharField(choices=[('0-5', 'under 6'), ('6-17', '6 to 17'), ('18-59', '18 to 59'), ('60+', '60 and over')], max_length=5, verbose_name='age band')),
                ('people', models.PositiveIntegerField(verbose_name='people')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='centres.activityline')),
            ],
            options={
                'abstract': False,
            },
        ),
    ]
