"""Posting into a challenge or a campaign (`?challenge=<page id>`, `?campaign=<page id>`): the
target is shown, carried through the preview and checked again by the server."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts import roles
from ideas.models import Post
from tests.factories import AdministrationFactory, CampaignFactory, ChallengeFactory, UserFactory
from tests.test_submit import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    return reverse("ideas:create")


@pytest.fixture
def citizen(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_open_challenge_is_shown_carried_and_attached_with_its_campaign(client, citizen, url):
    challenge = ChallengeFactory(question="Which certificate could disappear?")
    html = client.get(url, {"challenge": challenge.pk}).content.decode()
    assert challenge.title in html
    assert "Which certificate could disappear?" in html
    deadline = dateformat.format(timezone.localtime(challenge.closes_at), "c")
    assert f'<time datetime="{deadline}">' in html
    assert f'<input type="hidden" name="challenge" value="{challenge.pk}">' in html
    assert f'data-campaign="{challenge.campaign.pk}"' in html  # suggestions from its campaign

    carried = client.post(url, form_data(challenge=challenge.pk)).context["carried"]
    assert carried["challenge"] == challenge.pk
    assert carried["campaign"] == challenge.campaign.pk
    response = client.post(url, {**carried, "action": "submit"})
    post = Post.objects.get()
    assert post.challenge == challenge
    assert post.campaign == challenge.campaign
    assert not post.awaiting_moderation
    assert "Your post is published" in str(list(get_messages(response.wsgi_request))[0])


def test_campaign_link_preselects_the_campaign(client, citizen, url):
    campaign = CampaignFactory(title="Let's simplify together")
    html = client.get(url, {"campaign": campaign.pk}).content.decode()
    assert "Posting in the campaign “Let&#x27;s simplify together”" in html
    assert f'<input type="hidden" name="campaign" value="{campaign.pk}">' in html
    assert f'data-campaign="{campaign.pk}"' in html
    carried = client.post(url, form_data(campaign=campaign.pk)).context["carried"]
    client.post(url, {**carried, "action": "submit"})
    post = Post.objects.get()
    assert post.campaign == campaign
    assert post.challenge is None


def test_without_a_target_suggestions_come_from_the_whole_platform(client, citizen, url):
    assert 'data-campaign=""' in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("opens_in_days", "closes_in_days", "refusal"),
    [(2, 10, "not open yet"), (-10, -1, "closed")],
)
def test_challenge_outside_its_dates_closes_the_form_and_the_server_refuses(
    client, citizen, url, opens_in_days, closes_in_days, refusal
):
    now = timezone.now()
    challenge = ChallengeFactory(
        opens_at=now + timedelta(days=opens_in_days), closes_at=now + timedelta(days=closes_in_days)
    )
    response = client.get(url, {"challenge": challenge.pk})
    html = response.content.decode()
    assert refusal in response.context["target_error"]
    assert refusal in html
    assert 'value="preview"' not in html  # the form is closed, not silently retargeted

    response = client.post(url, form_data(challenge=challenge.pk, action="submit"))
    assert refusal in response.context["form"].errors["challenge"][0]
    assert refusal in response.content.decode()
    assert Post.objects.count() == 0


@pytest.mark.parametrize("value", ["abc", "0", "99999", "123456789012345678901234"])
def test_unknown_challenge_or_campaign_is_refused(client, citizen, url, value):
    for name in ("challenge", "campaign"):
        response = client.get(url, {name: value})
        assert "does not exist" in response.context["target_error"]
    response = client.post(url, form_data(challenge=value, action="submit"))
    assert "does not exist" in response.context["form"].errors["challenge"][0]
    assert Post.objects.count() == 0


def test_internal_challenge_does_not_exist_for_citizens_but_is_open_to_civil_servants(client, url):
    challenge = ChallengeFactory(
        campaign=CampaignFactory(audience="internal"), title="Secret internal challenge"
    )
    client.force_login(UserFactory())
    response = client.get(url, {"challenge": challenge.pk})
    assert "does not exist" in response.context["target_error"]
    assert "Secret internal challenge" not in response.content.decode()
    response = client.post(url, form_data(challenge=challenge.pk, action="submit"))
    assert "does not exist" in response.context["form"].errors["challenge"][0]
    response = client.post(url, form_data(campaign=challenge.campaign.pk, action="submit"))
    assert "does not exist" in response.context["form"].errors["campaign"][0]
    assert Post.objects.count() == 0

    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    assert "civil servants only" in client.get(url, {"challenge": challenge.pk}).content.decode()
    carried = client.post(url, form_data(challenge=challenge.pk)).context["carried"]
    client.post(url, {**carried, "action": "submit"})
    assert Post.objects.get().campaign.is_internal


def test_public_campaign_for_civil_servants_refuses_citizens(client, citizen, url):
    campaign = CampaignFactory(who_may_post="civil_servants")
    response = client.get(url, {"campaign": campaign.pk})
    assert "civil servants only" in response.context["target_error"]
    response = client.post(url, form_data(campaign=campaign.pk, action="submit"))
    assert "civil servants only" in response.context["form"].errors["campaign"][0]
    assert Post.objects.count() == 0


def test_premoderated_campaign_says_so_and_keeps_the_post_for_its_author(client, citizen, url):
    campaign = CampaignFactory(premoderated=True)
    assert "A moderator checks posts" in client.get(url, {"campaign": campaign.pk}).content.decode()
    preview = client.post(url, form_data(campaign=campaign.pk))
    assert "will be published after a moderator has checked it" in preview.content.decode()

    response = client.post(url, {**preview.context["carried"], "action": "submit"})
    post = Post.objects.get()
    assert post.awaiting_moderation
    message = str(list(get_messages(response.wsgi_request))[0])
    assert "will be published after a moderator has checked it" in message
    assert "is published" not in message
    assert "awaiting moderation" in client.get(post.get_absolute_url()).content.decode()

    client.force_login(UserFactory())
    assert client.get(post.get_absolute_url()).status_code == 404


def test_internal_preview_names_the_authors_administration(client, url):
    employer = AdministrationFactory(name="Administration des contributions directes")
    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT], employer=employer))
    internal = CampaignFactory(audience="internal")
    html = client.post(url, form_data(campaign=internal.pk)).content.decode()
    assert "Administration des contributions directes" in html
    public = CampaignFactory()
    html = client.post(url, form_data(campaign=public.pk)).content.decode()
    assert "Administration des contributions directes" not in html
