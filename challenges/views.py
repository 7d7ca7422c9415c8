"""The public list of campaigns and consultations (/campaigns/): the pages live in Wagtail's tree
but there is no index page to edit, so this view lists what the visitor may see (each page once,
in the visitor's language when translated)."""

from django.shortcuts import render

from core.page_translations import in_visitor_language

from .models import CampaignPage, ChallengePage
from .pages import challenges_by_state


def campaign_list(request):
    user = request.user
    campaigns = CampaignPage.objects.live().visible_to(user).order_by("path")
    challenges = ChallengePage.objects.live().visible_to(user).select_related("administration")
    return render(
        request,
        "challenges/campaign_list.html",
        {
            "campaigns": in_visitor_language(campaigns),
            **challenges_by_state(in_visitor_language(challenges)),
        },
    )
