"""A fixed-window rate limit per user (or IP) on the cache, for posting, supporting, commenting.

Limits are settings (RATE_LIMITS in core/conf.py) so that a deployment can tune them.
"""

import time
from functools import wraps

from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .conf import app_settings


def _client_key(request):
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    return "ip" + request.META.get("REMOTE_ADDR", "unknown")


def is_limited(request, scope):
    """Count this request against `scope` and tell whether it is over the limit."""
    limit, window = app_settings.RATE_LIMITS[scope]
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{_client_key(request)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def ratelimit(scope, methods=("POST",)):
    """Refuse with 429 (and an explanation) once a client is over the limit for `scope`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and is_limited(request, scope):
                message = _("Too many requests. Please wait a moment and try again.")
                if request.accepts("application/json") and not request.accepts("text/html"):
                    return JsonResponse({"error": message}, status=429)
                return render(request, "429.html", {"message": message}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
