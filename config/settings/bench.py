"""Load-test settings (bench/, docs/load.md): production-like, on loopback, never deployed.

Like production (PostgreSQL with persistent connections, Redis cache, DEBUG off, compressed static
files) but over plain HTTP, with rate limits raised (200 clients share 127.0.0.1, which the per-IP
limits would otherwise throttle) and the bench-only trivial view mounted (BENCH_TRIVIAL_VIEW): it
is the floor our pages are compared with. Production settings never set BENCH_TRIVIAL_VIEW nor
point ROOT_URLCONF at config.urls_bench.
"""

import os
from urllib.parse import urlparse

from .base import *

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "bench-only-key")  # loopback load tests only
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

_url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/simplify_bench"))
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/") or "simplify_bench",
        "USER": _url.username or "postgres",
        "PASSWORD": _url.password or "",
        "HOST": _url.hostname or "127.0.0.1",
        "PORT": str(_url.port or 5432),
        "CONN_MAX_AGE": 60,
    }
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    }
}
# Posting enqueues embedding; eager here so no worker is needed (the fake embedder is cheap).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CLUSTERING_PIPELINE = {
    "EMBEDDER": {"BACKEND": "clustering.embedders.fake.HashingEmbedder", "OPTIONS": {}},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # synthetic accounts
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
_MANY = 1_000_000
RATE_LIMITS = {
    scope: (_MANY, 60, _MANY)
    for scope in (
        "post",
        "support",
        "comment",
        "answer",
        "search",
        "report",
        "export",
        "survey",
        "ballot",
        "workshop",
    )
}
# The load generator posts forms without the signed "form shown at" timestamp of a browser.
ANTISPAM_FORM_CHECKS = False

BENCH_TRIVIAL_VIEW = True
ROOT_URLCONF = "config.urls_bench"
