"""Notifications about comments: the author of the comment replied to, and the post's followers
(e-mail off by default), once per person and comment, only for comments people may read."""

import pytest
from django.core import mail
from django_comments_xtd.models import XtdComment

from ideas.models import Follow, Post
from moderation.services import decisions
from notifications.models import Notification, NotificationSettings
from notifications.services import notify_about_comment
from notifications.tasks import send_unsent_notification_emails
from tests.factories import PostFactory, UserFactory
from tests.moderation_world import comment_on, moderator_fixture  # noqa: F401
from tests.test_comments import POST_URL, comment_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Notifications follow the commit of the comment; run those callbacks."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def post():
    return PostFactory(title="Paper forms again")


@pytest.fixture
def parent_author():
    return UserFactory(public_name="Ada", email="ada@example.lu", preferred_language="de")


def post_comment(client, user, post, text, reply_to=0):
    client.force_login(user)
    response = client.post(POST_URL, comment_data(post, text, reply_to=reply_to))
    assert response.status_code == 302
    return XtdComment.objects.get(comment=text)


def test_a_reply_tells_the_parent_author_once_in_their_language(
    client, on_commit, post, parent_author
):
    replier = UserFactory(public_name="Bo", email="bo@example.lu")
    with on_commit(execute=True):
        parent = post_comment(client, parent_author, post, "Same here")
    assert not Notification.objects.exists()  # a top-level comment replies to nobody

    with on_commit(execute=True):
        reply = post_comment(client, replier, post, "Did you try the online form?", parent.pk)

    notification = Notification.objects.get()
    assert (notification.user, notification.kind, notification.post) == (
        parent_author,
        "comment_reply",
        post,
    )
    assert notification.event_key == f"reply:{reply.pk}"
    assert notification.url == f"{post.get_absolute_url()}#c{reply.pk}"
    assert "Bo" in notification.message and "Did you try the online form?" in notification.message
    (email,) = mail.outbox
    assert email.to == ["ada@example.lu"]
    assert email.body.startswith("Hallo Ada,")  # her language, not the replier's
    assert f"http://testserver/posts/{post.pk}/#c{reply.pk}" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The same event again (a retried task, the comment approved later): nothing more.
    with on_commit(execute=True):
        assert notify_about_comment(reply.pk) == 0
    send_unsent_notification_emails()
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_nobody_is_told_of_their_own_reply(client, on_commit, post, parent_author):
    with on_commit(execute=True):
        parent = post_comment(client, parent_author, post, "First thought")
        post_comment(client, parent_author, post, "Second thought", parent.pk)
    assert not Notification.objects.exists() and mail.outbox == []


def test_nobody_is_told_of_replies_on_a_post_they_may_no_longer_see(post, parent_author):
    parent = comment_on(post, parent_author, "Before it was hidden")
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    reply = comment_on(post, post.author, "The author still sees it", parent_id=parent.pk)

    assert notify_about_comment(reply.pk) == 0
    assert not Notification.objects.exists()


def test_a_held_reply_is_told_once_a_moderator_publishes_it(
    on_commit, post, parent_author, moderator
):
    parent = comment_on(post, parent_author, "Waiting times are long")
    reply = comment_on(post, UserFactory(), "Held: many links", parent_id=parent.pk)
    XtdComment.objects.filter(pk=reply.pk).update(is_public=False)
    assert notify_about_comment(reply.pk) == 0  # nobody may read it yet

    with on_commit(execute=True):
        decisions.approve(XtdComment.objects.get(pk=reply.pk), by=moderator)
    with on_commit(execute=True):
        decisions.approve(XtdComment.objects.get(pk=reply.pk), by=moderator)  # twice: still once

    assert list(Notification.objects.values_list("user", "kind")) == [
        (parent_author.pk, "comment_reply")
    ]
    assert len(mail.outbox) == 1


def test_a_removed_reply_tells_nobody(post, parent_author):
    parent = comment_on(post, parent_author, "A fair point")
    reply = comment_on(post, UserFactory(), "An insult", parent_id=parent.pk, is_removed=True)
    assert notify_about_comment(reply.pk) == 0


def test_followers_hear_of_new_comments_on_site_and_by_e_mail_only_if_they_ask(
    client, on_commit, post, parent_author
):
    quiet, keen = UserFactory(email="quiet@example.lu"), UserFactory(email="keen@example.lu")
    for user in (quiet, keen, parent_author):
        Follow.objects.create(post=post, user=user)
    NotificationSettings.objects.create(user=keen, email_new_comments=True)
    with on_commit(execute=True):
        parent = post_comment(client, parent_author, post, "Same here")
        reply = post_comment(client, quiet, post, "Me too", parent.pk)

    kinds = set(Notification.objects.values_list("user", "kind", "event_key"))
    assert kinds == {
        (quiet.pk, "new_comment", f"comment:{parent.pk}"),
        (keen.pk, "new_comment", f"comment:{parent.pk}"),
        (keen.pk, "new_comment", f"comment:{reply.pk}"),
        # The author of the comment replied to hears of it once, as a reply.
        (parent_author.pk, "comment_reply", f"reply:{reply.pk}"),
    }
    assert sorted(email.to[0] for email in mail.outbox) == [
        "ada@example.lu",
        "keen@example.lu",
        "keen@example.lu",
    ]
