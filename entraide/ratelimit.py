"""Rate limits for the public pages (applications, status checks), kept in PostgreSQL.

django-ratelimit wants memcached or Redis for atomic counting; the portal runs on PostgreSQL
alone, which counts atomically with one INSERT ... ON CONFLICT per request and shares the
count between every app server. Fixed windows: `limit` requests per `seconds` per key.
"""

import functools
import random
from datetime import timedelta

from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from .audit import client_ip


def hit(key, *, seconds):
    """Count one request under `key` in the current window; the count so far."""
    from .models import RateCounter

    now = timezone.now()
    start = int(now.timestamp()) // seconds * seconds
    window = now.fromtimestamp(start, tz=now.tzinfo)
    table = RateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "window", "count") VALUES (%s, %s, 1) '  # noqa: S608
            f'ON CONFLICT ("key", "window") DO UPDATE SET "count" = {table}."count" + 1 '
            'RETURNING "count"',
            [key[:200], window],
        )
        count = cursor.fetchone()[0]
    if random.random() < 0.01:  # noqa: S311 - housekeeping, now and then
        RateCounter.objects.filter(window__lt=now - timedelta(days=1)).delete()
    return count


def limited(name, *, limit, seconds, methods=("POST",)):
    """View decorator: past `limit` requests in `seconds` from one address, answer 429 with a
    page that says when to try again."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                key = f"{name}:{client_ip(request) or 'unknown'}"
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
