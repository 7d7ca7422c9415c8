"""Local development on the embedded default: SQLite, eager Celery, console e-mail."""

from .base import *

DEBUG = True
# A throwaway key for local use only; production.py requires DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-deploy")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
