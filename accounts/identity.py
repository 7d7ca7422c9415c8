"""Verified identity required to take part (settings IDENTITY_REQUIRED_TO_POST / _TO_SUPPORT):
with it on, only accounts linked to an eID post or support, so supports count one per person."""

from django.utils.translation import gettext_lazy as _

from .conf import app_settings

REFUSALS = {
    "post": _("Posting on this platform requires an account linked to your eID."),
    "support": _("Supporting posts on this platform requires an account linked to your eID."),
}


def identity_required(action):
    return {
        "post": app_settings.IDENTITY_REQUIRED_TO_POST,
        "support": app_settings.IDENTITY_REQUIRED_TO_SUPPORT,
    }[action]


def identity_refusal(user, action):
    """Why `user` may not `action` ("post" or "support") without a verified identity, or None."""
    if not identity_required(action) or not user.is_authenticated or user.has_verified_identity:
        return None
    return REFUSALS[action]
