"""The world of the visibility matrix (tests/test_visibility_*.py): one internal post P (internal
campaign and challenge, with a comment), one public post Q, and the requesting user, once per
kind of user. Outsiders (anonymous, citizen) must never reach P; insiders always do."""

from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from accounts import roles
from ideas.models import Post
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    ChallengeFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)

P_TITLE = "Meng Iddi: one form for all mission travel expenses"
P_BODY = "Every mission abroad needs three paper signatures before the expenses are reimbursed."
P_COMMENT = "Internal remark: the finance unit already has a draft of the single form."
Q_TITLE = "Public: the parking permit renewal needs a visit"
OUTSIDERS = ("anonymous", "citizen")
INSIDERS = ("civil_servant_x", "civil_servant_y", "triager_x", "moderator", "platform_admin")


@dataclass
class World:
    p: Post
    q: Post
    comment: XtdComment
    campaign: object
    challenge: object
    procedure: object
    user: object  # the requesting user (None: anonymous)
    insider: bool


def make_user(kind, x, y):
    if kind == "anonymous":
        return None
    if kind == "citizen":
        return UserFactory()
    if kind == "civil_servant_x":
        return UserFactory(roles=[roles.CIVIL_SERVANT], employer=x)
    if kind == "civil_servant_y":
        return UserFactory(roles=[roles.CIVIL_SERVANT], employer=y)
    if kind == "triager_x":
        return triager(x)
    if kind == "moderator":
        return UserFactory(roles=[roles.MODERATOR])
    return UserFactory(roles=[roles.ADMIN])


@pytest.fixture(name="world", params=OUTSIDERS + INSIDERS)
def world_fixture(request, client):
    """The world seen by one kind of user (test modules import this fixture as `world`)."""
    x = AdministrationFactory(name="Administration X")
    y = AdministrationFactory(name="Administration Y")
    procedure = ProcedureFactory(title="Mission expenses reimbursement", administrations=[x])
    campaign = CampaignFactory(title="Meng Iddi internal space", audience="internal")
    challenge = ChallengeFactory(campaign=campaign, title="Internal challenge on expenses")
    q = PostFactory(title=Q_TITLE, procedure=procedure)
    author = UserFactory(roles=[roles.CIVIL_SERVANT], employer=x, public_name="Anne")
    p = PostFactory(
        title=P_TITLE,
        body=P_BODY,
        author=author,
        procedure=procedure,
        campaign=campaign,
        challenge=challenge,
    )
    comment = XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(Post),
        object_pk=str(p.pk),
        site_id=1,
        user=author,
        user_name="Anne",
        comment=P_COMMENT,
        is_public=True,
    )
    user = make_user(request.param, x, y)
    if user is not None:
        client.force_login(user)
    return World(p, q, comment, campaign, challenge, procedure, user, request.param in INSIDERS)


def html_of(response):
    return response.content.decode()


def assert_not_leaked(response):
    text = html_of(response)
    for secret in (P_TITLE, P_BODY, P_COMMENT):
        assert secret not in text


def assert_hidden_or_sign_in(world, response):
    """Outsiders on one of P's own URLs: 404, or the sign-in page for anonymous visitors."""
    assert_not_leaked(response)
    if world.user is None and response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
