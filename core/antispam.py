"""Signals that a form was filled in by a bot rather than a person, checked on posting,
commenting and sign-up.

- A honeypot field: visually hidden, hidden from assistive technology and out of the tab order,
  labelled "leave this field empty". People never see it; form-filling bots fill it in.
- A signed timestamp of when the form was shown (django.core.signing): a form sent back sooner
  than MODERATION_MIN_FORM_SECONDS was not read by anyone; one older than a day, or with a
  forged signature, is refused too (with a message saying what to do).

Forms use `AntiSpamFormMixin`; views with their own forms (comments) render
`{% antispam_fields %}` (core/templatetags/antispam.py) and call `check_bot_signals`.
"""

import logging
import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from moderation.conf import setting

from .conf import app_settings

HONEYPOT_FIELD = "website"
FORM_STARTED_FIELD = "form_started"
MAX_FORM_AGE_SECONDS = 24 * 3600
SALT = "core.antispam.form-started"

log = logging.getLogger(__name__)

HONEYPOT_MESSAGE = _(
    "This form looks as if it was filled in automatically, so it was not sent. Please try again."
)
TOO_FAST_MESSAGE = _(
    "Please take a moment to check your text before sending it, then send it again."
)
EXPIRED_MESSAGE = _(
    "This form was open for a very long time. Please check your text and send it again."
)
INVALID_MESSAGE = _("This form could not be checked. Please send it again.")


def form_started_token():
    """A signed "the form was shown now" token for the hidden timestamp field."""
    return signing.dumps(int(time.time()), salt=SALT, compress=False)


def check_bot_signals(request, data):
    """Why `data` (a submitted form's POST data) looks automated, or None if it looks human.

    The message is translated and tells a person what to do. Call it before saving anything.
    """
    if (data.get(HONEYPOT_FIELD) or "").strip():
        return _refuse(request, "honeypot", HONEYPOT_MESSAGE)
    if not app_settings.ANTISPAM_FORM_CHECKS:
        return None
    token = data.get(FORM_STARTED_FIELD) or ""
    try:
        shown_at = signing.loads(token, salt=SALT, max_age=MAX_FORM_AGE_SECONDS)
    except signing.SignatureExpired:
        return _refuse(request, "expired", EXPIRED_MESSAGE)
    except signing.BadSignature:
        return _refuse(request, "bad signature", INVALID_MESSAGE)
    if not isinstance(shown_at, int):
        return _refuse(request, "bad timestamp", INVALID_MESSAGE)
    if time.time() - shown_at < setting("MODERATION_MIN_FORM_SECONDS"):
        return _refuse(request, "too fast", TOO_FAST_MESSAGE)
    return None


def _refuse(request, reason, message):
    path = getattr(request, "path", "")
    log.info("Form refused as automated (%s) on %s", reason, path)
    return message


class HoneypotInput(forms.TextInput):
    """The honeypot's widget (widget_type "honeypot": templates render it hidden)."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "tabindex": "-1", **(attrs or {})})


class AntiSpamFormMixin:
    """Adds the honeypot and the signed timestamp to a form and refuses automated submissions.

    The timestamp keeps its original value through preview/edit round trips (it is carried like
    any other field); after a refusal, the form is shown again with a fresh timestamp and an
    empty honeypot, so that a person can simply send it again.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            max_length=200,
            widget=HoneypotInput,
        )
        self.fields[FORM_STARTED_FIELD] = forms.CharField(
            required=False,
            max_length=200,
            initial=form_started_token,
            widget=forms.HiddenInput,
        )

    def clean(self):
        data = super().clean()
        refusal = check_bot_signals(getattr(self, "request", None), self.data)
        if refusal:
            self.add_error(None, refusal)
            self._restart_bot_checks(new_timestamp=refusal in (EXPIRED_MESSAGE, INVALID_MESSAGE))
        return data

    def _restart_bot_checks(self, new_timestamp):
        # A person cannot see the honeypot (autofill may have filled it) nor fix a stale
        # timestamp: the form shown again must be sendable as it is.
        fresh = self.data.copy()
        fresh[HONEYPOT_FIELD] = ""
        if new_timestamp:
            fresh[FORM_STARTED_FIELD] = form_started_token()
        self.data = fresh

    def bot_check_values(self):
        """The timestamp to carry through a preview (the honeypot is empty by then)."""
        return {FORM_STARTED_FIELD: self.data.get(FORM_STARTED_FIELD, "")}


def login_identifier(request, credentials=None):
    """The e-mail address a sign-in attempt is for (django-axes' AXES_USERNAME_CALLABLE).

    allauth passes {"email": ...}; after a successful sign-in axes passes {"username": the
    internal username} instead, so the sign-in form's "login" field comes before it (that is
    how AXES_RESET_ON_SUCCESS finds the failures to forget). Lower-cased, so that "Lena@…" and
    "lena@…" share one counter.
    """
    credentials = credentials or {}
    value = credentials.get("email")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login")
    value = value or credentials.get("username")
    return (value or "").strip().lower()
