"""Shared by the moderation tests: a moderator, comments on posts, open reports, admin URLs.
Test modules import the fixtures under their *_fixture names (they register as `moderator`,
`moderator_client`)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from accounts import roles
from ideas.models import Post
from moderation.models import Report
from tests.factories import UserFactory


@pytest.fixture(name="moderator")
def moderator_fixture():
    return UserFactory(roles=[roles.MODERATOR], public_name="Mod Mia")


@pytest.fixture(name="moderator_client")
def moderator_client_fixture(client, moderator):
    client.force_login(moderator)
    return client


def comment_on(post, user, text="A comment with an insult", **fields):
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(Post),
        object_pk=str(post.pk),
        site_id=1,
        user=user,
        user_name=str(user.display_name),
        comment=text,
        is_public=fields.pop("is_public", True),
        **fields,
    )


def reported(target, count=1):
    """`count` open reports on `target` by different people."""
    for _n in range(count):
        Report.objects.create(
            reporter=UserFactory(),
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            reason=Report.Reason.ABUSIVE,
        )
    return target


def item_url(target, action=None):
    kind = "post" if isinstance(target, Post) else "comment"
    if action:
        return reverse("moderation_admin:item_action", args=[kind, target.pk, action])
    return reverse("moderation_admin:item", args=[kind, target.pk])
