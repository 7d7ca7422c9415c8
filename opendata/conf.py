"""Open-data settings with defaults; override in Django settings under the same name."""

from pathlib import Path

from django.conf import settings

DEFAULTS = {
    # Where the nightly CSV/JSON exports and manifest.json are written. None: MEDIA_ROOT/opendata.
    "OPENDATA_DIR": None,
    # Items per RSS/Atom feed (newest first).
    "OPENDATA_FEED_ITEMS": 50,
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])


def export_dir():
    configured = setting("OPENDATA_DIR")
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "opendata"
