"""Template helpers for campaign and challenge pages."""

from django import template
from django.utils.timesince import timeuntil

register = template.Library()


@register.inclusion_tag("challenges/_countdown.html")
def countdown(challenge):
    """Time left before the deadline, readable without JavaScript; static/js/countdown.js keeps
    it up to date while the page stays open."""
    return {"deadline": challenge.closes_at, "remaining": timeuntil(challenge.closes_at)}
