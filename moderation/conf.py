"""Moderation settings with defaults; override in Django settings under the same name."""

from django.conf import settings

DEFAULTS = {
    # Open reports (from distinct users) that hide a post or comment until a moderator decides.
    "MODERATION_REPORT_THRESHOLD": 3,
    # More links than this in one post or comment: held for moderation instead of published.
    "MODERATION_MAX_LINKS": 2,
    # A form submitted faster than this after it was shown is treated as a bot.
    "MODERATION_MIN_FORM_SECONDS": 3,
    # Accounts without sign-in for this many days are anonymised (GDPR retention).
    "ACCOUNT_RETENTION_DAYS": 3 * 365,
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])
