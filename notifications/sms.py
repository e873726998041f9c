"""Text messages (SMS). `sms_send` is what the apps call (appointment reminders, candidates'
summons); a task (`tasks.send_text_message`) hands each message to the backend that
settings.SMS_BACKEND names by its dotted path, as Django's email backends are chosen: the
console in development and tests, an HTTP gateway in production (SMS_GATEWAY_URL,
SMS_GATEWAY_TOKEN and SMS_GATEWAY_TIMEOUT, from the environment).

A text leaves the portal for a phone that anyone near it may read: it says what its caller
wrote and nothing more. Callers write a reference, a date and a place, never a person's
situation (nothing that field protection guards); the key goes to the gateway as the message's
reference, so it carries no personal data either ("summons:12:written").

Never sent twice: the key is unique and `sms_send` inserts with ON CONFLICT DO NOTHING, so the
same reminder asked by two workers makes one row, and one task. The task claims the row with
SELECT ... FOR UPDATE SKIP LOCKED in a transaction and marks it sent in that transaction once
the gateway has accepted it (as notifications.emails): should the process die between the two,
the message would go again at the next attempt: at least once, never twice by two workers.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import urllib.request
from datetime import timedelta
from functools import partial
from typing import IO
from urllib.error import HTTPError
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from entraide.validators import PHONE_MAX_LENGTH, normalise_phone

from .models import TextMessage

logger = logging.getLogger(__name__)

# After a failed attempt, the wait before the next one; after the last attempt the message is
# failed. Short: a reminder for tomorrow is worth nothing the day after.
RETRY_DELAYS = (timedelta(minutes=2), timedelta(minutes=15), timedelta(hours=1))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

SENT, SKIPPED, FAILED = "sent", "skipped", "failed"

KEY_MAX_LENGTH = TextMessage._meta.get_field("key").max_length
ERROR_MAX_LENGTH = TextMessage._meta.get_field("last_error").max_length


# Numbers ----------------------------------------------------------------------------------------

# A Moroccan number as people write it (0 then 5, 6 or 7: fixed lines and mobiles), and what
# follows +212 in its international form.
_MOROCCAN = re.compile(r"0([5-7][0-9]{8})")
_MOROCCAN_NATIONAL = re.compile(r"[5-7][0-9]{8}")
# Any other country: E.164, a country code that does not start with 0, at most 15 digits.
_INTERNATIONAL = re.compile(r"[1-9][0-9]{7,14}")


def international_number(value: str) -> str | None:
    """The number as a gateway takes it, +212612345678, from the ways people write it
    (06 12 34 56 78, 00212 6..., +212 (0)6..., 212612345678) after the portal's phone rule
    (entraide.validators.normalise_phone); a foreign number keeps its own country code. None
    for what no text message can reach."""
    number = normalise_phone(value)
    international = number.startswith("+")
    digits = number.lstrip("+")
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]
    if not international:
        if match := _MOROCCAN.fullmatch(digits):
            return f"+212{match[1]}"
        # 212... typed without its +: Morocco's code, since no national number starts so.
        digits = digits if digits.startswith("212") else ""
    if digits.startswith("212"):
        national = digits[3:]
        # +212 (0)6...: the trunk 0 people keep out of habit.
        national = national[1:] if national.startswith("0") else national
        return f"+212{national}" if _MOROCCAN_NATIONAL.fullmatch(national) else None
    return f"+{digits}" if _INTERNATIONAL.fullmatch(digits) else None


# Backends ---------------------------------------------------------------------------------------


class GatewayError(Exception):
    """The gateway did not accept the message (it answered, but not with a 2xx)."""


# What a failed attempt raises: the gateway refused or could not be reached (URLError,
# timeouts and refused connections are OSErrors), or the backend is not configured, which is
# recorded on the message as any other failure rather than lost in a worker's log.
SEND_ERRORS = (GatewayError, OSError, ImproperlyConfigured)


class BaseBackend:
    """What a backend does: `send` one text to one number, or raise one of SEND_ERRORS."""

    def __init__(self, **kwargs):
        pass

    def send(self, *, to: str, text: str, reference: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development and tests: the message written to the terminal (stdout), sent nowhere."""

    def __init__(self, *, stream: IO[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout

    def send(self, *, to: str, text: str, reference: str) -> None:
        self.stream.write(f"SMS to {to} ({reference}):\n{text}\n{'-' * 79}\n")
        self.stream.flush()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # urllib follows a 301/302/303 answered to a POST with a GET and no body, whose 200 would
    # pass for a message accepted: a redirect is an answer that is not a 2xx, so an error.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


class HttpBackend(BaseBackend):
    """Production: POST {"to", "text", "reference"} as JSON to settings.SMS_GATEWAY_URL with
    the bearer token settings.SMS_GATEWAY_TOKEN; any answer but a 2xx, or none within
    settings.SMS_GATEWAY_TIMEOUT seconds, raises."""

    def __init__(
        self,
        *,
        url: str | None = None,
        token: str | None = None,
        timeout: float | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.url = settings.SMS_GATEWAY_URL if url is None else url
        self.token = settings.SMS_GATEWAY_TOKEN if token is None else token
        self.timeout = settings.SMS_GATEWAY_TIMEOUT if timeout is None else timeout
        # Checked here, not only in the settings: urllib also opens file:// and ftp:// URLs.
        parts = urlsplit(self.url or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                "Set SMS_GATEWAY_URL to the SMS gateway's address (http:// or https://)."
            )

    def send(self, *, to: str, text: str, reference: str) -> None:
        body = json.dumps({"to": to, "text": text, "reference": reference}, ensure_ascii=False)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "User-Agent": "entraide-portal",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        # The scheme is http or https (checked in __init__).
        request = urllib.request.Request(  # noqa: S310
            self.url, data=body.encode(), headers=headers, method="POST"
        )
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                status = response.status
        except HTTPError as error:
            error.close()
            raise GatewayError(f"the gateway answered {error.code} {error.reason}") from None
        if not 200 <= status < 300:
            raise GatewayError(f"the gateway answered {status}")


def get_backend(path: str | None = None, **kwargs) -> BaseBackend:
    """An instance of the backend at `path`, by default settings.SMS_BACKEND."""
    return import_string(path or settings.SMS_BACKEND)(**kwargs)


# Writes -----------------------------------------------------------------------------------------


def sms_send(*, to: str, text: str, key: str) -> TextMessage | None:
    """Send `text` to the phone `to` (a Moroccan 0[5-7]... number or an international one)
    once per `key`, after the caller's transaction commits, by a task that retries a failed
    attempt later. Compose `text` in the reader's language (translation.override): the active
    language is recorded with it. Returns the message recorded, or None when a message with
    this key exists already (nothing is sent again), even one being recorded at this very
    moment by another worker.

    A number no text can reach is recorded failed, not sent and not raised: a batch (the
    reminders of a day, the summons of a competition) goes on, and the admin shows why."""
    if not key or len(key) > KEY_MAX_LENGTH:
        raise ValueError(f"A text message needs a key of 1 to {KEY_MAX_LENGTH} characters.")
    if not text or not text.strip():
        raise ValueError("A text message needs a text.")
    number = international_number(to)
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    message = TextMessage(
        to=number or normalise_phone(to)[:PHONE_MAX_LENGTH],
        text=text,
        language=language,
        key=key,
        state=TextMessage.State.QUEUED if number else TextMessage.State.FAILED,
        last_error="" if number else "not a phone number a text message can reach",
    )
    using = router.db_for_write(TextMessage)
    if not _insert_once(message, using=using):
        return None
    if message.state == TextMessage.State.QUEUED:
        # Imported here: tasks imports this module, and a worker imports tasks first.
        from .tasks import send_text_message

        # robust: the caller's work is committed by then; a queue that fails must not undo
        # it (the message stays queued, to be seen in the admin).
        transaction.on_commit(
            partial(send_text_message.enqueue, message.pk), using=using, robust=True
        )
    return message


def _insert_once(message: TextMessage, *, using: str) -> bool:
    """INSERT ... ON CONFLICT (key) DO NOTHING: whether this call wrote the row (and gave
    `message` its primary key). The ORM's bulk_create(ignore_conflicts=True) says neither."""
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = TextMessage._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    values = [
        field.get_db_prep_save(field.pre_save(message, add=True), connection) for field in fields
    ]
    # Only the model's own table and column names are formatted in; the values are parameters.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote(meta.get_field('key').column)}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    message.pk = row[0]
    message._state.adding = False
    message._state.db = using
    return True


def text_message_send(message_id: int) -> str:
    """Hand one message to the backend, if it still should go: queued, attempts left, not
    being sent by another worker. Returns SENT, SKIPPED, or FAILED (the attempt counted and
    its error kept; the message failed after the last attempt)."""
    with transaction.atomic():
        message = (
            TextMessage.objects.filter(
                pk=message_id, state=TextMessage.State.QUEUED, attempts__lt=MAX_ATTEMPTS
            )
            # Claimed: another worker sending it now finds nothing (see the module's doc).
            .select_for_update(skip_locked=True)
            .first()
        )
        if message is None:
            return SKIPPED
        try:
            get_backend().send(to=message.to, text=message.text, reference=message.key)
        except SEND_ERRORS as error:
            logger.warning("Text message %s failed", message.pk, exc_info=True)
            attempts = message.attempts + 1
            TextMessage.objects.filter(pk=message.pk).update(
                attempts=attempts,
                last_error=f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH],
                state=TextMessage.State.FAILED
                if attempts >= MAX_ATTEMPTS
                else TextMessage.State.QUEUED,
            )
            return FAILED
        TextMessage.objects.filter(pk=message.pk, state=TextMessage.State.QUEUED).update(
            state=TextMessage.State.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
    return SENT
