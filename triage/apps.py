from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = _("Triage")

    def ready(self):
        # Object permissions, and the answer templates' admin views (Wagtail only auto-imports
        # wagtail_hooks.py).
        from . import rules, wagtail_hooks_templates  # noqa: F401
