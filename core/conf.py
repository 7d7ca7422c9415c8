"""App settings with defaults (like django-comments-xtd's conf/defaults.py).

Override any of them in Django settings under the same name, e.g. RATE_LIMITS = {...}.
"""

from django.conf import settings

DEFAULTS = {
    # scope: (max per user, window in seconds) or (max per user, window, max per IP address).
    # Without a per-IP maximum, an address may make RATE_LIMIT_SHARED_IP_FACTOR times the
    # per-user maximum (many people share an office's or a school's address).
    "RATE_LIMITS": {
        "post": (10, 3600),
        "support": (60, 60),
        "comment": (20, 600),
        "answer": (60, 600),
        "search": (120, 60),
        "report": (10, 3600),
        # GDPR: data downloads (heavy queries) and password checks on account deletion.
        "export": (5, 3600),
        "account_delete": (10, 3600),
        # Workshop sign-ups and cancellations.
        "workshop": (30, 3600),
        # Survey answers and procedure satisfaction answers.
        "survey": (30, 3600),
        # Prioritisation ballots (cast or changed).
        "ballot": (30, 3600),
    },
    "RATE_LIMIT_SHARED_IP_FACTOR": 5,
    # Anti-spam checks on forms (core/antispam.py): the honeypot and the signed timestamp.
    "ANTISPAM_FORM_CHECKS": True,
    # Minutes during which an author may edit their own comment.
    "COMMENT_EDIT_WINDOW_MINUTES": 15,
    "POSTS_PER_PAGE": 20,
    # The post list counts at most this many matches (core/pagination.py); beyond, it says
    # "more than" and the visitor narrows the list with the filters.
    "POSTS_COUNT_CAP": 1000,
}


class AppSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        value = getattr(settings, name, DEFAULTS[name])
        if isinstance(DEFAULTS[name], dict):
            return {**DEFAULTS[name], **value}
        return value


app_settings = AppSettings()
