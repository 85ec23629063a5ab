"""Django settings for the caseinspect web application.

Everything that differs between machines comes from environment variables, read through the
typed helpers in :mod:`caseinspect.web.env` (a bad value stops start-up with a message naming
the variable). ``docs/web.md`` lists every variable.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from caseinspect.web.env import env_bool, env_int, env_list, env_str

WEB_DIR = Path(__file__).resolve().parent

DATA_DIR = Path(
    env_str(
        "CASEINSPECT_DATA_DIR",
        "caseinspect-data",
        "Directory holding the SQLite database, the generated secret key and uploads.",
    )
).resolve()
SECRET_KEY_FILE = DATA_DIR / "secret_key"


def _secret_key() -> str:
    from_env = env_str(
        "CASEINSPECT_SECRET_KEY",
        "",
        "Django secret key. When unset it is read from secret_key in the data directory, "
        "which `caseinspect serve` generates on first run.",
    )
    if from_env:
        return from_env
    try:
        key = SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"no secret key: set CASEINSPECT_SECRET_KEY or run `caseinspect serve` once to "
            f"create {SECRET_KEY_FILE}"
        ) from None
    if len(key) < 50:
        raise ImproperlyConfigured(f"{SECRET_KEY_FILE} holds a key shorter than 50 characters")
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("CASEINSPECT_DEBUG", False, "Django debug pages. Never on in production.")
ALLOWED_HOSTS = env_list(
    "CASEINSPECT_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost"],
    "Comma-separated host names the site answers to.",
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CASEINSPECT_CSRF_TRUSTED_ORIGINS",
    [],
    "Comma-separated origins (https://host) trusted for form posts behind a proxy.",
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "caseinspect.web.accounts",
    "caseinspect.web.audit",
    "caseinspect.web.inspections",
    "caseinspect.web.dynamic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "caseinspect.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "caseinspect.web.middleware.SignedInUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "caseinspect.web.urls"
WSGI_APPLICATION = "caseinspect.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "caseinspect.web.context.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'caseinspect.sqlite3'}",
        "Database URL; postgresql://user@host:5432/name for PostgreSQL. "
        "Default: SQLite (WAL) in the data directory.",
    )
    try:
        # Keep connections open between requests (each server thread has its own).
        config: dict[str, object] = dict(
            dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run while one writer writes; IMMEDIATE takes the write lock at the
        # start of a transaction, so two writers queue instead of failing on lock upgrade;
        # our backend queues writers on a file lock rather than SQLite's polling busy handler.
        # No mmap_size: with memory-mapped reads, every connection unmaps and maps the whole
        # file again on its first read after any other connection's commit (SQLite drops a
        # mapping with the page cache), so under concurrent saves each request paid an munmap,
        # an mmap and page faults (benchmarks/web_save.py: a write's server CPU 0.57-1.01 ms
        # with it, 0.41-0.67 ms without).
        config["ENGINE"] = "caseinspect.web.sqlite"
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": _database()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env_bool(
    "CASEINSPECT_SESSION_CACHE",
    True,
    "Keep a copy of sessions in a cache in the data directory (one machine). Turn off when "
    "several machines serve the same database, so that signing out takes effect on all.",
):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 10000},
    }
}

AUTH_USER_MODEL = "accounts.User"
# Django's ModelBackend, reading each request's user with a plain statement (it is on the path
# of every signed-in request).
AUTHENTICATION_BACKENDS = ["caseinspect.web.accounts.backends.UserBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_MAX_FAILURES = env_int(
    "CASEINSPECT_LOGIN_MAX_FAILURES",
    5,
    "Failed sign-ins to one account within the lockout period that lock it.",
)
LOGIN_LOCKOUT_MINUTES = env_int(
    "CASEINSPECT_LOGIN_LOCKOUT_MINUTES",
    15,
    "How long failed sign-ins count, and so how long a locked account stays locked.",
)
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int(
    "CASEINSPECT_LOGIN_MAX_FAILURES_PER_ADDRESS",
    50,
    "Failed sign-ins from one network address within the lockout period that block it.",
)

SECURE_COOKIES = env_bool(
    "CASEINSPECT_SECURE_COOKIES",
    True,
    "Send session and CSRF cookies over HTTPS only. `caseinspect serve` (plain HTTP on "
    "127.0.0.1) turns it off unless set; leave it on behind TLS.",
)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool(
    "CASEINSPECT_SSL_REDIRECT", False, "Redirect plain HTTP requests to HTTPS."
)
SECURE_HSTS_SECONDS = env_int(
    "CASEINSPECT_HSTS_SECONDS",
    31536000,
    "Strict-Transport-Security max-age in seconds (sent over HTTPS only; 0 turns it off).",
    minimum=0,
)
if env_bool(
    "CASEINSPECT_BEHIND_TLS_PROXY",
    False,
    "Trust X-Forwarded-Proto: https from a TLS-terminating proxy in front of the server.",
):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int(
    "CASEINSPECT_UPLOAD_MAX_BYTES",
    20 * 1024 * 1024,
    "Largest case table accepted for import, in bytes.",
)
EVIDENCE_MAX_BYTES = env_int(
    "CASEINSPECT_EVIDENCE_MAX_BYTES",
    10 * 1024 * 1024,
    "Largest evidence file (dynamic inspection) accepted, in bytes.",
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
