"""appointments's models as they are, part 1 of 3: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.core.validators
import entraide.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('appointments', '0001_initial'),
        ('partnerships', '0001_initial'),
        ('partnerships', '0002_fields_of_action'),
    ]

    dependencies = [
        ('entraide', '0015_squashed'),
    ]

    operations = [
        migrations.CreateModel(
            name='Appointment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_at', models.DateTimeField(verbose_name='starts at')),
                ('duration', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(480)], verbose_name='duration (minutes)')),
                ('ends_at', models.DateTimeField(editable=False, verbose_name='ends at')),
                ('place', models.CharField(choices=[('office', "at the delegation's office"), ('centre', 'at a centre'), ('home', 'home visit')], max_length=8, verbose_name='place')),
                ('notes', entraide.fields.CleanCharField(blank=True, help_text='What to bring, who comes along: no details of the case.', max_length=200, verbose_name='notes')),
                ('state', models.CharField(choices=[('booked', 'booked'), ('done', 'done'), ('missed', 'missed'), ('cancelled', 'cancelled')], default='booked', max_length=10, verbose_name='state')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'verbose_name': 'appointment',
                'verbose_name_plural': 'appointments',
                'ordering': ['starts_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='AppointmentEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('starts_at', models.DateTimeField(verbose_name='starts at')),
                ('duration', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(480)], verbose_name='duration (minutes)')),
                ('ends_at', models.DateTimeField(editable=False, verbose_name='ends at')),
                ('place', models.CharField(choices=[('office', "at the delegation's office"), ('centre', 'at a centre'), ('home', 'home visit')], max_length=8, verbose_name='place')),
                ('notes', entraide.fields.CleanCharField(blank=True, help_text='What to bring, who comes along: no details of the case.', max_length=200, verbose_name='notes')),
                ('state', models.CharField(choices=[('booked', 'booked'), ('done', 'done'), ('missed', 'missed'), ('cancelled', 'cancelled')], default='booked', max_length=10, verbose_name='state')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'abstract': False,
            },
        ),
    ]
