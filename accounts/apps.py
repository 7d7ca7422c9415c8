from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _create_role_groups(sender, **kwargs):
    from .services import ensure_role_groups

    ensure_role_groups()


class AccountsConfig(AppConfig):
    default = True  # this module holds two AppConfigs; "accounts" in INSTALLED_APPS means this
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account.signals import email_confirmed
        from allauth.account.signals import user_logged_in as allauth_logged_in
        from allauth.socialaccount.signals import social_account_added, social_account_removed
        from django.contrib.auth.signals import user_logged_in

        from . import signals

        # Groups need every app's permissions, which exist only after all migrations ran.
        post_migrate.connect(_create_role_groups, dispatch_uid="accounts.role_groups")
        email_confirmed.connect(signals.on_email_confirmed, dispatch_uid="accounts.civil_servant")
        user_logged_in.connect(signals.on_user_logged_in, dispatch_uid="accounts.civil_servant")
        allauth_logged_in.connect(signals.on_allauth_logged_in, dispatch_uid="accounts.oidc")
        social_account_added.connect(signals.on_social_account_added, dispatch_uid="accounts.oidc")
        social_account_removed.connect(
            signals.on_social_account_removed, dispatch_uid="accounts.oidc"
        )


class UsersConfig(WagtailUsersAppConfig):
    """Replaces "wagtail.users" in INSTALLED_APPS so Settings → Users edits public name and
    employer too (Wagtail's documented way to customise the user forms)."""

    default = False
    user_viewset = "accounts.viewsets.PlatformUserViewSet"
