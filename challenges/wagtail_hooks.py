"""Campaigns and challenges in the Wagtail admin ("Participation" menu).

Only platform admins hold permissions on these models, so only they see and edit them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import Campaign, Challenge


class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "site"
    menu_label = _("Campaigns")
    copy_view_enabled = False
    search_fields = ["title", "description"]
    search_backend_name = None
    list_filter = ["audience", "is_active"]
    list_display = [
        "title",
        Column("audience", label=_("Audience"), accessor="get_audience_display"),
        BooleanColumn("is_active", label=_("Active")),
    ]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("audience"),
        FieldPanel("is_active"),
    ]


class ChallengeViewSet(ModelViewSet):
    model = Challenge
    icon = "crosshairs"
    menu_label = _("Challenges")
    copy_view_enabled = False
    search_fields = ["title", "question"]
    search_backend_name = None
    list_filter = ["campaign"]
    ordering = "-opens_at"
    list_display = [
        "title",
        "campaign",
        DateColumn("opens_at", label=_("Opens at"), sort_key="opens_at"),
        DateColumn("closes_at", label=_("Closes at"), sort_key="closes_at"),
    ]
    panels = [
        FieldPanel("campaign"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("question"),
        FieldPanel("opens_at"),
        FieldPanel("closes_at"),
    ]


class ParticipationGroup(ModelViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "tasks"
    menu_order = 130
    items = (
        CampaignViewSet("staff_campaigns", url_prefix="campaigns"),
        ChallengeViewSet("staff_challenges", url_prefix="challenges"),
    )


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return ParticipationGroup()
