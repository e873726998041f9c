"""notifications's models as they are, part 1 of 1: the squash of the history (entraide/squash.py).
`replaces` names the share of the earlier migrations, of any app, that this part stands for."""

import django.db.models.deletion
import entraide.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('notifications', '0002_notification_email_attempts'),
        ('notifications', '0003_text_message'),
        ('notifications', '0004_duplicates_found'),
    ]

    dependencies = [
        ('entraide', '0015_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TextMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to', entraide.fields.PhoneField(max_length=16, verbose_name='phone number')),
                ('text', entraide.fields.CleanTextField(verbose_name='text')),
                ('language', models.CharField(choices=[('ar', 'Arabic'), ('fr', 'French')], max_length=5, verbose_name='language')),
                ('key', models.CharField(max_length=120, unique=True, verbose_name='key')),
                ('state', models.CharField(choices=[('queued', 'queued'), ('sent', 'sent'), ('failed', 'failed')], default='queued', max_length=6, verbose_name='state')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('last_error', models.CharField(blank=True, max_length=300, verbose_name='last error')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'text message',
                'verbose_name_plural': 'text messages',
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('state', 'sent'), _negated=True), ('sent_at__isnull', False), _connector='OR'), name='textmessage_sent_has_its_time', violation_error_message='A text message sent has the time it was sent.')],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('referral_received', 'referral received'), ('referral_answered', 'referral answered'), ('referral_overdue', 'referral overdue'), ('transfer_asked', 'transfer asked'), ('transfer_decided', 'transfer decided'), ('case_assigned', 'case assigned'), ('follow_up_due', 'follow-up due tomorrow'), ('month_to_validate', 'month to validate'), ('month_returned', 'month returned'), ('report_owed_overdue', 'report owed overdue'), ('tranche_due', 'tranche due'), ('job_finished', 'import or report finished'), ('duplicates_found', 'likely duplicates found'), ('absent_too_long', 'absent too long')], max_length=30, verbose_name='kind')),
                ('about', entraide.fields.CleanCharField(blank=True, max_length=200, verbose_name='about')),
                ('url', models.CharField(blank=True, max_length=300, verbose_name='link')),
                ('key', models.CharField(blank=True, max_length=120, verbose_name='key')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read')),
                ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='emailed')),
                ('email_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='email attempts')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notification_unread'), models.Index(fields=['recipient', '-created_at'], name='notification_inbox')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('recipient', 'key'), name='notification_once_per_event')],
            },
        ),
        migrations.CreateModel(
            name='Preference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('referral_received', 'referral received'), ('referral_answered', 'referral answered'), ('referral_overdue', 'referral overdue'), ('transfer_asked', 'transfer asked'), ('transfer_decided', 'transfer decided'), ('case_assigned', 'case assigned'), ('follow_up_due', 'follow-up due tomorrow'), ('month_to_validate', 'month to validate'), ('month_returned', 'month returned'), ('report_owed_overdue', 'report owed overdue'), ('tranche_due', 'tranche due'), ('job_finished', 'import or report finished'), ('duplicates_found', 'likely duplicates found'), ('absent_too_long', 'absent too long')], max_length=30, verbose_name='kind')),
                ('channel', models.CharField(choices=[('portal', 'in the portal only'), ('email', 'in the portal and by email at once'), ('digest', 'in the portal and in a daily email digest')], default='portal', max_length=10, verbose_name='channel')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'notification preference',
                'verbose_name_plural': 'notification preferences',
                'constraints': [models.UniqueConstraint(fields=('user', 'kind'), name='one_preference_per_kind')],
            },
        ),
    ]
