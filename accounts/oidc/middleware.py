"""Content-Security-Policy for OpenID Connect: our "Sign in with ..." and "Sign out" forms POST
to our own URLs, which redirect to the provider; browsers apply `form-action` to that redirect
too, so the providers' origins must be allowed there (only there)."""

from urllib.parse import urlsplit

from .providers import configured_providers


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def provider_origins():
    """The issuers' origins, plus `extra_origins` for a provider whose authorization or logout
    endpoint lives elsewhere. From settings only: no I/O on every response."""
    origins = set()
    for config in configured_providers():
        origins.add(_origin(config.issuer))
        origins.update(_origin(url) for url in config.extra_origins)
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
