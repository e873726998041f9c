"""Rate limits for the public pages (applications, status checks), kept in PostgreSQL.

django-ratelimit wants memcached or Redis for atomic counting; the portal runs on PostgreSQL
alone, which counts atomically with one INSERT ... ON CONFLICT per request and shares the
count between every app server. Fixed windows: `limit` requests per `seconds` per key.
Clients are counted by `client_network` (an IPv6 client by its /64).

`limited` counts every request of a view from one address. A form that many honest people
send from one address (a cyber-café, a campus, a mobile operator's NAT) counts what signals
abuse instead, with `Limit`s of its own: `hit` what happened (e.g. an application accepted,
by address and by CIN) once it has happened, `reached` before acting, and answer
`too_many_requests`, which says when to come back.
"""

import functools
import math
import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from .addresses import client_network


def _window(seconds):
    now = timezone.now()
    start = int(now.timestamp()) // seconds * seconds
    return now, now.fromtimestamp(start, tz=now.tzinfo)


def hit(key, *, seconds, amount=1):
    """Count `amount` (one request) under `key` in the current window; the count so far."""
    from .models import RateCounter

    now, window = _window(seconds)
    table = RateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "window", "count") VALUES (%s, %s, %s) '  # noqa: S608
            f'ON CONFLICT ("key", "window") DO UPDATE SET "count" = {table}."count" + %s '
            'RETURNING "count"',
            [key[:200], window, amount, amount],
        )
        count = cursor.fetchone()[0]
    if random.random() < 0.01:  # noqa: S311 - housekeeping, now and then
        RateCounter.objects.filter(window__lt=now - timedelta(days=1)).delete()
    return count


def peek(key, *, seconds):
    """The count under `key` in the current window, without counting."""
    from .models import RateCounter

    _now, window = _window(seconds)
    counter = RateCounter.objects.filter(key=key[:200], window=window).first()
    return counter.count if counter else 0


def window_end(*, seconds):
    """When the current window of `seconds` ends: when a count held back now starts again."""
    _now, window = _window(seconds)
    return window + timedelta(seconds=seconds)


def too_many_requests(request, *, seconds, reason=""):
    """The 429 answer for a limit counted in windows of `seconds`: what was refused (`reason`,
    a translated sentence; by default, too many requests from the connection) and when to
    come back, as a time of day and a wait, also in the Retry-After header."""
    retry_at = window_end(seconds=seconds)
    wait = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    context = {
        "reason": reason,
        "retry_at": timezone.localtime(retry_at),
        "wait_seconds": wait,
        "wait_minutes": math.ceil(wait / 60),
    }
    response = HttpResponse(render_to_string("429.html", context, request=request), status=429)
    response["Retry-After"] = str(wait)
    return response


@dataclass(frozen=True)
class Limit:
    """A named limit: `limit` per `seconds` for each key made of `parts` (an address, a CIN,
    a competition...). Counting and checking are apart, so that a view counts only what
    signals abuse (e.g. applications accepted), whenever it knows it."""

    name: str
    limit: int
    seconds: int

    def key(self, *parts):
        return ":".join([self.name, *(str(part) for part in parts)])

    def hit(self, *parts, amount=1):
        """Count `amount` under `parts`; whether the limit is now passed."""
        return hit(self.key(*parts), seconds=self.seconds, amount=amount) > self.limit

    def count(self, *parts):
        return peek(self.key(*parts), seconds=self.seconds)

    def reached(self, *parts):
        """Whether `parts` used up their allowance of the current window."""
        return self.count(*parts) >= self.limit

    def refuse(self, request, reason=""):
        return too_many_requests(request, seconds=self.seconds, reason=reason)


def limited(name, *, limit, seconds, methods=("POST",)):
    """View decorator: past `limit` requests in `seconds` from one address, answer 429 with a
    page that says when to try again."""
    rule = Limit(name, limit=limit, seconds=seconds)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and rule.hit(client_network(request) or "unknown"):
                return rule.refuse(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
