"""Development: the embedded PostgreSQL unless DATABASE_URL is set, DEBUG, plain HTTP, demo data."""

import os

if not os.environ.get("DATABASE_URL"):
    from entraide import embedded_db

    os.environ["DATABASE_URL"] = embedded_db.database_url()
os.environ.setdefault("SECRET_KEY", "dev-only-secret-key-never-used-in-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

from .base import *  # noqa: E402, F403
from .base import INSTALLED_APPS, env, env_bool  # noqa: E402

# The demo data (seed_demo, the national data set): never installed by the production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env_bool("DEBUG", True)
DEMO_DATA_ALLOWED = True
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", False)

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
TRUSTED_PROXY_COUNT = 0
# Mails (a candidate's confirmation link) are printed in the terminal of `make run`.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SMS_BACKEND = env("SMS_BACKEND", "notifications.sms.ConsoleBackend")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps and font packages, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
