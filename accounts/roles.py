"""The platform's roles, as Django groups. Permissions per object live in each app's rules.py."""

from django.utils.translation import gettext_lazy as _

CITIZEN = "Citizens"
CIVIL_SERVANT = "Civil servants"
TRIAGER = "Administration members"
# Triagers who also route posts that have no administration yet (no procedure, or unknown).
DISPATCHER = "Dispatchers"
MODERATOR = "Moderators"
ADMIN = "Platform admins"

ROLE_LABELS = {
    CITIZEN: _("Citizen"),
    CIVIL_SERVANT: _("Civil servant"),
    TRIAGER: _("Administration member"),
    DISPATCHER: _("Dispatcher"),
    MODERATOR: _("Moderator"),
    ADMIN: _("Platform admin"),
}

# Triage teams keep their own answer templates (scoped to their administrations in the admin).
ANSWER_TEMPLATE_PERMISSIONS = [
    f"triage.{action}_answertemplate" for action in ("add", "change", "delete", "view")
]

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
        *ANSWER_TEMPLATE_PERMISSIONS,
    ],
    DISPATCHER: [
        "wagtailadmin.access_admin",
        "ideas.view_post",
        "ideas.change_post_status",
        "ideas.answer_post",
        "procedures.view_procedure",
        "procedures.view_administration",
        *ANSWER_TEMPLATE_PERMISSIONS,
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
