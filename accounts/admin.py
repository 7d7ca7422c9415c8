from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    # Roles are the groups (UserAdmin's "Permissions" section); a civil servant's employer is
    # set by e-mail verification (accounts.services.verify_civil_servant) or here by hand.
    fieldsets = UserAdmin.fieldsets + (
        (_("Public"), {"fields": ("public_name", "preferred_language")}),
        (_("Civil service"), {"fields": ("employer",)}),
    )
    list_display = ("username", "email", "public_name", "employer", "is_staff")
    list_filter = UserAdmin.list_filter + ("employer",)
    search_fields = ("username", "email", "public_name")


def hide_linked_identities():
    """allauth's admin pages would show every person's eID claims (real name, e-mail) to platform
    admins; those stay visible to their owner only. Called from config/urls.py, after admin
    autodiscovery has registered allauth's models."""
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    for model in (SocialAccount, SocialToken, SocialApp):  # apps come from settings, not the DB
        if admin.site.is_registered(model):
            admin.site.unregister(model)
