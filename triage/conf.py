"""Triage settings with defaults; override in Django settings under the same name."""

from django.conf import settings

DEFAULTS = {
    # Days an administration has to answer a post, unless Administration.answer_deadline_days.
    "TRIAGE_ANSWER_DEADLINE_DAYS": 30,
    # Hour (local time) at which Celery beat sends each team its daily digest.
    "TRIAGE_DIGEST_HOUR": 7,
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])
