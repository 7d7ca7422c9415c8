"""Test settings: fast password hashing, in-memory e-mail, eager tasks."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - never used outside the test run
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# A file, not SQLite's shared in-memory database: concurrency tests and the live server used by
# browser tests open several connections, which an in-memory database serialises badly.
DATABASES["default"]["TEST"] = {
    "NAME": os.path.join(tempfile.gettempdir(), f"simplify-test-{os.getpid()}.sqlite3")
}
# Durability does not matter for a throwaway test database; fsync on every migration does.
DATABASES["default"]["OPTIONS"] = {
    **DATABASES["default"]["OPTIONS"],
    "init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;",
}

# Fast, deterministic NLP stages for unit tests; tests of the real models build them explicitly.
CLUSTERING_PIPELINE = {
    "EMBEDDER": {"BACKEND": "clustering.embedders.fake.HashingEmbedder", "OPTIONS": {}},
}

# Existing tests post forms directly, without the signed "form shown at" timestamp a browser
# sends (and browser tests fill forms faster than a person): tests/test_antispam.py turns the
# timestamp check on. The honeypot check stays on everywhere. django-axes stays enabled
# (force_login bypasses authentication backends).
ANTISPAM_FORM_CHECKS = False

# The API's per-IP throttle counts in the process-wide cache across tests (and the schemathesis
# run against the live server): high enough never to trip; tests/test_api.py lowers it.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/min"}}
