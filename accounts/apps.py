from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_role_groups(sender, **kwargs):
    from .services import ensure_role_groups

    ensure_role_groups()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Groups need every app's permissions, which exist only after all migrations ran.
        post_migrate.connect(_create_role_groups, dispatch_uid="accounts.role_groups")
