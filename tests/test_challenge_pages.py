"""The public face of campaigns and challenges: pages, lists, countdown, ideas and results."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from challenges.models import ChallengePhase, RetainedIdea
from ideas.models import Post
from tests.factories import CampaignFactory, ChallengeFactory, PostFactory, UserFactory
from tests.test_pages import assert_accessible_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return UserFactory()


@pytest.fixture
def civil_servant():
    return UserFactory(roles=[roles.CIVIL_SERVANT])


@pytest.fixture
def internal_campaign():
    return CampaignFactory(title="Meng Iddi", audience="internal")


def closed_challenge(**kwargs):
    opens_at = timezone.now() - timedelta(days=40)
    return ChallengeFactory(opens_at=opens_at, closes_at=opens_at + timedelta(days=30), **kwargs)


def upcoming_challenge(**kwargs):
    opens_at = timezone.now() + timedelta(days=3)
    return ChallengeFactory(opens_at=opens_at, closes_at=opens_at + timedelta(days=30), **kwargs)


def idea_in(challenge, **kwargs):
    return PostFactory(challenge=challenge, campaign=challenge.campaign, kind="idea", **kwargs)


def time_tag(moment):
    """The start of the <time> element the templates write for `moment` (in local time)."""
    return f'<time datetime="{timezone.localtime(moment):%Y-%m-%dT%H:%M:%S}'


def text_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_public_campaign_shows_its_challenges_and_posts_to_anonymous(client):
    campaign = CampaignFactory(title="Let's simplify together")
    open_one = ChallengeFactory(campaign=campaign, title="Paper forms")
    old_one = closed_challenge(campaign=campaign, title="Old consultation")
    soon = upcoming_challenge(campaign=campaign, title="Coming consultation")
    mine = PostFactory(campaign=campaign, title="Campaign post")
    elsewhere = PostFactory(title="Post outside the campaign")

    content = text_of(client.get(campaign.url))

    for title in (open_one.title, old_one.title, soon.title, mine.title):
        assert title in content
    assert content.index("Open now") < content.index(open_one.title)
    assert content.index("Coming soon") < content.index(soon.title)
    assert content.index("Closed") < content.index(old_one.title)
    assert elsewhere.title not in content
    assert "Sign in to post." in content
    assert f"{reverse('account_login')}?next={campaign.url}" in content
    assert "?campaign=" not in content


def test_registered_citizen_gets_the_share_button_on_a_public_campaign(client, citizen):
    campaign = CampaignFactory()
    client.force_login(citizen)
    content = text_of(client.get(campaign.url))
    assert f"{reverse('ideas:create')}?campaign={campaign.pk}" in content


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_internal_campaign_and_challenge_are_404_for_outsiders(
    client, citizen, internal_campaign, who
):
    challenge = ChallengeFactory(campaign=internal_campaign)
    if who == "citizen":
        client.force_login(citizen)
    assert client.get(internal_campaign.url).status_code == 404
    assert client.get(challenge.url).status_code == 404


def test_civil_servant_sees_the_internal_campaign_and_may_post(
    client, civil_servant, internal_campaign
):
    challenge = ChallengeFactory(campaign=internal_campaign, title="Fewer signatures")
    internal_post = PostFactory(campaign=internal_campaign, title="Internal idea")
    client.force_login(civil_servant)

    content = text_of(client.get(internal_campaign.url))
    assert "Internal: civil servants only" in content
    assert challenge.title in content
    assert internal_post.title in content
    assert f"{reverse('ideas:create')}?campaign={internal_campaign.pk}" in content

    content = text_of(client.get(challenge.url))
    assert f"{reverse('ideas:create')}?challenge={challenge.pk}" in content


def test_citizen_reads_a_public_campaign_for_civil_servants_but_cannot_post(client, citizen):
    campaign = CampaignFactory(who_may_post="civil_servants")
    client.force_login(citizen)
    content = text_of(client.get(campaign.url))
    assert "This campaign is open to civil servants only." in content
    assert "?campaign=" not in content


def test_challenge_page_shows_question_dates_and_countdown_while_open(client, citizen):
    challenge = ChallengeFactory(question="Which form could disappear?")
    client.force_login(citizen)

    content = text_of(client.get(challenge.url))

    assert "Which form could disappear?" in content
    assert time_tag(challenge.closes_at) in content
    assert time_tag(challenge.opens_at) in content
    assert "Closes in 4\xa0weeks, 1\xa0day" in content  # just under 30 days left
    assert "data-countdown" in content
    assert "js/countdown.js" in content
    assert f"{reverse('ideas:create')}?challenge={challenge.pk}" in content
    assert 'id="results-title"' not in content


def test_upcoming_challenge_says_not_open_yet(client, citizen):
    challenge = upcoming_challenge()
    client.force_login(citizen)
    content = text_of(client.get(challenge.url))
    assert "This challenge is not open yet." in content
    assert "?challenge=" not in content
    assert "data-countdown" not in content


def test_closed_challenge_says_closed_and_shows_results_and_visible_retained_ideas(client):
    challenge = closed_challenge(results="<p>We drop form B12 next year.</p>")
    retained = idea_in(challenge, title="Drop form B12")
    hidden = idea_in(challenge, title="Hidden retained idea", is_hidden=True)
    ignored = idea_in(challenge, title="Not retained")
    RetainedIdea.objects.create(page=challenge, post=retained, note="Done in 2026.")
    RetainedIdea.objects.create(page=challenge, post=hidden)

    content = text_of(client.get(challenge.url))

    assert "This challenge is closed for new ideas." in content
    assert "?challenge=" not in content
    assert "data-countdown" not in content
    results = content[content.index('id="results-title"') : content.index('id="ideas-title"')]
    assert "We drop form B12 next year." in results
    assert retained.get_absolute_url() in results
    assert "Done in 2026." in results
    assert ignored.title not in results
    assert hidden.title not in content


def test_results_stay_unpublished_before_the_deadline(client):
    challenge = ChallengeFactory(results="<p>Secret outcome</p>")
    RetainedIdea.objects.create(page=challenge, post=idea_in(challenge, title="Early pick"))
    content = text_of(client.get(challenge.url))
    assert "Secret outcome" not in content
    assert 'id="results-title"' not in content


def test_ideas_are_sorted_by_support_by_default_or_newest(client):
    challenge = ChallengeFactory()
    popular = idea_in(challenge, title="Popular idea", support_count=7)
    recent = idea_in(challenge, title="Recent idea", support_count=1)
    Post.objects.filter(pk=popular.pk).update(created_at=timezone.now() - timedelta(days=2))
    hidden = idea_in(challenge, title="Hidden idea", is_hidden=True)
    other = PostFactory(title="Idea of another challenge")

    by_support = client.get(challenge.url)
    newest = client.get(challenge.url, {"sort": "newest"})
    unknown = client.get(challenge.url, {"sort": "'); drop"})

    assert list(by_support.context["ideas"]) == [popular, recent]
    assert list(newest.context["ideas"]) == [recent, popular]
    assert list(unknown.context["ideas"]) == [popular, recent]
    content = text_of(newest)
    assert '<option value="newest" selected>' in content
    assert '<label for="ideas-sort">' in content
    assert hidden.title not in content and other.title not in content


def test_ideas_are_paginated_and_keep_the_sort(client, settings):
    settings.POSTS_PER_PAGE = 2
    challenge = ChallengeFactory()
    for number in range(3):
        idea_in(challenge, title=f"Idea {number}")

    first = client.get(challenge.url, {"sort": "newest"})
    second = client.get(challenge.url, {"sort": "newest", "page": 2})

    assert len(first.context["ideas"]) == 2
    assert len(second.context["ideas"]) == 1
    assert "?sort=newest&amp;page=2" in text_of(first)


def test_phases_are_an_ordered_timeline_with_the_current_one_marked(client):
    challenge = ChallengeFactory()
    today = timezone.localdate()
    ChallengePhase.objects.create(
        page=challenge, title="Collecting ideas", starts_on=today - timedelta(days=1)
    )
    ChallengePhase.objects.create(
        page=challenge, title="Evaluating", starts_on=today + timedelta(days=40)
    )

    content = text_of(client.get(challenge.url))

    assert '<ol class="phase-timeline">' in content
    current = content[content.index('aria-current="step"') :]
    assert current.index("Collecting ideas") < current.index("(current phase)")
    assert current.index("(current phase)") < current.index("Evaluating")
    assert content.count('aria-current="step"') == 1


@pytest.mark.parametrize("url", ["/", "/campaigns/"])
def test_lists_show_internal_campaigns_to_civil_servants_only(
    client, citizen, civil_servant, internal_campaign, url
):
    public = CampaignFactory(title="Let's simplify together")
    public_challenge = ChallengeFactory(campaign=public, title="Open public challenge")
    internal_challenge = ChallengeFactory(campaign=internal_campaign, title="Open internal one")

    for user in (None, citizen):
        if user:
            client.force_login(user)
        content = text_of(client.get(url))
        assert public.title in content
        assert public_challenge.title in content
        assert internal_campaign.title not in content
        assert internal_challenge.title not in content

    client.force_login(civil_servant)
    content = text_of(client.get(url))
    assert internal_campaign.title in content
    assert internal_challenge.title in content
    assert "Internal: civil servants only" in content


def test_home_lists_only_open_challenges_with_their_deadline(client):
    campaign = CampaignFactory()
    open_one = ChallengeFactory(campaign=campaign, title="Open challenge")
    closed = closed_challenge(campaign=campaign, title="Finished challenge")
    content = text_of(client.get("/"))
    assert open_one.title in content
    assert time_tag(open_one.closes_at) in content
    assert closed.title not in content


def test_unpublished_campaigns_are_not_listed(client):
    draft = CampaignFactory(title="Draft campaign")
    draft.unpublish()
    assert draft.title not in text_of(client.get("/campaigns/"))
    assert "Consultations" in text_of(client.get("/campaigns/"))


def heading_levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_pages_are_accessible_and_headings_do_not_skip_levels(client, civil_servant):
    campaign = CampaignFactory(audience="internal")
    challenge = ChallengeFactory(campaign=campaign)
    idea_in(challenge, support_count=1)
    idea_in(challenge)
    ChallengePhase.objects.create(page=challenge, title="Collecting", starts_on="2020-01-01")
    closed = closed_challenge(campaign=campaign, results="<p>Done.</p>")
    RetainedIdea.objects.create(page=closed, post=idea_in(closed))
    client.force_login(civil_servant)

    for url in (campaign.url, challenge.url, closed.url, "/campaigns/", "/"):
        html = text_of(client.get(url))
        assert_accessible_page(html)
        levels = heading_levels(html)
        assert levels[0] == 1 and levels.count(1) == 1, url
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{url}: h{before} followed by h{after}"
