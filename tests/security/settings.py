"""`make security`'s server: the development settings, with imports run inside the request
(as the test suite runs them) so that what sqlmap puts in an uploaded file is read, checked
and written while it waits for the answer, instead of sitting in a queue no worker reads."""

from entraide.settings.dev import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each application sqlmap gets through sends a confirmation email: none leaves the machine.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
