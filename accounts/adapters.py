"""django-allauth adapters: e-mail sign-in can be switched off, sign-in providers come from our
settings, a provider's real-name claims never land on the user row, and logout also ends the
session at the identity provider (RP-initiated logout)."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.utils.translation import gettext_lazy as _

from .conf import app_settings
from .oidc.logout import provider_logout_url
from .oidc.providers import configured_providers

EMAIL_LOGIN_OFF = _(
    "Signing in with an e-mail address and password is switched off on this platform. "
    "Please sign in with your eID or government account."
)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return app_settings.EMAIL_LOGIN_ENABLED

    def pre_authenticate(self, request, **credentials):
        # The sign-in page hides the password form when e-mail sign-in is off; a POST made
        # anyway is refused with the reason, before any password is checked.
        if not app_settings.EMAIL_LOGIN_ENABLED:
            raise forms.ValidationError(EMAIL_LOGIN_OFF)
        return super().pre_authenticate(request, **credentials)

    def populate_username(self, request, user):
        # allauth would derive the (internal) username from the e-mail address or an eID's real
        # name; a random one reveals nothing in admin lists and logs.
        if not user.username:
            user.username = f"user-{secrets.token_hex(8)}"

    def get_logout_redirect_url(self, request):
        # Asked before the session is flushed: the ID token of an OpenID Connect sign-in is
        # still there. The provider sends the person back to our own logout redirect.
        after_logout = super().get_logout_redirect_url(request)
        return provider_logout_url(request, after_logout) or after_logout


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = [config.social_app() for config in configured_providers()]
        return [
            app
            for app in apps
            if (provider in (None, app.provider, app.provider_id))
            and (client_id in (None, app.client_id))
        ]

    def is_open_for_signup(self, request, sociallogin):
        # A first sign-in with an eID creates an account even when e-mail sign-up is off.
        return True

    def populate_user(self, request, sociallogin, data):
        """Only the e-mail address is copied: names from the eID stay with the linked identity
        (shown to its owner only); the public name is a pseudonym the person picks; the username
        is random so it cannot reveal who someone is."""
        user = super().populate_user(request, sociallogin, data)
        user.first_name = user.last_name = ""
        user.username = ""  # AccountAdapter.populate_username picks a random one
        return user
