"""entraide's models as they are, part 1 of 2: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.contrib.auth.validators
import django.db.models.functions.datetime
import django.utils.timezone
import entraide.fields
import entraide.models
import entraide.validators
from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from entraide.squash import ran
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('territory', '0001_initial'),
        ('territory', '0002_clean_text_fields'),
        ('entraide', '0001_initial'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        TrigramExtension(),
        BtreeGistExtension(),
        *ran('entraide', '0014_name_key_variants'),
        migrations.CreateModel(
            name='AccessEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), db_index=True, verbose_name='time')),
                ('action', models.CharField(choices=[('login', 'signed in'), ('login_failed', 'failed sign-in'), ('locked_out', 'locked out'), ('logout', 'signed out'), ('view', 'read'), ('export', 'export'), ('report', 'report'), ('download', 'download'), ('cin_refused', 'CIN refused (held elsewhere)')], max_length=20, verbose_name='action')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='username')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('path', models.CharField(blank=True, max_length=500, verbose_name='page')),
                ('user_agent', models.CharField(blank=True, max_length=300, verbose_name='browser')),
                ('object_id', models.CharField(blank=True, max_length=64, verbose_name='record')),
                ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='record')),
                ('detail', models.JSONField(blank=True, default=dict, verbose_name='detail')),
            ],
            options={
                'verbose_name': 'access event',
                'verbose_name_plural': 'access events',
                'ordering': ['-at', '-id'],
                'permissions': [('view_audit', 'Can read the audit trail')],
            },
        ),
        migrations.CreateModel(
            name='GeneratedReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(default='ar', max_length=5, verbose_name='language')),
                ('file', models.FileField(blank=True, max_length=200, upload_to=entraide.models.job_file_path, verbose_name='file')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='asked for')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('status', models.CharField(choices=[('queued', 'waiting'), ('running', 'being generated'), ('done', 'ready'), ('failed', 'failed')], default='queued', max_length=10, verbose_name='status')),
                ('period', models.CharField(max_length=10, verbose_name='period')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('seconds', models.FloatField(blank=True, null=True, verbose_name='seconds')),
            ],
            options={
                'verbose_name': 'activity report',
                'verbose_name_plural': 'activity reports',
                'ordering': ['-created_at', '-pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(default='ar', max_length=5, verbose_name='language')),
                ('file', models.FileField(blank=True, max_length=200, upload_to=entraide.models.job_file_path, verbose_name='file')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='asked for')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('status', models.CharField(choices=[('queued', 'waiting'), ('running', 'running'), ('succeeded', 'imported'), ('failed', 'failed')], default='queued', max_length=10, verbose_name='status')),
                ('importer', models.CharField(choices=[('beneficiaries', 'beneficiaries')], max_length=30, verbose_name='import of')),
                ('original_name', entraide.fields.CleanCharField(max_length=200, verbose_name='file name')),
                ('rows_total', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('rows_done', models.PositiveIntegerField(default=0, verbose_name='rows read')),
                ('created_count', models.PositiveIntegerField(default=0, verbose_name='records created')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
            ],
            options={
                'verbose_name': 'import',
                'verbose_name_plural': 'imports',
                'ordering': ['-created_at', '-pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='RateCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200)),
                ('window', models.DateTimeField()),
                ('count', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='Session',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='UserEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('first_name', entraide.fields.CleanCharField(blank=True, max_length=150, validators=[entraide.validators.NameScriptValidator('LATIN')], verbose_name='first name (Latin)')),
                ('last_name', entraide.fields.CleanCharField(blank=True, max_length=150, validators=[entraide.validators.NameScriptValidator('LATIN')], verbose_name='last name (Latin)')),
                ('first_name_ar', entraide.fields.CleanCharField(blank=True, max_length=150, validators=[entraide.validators.NameScriptValidator('ARABIC')], verbose_name='first name (Arabic)')),
                ('last_name_ar', entraide.fields.CleanCharField(blank=True, max_length=150, validators=[entraide.validators.NameScriptValidator('ARABIC')], verbose_name='last name (Arabic)')),
                ('role', models.CharField(blank=True, choices=[('administrator', 'administrator'), ('central_officer', 'central officer'), ('inspector', 'inspector'), ('coordinator', 'regional coordinator'), ('delegate', 'delegate'), ('social_worker', 'social worker'), ('centre_manager', 'centre manager'), ('partnership_officer', 'partnership officer'), ('recruitment_officer', 'recruitment officer'), ('partner_staff', 'partner staff')], max_length=30, verbose_name='role')),
                ('language', models.CharField(choices=[('ar', 'Arabic'), ('fr', 'French')], default='ar', max_length=5, verbose_name='preferred language')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('first_name', entraide.fields.CleanCharField(blank=True, max_length=150, validators=[entraide.validators.NameScriptValidator('LATIN')], verbose_name='first name (Latin)')),
                ('last_name', entraide.fields.CleanCharField(blank=True, max_length=150, validators=[entraide.validators.NameScriptValidator('LATIN')], verbose_name='last name (Latin)')),
                ('first_name_ar', entraide.fields.CleanCharField(blank=True, max_length=150, validators=[entraide.validators.NameScriptValidator('ARABIC')], verbose_name='first name (Arabic)')),
                ('last_name_ar', entraide.fields.CleanCharField(blank=True, max_length=150, validators=[entraide.validators.NameScriptValidator('ARABIC')], verbose_name='last name (Arabic)')),
                ('role', models.CharField(blank=True, choices=[('administrator', 'administrator'), ('central_officer', 'central officer'), ('inspector', 'inspector'), ('coordinator', 'regional coordinator'), ('delegate', 'delegate'), ('social_worker', 'social worker'), ('centre_manager', 'centre manager'), ('partnership_officer', 'partnership officer'), ('recruitment_officer', 'recruitment officer'), ('partner_staff', 'partner staff')], max_length=30, verbose_name='role')),
                ('language', models.CharField(choices=[('ar', 'Arabic'), ('fr', 'French')], default='ar', max_length=5, verbose_name='preferred language')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
            },
            managers=[
                ('objects', entraide.models.StaffManager()),
            ],
        ),
    ]
