"""Settings shared by every environment. Environment files (dev/test/production) override these.

Values a deployment must choose come from environment variables; nothing secret has a default
here (dev.py supplies a throwaway key, production.py refuses to start without one).
"""

import os
from datetime import timedelta
from operator import attrgetter
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from accounts.oidc.environment import providers_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

INSTALLED_APPS = [
    "core",
    "accounts",
    "procedures",
    "challenges",
    "triage",
    "notifications",
    "ideas",
    "moderation",
    "clustering",
    "transparency",
    "opendata",
    "api",
    "surveys",
    "prioritisation",
    "workshops",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",  # "Translate" action: copies a page into a locale
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.locales",
    "accounts.apps.UsersConfig",  # wagtail.users with the platform's user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    # Sign-in through OpenID Connect providers (national eID, staff directory): accounts/oidc/.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # comments-xtd must come before django_comments (its templates and models win).
    "django_comments_xtd",
    "django_comments",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "csp",
    "axes",  # login throttling; its AccessAttempt tables come with the package's migrations
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.oidc.middleware.ProviderFormActionMiddleware",  # + the providers' origins
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a refused (locked-out) login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site_roles",
                "accounts.context_processors.sign_in_options",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
        # Wait for a concurrent writer instead of failing at once (supports, comments).
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt for a locked-out e-mail + IP before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: sign in with e-mail; the public name is a pseudonym chosen at sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_GET = False
# Messages and e-mails name people by their pseudonym, never by the generated username.
ACCOUNT_USER_DISPLAY = attrgetter("display_name")
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"

# OpenID Connect sign-in (accounts/oidc/): providers from the environment (OIDC_PROVIDERS=eid,
# staff and OIDC_<ID>_ISSUER etc., see accounts/oidc/environment.py). Authorization code flow with
# PKCE, state and nonce. A first sign-in asks for a pseudonym (no automatic sign-up); an eID whose
# e-mail address belongs to an existing account is not silently attached to it: the person signs
# in to that account and links the eID from "Sign-in methods".
OIDC_PROVIDERS = providers_from_environment(os.environ)
EMAIL_LOGIN_ENABLED = os.environ.get("EMAIL_LOGIN_ENABLED", "1") == "1"
IDENTITY_REQUIRED_TO_POST = os.environ.get("IDENTITY_REQUIRED_TO_POST", "0") == "1"
IDENTITY_REQUIRED_TO_SUPPORT = os.environ.get("IDENTITY_REQUIRED_TO_SUPPORT", "0") == "1"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "accounts.oidc.provider.NationalOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False

# allauth's own limits stay as a second layer: django-axes (below) locks one e-mail + IP after 5
# failures; allauth's per-e-mail limit catches one account attacked from many addresses, its
# per-IP limit one address trying many accounts.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,10/15m/key", "signup": "20/h/ip"}

# Behind a reverse proxy, the header that proxy sets to the client's address (e.g. "X-Real-IP").
# Empty: the direct peer (REMOTE_ADDR) is the client. Never trust a header a client can forge.
TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER", "")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER or None
RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip"

# django-axes: 5 failed sign-ins for one e-mail address from one IP lock that pair for 15
# minutes. Locking by the pair (not by e-mail alone) means an attacker cannot lock people out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "core.antispam.login_identifier"
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("lb", _("Luxembourgish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Wagtail pages are translatable (Wagtail's own i18n, wagtail.contrib.simple_translation) without
# language prefixes in URLs: a page is served at its original URL in the visitor's language when
# a live translation exists (core/page_translations.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Luxembourg"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

SITE_ID = 1

# Wagtail
WAGTAIL_SITE_NAME = "Simplify Together"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Only these document types can be uploaded (no HTML, SVG or scripts served from our domain).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # served with Content-Disposition and our headers
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Threaded comments (django-comments-xtd). Only signed-in users comment; flagging is on.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 3
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "ideas.post": {
        "allow_flagging": True,
        "allow_feedback": False,
        "show_feedback": False,
        "who_can_post": "users",
    }
}
COMMENTS_HIDE_REMOVED = True

# Celery: the embedded default runs tasks in-process; production.py points at Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", None)
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "1") == "1"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@simplify.example.lu")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Request size limits: forms carry at most a few 5000-character texts; files go through Wagtail.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB of request body outside file uploads
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads are streamed to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Content-Security-Policy (django-csp 4): our pages load scripts, styles and images from our own
# origin only, so an injected <script> or on*= attribute cannot run. No inline scripts or styles
# in our templates (JavaScript lives in static/js/). The Wagtail admin (/admin/) and Django admin
# (/django-admin/) use inline scripts and styles of their own: they are excluded from the policy
# (both are staff-only; X-Frame-Options and the other headers still apply there).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# App settings with defaults live in each app's conf.py; override them here by name.

# Public API (api/): OpenAPI schema by drf-spectacular. Authentication and permission defaults
# stay DRF's (django-comments-xtd's API relies on them); our views set their own.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Per client IP, API views only (api.views.ApiThrottle).
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_THROTTLE_RATE", "120/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Simplify Together open data API",
    "DESCRIPTION": (
        "Read-only, anonymous: public posts (no hidden, pending or internal ones) with official "
        "answers, procedures, administrations, clusters and answer statistics. No personal data."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_public_api"],
}
