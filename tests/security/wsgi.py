"""`make security`'s server: the portal as entraide.wsgi serves it, with the settings of
tests.security.settings and without the per-address rate limit of the public forms. sqlmap
sends thousands of requests from one address: the limit (tested in tests/recruitment) would
answer all but the first ten with 429 and hide the form behind it from the scan."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.security.settings")

application = get_wsgi_application()

from entraide import ratelimit  # noqa: E402 - after the apps are loaded


def _never_limited(key, *, seconds, amount=1):
    return 0


ratelimit.hit = _never_limited
