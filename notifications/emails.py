"""The emails of notifications: one at once (queued by `services.notify`, sent by
`tasks.send_notification_email`) or a daily digest (`manage.py send_digests`).

Each is in its recipient's language (User.language), a plain text body with an HTML
alternative in that language's direction. It carries the notification's sentence and a link to
the portal, nothing else: `about` is a reference that is no personal data (a case number, a
file's name), and whatever else the portal knows stays behind its sign-in.

Never sent twice, even with every worker sending at once: a row is claimed with
SELECT ... FOR UPDATE SKIP LOCKED inside a transaction, so that another worker passes over
it while the email leaves, and `emailed_at` is set in that same transaction, by an UPDATE that
also requires it to be empty, once the email server has accepted the message. Should the
process die between the two, the email would go again at the next attempt: at least once,
never twice by two workers.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Channel, Notification

logger = logging.getLogger(__name__)

# What a failed send raises: the server refused, or could not be reached.
SEND_ERRORS = (SMTPException, OSError)

# After a failed email at once, the wait before the next attempt; after the last attempt the
# notification stays in the portal alone.
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

# A digest lists at most this many notifications, the newest, and says how many more wait.
DIGEST_LISTED = 50

SENT, SKIPPED, FAILED = "sent", "skipped", "failed"


def portal_link(path):
    return f"{settings.PORTAL_URL}{path}"


def _message(template, context, *, user):
    """The email of `template` (a subject, a text body and an HTML body) to `user`, rendered in
    their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            **context,
            "preferences_link": portal_link(reverse("notifications:preferences")),
            "inbox_link": portal_link(reverse("notifications:inbox")),
        }
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        context["subject"] = " ".join(subject.split())
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        context["subject"],
        text,
        None,
        [user.email],
        # Auto-Submitted: no out-of-office replies to a mailbox nobody reads.
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _link(notification):
    # Through the portal's own page of the notification, which marks it read and leads on.
    return portal_link(reverse("notifications:open", args=[notification.pk]))


def notification_email(notification):
    recipient = notification.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        link = _link(notification)
    return _message(
        "notification",
        {"notification": notification, "kind": notification.get_kind_display(), "link": link},
        user=recipient,
    )


def digest_email(user, notifications, *, total):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        items = [(notification, _link(notification)) for notification in notifications]
    return _message(
        "digest",
        {"items": items, "total": total, "more": total - len(items)},
        user=user,
    )


# At once -----------------------------------------------------------------------------------------


def email_at_once(notification_id):
    """Email one notification to its recipient, if it still should be: not sent yet, their
    choice for its kind still "email at once", an address, attempts left. Returns SENT,
    SKIPPED, or FAILED (the attempt counted)."""
    with transaction.atomic():
        notification = (
            Notification.objects.to_email()
            .sent_by(Channel.EMAIL)
            .filter(pk=notification_id, email_attempts__lt=MAX_ATTEMPTS)
            .select_related("recipient")
            # Claimed: another worker sending it now finds nothing (see the module's doc).
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if notification is None:
            return SKIPPED
        try:
            notification_email(notification).send()
        except SEND_ERRORS:
            logger.warning("Email of notification %s failed", notification.pk, exc_info=True)
            Notification.objects.filter(pk=notification.pk).update(
                email_attempts=F("email_attempts") + 1
            )
            return FAILED
        Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
    return SENT


def failed_at_once():
    """The emails at once that failed and have attempts left."""
    return (
        Notification.objects.to_email()
        .sent_by(Channel.EMAIL)
        .filter(email_attempts__gt=0, email_attempts__lt=MAX_ATTEMPTS)
    )


# The daily digest --------------------------------------------------------------------------------


def digest_send(user):
    """Email `user` one digest of their unread notifications of the kinds they chose in a
    digest and not emailed yet; returns how many it lists (0: nothing to send). A failed send
    raises, and leaves them all for the next run."""
    with transaction.atomic():
        claimed = list(
            Notification.objects.for_user(user)
            .unread()
            .to_email()
            .sent_by(Channel.DIGEST)
            # Claimed: a worker running the command at the same time passes over these rows
            # (see the module's doc), and they are marked sent before the lock goes.
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("-created_at", "-pk")
        )
        if not claimed:
            return 0
        digest_email(user, claimed[:DIGEST_LISTED], total=len(claimed)).send()
        Notification.objects.filter(
            pk__in=[row.pk for row in claimed], emailed_at__isnull=True
        ).update(emailed_at=timezone.now())
    return len(claimed)


def digests_send():
    """One digest to every user who has notifications waiting for theirs. Returns (digests
    sent, notifications listed, digests failed)."""
    waiting = Notification.objects.unread().to_email().sent_by(Channel.DIGEST)
    users = get_user_model().objects.filter(pk__in=waiting.values("recipient")).order_by("pk")
    sent = listed = failed = 0
    for user in users:
        try:
            count = digest_send(user)
        except SEND_ERRORS:
            logger.warning("Digest to user %s failed", user.pk, exc_info=True)
            failed += 1
            continue
        if count:
            sent += 1
            listed += count
    return sent, listed, failed
