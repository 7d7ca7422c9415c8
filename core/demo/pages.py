"""The demo campaign and challenge pages (data in campaigns.py and results.py), created and
published as an editor would in the Wagtail admin, so the admin shows a revision history.

Idempotent: a page is created only when its slug is missing under its parent, and results are
published only on a closed challenge that has none yet.
"""

from datetime import timedelta

from django.utils import timezone

from challenges.models import CampaignPage, ChallengePage, ChallengePhase, RetainedIdea
from core.models import HomePage
from ideas.models import Post
from procedures.models import Administration

from .campaigns import CAMPAIGNS, CHALLENGES
from .results import RESULTS


def ensure_pages(now=None):
    """Returns ({campaign key: CampaignPage}, {challenge slug: ChallengePage})."""
    now = now or timezone.now()
    home = HomePage.objects.first()  # Created by the migration core 0002.
    if home is None:
        raise RuntimeError("No home page: run `manage.py migrate` first.")
    campaigns = {key: _ensure_campaign(home, data) for key, data in CAMPAIGNS.items()}
    challenges = {
        data["slug"]: _ensure_challenge(campaigns[data["campaign"]], data, now)
        for data in CHALLENGES
    }
    return campaigns, challenges


def publish_results(challenges, titles):
    """Publish the results of closed challenges, linking retained ideas found by post title
    (`titles`: post key -> title) among the challenge's posts. Returns the pages published."""
    published = []
    for slug, data in RESULTS.items():
        page = ChallengePage.objects.get(pk=challenges[slug].pk)
        if page.results or not page.is_closed():
            continue
        posts = Post.objects.filter(challenge=page)
        page.results = data["results"]
        page.retained_ideas = [
            RetainedIdea(post=post, note=note, sort_order=order)
            for order, (key, note) in enumerate(data["retained"])
            if (post := posts.filter(title=titles[key]).first())
        ]
        page.save_revision().publish()
        published.append(page)
    return published


def _owner(name):
    # Only an administration of the imported catalogue: a page without an owner is better than
    # a made-up ministry.
    return Administration.objects.filter(name=name).first()


def _publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _ensure_campaign(home, data):
    existing = CampaignPage.objects.child_of(home).filter(slug=data["slug"]).first()
    if existing:
        return existing
    page = CampaignPage(
        title=data["title"],
        slug=data["slug"],
        intro=data["intro"],
        administration=_owner(data["administration"]),
        audience=data["audience"],
        who_may_post=data["who_may_post"],
        premoderated=False,
    )
    home.add_child(instance=page)
    return _publish(page)


def _ensure_challenge(campaign, data, now):
    existing = ChallengePage.objects.child_of(campaign).filter(slug=data["slug"]).first()
    if existing:
        return existing

    def day(offset):
        return timezone.localdate(now + timedelta(days=offset))

    page = ChallengePage(
        title=data["title"],
        slug=data["slug"],
        question=data["question"],
        context=data["context"],
        administration=_owner(data["administration"]),
        opens_at=now - timedelta(days=data["opened_days_ago"]),
        closes_at=now + timedelta(days=data["closes_in_days"]),
        phases=[
            ChallengePhase(
                title=title,
                starts_on=day(starts),
                ends_on=None if ends is None else day(ends),
                sort_order=order,
            )
            for order, (title, starts, ends) in enumerate(data["phases"])
        ],
    )
    campaign.add_child(instance=page)
    return _publish(page)
