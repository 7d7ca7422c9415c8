"""`{% campaign_surveys page %}`: the live surveys of a campaign, on the campaign page."""

from django import template

register = template.Library()


@register.inclusion_tag("surveys/_campaign_surveys.html", takes_context=True)
def campaign_surveys(context, campaign):
    from surveys.models import SurveyPage

    # The campaign page itself was checked by CampaignPage.serve (visible to this visitor).
    surveys = SurveyPage.objects.live().child_of(campaign).order_by("-opens_at")
    return {"surveys": list(surveys), "request": context.get("request")}
