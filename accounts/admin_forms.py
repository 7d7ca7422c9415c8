"""Wagtail's user forms (Settings → Users) with the platform's own fields: the public name and
the administration a civil servant works for. Roles are Wagtail's "groups" field (tab "Roles"):
admins grant "Civil servants" there by hand."""

from wagtail.users.forms import UserCreationForm, UserEditForm

PLATFORM_FIELDS = {"public_name", "employer"}


class PlatformUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PLATFORM_FIELDS


class PlatformUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PLATFORM_FIELDS
