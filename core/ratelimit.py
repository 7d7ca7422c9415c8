"""Rate limits per user AND per IP on the cache (django-ratelimit), for posting, supporting,
commenting, searching, reporting...

Both counters are kept: a signed-in spammer who rotates IP addresses still meets the per-user
limit, and many accounts (or anonymous visitors) behind one address meet the per-IP limit. The
per-IP limit is a multiple of the per-user one, because an office or a school shares one address.

Limits are settings (RATE_LIMITS in core/conf.py): scope -> (per user, window in seconds) or
(per user, window, per IP).
"""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from .conf import app_settings


def client_ip(request):
    """The client's IP address: REMOTE_ADDR, or the header a trusted reverse proxy sets.

    Shared by django-ratelimit (RATELIMIT_IP_META_KEY) and django-axes (AXES_CLIENT_IP_CALLABLE)
    so that both count the same address.
    """
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.headers.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a key, not a bind address


def limits_for(scope):
    """(per user, window in seconds, per IP) for `scope`."""
    limit, window, *per_ip = app_settings.RATE_LIMITS[scope]
    shared = per_ip[0] if per_ip else limit * app_settings.RATE_LIMIT_SHARED_IP_FACTOR
    return limit, window, shared


def _user_key(group, request):
    return f"user:{request.user.pk}"


def _counters(request, scope):
    """(group, key, (limit, window)) for every counter this request is counted against."""
    limit, window, shared = limits_for(scope)
    counters = [(f"{scope}:ip", "ip", (shared, window))]
    if request.user.is_authenticated:
        counters.append((f"{scope}:user", _user_key, (limit, window)))
    else:
        # Anonymous: the address is all we know of the client, so it gets the per-user limit.
        counters.append((f"{scope}:anonymous", "ip", (limit, window)))
    return counters


def is_limited(request, scope):
    """Count this request against `scope` and tell whether it is over a limit."""
    limited = False
    for group, key, rate in _counters(request, scope):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        limited = limited or bool(usage and usage["should_limit"])
    return limited


def too_many_requests(request):
    """The 429 answer: JSON for scripts, a page with an explanation for people."""
    message = _(
        "You have done this too often in a short time. Please wait a few minutes and try again."
    )
    if request.accepts("application/json") and not request.accepts("text/html"):
        return JsonResponse({"error": message}, status=429)
    return render(request, "429.html", {"message": message}, status=429)


def ratelimit(scope, methods=("POST",)):
    """Refuse with 429 (and an explanation) once a client is over the limit for `scope`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and is_limited(request, scope):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
