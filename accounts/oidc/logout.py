"""RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): after our own logout, the
browser goes to the provider's end_session_endpoint with the ID token as a hint, and the
provider sends it back to `post_logout_redirect_uri`."""

import logging

import requests
from django.core.cache import cache
from django.utils.http import urlencode

from .provider import LOGOUT_SESSION_KEY
from .providers import DISCOVERY_PATH, get_provider_config

logger = logging.getLogger(__name__)
DISCOVERY_CACHE_SECONDS = 3600
DISCOVERY_TIMEOUT_SECONDS = 5


def discovery_document(config):
    key = f"oidc-discovery:{config.issuer}"
    document = cache.get(key)
    if document is None:
        response = requests.get(config.issuer + DISCOVERY_PATH, timeout=DISCOVERY_TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def provider_logout_url(request, after_logout):
    """The provider's logout URL for the current session, or None when the person did not sign
    in through a provider, or the provider has no end_session_endpoint or cannot be reached (our
    own logout still happens)."""
    if not request.user.is_authenticated:
        return None
    stored = request.session.get(LOGOUT_SESSION_KEY)
    config = stored and get_provider_config(stored.get("provider"))
    if not config:
        return None
    try:
        endpoint = discovery_document(config).get("end_session_endpoint")
    except (requests.RequestException, ValueError):
        logger.warning("No logout at %s: its discovery document is unavailable", config.issuer)
        return None
    if not endpoint:
        return None
    params = {
        "id_token_hint": stored["id_token"],
        "client_id": config.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(after_logout),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
