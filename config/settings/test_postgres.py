"""Test settings on the production services: PostgreSQL from DATABASE_URL (with pgvector when
scripts/pgvector-postgres.sh provides it). `make test-services` (the second pass of `make test`)
uses them; tests marked `services` start their own Redis-backed Celery workers. Everything else
as in config.settings.test.
"""

import os
from urllib.parse import urlparse

from .test import *

_url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/simplify"))
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/") or "simplify",
        "USER": _url.username or "postgres",
        "PASSWORD": _url.password or "",
        "HOST": _url.hostname or "127.0.0.1",
        "PORT": str(_url.port or 5432),
        "TEST": {"NAME": f"test_simplify_{os.getpid()}"},
    }
}
