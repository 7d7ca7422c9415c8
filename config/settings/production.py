"""Production: PostgreSQL, Redis as Celery broker, a real worker and beat, secure cookies.

Everything comes from the environment (README.md, "Production and scaling"). Several web and
worker processes, on one machine or many, share one database and one broker.
"""

import os
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
try:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
except KeyError as exc:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY for production.") from exc
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]


def env_flag(name, default):
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


def database_from_env():
    """DATABASE_URL (postgres://user:pass@host:port/name) wins; else the POSTGRES_* variables."""
    url = urlparse(os.environ.get("DATABASE_URL", ""))
    if url.scheme and url.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL.")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(url.path.lstrip("/")) or os.environ.get("POSTGRES_DB", "simplify"),
        "USER": unquote(url.username or "") or os.environ.get("POSTGRES_USER", "postgres"),
        "PASSWORD": unquote(url.password or "") or os.environ.get("POSTGRES_PASSWORD", ""),
        "HOST": url.hostname or os.environ.get("POSTGRES_HOST", "127.0.0.1"),
        "PORT": str(url.port or os.environ.get("POSTGRES_PORT", "5432")),
        # Persistent connections, checked before reuse: after a database restart (or a
        # terminated backend) the next request or task reconnects instead of failing.
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", 60)),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": database_from_env()}

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}

# Celery: Redis broker, a worker and a beat process (`make run-prod`).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = False
# A worker started before Redis keeps trying instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task is acknowledged when it has finished (base.py: CELERY_TASK_ACKS_LATE); a worker that
# dies mid-task (SIGKILL, OOM) leaves it to be delivered again; each worker takes one at a time,
# so a long recluster does not hold short tasks hostage.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers an unacknowledged task after this many seconds: longer than the longest task
# (the nightly recluster), or it would run twice (harmless - tasks are idempotent - but wasteful).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 3600))
}

# E-mail: EMAIL_URL (smtp://user:pass@host:port, submission+tls or smtps for TLS) or EMAIL_HOST...
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_email = urlparse(os.environ.get("EMAIL_URL", ""))
EMAIL_HOST = _email.hostname or os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(_email.port or os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = unquote(_email.username or "") or os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = unquote(_email.password or "") or os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.scheme == "submission+tls" or env_flag("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.scheme == "smtps" or env_flag("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ACCOUNT_EMAIL_VERIFICATION = "mandatory"

STATIC_ROOT = os.environ.get("STATIC_ROOT", STATIC_ROOT)
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", MEDIA_ROOT)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS only (Django's deployment checklist: `manage.py check --deploy` is clean).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The TLS-terminating proxy redirects already? Then SECURE_SSL_REDIRECT=0 avoids a second hop.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
# Behind that proxy, requests arrive over plain HTTP: trust its X-Forwarded-Proto (the proxy
# must overwrite the header a client sends).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is hard to undo (browsers ship the list): a deliberate choice per deployment.
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# OpenID Connect providers must be reached over TLS in production: without it the ID token could
# be altered on the way (allauth skips its signature check when it comes from the token endpoint).
# Loopback issuers stay allowed (a provider on the same machine, `make run-prod` trials).
for _provider in OIDC_PROVIDERS:
    if not _provider["issuer"].startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ImproperlyConfigured(
            f"OIDC_{_provider['id'].upper()}_ISSUER must be an https:// URL in production."
        )
