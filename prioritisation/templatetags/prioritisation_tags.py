"""The list of a campaign's prioritisation rounds (templates/challenges/campaign_page.html)."""

from django import template

from core.page_translations import in_visitor_language

from ..models import PrioritisationPage

register = template.Library()


@register.inclusion_tag("prioritisation/_rounds.html")
def prioritisation_rounds(campaign):
    rounds = PrioritisationPage.objects.live().child_of(campaign).order_by("-closes_at")
    return {"rounds": in_visitor_language(rounds)}
