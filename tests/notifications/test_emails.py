"""Notifications by email: at once through a task, or in one daily digest; in the recipient's
language and direction; the sentence and a link, nothing else; retried on failure; never twice,
even with two workers at it."""

import io
import threading
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone, translation
from django_tasks import default_task_backend

from notifications import emails
from notifications.models import SENTENCES, Channel, Kind, Notification
from notifications.services import notify, preferences_set
from notifications.tasks import send_notification_email
from tests.factories import UserFactory

from .factories import NotificationFactory

PORTAL = "https://portail.entraide.test"


@pytest.fixture(autouse=True)
def portal_url(settings):
    settings.PORTAL_URL = PORTAL


@pytest.fixture
def french(db):
    user = UserFactory(username="t-fr", language="fr", email="fr@example.ma")
    preferences_set(
        user=user, choices={Kind.CASE_ASSIGNED: Channel.EMAIL, Kind.JOB_FINISHED: Channel.DIGEST}
    )
    return user


@pytest.fixture
def arabic(db):
    user = UserFactory(username="t-ar", language="ar", email="ar@example.ma", rabat=True)
    preferences_set(
        user=user, choices={Kind.CASE_ASSIGNED: Channel.EMAIL, Kind.JOB_FINISHED: Channel.DIGEST}
    )
    return user


def sentence(kind, about, language):
    with translation.override(language):
        return SENTENCES[kind] % {"about": about}


def html_of(message):
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def send(user, kind=Kind.CASE_ASSIGNED, about="KHO-2026-000007-1", **options):
    """notify, as a service would, with its transaction committed."""
    return notify(recipients=[user], kind=kind, about=about, url="/ar/profile/", **options)


def digests():
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def server_down(monkeypatch):
    """Every email refused, as by a mail server that hangs up."""

    def refuse(self, fail_silently=False):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)


# At once ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_kind_chosen_by_email_is_sent_at_once_in_french(
    french, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = send(french)
    [message] = mail.outbox
    assert message.to == ["fr@example.ma"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    expected = sentence(Kind.CASE_ASSIGNED, "KHO-2026-000007-1", "fr")
    link = f"{PORTAL}/fr/notifications/{notification.pk}/"
    assert expected in message.body and link in message.body
    assert f"{PORTAL}/fr/notifications/preferences/" in message.body
    assert "Entraide Nationale" in message.body
    page = html_of(message)
    assert '<html lang="fr" dir="ltr">' in page and '<body dir="ltr">' in page
    assert f'href="{link}"' in page
    assert sentence(Kind.CASE_ASSIGNED, "<bdi>KHO-2026-000007-1</bdi>", "fr") in page
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_attempts == 0


@pytest.mark.django_db
def test_an_arabic_reader_gets_the_email_in_arabic_right_to_left(
    arabic, django_capture_on_commit_callbacks
):
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        [notification] = send(arabic)
    [message] = mail.outbox
    assert sentence(Kind.CASE_ASSIGNED, "KHO-2026-000007-1", "ar") in message.body
    assert f"{PORTAL}/ar/notifications/{notification.pk}/" in message.body
    assert "التعاون الوطني" in message.body
    page = html_of(message)
    assert '<html lang="ar" dir="rtl">' in page and '<body dir="rtl">' in page
    assert "التعاون الوطني" in page


@pytest.mark.django_db
def test_the_email_says_nothing_but_the_sentence_and_its_link(
    french, django_capture_on_commit_callbacks
):
    french.first_name, french.last_name = "Nadia", "Bennani"
    french.save()
    with django_capture_on_commit_callbacks(execute=True):
        send(french)
    [message] = mail.outbox
    for text in (message.subject, message.body, html_of(message)):
        assert "Nadia" not in text and "Bennani" not in text and "t-fr" not in text
        assert "/ar/profile/" not in text  # the record's own address stays in the portal


@pytest.mark.django_db
@pytest.mark.parametrize("channel", [Channel.PORTAL, Channel.DIGEST, None])
def test_a_kind_not_chosen_by_email_at_once_is_not_sent_at_once(
    french, django_capture_on_commit_callbacks, channel
):
    if channel is None:
        french.notification_preferences.all().delete()
    else:
        preferences_set(user=french, choices={Kind.CASE_ASSIGNED: channel})
    with django_capture_on_commit_callbacks(execute=True):
        send(french)
    assert mail.outbox == []


@pytest.mark.django_db
def test_nothing_is_sent_to_a_user_without_an_address(french, django_capture_on_commit_callbacks):
    french.email = ""
    french.save()
    with django_capture_on_commit_callbacks(execute=True):
        send(french)
    assert mail.outbox == []
    assert "digests: 0 sent, 0 notifications" == digests()


@pytest.mark.django_db
def test_an_email_is_queued_only_once_the_notification_is_committed(
    french, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(french)
    assert mail.outbox == [] and len(callbacks) == 1


@pytest.mark.django_db
def test_an_email_already_sent_is_not_sent_again(french):
    notification = NotificationFactory(recipient=french, emailed_at=timezone.now())
    assert emails.email_at_once(notification.pk) == emails.SKIPPED
    assert mail.outbox == []


# Failures and retries ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failed_email_is_tried_again_later_by_the_task(french, server_down, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    notification = NotificationFactory(recipient=french, kind=Kind.CASE_ASSIGNED)
    default_task_backend.clear()
    before = timezone.now()
    assert send_notification_email.call(notification.pk) == emails.FAILED
    notification.refresh_from_db()
    assert notification.email_attempts == 1 and notification.emailed_at is None
    [retry] = default_task_backend.results
    assert retry.args == [notification.pk]
    assert retry.task.run_after >= before + emails.RETRY_DELAYS[0]


@pytest.mark.django_db
def test_after_the_last_attempt_it_stays_in_the_portal_alone(french, server_down, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    notification = NotificationFactory(
        recipient=french, kind=Kind.CASE_ASSIGNED, email_attempts=emails.MAX_ATTEMPTS - 1
    )
    default_task_backend.clear()
    assert send_notification_email.call(notification.pk) == emails.FAILED
    assert default_task_backend.results == []
    notification.refresh_from_db()
    assert notification.email_attempts == emails.MAX_ATTEMPTS
    assert send_notification_email.call(notification.pk) == emails.SKIPPED
    assert Notification.objects.for_user(french).unread().get() == notification


@pytest.mark.django_db
def test_without_a_backend_that_defers_the_daily_run_retries_a_failed_email(
    french, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as patched:
        patched.setattr(
            "django.core.mail.EmailMessage.send",
            lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("unreachable")),
        )
        with django_capture_on_commit_callbacks(execute=True):
            [notification] = send(french)
    notification.refresh_from_db()
    assert notification.email_attempts == 1 and mail.outbox == []
    assert digests().splitlines() == [
        "digests: 0 sent, 0 notifications",
        "emails retried: 1 sent, 0 failed",
    ]
    [message] = mail.outbox
    assert message.to == ["fr@example.ma"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


# The daily digest -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_digest_is_one_email_per_user_in_their_language_and_sent_once(
    french, arabic, django_capture_on_commit_callbacks
):
    for about in ("registre.csv", "DP-MA-KHO 2026-05"):
        notify(recipients=[french, arabic], kind=Kind.JOB_FINISHED, about=about)
    notify(recipients=[french], kind=Kind.JOB_FINISHED, about="suivi.xlsx")
    assert mail.outbox == []

    assert digests() == "digests: 2 sent, 5 notifications"
    assert len(mail.outbox) == 2
    by_address = {message.to[0]: message for message in mail.outbox}

    fr = by_address["fr@example.ma"]
    for notification in Notification.objects.for_user(french):
        assert f"{PORTAL}/fr/notifications/{notification.pk}/" in fr.body
    for about in ("registre.csv", "DP-MA-KHO 2026-05", "suivi.xlsx"):
        assert sentence(Kind.JOB_FINISHED, about, "fr") in fr.body
        assert sentence(Kind.JOB_FINISHED, f"<bdi>{about}</bdi>", "fr") in html_of(fr)
    assert '<html lang="fr" dir="ltr">' in html_of(fr)
    assert "Entraide Nationale" in fr.body

    ar = by_address["ar@example.ma"]
    for notification in Notification.objects.for_user(arabic):
        assert f"{PORTAL}/ar/notifications/{notification.pk}/" in ar.body
    for about in ("registre.csv", "DP-MA-KHO 2026-05"):
        assert sentence(Kind.JOB_FINISHED, about, "ar") in ar.body
    assert "suivi.xlsx" not in ar.body
    assert '<html lang="ar" dir="rtl">' in html_of(ar) and "التعاون الوطني" in ar.body

    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert digests() == "digests: 0 sent, 0 notifications"
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_digest_leaves_out_kinds_in_the_portal_and_what_was_read(french):
    preferences_set(user=french, choices={Kind.TRANCHE_DUE: Channel.PORTAL})
    NotificationFactory(recipient=french, kind=Kind.TRANCHE_DUE, about="portal-only")
    NotificationFactory(recipient=french, kind=Kind.CASE_ASSIGNED, about="at-once")
    NotificationFactory(recipient=french, kind=Kind.JOB_FINISHED, about="seen", read=True)
    NotificationFactory(recipient=french, kind=Kind.JOB_FINISHED, about="waiting")
    assert digests() == "digests: 1 sent, 1 notifications"
    [message] = mail.outbox
    assert "waiting" in message.body
    for about in ("portal-only", "at-once", "seen"):
        assert about not in message.body
    portal_only = Notification.objects.get(about="portal-only")
    assert portal_only.emailed_at is None
    assert digests() == "digests: 0 sent, 0 notifications"


@pytest.mark.django_db
def test_a_long_digest_lists_the_newest_and_says_how_many_more(french):
    NotificationFactory.create_batch(
        emails.DIGEST_LISTED + 3, recipient=french, kind=Kind.JOB_FINISHED
    )
    assert digests() == f"digests: 1 sent, {emails.DIGEST_LISTED + 3} notifications"
    [message] = mail.outbox
    assert message.body.count(f"{PORTAL}/fr/notifications/") == emails.DIGEST_LISTED + 2
    assert f"{PORTAL}/fr/notifications/preferences/" in message.body
    assert f"\n{PORTAL}/fr/notifications/\n" in message.body  # the inbox, for the 3 more


@pytest.mark.django_db
def test_a_failed_digest_is_sent_at_the_next_run(french, monkeypatch):
    NotificationFactory(recipient=french, kind=Kind.JOB_FINISHED, about="registre.csv")
    with monkeypatch.context() as patched:
        patched.setattr(
            "django.core.mail.EmailMessage.send",
            lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("unreachable")),
        )
        assert digests() == "digests: 0 sent, 0 notifications, 1 failed"
    assert Notification.objects.get().emailed_at is None
    assert digests() == "digests: 1 sent, 1 notifications"
    assert len(mail.outbox) == 1


# Two workers at once ----------------------------------------------------------------------------


def hold_rows(pks, started, release):
    """Another worker: claims the rows as the senders do, and keeps them until told."""
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                "SELECT id FROM notifications_notification WHERE id = ANY(%s) FOR UPDATE",
                [list(pks)],
            )
            started.set()
            release.wait(10)
            cursor.execute("ROLLBACK")
    finally:
        connection.close()


@pytest.fixture
def other_worker():
    threads = []

    def claim(pks):
        started, release = threading.Event(), threading.Event()
        thread = threading.Thread(target=hold_rows, args=(pks, started, release))
        thread.start()
        assert started.wait(10)
        threads.append((thread, release))

    yield claim
    for thread, release in threads:
        release.set()
        thread.join()


def test_an_email_claimed_by_another_worker_is_not_sent_twice(committed_db, french, other_worker):
    notification = NotificationFactory(recipient=french, kind=Kind.CASE_ASSIGNED)
    other_worker([notification.pk])
    assert emails.email_at_once(notification.pk) == emails.SKIPPED
    assert mail.outbox == []


def test_a_digest_being_sent_by_another_worker_is_not_sent_twice(
    committed_db, french, other_worker
):
    notification = NotificationFactory(recipient=french, kind=Kind.JOB_FINISHED)
    other_worker([notification.pk])
    assert digests() == "digests: 0 sent, 0 notifications"
    assert mail.outbox == []


def test_the_digest_command_run_twice_at_once_sends_each_notification_once(
    committed_db, french, arabic
):
    for user in (french, arabic):
        NotificationFactory.create_batch(3, recipient=user, kind=Kind.JOB_FINISHED)
    outputs, errors = [], []

    def run():
        try:
            outputs.append(digests())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert not errors
    assert len(mail.outbox) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["ar@example.ma", "fr@example.ma"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert sum(int(output.split()[3]) for output in outputs) == 6, outputs
    assert digests() == "digests: 0 sent, 0 notifications"
