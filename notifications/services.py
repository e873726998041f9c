"""Writes of notifications. `notify` is what the apps call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from .models import Channel, Kind, Notification, Preference
from .tasks import send_notification_email

if TYPE_CHECKING:
    from entraide.models import User


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    url: str = "",
    about: str = "",
    key: str = "",
) -> list[Notification]:
    """Tell each active recipient (duplicates and inactive accounts left out) that `kind`
    happened about `about` (a reference that is no personal data: a case number, a centre),
    linking to `url`. With a `key`, a recipient told already is not told again. Emails follow
    each recipient's preference, after the transaction commits. Returns the notifications
    created."""
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    rows = [
        Notification(recipient_id=pk, kind=kind, url=url, about=about[:200], key=key)
        for pk in people
    ]
    if key:
        already = set(
            Notification.objects.filter(recipient_id__in=people, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        rows = [row for row in rows if row.recipient_id not in already]
    created = Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    if key:
        # ignore_conflicts gives no primary keys back: read the rows this call made.
        created = list(
            Notification.objects.filter(
                recipient_id__in=[row.recipient_id for row in rows], key=key, emailed_at=None
            )
        )
    # robust: the caller's work is committed by then; a queue that fails must not undo its
    # answer (the notification is in the portal all the same).
    transaction.on_commit(lambda: _email_at_once([row.pk for row in created]), robust=True)
    return created


def _email_at_once(pks: list[int]) -> None:
    """Queue an email for each of these notifications whose recipient wants its kind by email
    at once (and has an address); the task sends it in the recipient's language."""
    if not pks:
        return
    due = (
        Notification.objects.filter(pk__in=pks)
        .to_email()
        .sent_by(Channel.EMAIL)
        .values_list("pk", flat=True)
    )
    for pk in due:
        send_notification_email.enqueue(pk)


def preferences_set(*, user: User, choices: Mapping[str, str]) -> None:
    """Record how `user` wants each kind of notification given (kind → Channel); the kinds
    not given keep their choice."""
    rows = [
        Preference(user=user, kind=Kind(kind), channel=Channel(channel))
        for kind, channel in choices.items()
    ]
    with transaction.atomic():
        Preference.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["channel"],
        )


def notifications_mark_read(*, user: User, pks: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (those given, or all); returns how many."""
    rows = Notification.objects.for_user(user).unread()
    if pks is not None:
        rows = rows.filter(pk__in=list(pks))
    # The count read with the user at the request's start no longer holds: the header asks.
    user.__dict__.pop("unread_notifications_count", None)
    return rows.update(read_at=timezone.now())
