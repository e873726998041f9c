"""Rate limits for the public pages (applications, status checks), kept in PostgreSQL.

django-ratelimit wants memcached or Redis for atomic counting; the portal runs on PostgreSQL
alone, which counts atomically with one INSERT ... ON CONFLICT per request and shares the
count between every app server. Fixed windows: `limit` requests per `seconds` per key.
Clients are counted by `client_network` (an IPv6 client by its /64).
"""

import functools
import random
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


def limited(name, *, limit, seconds, methods=("POST",)):
    """View decorator: past `limit` requests in `seconds` from one address, answer 429 with a
    page that says when to try again."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                key = f"{name}:{client_network(request) or 'unknown'}"
                if hit(key, seconds=seconds) > limit:
                    body = render_to_string(
                        "429.html", {"minutes": max(1, seconds // 60)}, request=request
                    )
                    response = HttpResponse(body, status=429)
                    response["Retry-After"] = str(seconds)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
