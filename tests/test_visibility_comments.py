"""Comments of an internal post are invisible to outsiders on every route of django-comments-xtd
and django_comments (pages, confirmations, redirects, web API) and never mailed to anyone.

Same world and users as tests/test_visibility_matrix.py (tests/visibility_world.py).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from ideas.models import Post
from tests.test_comments import comment_data
from tests.visibility_world import (
    assert_hidden_or_sign_in,
    assert_not_leaked,
    html_of,
    world_fixture,  # noqa: F401 - provides the `world` fixture
)

pytestmark = pytest.mark.django_db


def test_comment_on_the_internal_post(client, world):
    data = comment_data(world.p, "A new remark on the expenses form.")
    before = XtdComment.objects.count()
    response = client.post(reverse("comments-post-comment"), data)
    if world.insider:
        assert response.status_code == 302
        assert XtdComment.objects.count() == before + 1
    else:
        assert_hidden_or_sign_in(world, response)
        assert XtdComment.objects.count() == before


def comment_urls(world):
    cid = world.comment.pk
    content_type = ContentType.objects.get_for_model(Post).pk
    p = world.p.pk
    return {
        "reply": f"/comments/reply/{cid}/",
        "flag": f"/comments/flag/{cid}/",
        "like": f"/comments/like/{cid}/",
        "dislike": f"/comments/dislike/{cid}/",
        "api_list": f"/comments/api/ideas-post/{p}/",
        "api_list_json": f"/comments/api/ideas-post/{p}.json",
        "api_count": f"/comments/api/ideas-post/{p}/count/",
        "sent": f"/comments/sent/?c={cid}",
        "posted": f"/comments/posted/?c={cid}",
        "flagged": f"/comments/flagged/?c={cid}",
        "liked": f"/comments/liked/?c={cid}",
        "redirect": f"/comments/cr/{content_type}/{p}/",
        "edit": reverse("ideas:comment-edit", args=[cid]),
    }


# Routes whose insiders' answer shows the comment (the others are confirmations or disabled).
SHOWS_COMMENT_TO_INSIDERS = {"reply", "flag", "api_list", "api_list_json", "sent"}


COMMENT_ROUTES = [
    "reply",
    "flag",
    "like",
    "dislike",
    "api_list",
    "api_list_json",
    "api_count",
    "sent",
    "posted",
    "flagged",
    "liked",
    "redirect",
    "edit",
]


@pytest.mark.parametrize("name", COMMENT_ROUTES)
def test_comment_routes(client, world, name):
    url = comment_urls(world)[name]
    # comments-xtd renders the comment itself for script requests on "sent".
    response = client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    if not world.insider:
        assert_hidden_or_sign_in(world, response)
        return
    assert response.status_code < 500
    if name in SHOWS_COMMENT_TO_INSIDERS:
        assert response.status_code == 200
        assert "single form" in html_of(response)
    if name == "api_count":
        assert response.json() == {"count": 1}
    if name == "redirect":
        assert response.status_code == 302
        assert world.p.get_absolute_url() in response["Location"]


def test_comment_api_flag_and_create(client, world):
    flag = client.post(
        "/comments/api/flag/",
        {"comment": world.comment.pk, "flag": "report"},
        content_type="application/json",
    )
    before = XtdComment.objects.count()
    client.post(
        "/comments/api/comment/",
        {**comment_data(world.p, "Through the API"), "name": "x", "email": "x@example.lu"},
        content_type="application/json",
    )
    flagged = CommentFlag.objects.filter(comment=world.comment).exists()
    if world.insider:
        assert flag.status_code == 201
        assert flagged
    else:
        assert flag.status_code in (401, 403, 404)
        assert not flagged
        assert XtdComment.objects.count() == before
        assert_not_leaked(flag)


def test_follow_up_mails_are_never_sent(client, world, mailoutbox):
    """comments-xtd mails earlier commenters who asked for follow-ups, whether or not they may
    still see the post (think of a civil servant who left); the platform refuses the option."""
    data = {**comment_data(world.p, "Reply that asks for follow-ups."), "followup": "on"}
    client.post(reverse("comments-post-comment"), data)
    client.post(reverse("comments-post-comment"), {**data, "comment": "Another such reply."})
    assert XtdComment.objects.count() == (3 if world.insider else 1)
    assert not XtdComment.objects.filter(followup=True).exists()
    assert mailoutbox == []
