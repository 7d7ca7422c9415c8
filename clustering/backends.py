"""Build pipeline stages from settings and keep one instance per process (models are big)."""

import threading

from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from .conf import pipeline_setting

_instances = {}
_lock = threading.Lock()


def build(stage, **overrides):
    """A new instance of `stage` ("EMBEDDER", "INDEX", ...) as configured, options overridable."""
    config = pipeline_setting(stage)
    cls = import_string(config["BACKEND"])
    return cls(**{**config["OPTIONS"], **overrides})


def get(stage):
    """The process-wide instance of `stage`."""
    instance = _instances.get(stage)
    if instance is None:
        with _lock:
            instance = _instances.get(stage)
            if instance is None:
                instance = _instances[stage] = build(stage)
    return instance


def reset(**kwargs):
    _instances.clear()


def _on_setting_changed(setting, **kwargs):
    if setting == "CLUSTERING_PIPELINE":
        reset()


setting_changed.connect(_on_setting_changed, dispatch_uid="clustering.backends.reset")
