from django import template

from clustering.services.similar import min_chars

register = template.Library()


@register.inclusion_tag("clustering/_similar_posts.html")
def similar_posts_box(target=None):
    """The (initially empty) box of similar posts for the post form.

    `target`: the campaign page or challenge page the post goes to; suggestions then come from
    that campaign only (a challenge's posts belong to its campaign). None: the whole platform.
    """
    campaign = getattr(target, "campaign", target)  # a ChallengePage knows its campaign
    return {"campaign_id": getattr(campaign, "pk", None) or "", "min_chars": min_chars()}
