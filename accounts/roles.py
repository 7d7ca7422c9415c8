"""The platform's roles, as Django groups. Permissions per object live in each app's rules.py."""

from django.utils.translation import gettext_lazy as _

CITIZEN = "Citizens"
CIVIL_SERVANT = "Civil servants"
TRIAGER = "Administration members"
MODERATOR = "Moderators"
ADMIN = "Platform admins"

ROLE_LABELS = {
    CITIZEN: _("Citizen"),
    CIVIL_SERVANT: _("Civil servant"),
    TRIAGER: _("Administration member"),
    MODERATOR: _("Moderator"),
    ADMIN: _("Platform admin"),
}

# Model permissions each group gets (app_label.codename). Staff roles also get Wagtail admin access.
GROUP_PERMISSIONS = {
    CITIZEN: [],
    CIVIL_SERVANT: [],
    TRIAGER: [
        "wagtailadmin.access_admin",
        "ideas.view_post",
        "ideas.change_post_status",
        "ideas.answer_post",
        "procedures.view_procedure",
        "procedures.view_administration",
    ],
    MODERATOR: [
        "wagtailadmin.access_admin",
        "ideas.view_post",
        "ideas.change_post_status",
        "ideas.moderate_post",
        "django_comments.can_moderate",
    ],
    ADMIN: ["*"],
}
