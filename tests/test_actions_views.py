"""Support, follow and official-answer actions through their views."""

import pytest
from django.urls import reverse

from ideas import services
from ideas.models import Follow, OfficialAnswer, Post, Support
from ideas.status import Status
from tests.factories import (
    AdministrationFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)

pytestmark = pytest.mark.django_db


def url(name, post):
    return reverse(f"ideas:{name}", kwargs={"pk": post.pk})


def count(post):
    return Post.objects.get(pk=post.pk).support_count


@pytest.fixture
def answerable():
    """A post routed to an administration, with one of its triagers."""
    admin = AdministrationFactory(name="Ministry of Simplicity")
    post = PostFactory(procedure=ProcedureFactory(administrations=[admin]))
    return post, triager(admin)


def test_support_add_twice_counts_once_then_withdraw(client):
    post, user = PostFactory(), UserFactory()
    client.force_login(user)
    response = client.post(url("support", post), {"action": "add"})
    assert response.status_code == 302 and response.url == post.get_absolute_url()
    client.post(url("support", post), {"action": "add"})
    assert count(post) == 1
    assert "Withdraw my support" in client.get(post.get_absolute_url()).content.decode()
    client.post(url("support", post), {"action": "withdraw"})
    assert count(post) == 0
    assert not Support.objects.exists()


def test_support_answers_json_to_scripts(client):
    post = PostFactory()
    client.force_login(UserFactory())
    response = client.post(url("support", post), {"action": "add"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"supported": True, "count": 1}


def test_support_requires_post_and_login(client):
    post = PostFactory()
    assert client.get(url("support", post)).status_code == 405
    response = client.post(url("support", post), {"action": "add"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert post.get_absolute_url() in response.url
    assert count(post) == 0


def test_author_cannot_support_own_post(client):
    post = PostFactory()
    client.force_login(post.author)
    response = client.post(url("support", post), {"action": "add"})
    assert response.status_code == 403
    assert b"You cannot support this post." in response.content
    assert count(post) == 0


def test_cannot_support_hidden_post(client):
    post = PostFactory(is_hidden=True)
    client.force_login(UserFactory())
    assert client.post(url("support", post), {"action": "add"}).status_code == 404


def test_support_rate_limit_gives_429(client, settings):
    settings.RATE_LIMITS = {"support": (2, 60)}
    client.force_login(UserFactory())
    posts = PostFactory.create_batch(3)
    codes = [client.post(url("support", p), {"action": "add"}).status_code for p in posts]
    assert codes == [302, 302, 429]
    assert count(posts[2]) == 0


def test_follow_and_unfollow(client):
    post, user = PostFactory(), UserFactory()
    client.force_login(user)
    assert client.post(url("follow", post), {"action": "follow"}).status_code == 302
    assert Follow.objects.filter(post=post, user=user).exists()
    assert "Stop following" in client.get(post.get_absolute_url()).content.decode()
    client.post(url("follow", post), {"action": "unfollow"})
    assert not Follow.objects.filter(post=post, user=user).exists()


def test_answer_by_responsible_triager_is_published(client, answerable):
    post, member = answerable
    client.force_login(member)
    response = client.post(
        url("answer", post), {"body": "We are simplifying this form.", "new_status": "accepted"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.ACCEPTED and post.answered_at is not None
    page = client.get(post.get_absolute_url()).content.decode()
    assert "We are simplifying this form." in page and "Ministry of Simplicity" in page


@pytest.mark.parametrize("who", ["other_administration", "citizen"])
def test_answer_by_others_is_forbidden(client, answerable, who):
    post, _member = answerable
    user = triager(AdministrationFactory()) if who == "other_administration" else UserFactory()
    client.force_login(user)
    response = client.post(url("answer", post), {"body": "Not my job.", "new_status": "declined"})
    assert response.status_code == 403
    assert not OfficialAnswer.objects.exists()
    assert Post.objects.get(pk=post.pk).status == Status.SUBMITTED


def test_invalid_transition_gives_400_with_message(client, answerable):
    post, member = answerable
    services.change_status(post, by=member, new_status=Status.DECLINED, message="Out of scope.")
    client.force_login(member)
    response = client.post(url("answer", post), {"body": "Actually yes.", "new_status": "accepted"})
    assert response.status_code == 400
    assert "A post cannot go from “Declined” to “Accepted”." in response.content.decode()
    assert Post.objects.get(pk=post.pk).status == Status.DECLINED
    assert not OfficialAnswer.objects.exists()


def test_duplicate_needs_an_existing_other_post(client, answerable):
    post, member = answerable
    client.force_login(member)
    response = client.post(url("answer", post), {"body": "Seen before.", "new_status": "duplicate"})
    assert response.status_code == 400
    assert "Give the number of an existing post." in response.content.decode()
    original = PostFactory()
    response = client.post(
        url("answer", post),
        {"body": "Seen before.", "new_status": "duplicate", "duplicate_of": original.pk},
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).duplicate_of == original


def test_empty_answer_is_refused(client, answerable):
    post, member = answerable
    client.force_login(member)
    response = client.post(url("answer", post), {"body": "  ", "new_status": ""})
    assert response.status_code == 400
    assert not OfficialAnswer.objects.exists()
