"""Threaded comments on posts through django-comments-xtd, with our rules on top."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.forms import XtdCommentForm
from django_comments_xtd.models import XtdComment

from moderation.models import Report
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db
POST_URL = reverse("comments-post-comment")


def comment_data(post, text, reply_to=0):
    """What the comment form on the post page submits (with its anti-spoofing fields)."""
    initial = XtdCommentForm(post).initial
    data = {
        key: initial[key] for key in ("content_type", "object_pk", "timestamp", "security_hash")
    }
    data.update(comment=text, reply_to=reply_to, next=post.get_absolute_url())
    return data


@pytest.fixture
def commenter():
    return UserFactory(public_name="Quiet Heron", username="realname_js", email="js@example.lu")


def test_signed_in_user_comments_under_public_name(client, commenter):
    post = PostFactory()
    client.force_login(commenter)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'action="{POST_URL}"' in page and 'name="comment"' in page
    assert 'name="email"' not in page and 'name="name"' not in page
    response = client.post(POST_URL, comment_data(post, "Same problem here!"))
    assert response.status_code == 302
    comment = XtdComment.objects.get()
    assert comment.user == commenter and comment.user_name == "Quiet Heron"
    page = client.get(response.url).content.decode()
    assert "Same problem here!" in page and "Quiet Heron" in page
    assert "realname_js" not in page and "js@example.lu" not in page


def test_replies_are_threaded_through_the_reply_view(client, commenter):
    post = PostFactory()
    client.force_login(commenter)
    client.post(POST_URL, comment_data(post, "First"))
    parent = XtdComment.objects.get()
    client.force_login(UserFactory(public_name="Second Voice"))
    reply_page = client.get(reverse("comments-xtd-reply", args=[parent.pk]))
    assert reply_page.status_code == 200 and b"First" in reply_page.content
    client.post(POST_URL, comment_data(post, "A reply", reply_to=parent.pk))
    child = XtdComment.objects.get(comment="A reply")
    assert child.parent_id == parent.pk and child.level == 1
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.index("First") < page.index("A reply")
    assert "2 comments" in page


def test_detail_query_count_does_not_grow_with_comments(client, django_assert_max_num_queries):
    post = PostFactory()
    for number in range(2):
        client.force_login(UserFactory())
        client.post(POST_URL, comment_data(post, f"Comment {number}"))
    client.get(post.get_absolute_url())  # warm caches (content types)
    with django_assert_max_num_queries(40) as few:
        client.get(post.get_absolute_url())
    baseline = len(few)  # read now: each request resets the connection's query log
    for number in range(6):
        client.force_login(UserFactory())
        client.post(POST_URL, comment_data(post, f"More {number}"))
    with django_assert_max_num_queries(baseline):
        assert b"More 5" in client.get(post.get_absolute_url()).content


def test_anonymous_users_cannot_comment(client):
    post = PostFactory()
    response = client.post(POST_URL, comment_data(post, "Drive-by"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not XtdComment.objects.exists()


def test_nobody_comments_on_a_post_they_cannot_see(client):
    post = PostFactory(is_hidden=True)
    client.force_login(UserFactory())
    assert client.post(POST_URL, comment_data(post, "Sneaky")).status_code == 404
    assert not XtdComment.objects.exists()


def test_reply_and_flag_pages_hide_comments_of_hidden_posts(client):
    post = PostFactory()
    client.force_login(post.author)
    client.post(POST_URL, comment_data(post, "Mine"))
    comment = XtdComment.objects.get()
    post.is_hidden = True
    post.save()
    client.force_login(UserFactory())
    assert client.get(reverse("comments-xtd-reply", args=[comment.pk])).status_code == 404
    assert client.get(reverse("comments-flag", args=[comment.pk])).status_code == 404


def test_flagging_a_comment(client, commenter):
    post = PostFactory()
    client.force_login(commenter)
    client.post(POST_URL, comment_data(post, "Rude words"))
    comment = XtdComment.objects.get()
    client.force_login(UserFactory())
    assert client.get(reverse("comments-flag", args=[comment.pk])).status_code == 200
    client.post(reverse("comments-flag", args=[comment.pk]), {"reason": "abusive"})
    assert CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).exists()
    report = Report.objects.get()
    assert (report.target, report.reason) == (comment, "abusive")


def test_comment_rate_limit_gives_429(client, settings, commenter):
    settings.RATE_LIMITS = {"comment": (2, 600)}
    post = PostFactory()
    client.force_login(commenter)
    codes = [
        client.post(POST_URL, comment_data(post, f"Comment {n}")).status_code for n in range(3)
    ]
    assert codes == [302, 302, 429]
    assert XtdComment.objects.count() == 2


def _own_comment(client, user):
    post = PostFactory()
    client.force_login(user)
    client.post(POST_URL, comment_data(post, "Typo hree"))
    return XtdComment.objects.get()


def test_author_edits_own_comment_within_window(client, commenter):
    comment = _own_comment(client, commenter)
    edit_url = reverse("ideas:comment-edit", args=[comment.pk])
    assert edit_url in client.get(comment.content_object.get_absolute_url()).content.decode()
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {"comment": "Typo here"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.comment == "Typo here"


def test_others_cannot_edit_and_nobody_after_the_window(client, commenter, settings):
    comment = _own_comment(client, commenter)
    edit_url = reverse("ideas:comment-edit", args=[comment.pk])
    client.force_login(UserFactory())
    assert client.post(edit_url, {"comment": "Hijacked"}).status_code == 403
    settings.COMMENT_EDIT_WINDOW_MINUTES = 15
    XtdComment.objects.filter(pk=comment.pk).update(
        submit_date=timezone.now() - timedelta(minutes=16)
    )
    client.force_login(commenter)
    response = client.post(edit_url, {"comment": "Too late"})
    assert response.status_code == 403
    assert "15 minutes" in response.content.decode()
    assert edit_url not in client.get(comment.content_object.get_absolute_url()).content.decode()
    comment.refresh_from_db()
    assert comment.comment == "Typo hree"


def test_comment_api_lists_only_comments_of_visible_posts(client):
    post = PostFactory()
    client.force_login(post.author)
    client.post(POST_URL, comment_data(post, "Readable"))
    api_url = f"/comments/api/ideas-post/{post.pk}/"
    listed = client.get(api_url, HTTP_ACCEPT="application/json")
    assert listed.status_code == 200 and "Readable" in listed.content.decode()
    post.is_hidden = True
    post.save()
    client.logout()
    assert client.get(api_url).status_code == 404
    assert client.get(f"/comments/api/ideas-post/{post.pk}.json").status_code == 404
    assert client.get(f"{api_url}count/").status_code == 404


def test_a_filled_honeypot_keeps_the_comment_out_and_the_text_on_screen(client, commenter):
    post = PostFactory()
    client.force_login(commenter)
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'name="website"' in page and 'name="form_started"' in page  # rendered for people
    data = {**comment_data(post, "Buy cheap watches now"), "website": "http://spam.example"}
    response = client.post(POST_URL, data)
    assert response.status_code == 200
    assert not XtdComment.objects.exists()
    assert "Buy cheap watches now" in response.content.decode()
    assert "filled in automatically" in response.content.decode()
