"""Tests: the development settings, with fast password hashing and strict templates."""

import os
import sys

from .dev import *  # noqa: F403
from .dev import BASE_DIR, DATABASES, TEMPLATES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Text messages are printed, never sent; tests/notifications/conftest.py's `sms_gateway` is a
# gateway on loopback for the tests of the HTTP backend.
SMS_BACKEND = "notifications.sms.ConsoleBackend"
SMS_GATEWAY_URL = ""
SMS_GATEWAY_TOKEN = ""


class UndefinedVariable(str):
    """An undefined variable in one of our templates is a bug: fail the test instead of
    printing "". Third-party templates (the admin, import-export) keep Django's leniency."""

    def __mod__(self, name):
        frame = sys._getframe(1)
        while frame is not None:
            context = frame.f_locals.get("context")
            template = getattr(context, "template", None)
            if template is not None:
                origin = getattr(getattr(template, "origin", None), "name", "") or ""
                if origin.startswith(OUR_TEMPLATES):
                    raise NameError(f"undefined template variable: {name} in {origin}")
                return ""
            frame = frame.f_back
        return ""


OUR_TEMPLATES = str(BASE_DIR / "templates")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UndefinedVariable("%s")

# Two suites can share one server (for example two checkouts): TEST_DB_SUFFIX keeps them apart.
DATABASES["default"]["TEST"] = {"NAME": f"test_entraide{os.environ.get('TEST_DB_SUFFIX', '')}"}

# Uploaded files of a test run go to a throwaway folder, never into .data/media, removed when
# the process ends (each pytest-xdist worker has its own).
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="entraide-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
