"""Text messages: through a pluggable backend (the console in tests, an HTTP gateway in
production, here a fake one on loopback); once per key, even with two workers at it; a failure
retried later, up to a bound, then recorded failed."""

import io
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.utils import timezone, translation
from django_tasks import default_task_backend

from notifications import sms
from notifications.models import TextMessage
from notifications.sms import international_number, sms_send
from notifications.tasks import send_text_message

TEXT = "التعاون الوطني: موعدكم غدا على الساعة 10:00 بمندوبية خريبكة."


def send(to="0612345678", text=TEXT, key="appointment:1:reminder"):
    """sms_send, as a service would, with its transaction committed."""
    return sms_send(to=to, text=text, key=key)


# The HTTP gateway ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_message_goes_once_to_the_gateway_as_json_with_the_bearer_token(
    sms_gateway, django_capture_on_commit_callbacks
):
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        message = send(to="06 12 34 56 78")
    [request] = sms_gateway.requests
    assert request["path"] == "/send"
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert request["json"] == {
        "to": "+212612345678",
        "text": TEXT,
        "reference": "appointment:1:reminder",
    }
    message.refresh_from_db()
    assert message.state == TextMessage.State.SENT
    assert message.attempts == 1 and message.sent_at is not None and message.last_error == ""
    assert (message.to, message.language) == ("+212612345678", "ar")


@pytest.mark.django_db
def test_the_language_recorded_is_the_one_the_text_was_written_in(
    sms_gateway, django_capture_on_commit_callbacks
):
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        message = send(text="Entraide Nationale : rendez-vous demain à 10 h.")
    assert message.language == "fr"
    assert (
        sms_gateway.requests[0]["json"]["text"] == "Entraide Nationale : rendez-vous demain à 10 h."
    )


@pytest.mark.django_db
def test_nothing_leaves_before_the_caller_commits(sms_gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = send()
    assert len(callbacks) == 1 and sms_gateway.requests == []
    assert message.state == TextMessage.State.QUEUED and message.attempts == 0


@pytest.mark.django_db
def test_the_same_key_twice_sends_once(sms_gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = send(text="another text", to="0698765432")
    assert first is not None and second is None
    assert callbacks == []
    assert len(sms_gateway.requests) == 1
    assert TextMessage.objects.get().text == TEXT


@pytest.mark.django_db
def test_a_gateway_failure_is_retried_and_the_message_then_sent(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.fail_next(1)
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    assert len(sms_gateway.requests) == 2
    assert sms_gateway.requests[0]["json"] == sms_gateway.requests[1]["json"]
    message.refresh_from_db()
    assert message.state == TextMessage.State.SENT and message.attempts == 2
    assert "500" in message.last_error  # the error met on the way is kept


@pytest.mark.django_db
def test_a_gateway_that_keeps_failing_is_tried_up_to_the_bound_then_recorded_failed(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.fail_next(100)
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    assert len(sms_gateway.requests) == sms.MAX_ATTEMPTS
    message.refresh_from_db()
    assert message.state == TextMessage.State.FAILED
    assert message.attempts == sms.MAX_ATTEMPTS and message.sent_at is None
    assert message.last_error == "GatewayError: the gateway answered 500 Internal Server Error"
    assert send_text_message.call(message.pk) == sms.SKIPPED
    assert len(sms_gateway.requests) == sms.MAX_ATTEMPTS


@pytest.mark.django_db
def test_a_failed_attempt_is_tried_again_later_each_time(sms_gateway, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sms_gateway.fail_next(100)
    message = send()
    for attempt, delay in enumerate(sms.RETRY_DELAYS, start=1):
        default_task_backend.clear()
        before = timezone.now()
        assert send_text_message.call(message.pk) == sms.FAILED
        message.refresh_from_db()
        assert message.attempts == attempt and message.state == TextMessage.State.QUEUED
        [retry] = default_task_backend.results
        assert retry.args == [message.pk]
        assert before + delay <= retry.task.run_after <= timezone.now() + delay
    default_task_backend.clear()
    assert send_text_message.call(message.pk) == sms.FAILED
    assert default_task_backend.results == []
    message.refresh_from_db()
    assert message.state == TextMessage.State.FAILED


@pytest.mark.django_db
def test_an_unreachable_gateway_is_a_failed_attempt(settings, django_capture_on_commit_callbacks):
    # A port nobody listens on: the connection is refused.
    settings.SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"
    settings.SMS_GATEWAY_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.state == TextMessage.State.FAILED
    assert message.attempts == sms.MAX_ATTEMPTS and message.last_error


@pytest.mark.django_db
def test_a_gateway_not_configured_is_recorded_on_the_message(
    settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.SMS_GATEWAY_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.state == TextMessage.State.FAILED
    assert message.last_error.startswith("ImproperlyConfigured: Set SMS_GATEWAY_URL")


@pytest.mark.parametrize("url", ["", "file:///etc/passwd", "ftp://gateway.ma/send", "gateway"])
def test_the_http_backend_takes_only_an_http_address(url):
    with pytest.raises(ImproperlyConfigured):
        sms.HttpBackend(url=url, token="t", timeout=1)


# The console ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_console_backend_prints_the_message(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(to="+212 7 00 11 22 33", key="summons:7:written")
    out = capsys.readouterr().out
    assert "SMS to +212700112233 (summons:7:written):" in out
    assert TEXT in out
    message.refresh_from_db()
    assert message.state == TextMessage.State.SENT


def test_the_console_backend_writes_to_the_stream_it_is_given():
    stream = io.StringIO()
    sms.get_backend("notifications.sms.ConsoleBackend", stream=stream).send(
        to="+212612345678", text="Bonjour", reference="k"
    )
    assert stream.getvalue().startswith("SMS to +212612345678 (k):\nBonjour\n")


# Numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "international"),
    [
        ("0612345678", "+212612345678"),
        ("06 12 34 56 78", "+212612345678"),
        ("06.12.34.56.78", "+212612345678"),
        ("07-00-11-22-33", "+212700112233"),
        ("0522123456", "+212522123456"),
        ("+212612345678", "+212612345678"),
        ("+212 6 12 34 56 78", "+212612345678"),
        ("+212 (0)6 12 34 56 78", "+212612345678"),
        ("00212612345678", "+212612345678"),
        ("212612345678", "+212612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
    ],
)
def test_phone_numbers_are_put_in_international_form(typed, international):
    assert international_number(typed) == international


@pytest.mark.parametrize(
    "typed",
    ["", "0812345678", "061234567", "06123456789", "612345678", "+212812345678", "+0612345678"],
)
def test_a_number_no_text_can_reach_has_no_international_form(typed):
    assert international_number(typed) is None


@pytest.mark.django_db
def test_a_number_no_text_can_reach_is_recorded_failed_and_nothing_sent(
    sms_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = send(to="08 12 34")
    assert callbacks == [] and sms_gateway.requests == []
    assert message.state == TextMessage.State.FAILED and message.to == "081234"
    assert message.last_error
    assert send() is None  # its key is taken all the same: not tried again with another call


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "key"), [("", "k"), ("  ", "k"), (TEXT, ""), (TEXT, "k" * 121)])
def test_a_message_needs_a_text_and_a_key(text, key):
    with pytest.raises(ValueError):
        sms_send(to="0612345678", text=text, key=key)
    assert not TextMessage.objects.exists()


# Two workers at once ----------------------------------------------------------------------------


def in_thread(target, *args):
    """Run `target` in a thread of its own (its own database connection); returns the thread
    and a list that receives its result or its error."""
    outcome = []

    def run():
        try:
            outcome.append(target(*args))
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertions
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_the_same_key_asked_by_two_workers_at_once_is_recorded_and_sent_once(committed_db, capsys):
    inserted, release = threading.Event(), threading.Event()

    def first_worker():
        with transaction.atomic():
            message = send()
            inserted.set()
            release.wait(10)
        return message

    def second_worker():
        # Waits on the first worker's row, uncommitted, then finds the key taken.
        return send(text="the same reminder, asked again")

    first, first_outcome = in_thread(first_worker)
    assert inserted.wait(10)
    second, second_outcome = in_thread(second_worker)
    second.join(0.5)
    assert second.is_alive()  # blocked on the key, not inserting a second row
    release.set()
    first.join(10)
    second.join(10)
    [message], [nothing] = first_outcome, second_outcome
    assert isinstance(message, TextMessage) and nothing is None
    assert TextMessage.objects.get().state == TextMessage.State.SENT
    assert capsys.readouterr().out.count("SMS to +212612345678") == 1


def test_a_message_claimed_by_another_worker_is_not_sent_twice(committed_db, sms_gateway):
    message = send()  # committed at once: sent by the immediate backend
    TextMessage.objects.filter(pk=message.pk).update(
        state=TextMessage.State.QUEUED, sent_at=None, attempts=0
    )
    sms_gateway.requests.clear()
    claimed, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            TextMessage.objects.select_for_update().get(pk=message.pk)
            claimed.set()
            release.wait(10)

    thread, outcome = in_thread(other_worker)
    assert claimed.wait(10)
    try:
        assert sms.text_message_send(message.pk) == sms.SKIPPED
    finally:
        release.set()
        thread.join(10)
    assert outcome == [None]
    assert sms_gateway.requests == []
