from django import template

from clustering.services.similar import min_chars

register = template.Library()


@register.inclusion_tag("clustering/_similar_posts.html")
def similar_posts_box(challenge=None):
    """The (initially empty) box of similar posts for the post form."""
    campaign_id = getattr(challenge, "campaign_id", None) or ""
    return {"campaign_id": campaign_id, "min_chars": min_chars()}
