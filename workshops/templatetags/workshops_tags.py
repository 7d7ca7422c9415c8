"""`{% campaign_workshops page %}` on a campaign page: its upcoming and past workshops."""

from django import template
from django.utils import timezone

from core.page_translations import in_visitor_language
from workshops.models import WorkshopPage

register = template.Library()


@register.inclusion_tag("workshops/_campaign_workshops.html")
def campaign_workshops(campaign):
    """The campaign page itself is already checked by its `serve`."""
    now = timezone.now()
    pages = WorkshopPage.objects.live().originals().child_of(campaign).order_by("starts_at")
    pages = in_visitor_language(pages)
    return {
        "upcoming": [page for page in pages if not page.is_past(now)],
        "past": [page for page in reversed(pages) if page.is_past(now)],
    }
