"""api's models as they are, part 1 of 3: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import api.models
import django.contrib.postgres.fields
import entraide.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('api', '0001_initial'),
        ('centres', '0001_initial'),
        ('centres', '0002_clean_text_fields'),
    ]

    dependencies = [
        ('entraide', '0015_squashed'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', entraide.fields.CleanCharField(help_text='The system or the person that uses the token, as the audit trail names it.', max_length=120, verbose_name='issued to')),
                ('scopes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('read_people', 'look people up by CIN or RSU identifier'), ('read_referrals', 'read the referrals received'), ('write_referrals', 'answer the referrals received'), ('read_figures', 'read the figures of units')], max_length=20), default=list, size=None, verbose_name='scopes')),
                ('prefix', models.CharField(editable=False, max_length=10, unique=True, verbose_name='key prefix')),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('expires_at', models.DateTimeField(default=api.models.default_expiry, verbose_name='expires')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='issued')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ApiTokenEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('name', entraide.fields.CleanCharField(help_text='The system or the person that uses the token, as the audit trail names it.', max_length=120, verbose_name='issued to')),
                ('scopes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('read_people', 'look people up by CIN or RSU identifier'), ('read_referrals', 'read the referrals received'), ('write_referrals', 'answer the referrals received'), ('read_figures', 'read the figures of units')], max_length=20), default=list, size=None, verbose_name='scopes')),
                ('prefix', models.CharField(editable=False, max_length=10, verbose_name='key prefix')),
                ('key_hash', models.CharField(editable=False, max_length=64)),
                ('expires_at', models.DateTimeField(default=api.models.default_expiry, verbose_name='expires')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='issued')),
            ],
            options={
                'abstract': False,
            },
        ),
    ]
