"""Editors create, publish and delete campaign and challenge pages in the Wagtail admin."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts import roles
from challenges.models import CampaignPage, ChallengePage, RetainedIdea
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(roles=[roles.ADMIN], is_staff=True))
    return client


@pytest.fixture
def superuser_client(client):
    # Platform admins do not hold Wagtail's delete_page right; only superusers may try.
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    return client


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=["challenges", model, parent.pk])


def campaign_data(**overrides):
    data = {
        "title": "Meng Iddi",
        "slug": "meng-iddi",
        "intro": rich_text("<p>Ideas from civil servants.</p>"),
        "audience": "internal",
        "who_may_post": "civil_servants",
        "action-publish": "action-publish",
    }
    return nested_form_data({**data, **overrides})


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def challenge_data(opens_at, closes_at, retained=(), **overrides):
    data = {
        "title": "Fewer forms",
        "slug": "fewer-forms",
        "question": "Which form should disappear?",
        "context": rich_text("<p>We counted 300 forms.</p>"),
        "opens_at": local(opens_at),
        "closes_at": local(closes_at),
        "results": rich_text(""),
        "phases": inline_formset(
            [{"title": "Collecting ideas", "starts_on": opens_at.date().isoformat()}]
        ),
        "retained_ideas": inline_formset([{"post": post.pk, "note": ""} for post in retained]),
        "action-publish": "action-publish",
    }
    return nested_form_data({**data, **overrides})


def test_admin_creates_and_publishes_a_campaign_and_a_challenge(admin_client):
    home = factories.home_page()
    assert admin_client.get(add_url("campaignpage", home)).status_code == 200

    response = admin_client.post(add_url("campaignpage", home), campaign_data())

    assert response.status_code == 302
    campaign = CampaignPage.objects.get(slug="meng-iddi")
    assert campaign.live and campaign.is_internal
    assert campaign.get_parent().specific == home

    now = timezone.now()
    form = admin_client.get(add_url("challengepage", campaign))
    assert form.status_code == 200
    response = admin_client.post(
        add_url("challengepage", campaign), challenge_data(now, now + timedelta(days=30))
    )

    assert response.status_code == 302
    challenge = ChallengePage.objects.get(slug="fewer-forms")
    assert challenge.live and challenge.campaign == campaign
    assert [phase.title for phase in challenge.phases.all()] == ["Collecting ideas"]
    # Served to civil servants (the admin can see internal content), 404 for citizens.
    page = admin_client.get(challenge.url)
    assert page.status_code == 200
    assert "Which form should disappear?" in page.content.decode()
    admin_client.force_login(factories.UserFactory())
    assert admin_client.get(challenge.url).status_code == 404


def test_internal_campaign_open_to_every_participant_is_a_form_error(admin_client):
    home = factories.home_page()
    response = admin_client.post(
        add_url("campaignpage", home), campaign_data(who_may_post="registered")
    )
    assert response.status_code == 200
    assert "who_may_post" in response.context["form"].errors
    assert not CampaignPage.objects.filter(slug="meng-iddi").exists()


def test_deadline_before_opening_is_a_form_error(admin_client):
    campaign = factories.CampaignFactory()
    now = timezone.now()
    response = admin_client.post(
        add_url("challengepage", campaign), challenge_data(now, now - timedelta(days=1))
    )
    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors
    assert not ChallengePage.objects.filter(slug="fewer-forms").exists()


def test_retained_ideas_must_come_from_the_challenge(admin_client):
    challenge = factories.ChallengeFactory()
    own = factories.PostFactory(challenge=challenge, campaign=challenge.campaign)
    foreign = factories.PostFactory(title="Posted elsewhere")
    edit_url = reverse("wagtailadmin_pages:edit", args=[challenge.pk])
    data = challenge_data(challenge.opens_at, challenge.closes_at, slug=challenge.slug)

    refused = admin_client.post(edit_url, {**data, **retained_rows([foreign])})
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    assert not RetainedIdea.objects.exists()

    accepted = admin_client.post(edit_url, {**data, **retained_rows([own])})
    assert accepted.status_code == 302
    assert list(RetainedIdea.objects.values_list("post", flat=True)) == [own.pk]


def retained_rows(posts):
    return nested_form_data(
        {"retained_ideas": inline_formset([{"post": post.pk, "note": "Kept"} for post in posts])}
    )


def test_retained_idea_field_is_a_chooser_not_a_select_of_every_post(admin_client):
    challenge = factories.ChallengeFactory()
    factories.PostFactory(title="A post that must not be listed in the form")
    form = admin_client.get(reverse("wagtailadmin_pages:edit", args=[challenge.pk]))
    content = form.content.decode()
    assert form.status_code == 200
    assert "A post that must not be listed in the form" not in content
    assert reverse("post_chooser:choose") in content

    chooser = admin_client.get(reverse("post_chooser:choose"), {"q": "must not be listed"})
    assert chooser.status_code == 200
    assert "A post that must not be listed in the form" in chooser.json()["html"]


def test_deleting_a_page_with_posts_is_refused(superuser_client):
    challenge = factories.ChallengeFactory()
    campaign = challenge.campaign
    factories.PostFactory(challenge=challenge, campaign=campaign)

    for page in (challenge, campaign):
        response = superuser_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert ChallengePage.objects.filter(pk=challenge.pk).exists()
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("cannot be deleted" in message for message in messages)


def test_bulk_deleting_pages_with_posts_is_refused(superuser_client):
    challenge = factories.ChallengeFactory()
    empty = factories.ChallengeFactory(campaign=challenge.campaign)
    factories.PostFactory(challenge=challenge, campaign=challenge.campaign)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    response = superuser_client.post(f"{url}?id={empty.pk}&id={challenge.pk}")

    assert response.status_code == 302
    # All or nothing: the empty page stays too, so the editor can retry with a clear list.
    assert ChallengePage.objects.filter(pk__in=[challenge.pk, empty.pk]).count() == 2


def test_deleting_an_empty_challenge_still_works(superuser_client):
    challenge = factories.ChallengeFactory()
    response = superuser_client.post(reverse("wagtailadmin_pages:delete", args=[challenge.pk]))
    assert response.status_code == 302
    assert not ChallengePage.objects.filter(pk=challenge.pk).exists()


def test_participation_menu_lists_challenge_pages_with_their_deadline(admin_client):
    challenge = factories.ChallengeFactory(title="Fewer paper forms")
    response = admin_client.get(reverse("staff_challenge_pages:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Fewer paper forms" in content
    assert "Deadline" in content
    assert reverse("wagtailadmin_pages:edit", args=[challenge.pk]) in content


def test_post_chooser_hides_hidden_posts_from_triagers(client):
    ministry = factories.AdministrationFactory()
    hidden = factories.PostFactory(title="Hidden elsewhere", is_hidden=True)
    client.force_login(factories.triager(ministry))

    listing = client.get(reverse("post_chooser:choose"), {"q": "Hidden"})
    chosen = client.get(reverse("post_chooser:chosen", args=[hidden.pk]))

    assert "Hidden elsewhere" not in listing.json()["html"]
    assert chosen.status_code == 404
