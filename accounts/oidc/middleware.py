"""Content-Security-Policy for OpenID Connect: our "Sign in with ..." and "Sign out" forms POST
to our own URLs, which redirect to the provider; browsers apply `form-action` to that redirect
too, so the providers' origins must be allowed there (only there)."""

from urllib.parse import urlsplit

from django.core.cache import cache

from .providers import configured_providers

ENDPOINTS = ("authorization_endpoint", "end_session_endpoint")


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def provider_origins():
    origins = set()
    for config in configured_providers():
        origins.add(_origin(config.issuer))
        # Discovery may place endpoints on another host; known once logout fetched it.
        document = cache.get(f"oidc-discovery:{config.issuer}") or {}
        origins.update(_origin(document.get(name)) for name in ENDPOINTS)
    return sorted(origin for origin in origins if origin)


class ProviderFormActionMiddleware:
    """Listed right after csp.middleware.CSPMiddleware, so it runs before the header is built."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = provider_origins()
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update
        return response
