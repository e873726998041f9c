"""enrolments's models as they are, part 1 of 2: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import entraide.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('beneficiaries', '0017_scope_indexes'),
        ('beneficiaries', '0018_report_date_indexes'),
        ('beneficiaries', '0019_beneficiary_age_idx'),
    ]

    dependencies = [
        ('entraide', '0015_squashed'),
        ('beneficiaries', '0020_squashed'),
        ('centres', '0006_squashed'),
        ('pghistory', '0007_auto_20250421_0444'),
    ]

    operations = [
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('present', models.BooleanField(verbose_name='present')),
            ],
            options={
                'verbose_name': 'attendance',
                'verbose_name_plural': 'attendances',
            },
        ),
        migrations.CreateModel(
            name='MonthCorrectionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('figure', models.CharField(choices=[('people_served', 'people served'), ('new_entries', 'new entries'), ('exits', 'exits'), ('sessions_held', 'sessions held'), ('cell', 'people served of a target group, sex and age band')], max_length=14, verbose_name='figure')),
                ('sex', models.CharField(blank=True, choices=[('F', 'female'), ('M', 'male')], max_length=1, verbose_name='sex')),
                ('age_band', models.CharField(blank=True, choices=[('0-5', 'under 6'), ('6-17', '6 to 17'), ('18-59', '18 to 59'), ('60+', '60 and over')], max_length=5, verbose_name='age band')),
                ('computed', models.PositiveIntegerField(verbose_name='computed from the register')),
                ('corrected', models.PositiveIntegerField(verbose_name='corrected to')),
                ('reason', entraide.fields.CleanTextField(verbose_name='reason')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='RollCall',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('taken_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='taken at')),
            ],
            options={
                'verbose_name': 'roll-call',
                'verbose_name_plural': 'roll-calls',
                'ordering': ['-day'],
            },
        ),
        migrations.CreateModel(
            name='RollCallEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('day', models.DateField(verbose_name='day')),
                ('taken_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='taken at')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Section',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', entraide.fields.CleanCharField(help_text='A trade, a class, a unit.', max_length=120, verbose_name='name')),
                ('kind', models.CharField(choices=[('training', 'training section'), ('class', 'kindergarten or school class'), ('residential', 'residential unit'), ('day_care', 'day-care group'), ('activity', 'activity group')], max_length=12, verbose_name='kind')),
                ('starts_on', models.DateField(verbose_name='season starts')),
                ('ends_on', models.DateField(verbose_name='season ends')),
                ('places', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(2000)], verbose_name='places')),
                ('taken', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='places taken')),
                ('absences_before_alert', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='absences in a row before the manager is told')),
                ('delivers_certificate', models.BooleanField(default=False, help_text='A training certificate for those who complete it.', verbose_name='delivers a certificate')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'verbose_name': 'section',
                'verbose_name_plural': 'sections',
                'ordering': ['centre', '-starts_on', 'name'],
            },
        ),
        migrations.CreateModel(
            name='SectionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('name', entraide.fields.CleanCharField(help_text='A trade, a class, a unit.', max_length=120, verbose_name='name')),
                ('kind', models.CharField(choices=[('training', 'training section'), ('class', 'kindergarten or school class'), ('residential', 'residential unit'), ('day_care', 'day-care group'), ('activity', 'activity group')], max_length=12, verbose_name='kind')),
                ('starts_on', models.DateField(verbose_name='season starts')),
                ('ends_on', models.DateField(verbose_name='season ends')),
                ('places', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(2000)], verbose_name='places')),
                ('taken', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='places taken')),
                ('absences_before_alert', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='absences in a row before the manager is told')),
                ('delivers_certificate', models.BooleanField(default=False, help_text='A training certificate for those who complete it.', verbose_name='delivers a certificate')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='WaitingListChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('added', 'placed on the list'), ('priority', 'priority changed'), ('admitted', 'admitted'), ('withdrawn', 'withdrawn')], max_length=10, verbose_name='change')),
                ('position_before', models.PositiveIntegerField(blank=True, null=True, verbose_name='position before')),
                ('position_after', models.PositiveIntegerField(blank=True, null=True, verbose_name='position after')),
                ('reason', entraide.fields.CleanTextField(blank=True, verbose_name='reason')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
            ],
            options={
                'verbose_name': 'change of the waiting list',
                'verbose_name_plural': 'changes of the waiting list',
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Enrolment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('waiting', 'on the waiting list'), ('admitted', 'admitted'), ('active', 'attending'), ('left', 'left'), ('withdrawn', 'withdrawn from the list')], default='waiting', max_length=10, verbose_name='status')),
                ('requested_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='asked on')),
                ('priority_group', models.BooleanField(default=False, verbose_name='served first')),
                ('vulnerability', models.PositiveSmallIntegerField(choices=[(0, 'ordinary'), (1, 'high'), (2, 'urgent')], default=0, verbose_name='vulnerability')),
                ('admitted_on', models.DateField(blank=True, null=True, verbose_name='admitted on')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='left on')),
                ('outcome', models.CharField(blank=True, choices=[('completed', 'completed'), ('dropped_out', 'dropped out'), ('transferred', 'transferred to another centre'), ('school', 'returned to school'), ('work', 'found work'), ('other', 'other')], max_length=12, verbose_name='outcome')),
                ('note', entraide.fields.CleanTextField(blank=True, verbose_name='note')),
                ('absences_in_a_row', models.PositiveSmallIntegerField(default=0, verbose_name='absences in a row')),
                ('certificate_number', models.CharField(blank=True, max_length=30, null=True, unique=True, verbose_name='certificate number')),
                ('certificate_code', models.CharField(blank=True, max_length=20, null=True, unique=True, verbose_name='verification code')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='beneficiaries.beneficiary', verbose_name='person')),
                ('target_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='centres.targetgroup', verbose_name='target group')),
            ],
            options={
                'verbose_name': 'enrolment',
                'verbose_name_plural': 'enrolments',
                'ordering': ['section', 'status', 'pk'],
                'permissions': [('admit_enrolment', 'Can admit, exit and certify people')],
            },
        ),
        migrations.CreateModel(
            name='AttendanceEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('present', models.BooleanField(verbose_name='present')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='enrolments.attendance')),
                ('enrolment', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='enrolments.enrolment', verbose_name='enrolment')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='attendance',
            name='enrolment',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='marks', to='enrolments.enrolment', verbose_name='enrolment'),
        ),
        migrations.CreateModel(
            name='EnrolmentEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('status', models.CharField(choices=[('waiting', 'on the waiting list'), ('admitted', 'admitted'), ('active', 'attending'), ('left', 'left'), ('withdrawn', 'withdrawn from the list')], default='waiting', max_length=10, verbose_name='status')),
                ('requested_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='asked on')),
                ('priority_group', models.BooleanField(default=False, verbose_name='served first')),
                ('vulnerability', models.PositiveSmallIntegerField(choices=[(0, 'ordinary'), (1, 'high'), (2, 'urgent')], default=0, verbose_name='vulnerability')),
                ('admitted_on', models.DateField(blank=True, null=True, verbose_name='admitted on')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='left on')),
                ('outcome', models.CharField(blank=True, choices=[('completed', 'completed'), ('dropped_out', 'dropped out'), ('transferred', 'transferred to another centre'), ('school', 'returned to school'), ('work', 'found work'), ('other', 'other')], max_length=12, verbose_name='outcome')),
                ('note', entraide.fields.CleanTextField(blank=True, verbose_name='note')),
                ('absences_in_a_row', models.PositiveSmallIntegerField(default=0, verbose_name='absences in a row')),
                ('certificate_number', models.CharField(blank=True, max_length=30, null=True, verbose_name='certificate number')),
                ('certificate_code', models.CharField(blank=True, max_length=20, null=True, verbose_name='verification code')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('person', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='beneficiaries.beneficiary', verbose_name='person')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='enrolments.enrolment')),
                ('target_group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='centres.targetgroup', verbose_name='target group')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='MonthCorrection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('figure', models.CharField(choices=[('people_served', 'people served'), ('new_entries', 'new entries'), ('exits', 'exits'), ('sessions_held', 'sessions held'), ('cell', 'people served of a target group, sex and age band')], max_length=14, verbose_name='figure')),
                ('sex', models.CharField(blank=True, choices=[('F', 'female'), ('M', 'male')], max_length=1, verbose_name='sex')),
                ('age_band', models.CharField(blank=True, choices=[('0-5', 'under 6'), ('6-17', '6 to 17'), ('18-59', '18 to 59'), ('60+', '60 and over')], max_length=5, verbose_name='age band')),
                ('computed', models.PositiveIntegerField(verbose_name='computed from the register')),
                ('corrected', models.PositiveIntegerField(verbose_name='corrected to')),
                ('reason', entraide.fields.CleanTextField(verbose_name='reason')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('activity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='centres.monthlyactivity', verbose_name='month')),
            ],
            options={
                'verbose_name': 'correction of a computed month',
                'verbose_name_plural': 'corrections of computed months',
                'ordering': ['-at', '-pk'],
            },
        ),
    ]
