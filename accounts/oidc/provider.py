"""allauth's OpenID Connect provider plus the nonce check and minimal claim storage.

Registered through SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]. allauth already
sends and checks `state` and PKCE (code_challenge S256); it sends no `nonce`, which OpenID Connect
uses to bind the ID token to this browser's sign-in attempt. We send one, remember it in the
session under allauth's state id, and refuse an ID token that does not carry it back, before
anything is looked up or written.
"""

import secrets

from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.utils.translation import gettext_lazy as _

from ..conf import app_settings
from .providers import get_provider_config

NONCES_SESSION_KEY = "oidc_nonces"
LOGOUT_SESSION_KEY = "oidc_logout"
MAX_PENDING_NONCES = 5  # sign-ins started in other tabs and never finished


class SignInRefused(OAuth2Error):
    """A sign-in answer we refuse; `user_message` is shown on the error page."""

    def __init__(self, user_message):
        super().__init__(str(user_message))
        self.user_message = user_message


class NationalOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        # allauth's complete_login, stricter: an ID token is required and must carry this
        # attempt's nonce; userinfo must be about the same subject (OpenID Connect Core 5.3.2).
        raw = kwargs.get("response", {}).get("id_token")
        if not raw:
            raise SignInRefused(_("The identity provider sent no identity token."))
        id_token = self._decode_id_token(app, raw)
        expected = request.session.get(NONCES_SESSION_KEY, {}).get(request.GET.get("state", ""))
        if not expected or not secrets.compare_digest(str(id_token.get("nonce", "")), expected):
            raise SignInRefused(
                _("The identity token does not belong to this sign-in (its nonce does not match).")
            )
        _forget_nonce(request, request.GET.get("state", ""))
        data = {"id_token": id_token}
        if app.settings.get("fetch_userinfo", True):
            data["userinfo"] = self._fetch_user_info(token.token)
            if str(data["userinfo"].get("sub")) != str(id_token.get("sub")):
                raise SignInRefused(_("The identity provider answered about another person."))
        login = self.get_provider().sociallogin_from_response(request, data)
        # Kept for logout at the provider (id_token_hint); the session ends with the logout.
        request.session[LOGOUT_SESSION_KEY] = {"provider": self.provider_id, "id_token": raw}
        return login


def _forget_nonce(request, state_id):
    nonces = dict(request.session.get(NONCES_SESSION_KEY, {}))
    nonces.pop(state_id, None)
    request.session[NONCES_SESSION_KEY] = nonces


class NationalOIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = NationalOIDCAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        self._nonce = secrets.token_urlsafe(32)
        auth_params = {**auth_params, "nonce": self._nonce}
        return super().redirect(request, process, next_url, data, auth_params=auth_params, **kwargs)

    def stash_redirect_state(self, request, process, next_url=None, data=None, **kwargs):
        state_id = super().stash_redirect_state(request, process, next_url, data, **kwargs)
        nonces = dict(request.session.get(NONCES_SESSION_KEY, {}))
        nonces[state_id] = self._nonce
        request.session[NONCES_SESSION_KEY] = dict(list(nonces.items())[-MAX_PENDING_NONCES:])
        return state_id

    def extract_extra_data(self, data):
        """Keep only the claims we need (OIDC_STORED_CLAIMS + this provider's mapped claims):
        a provider may send a national register number, birth date or address we must not keep.
        """
        config = get_provider_config(self.app.provider_id)
        keep = set(app_settings.OIDC_STORED_CLAIMS) | (config.mapped_claims if config else set())
        return {
            part: {name: value for name, value in claims.items() if name in keep}
            for part, claims in data.items()
            if part in ("userinfo", "id_token") and isinstance(claims, dict)
        }


provider_classes = [NationalOIDCProvider]
