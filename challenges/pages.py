"""What the campaign and challenge pages show, per request (called from their get_context).

Posts are only ever read through `Post.objects.visible_to(user)`; the pages themselves are
already checked by `serve` (outsiders get a 404 before this runs).
"""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.http import urlencode

from core.conf import app_settings
from core.page_translations import in_visitor_language

SORTS = ("supported", "newest")
DEFAULT_SORT = "supported"
LATEST_CAMPAIGN_POSTS = 6


def visible_posts(user):
    from ideas.models import Post

    # Everything a post card shows, in one query.
    return Post.objects.visible_to(user).select_related(
        "procedure", "administration", "author__employer", "campaign"
    )


def challenges_by_state(challenges, now=None):
    """Split challenge pages into (open, upcoming, closed), each in the order people need."""
    now = now or timezone.now()
    challenges = list(challenges)
    open_ = sorted((c for c in challenges if c.is_open(now)), key=lambda c: c.closes_at)
    upcoming = sorted((c for c in challenges if not c.has_started(now)), key=lambda c: c.opens_at)
    closed = sorted(
        (c for c in challenges if c.is_closed(now)), key=lambda c: c.closes_at, reverse=True
    )
    return {"open_challenges": open_, "upcoming_challenges": upcoming, "closed_challenges": closed}


def campaign_context(campaign, request):
    from .models import ChallengePage

    user = request.user
    challenges = ChallengePage.objects.live().child_of(campaign).specific()
    return {
        **challenges_by_state(in_visitor_language(challenges)),
        "posting_refusal": campaign.posting_refusal(user),
        "latest_posts": visible_posts(user)
        .filter(campaign=campaign)
        .sorted_by("newest")[:LATEST_CAMPAIGN_POSTS],
    }


def current_phase(phases, today=None):
    today = today or timezone.localdate()
    return next((phase for phase in phases if phase.is_current(today)), None)


def challenge_context(challenge, request, text_source=None):
    """`text_source`: the page whose text is shown (the visitor's translation); its phases are
    shown when it has any. Posts, dates and rules are always the original `challenge`'s."""
    user = request.user
    sort = request.GET.get("sort")
    sort = sort if sort in SORTS else DEFAULT_SORT
    ideas = visible_posts(user).filter(challenge=challenge).sorted_by(sort)
    paginator = Paginator(ideas, app_settings.POSTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    translated = text_source is not None and text_source.pk != challenge.pk
    phases = list(text_source.phases.all()) if translated else []
    phases = phases or list(challenge.phases.all())
    campaign = challenge.campaign
    context = {
        "campaign": in_visitor_language([campaign])[0] if campaign else None,
        "posting_refusal": challenge.posting_refusal(user),
        "phases": phases,
        "current_phase": current_phase(phases),
        "sort": sort,
        "sort_query": urlencode({"sort": sort}),
        "ideas": page_obj.object_list,
        "page_obj": page_obj,
        "idea_count": paginator.count,
        "show_results": challenge.is_closed(),
    }
    if context["show_results"]:
        visible = visible_posts(user).values("pk")
        context["retained_ideas"] = (
            challenge.retained_ideas.filter(post__in=visible)
            .select_related("post")
            .order_by("sort_order")
        )
    return context
