"""drf-spectacular hooks (SPECTACULAR_SETTINGS)."""

API_PREFIX = "/api/v1/"


def only_public_api(endpoints, **kwargs):
    """Document this API only: django-comments-xtd's own DRF views are not part of it."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]
