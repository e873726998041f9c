"""Tests: the development settings, with fast password hashing and strict templates."""

from .dev import *  # noqa: F403
from .dev import TEMPLATES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# An undefined variable in a template is a bug: fail the test instead of printing nothing.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "%(UNDEFINED)s"
