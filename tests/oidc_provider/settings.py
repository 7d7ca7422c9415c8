"""Settings of the test OpenID Connect provider; everything run-specific comes from the environment.

serve.py sets the OIDC_TEST_* variables (data dir, port, provider id, generated RSA key) before
Django starts, so this module stays declarative and two providers can run side by side.
"""

import os
from pathlib import Path

# Loopback HTTP only: oauthlib refuses plain http unless told otherwise.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

DATA_DIR = Path(os.environ["OIDC_TEST_DATA_DIR"])
PORT = int(os.environ["OIDC_TEST_PORT"])
PROVIDER_ID = os.environ.get("OIDC_TEST_PROVIDER_ID", "op")
USERS_FILE = os.environ.get("OIDC_TEST_USERS_FILE", str(DATA_DIR / "users.json"))

SECRET_KEY = "test-oidc-provider-not-secret"  # noqa: S105 - throwaway loopback test server
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.oidc_provider.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,  # DOT's own error/logout-confirm templates
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "provider.sqlite3"),
        # Threaded server: let concurrent writers wait instead of failing with "locked".
        "OPTIONS": {"timeout": 20},
    }
}

# Users live in the JSON file the fixture rewrites; the backend mirrors them into auth_user.
AUTHENTICATION_BACKENDS = ["tests.oidc_provider.auth.JsonFileBackend"]
LOGIN_URL = "/login/"

# Both providers and our app's live server share the host 127.0.0.1, and browsers ignore the port
# when scoping cookies: distinct cookie names keep their sessions and CSRF tokens apart.
# The client secret is stored hashed (DOT's hash_client_secret) and checked at every token
# request: PBKDF2's deliberate slowness would cost ~0.5 s per sign-in in the tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SESSION_COOKIE_NAME = f"op_{PROVIDER_ID}_sessionid"
CSRF_COOKIE_NAME = f"op_{PROVIDER_ID}_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["OIDC_TEST_RSA_KEY"],
    "OIDC_ISS_ENDPOINT": f"http://127.0.0.1:{PORT}/o",
    "PKCE_REQUIRED": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.validators.JsonClaimsValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Profile",
        "email": "E-mail address",
        "groups": "Groups",
    },
    "DEFAULT_SCOPES": ["openid"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "file": {
            "class": "logging.FileHandler",
            "filename": str(DATA_DIR / "provider.log"),
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["file"], "level": "INFO"},
    "loggers": {
        # DEBUG on DOT/oauthlib explains rejected redirect URIs, PKCE failures and the like.
        "oauth2_provider": {"level": "DEBUG"},
        "oauthlib": {"level": "DEBUG"},
    },
}
