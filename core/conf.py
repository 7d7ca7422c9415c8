"""App settings with defaults (like django-comments-xtd's conf/defaults.py).

Override any of them in Django settings under the same name, e.g. RATE_LIMITS = {...}.
"""

from django.conf import settings

DEFAULTS = {
    # scope: (max requests, window in seconds)
    "RATE_LIMITS": {
        "post": (10, 3600),
        "support": (60, 60),
        "comment": (20, 600),
        "answer": (60, 600),
        "search": (120, 60),
    },
    # Minutes during which an author may edit their own comment.
    "COMMENT_EDIT_WINDOW_MINUTES": 15,
    "POSTS_PER_PAGE": 20,
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
