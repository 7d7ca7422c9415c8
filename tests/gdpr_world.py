"""One person with data in every corner of the platform, and another person whose data must
never show up in the first one's download (shared by the GDPR tests)."""

from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.models import XtdComment

from accounts import roles
from accounts.models import User
from ideas.models import Follow, OfficialAnswer, Post, StatusChange, Support
from moderation.models import Decision, Redaction, Report
from notifications.models import Notification
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    PostFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery"  # UserFactory's password


@dataclass
class World:
    alice: User
    bob: User
    public_post: Post
    hidden_post: Post
    internal_post: Post
    bobs_post: Post
    alice_comment: XtdComment
    bob_comment: XtdComment


def comment(user, post, text):
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(Post),
        object_pk=str(post.pk),
        site_id=1,
        user=user,
        user_name=user.public_name,
        user_email=user.email,
        ip_address="192.0.2.7",
        comment=text,
        is_public=True,
    )


def support(post, user):
    Support.objects.create(post=post, user=user)
    Post.objects.filter(pk=post.pk).update(support_count=post.supports.count())


@pytest.fixture(name="world")
def world_fixture():
    employer = AdministrationFactory(name="Centre des technologies")
    alice = UserFactory(
        public_name="Alice from Esch",
        email="alice@example.lu",
        first_name="Alice",
        last_name="Muller",
        preferred_language="fr",
        employer=employer,
        roles=[roles.CITIZEN, roles.CIVIL_SERVANT],
    )
    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)
    bob = UserFactory(public_name="Bob from Diekirch", email="bob@example.lu")
    moderator = UserFactory(public_name="Moderator Martha", roles=[roles.MODERATOR])
    public_post = PostFactory(author=alice, title="Alice's public pain point")
    hidden_post = PostFactory(
        author=alice, title="Alice's hidden post", is_hidden=True, hidden_reason="Off-topic"
    )
    internal_post = PostFactory(
        author=alice,
        title="Alice's internal idea",
        campaign=CampaignFactory(audience="internal"),
    )
    bobs_post = PostFactory(author=bob, title="Bob's own post")
    support(bobs_post, alice)
    support(bobs_post, UserFactory())
    support(public_post, bob)
    Follow.objects.create(post=bobs_post, user=alice)
    Follow.objects.create(post=public_post, user=bob)
    StatusChange.objects.create(
        post=public_post, old_status="submitted", new_status="under_review", message="We look"
    )
    OfficialAnswer.objects.create(
        post=public_post, administration=employer, author=moderator, body="The form goes online."
    )
    alice_comment = comment(alice, bobs_post, "Alice agrees with Bob")
    bob_comment = comment(bob, public_post, "Bob's comment on Alice's post")
    post_type = ContentType.objects.get_for_model(Post)
    Report.objects.create(
        reporter=alice, content_type=post_type, object_id=str(bobs_post.pk), reason="spam"
    )
    Report.objects.create(
        reporter=bob, content_type=post_type, object_id=str(public_post.pk), reason="other"
    )
    Notification.objects.create(user=alice, kind="answered", post=public_post, message="Answered!")
    Notification.objects.create(user=bob, kind="answered", post=bobs_post, message="Bob's news")
    Decision.objects.create(
        moderator=moderator,
        content_type=post_type,
        object_id=str(hidden_post.pk),
        user=alice,
        action="hide",
        public_reason="Off-topic",
        message_to_author="Please stay on topic, Alice.",
    )
    Redaction.objects.create(
        content_type=post_type,
        object_id=str(public_post.pk),
        field="body",
        original="Call me on 621 123 456",
        findings=[{"kind": "phone", "start": 11, "end": 22}],
    )
    return World(
        alice, bob, public_post, hidden_post, internal_post, bobs_post, alice_comment, bob_comment
    )
