"""Emails of notifications sent at once, by a task (`manage.py db_worker`) that
`services.notify` queues once the notification is committed; text messages, queued by
`sms.sms_send` the same way."""

import logging

from django.utils import timezone
from django_tasks import task

from . import emails, sms
from .models import Notification, TextMessage

logger = logging.getLogger(__name__)


@task()
def send_notification_email(notification_id):
    outcome = emails.email_at_once(notification_id)
    if outcome == emails.FAILED:
        _retry_later(notification_id)
    return outcome


def _retry_later(notification_id):
    """Queue the next attempt after a failed one, later each time, while attempts are left. A
    backend that cannot defer a task (the tests' immediate one) leaves it to
    `manage.py send_digests`, which retries the failed emails at once."""
    attempts = Notification.objects.filter(pk=notification_id).values_list(
        "email_attempts", flat=True
    )
    attempts = next(iter(attempts), emails.MAX_ATTEMPTS)
    if attempts >= emails.MAX_ATTEMPTS:
        logger.warning("Notification %s: no email after %s attempts", notification_id, attempts)
        return
    if not send_notification_email.get_backend().supports_defer:
        return
    delay = emails.RETRY_DELAYS[attempts - 1]
    send_notification_email.using(run_after=timezone.now() + delay).enqueue(notification_id)


@task()
def send_text_message(message_id):
    outcome = sms.text_message_send(message_id)
    if outcome == sms.FAILED:
        _retry_text_message_later(message_id)
    return outcome


def _retry_text_message_later(message_id):
    """Queue the next attempt after a failed one, later each time, while attempts are left
    (after the last one the message is failed). A backend that cannot defer a task (the tests'
    immediate one) makes the next attempt at once: no daily run sweeps text messages."""
    attempts = TextMessage.objects.filter(pk=message_id).values_list("attempts", flat=True)
    attempts = next(iter(attempts), sms.MAX_ATTEMPTS)
    if attempts >= sms.MAX_ATTEMPTS:
        logger.warning("Text message %s: not sent after %s attempts", message_id, attempts)
        return
    if not send_text_message.get_backend().supports_defer:
        send_text_message.enqueue(message_id)
        return
    delay = sms.RETRY_DELAYS[attempts - 1]
    send_text_message.using(run_after=timezone.now() + delay).enqueue(message_id)
