"""Pre-moderated campaigns: posts wait, invisible to others, until a moderator approves them in
the staff workspace (Wagtail admin: Posts, filter "awaiting moderation", Approve)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import roles
from clustering import backends
from clustering import services as clustering_services
from clustering.services.index import stored_vector
from ideas import services
from ideas.models import Post
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    PostFactory,
    UserFactory,
    triager,
)

pytestmark = pytest.mark.django_db
TITLE = "Waiting for the moderator of the campaign"


@pytest.fixture
def waiting():
    author = UserFactory()
    return services.create_post(
        author=author,
        title=TITLE,
        body="The same certificate is asked for by three different offices every year.",
        campaign=CampaignFactory(premoderated=True),
        language="en",
    )


@pytest.fixture
def moderator_client(client):
    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    return client


def test_waiting_post_shows_the_author_a_banner_and_is_404_for_others(client, waiting):
    client.force_login(waiting.author)
    html = client.get(waiting.get_absolute_url()).content.decode()
    assert "awaiting moderation" in html
    assert "Awaiting moderation" in client.get(reverse("ideas:mine")).content.decode()

    client.force_login(UserFactory())
    assert client.get(waiting.get_absolute_url()).status_code == 404
    found = client.get(reverse("ideas:list"), {"q": "moderator campaign"}).context["posts"]
    assert waiting not in found
    client.logout()
    assert client.get(waiting.get_absolute_url()).status_code == 404


def test_waiting_post_is_never_suggested_to_others(client, waiting):
    backends.reset()
    clustering_services.reset_index()
    clustering_services.index_posts([waiting])
    query = {"title": TITLE, "body": waiting.body}
    client.force_login(UserFactory())
    assert client.get("/posts/similar.json", query).json()["results"] == []
    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    results = client.get("/posts/similar.json", query).json()["results"]
    assert [r["id"] for r in results] == [waiting.pk]
    backends.reset()
    clustering_services.reset_index()


def test_staff_listing_filters_waiting_posts_and_offers_approve(moderator_client, waiting):
    approved = PostFactory(title="Already published elsewhere")
    index = reverse("staff_posts:index")
    html = moderator_client.get(index, {"awaiting_moderation": "true"}).content.decode()
    assert TITLE in html
    assert approved.title not in html
    decide = reverse("staff_posts:decide", args=[waiting.pk])
    assert f"{decide}#moderation-heading" in html
    assert "Approve" in html
    html = moderator_client.get(index, {"awaiting_moderation": "false"}).content.decode()
    assert approved.title in html and TITLE not in html


def test_moderator_approves_from_the_post_page(moderator_client, waiting):
    decide = reverse("staff_posts:decide", args=[waiting.pk])
    approve = reverse("staff_posts:approve", args=[waiting.pk])
    html = moderator_client.get(decide).content.decode()
    assert f'action="{approve}"' in html
    assert moderator_client.get(approve).status_code == 405

    response = moderator_client.post(approve)
    assert response.status_code == 302
    assert response["Location"] == decide
    waiting.refresh_from_db()
    assert not waiting.awaiting_moderation
    assert f'action="{approve}"' not in moderator_client.get(decide).content.decode()
    assert waiting in Post.objects.visible_to(UserFactory())


@pytest.mark.parametrize("who", ["author", "citizen", "triager"])
def test_only_moderators_approve(client, waiting, who):
    administration = AdministrationFactory()
    Post.objects.filter(pk=waiting.pk).update(administration=administration)
    user = {
        "author": waiting.author,
        "citizen": UserFactory(),
        "triager": triager(administration),
    }[who]
    client.force_login(user)
    client.post(reverse("staff_posts:approve", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.awaiting_moderation


def test_premoderated_campaign_posts_wait_until_a_moderator_approves_them():
    author, other = UserFactory(), UserFactory()
    post = services.create_post(
        author=author,
        title="Waiting for a moderator",
        body="z" * 40,
        campaign=CampaignFactory(premoderated=True),
        language="en",
    )
    assert post.awaiting_moderation
    assert post in Post.objects.visible_to(author)
    assert post not in Post.objects.visible_to(other)
    assert post not in Post.objects.published()

    for refused in (author, other, triager(AdministrationFactory())):
        with pytest.raises(PermissionDenied):
            services.approve_post(post, by=refused)
    moderator = UserFactory(roles=[roles.MODERATOR])
    assert services.approve_post(post, by=moderator) is True
    assert services.approve_post(post, by=moderator) is False  # already approved
    post.refresh_from_db()
    assert not post.awaiting_moderation
    assert post in Post.objects.visible_to(other)


def test_moderation_decisions_refresh_the_suggestion_index():
    """The index's visibility copy follows hide, restore and approval (hidden while waiting)."""
    backends.reset()
    clustering_services.reset_index()
    post = PostFactory(campaign=CampaignFactory(premoderated=True), awaiting_moderation=True)
    clustering_services.index_posts([post])
    vector = stored_vector(post)

    def found_as(visibility):
        index = clustering_services.get_index()
        hits = index.search(vector, k=5, filters={"visibility": visibility})
        return post.pk in [pk for pk, _score in hits]

    assert found_as("hidden") and not found_as("public")
    moderator = UserFactory(roles=[roles.MODERATOR])
    services.approve_post(post, by=moderator)
    assert found_as("public") and not found_as("hidden")
    services.set_hidden(post, by=moderator, hidden=True, public_reason="Spam")
    assert found_as("hidden")
    # A fresh process warms its index from the stored rows and sees the same.
    clustering_services.reset_index()
    assert found_as("hidden")
    services.set_hidden(post, by=moderator, hidden=False)
    assert found_as("public")
    clustering_services.reset_index()
    backends.reset()
