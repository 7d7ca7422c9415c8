"""The public list of campaigns and consultations (/campaigns/): the pages live in Wagtail's tree
but there is no index page to edit, so this view lists what the visitor may see."""

from django.shortcuts import render

from .models import CampaignPage, ChallengePage
from .pages import challenges_by_state


def campaign_list(request):
    user = request.user
    campaigns = CampaignPage.objects.live().visible_to(user).order_by("path")
    challenges = ChallengePage.objects.live().visible_to(user).select_related("administration")
    return render(
        request,
        "challenges/campaign_list.html",
        {"campaigns": campaigns, **challenges_by_state(challenges)},
    )
