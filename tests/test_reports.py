"""Reports from users (moderation.services.reports), auto-hiding at the threshold, the comment
flag route, and the public tombstone of hidden posts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from accounts import roles
from ideas.models import Post
from moderation.models import Decision, Report
from moderation.services import decisions, reports
from tests.factories import CampaignFactory, PostFactory, UserFactory
from tests.moderation_world import comment_on

pytestmark = pytest.mark.django_db
BODY = "The clerk at the counter, Mr Example, was rude to me."


def report_url(target):
    kind = "post" if isinstance(target, Post) else "comment"
    return reverse("moderation:report", args=[kind, target.pk])


@pytest.fixture
def post():
    return PostFactory(title="A rude post", body=BODY)


@pytest.fixture
def reporter(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_post_page_links_to_the_report_form_except_for_its_author(client, post):
    link = report_url(post)
    assert link in client.get(post.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert link in client.get(post.get_absolute_url()).content.decode()
    client.force_login(post.author)
    assert link not in client.get(post.get_absolute_url()).content.decode()


def test_anonymous_visitors_sign_in_first(client, post):
    response = client.get(report_url(post))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.post(report_url(post), {"reason": "spam"})
    assert not Report.objects.exists()


def test_report_form_has_labelled_reasons_and_records_the_report(client, post, reporter):
    html = client.get(report_url(post)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<legend>Why do you report it?</legend>" in html
    assert 'type="radio" name="reason" value="personal_data"' in html
    assert '<label for="id_explanation">' in html

    response = client.post(
        report_url(post), {"reason": "personal_data", "explanation": "Names the clerk"}
    )
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    report = Report.objects.get()
    assert (report.reporter, report.target, report.reason) == (reporter, post, "personal_data")
    assert report.explanation == "Names the clerk" and report.resolved_at is None


def test_a_reason_is_required_and_must_be_known(client, post, reporter):
    for data in ({}, {"reason": "boring"}, {"reason": "spam", "explanation": "x" * 1001}):
        assert client.post(report_url(post), data).status_code == 400
    assert not Report.objects.exists()
    with pytest.raises(ValidationError):
        reports.report(post, by=reporter, reason="boring")


def test_duplicate_reports_are_refused_until_the_first_is_resolved(client, post, reporter):
    client.post(report_url(post), {"reason": "spam"})
    response = client.post(report_url(post), {"reason": "abusive"})
    assert response.status_code == 400
    assert "You already reported this" in response.content.decode()
    assert Report.objects.count() == 1
    with pytest.raises(ValidationError):
        reports.report(post, by=reporter, reason="spam")

    decisions.dismiss_reports(post, by=UserFactory(roles=[roles.MODERATOR]))
    assert client.post(report_url(post), {"reason": "abusive"}).status_code == 302
    assert Report.objects.count() == 2


def test_own_items_cannot_be_reported(client, post):
    client.force_login(post.author)
    response = client.get(report_url(post))
    assert "You cannot report your own post." in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[1]
    client.post(report_url(post), {"reason": "spam"})
    with pytest.raises(ValidationError):
        reports.report(post, by=post.author, reason="spam")
    comment = comment_on(post, post.author)
    with pytest.raises(ValidationError):
        reports.report(comment, by=post.author, reason="spam")
    assert not Report.objects.exists()


def test_items_one_cannot_see_cannot_be_reported(client, reporter):
    internal = PostFactory(campaign=CampaignFactory(audience="internal"))
    hidden = PostFactory(is_hidden=True)
    waiting = PostFactory(awaiting_moderation=True)
    removed = comment_on(PostFactory(), UserFactory(), is_removed=True)
    on_internal = comment_on(internal, UserFactory())
    for target in (internal, hidden, waiting, removed, on_internal):
        assert client.get(report_url(target)).status_code == 404
        assert client.post(report_url(target), {"reason": "spam"}).status_code == 404
        with pytest.raises(PermissionDenied):
            reports.report(target, by=reporter, reason="spam")
    assert client.get("/moderation/report/user/1/").status_code == 404
    assert client.get("/moderation/report/post/99999/").status_code == 404
    assert not Report.objects.exists()


def test_civil_servants_report_internal_posts(client):
    internal = PostFactory(campaign=CampaignFactory(audience="internal"))
    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    assert client.post(report_url(internal), {"reason": "off_topic"}).status_code == 302
    assert Report.objects.get().target == internal


def test_reports_are_rate_limited(client, settings, reporter):
    settings.RATE_LIMITS = {"report": (2, 3600)}
    codes = [client.post(report_url(PostFactory()), {"reason": "spam"}).status_code for _n in "abc"]
    assert codes == [302, 302, 429]
    assert Report.objects.count() == 2


def test_threshold_hides_a_post_until_reviewed_and_logs_auto_hide(client, settings, post):
    settings.MODERATION_REPORT_THRESHOLD = 3
    first = UserFactory()
    reports.report(post, by=first, reason="abusive")
    reports.report(post, by=UserFactory(), reason="spam")
    assert not Post.objects.get(pk=post.pk).is_hidden
    assert not Decision.objects.exists()
    reports.report(post, by=UserFactory(), reason="abusive")
    post.refresh_from_db()
    assert post.is_hidden
    assert post.hidden_reason == "Hidden until a moderator reviews reports about it."
    decision = Decision.objects.get()
    assert decision.action == Decision.Action.AUTO_HIDE and decision.moderator is None
    assert decision.target == post and decision.user == post.author
    # The reports stay open for the moderators. Nobody else sees it to report it again; a
    # moderator's report does not hide it twice.
    assert Report.objects.filter(resolved_at__isnull=True).count() == 3
    with pytest.raises(PermissionDenied):
        reports.report(post, by=UserFactory(), reason="spam")
    reports.report(post, by=UserFactory(roles=[roles.MODERATOR]), reason="spam")
    assert Decision.objects.count() == 1
    # The public now sees the tombstone with that reason.
    response = client.get(post.get_absolute_url())
    assert response.status_code == 410
    assert "Hidden until a moderator reviews reports about it." in response.content.decode()


def test_threshold_hides_a_comment(settings):
    settings.MODERATION_REPORT_THRESHOLD = 2
    comment = comment_on(PostFactory(), UserFactory())
    reports.report(comment, by=UserFactory(), reason="abusive")
    assert not XtdComment.objects.get(pk=comment.pk).is_removed
    reports.report(comment, by=UserFactory(), reason="abusive")
    assert XtdComment.objects.get(pk=comment.pk).is_removed
    assert Decision.objects.get().action == Decision.Action.AUTO_HIDE


def test_comment_flag_route_asks_a_reason_and_creates_a_report(client, reporter):
    post = PostFactory()
    comment = comment_on(post, UserFactory(), "You are all idiots")
    flag_url = reverse("comments-flag", args=[comment.pk])
    html = client.get(flag_url).content.decode()
    assert "You are all idiots" in html and 'name="reason"' in html

    assert client.post(flag_url, {}).status_code == 400  # no reason: nothing recorded
    assert not Report.objects.exists() and not CommentFlag.objects.exists()

    response = client.post(flag_url, {"reason": "abusive"})
    assert response["Location"] == f"{post.get_absolute_url()}#c{comment.pk}"
    report = Report.objects.get()
    assert report.target == comment and report.reason == "abusive"
    assert CommentFlag.objects.filter(comment=comment, user=reporter).exists()
    # The discussion now tells the reporter they reported it.
    assert "You reported this comment" in client.get(post.get_absolute_url()).content.decode()


def test_comment_page_links_to_the_report_form(client, reporter):
    post = PostFactory()
    comment = comment_on(post, UserFactory())
    html = client.get(post.get_absolute_url()).content.decode()
    assert reverse("comments-flag", args=[comment.pk]) in html


def test_hidden_post_shows_a_410_tombstone_with_only_the_public_reason(client, post):
    moderator = UserFactory(roles=[roles.MODERATOR])
    decisions.hide(post, by=moderator, public_reason="Names a civil servant")
    for viewer in (None, UserFactory()):
        if viewer:
            client.force_login(viewer)
        response = client.get(post.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 410
        assert "This post was hidden by moderation." in html
        assert "Names a civil servant" in html
        assert post.title not in html and BODY not in html
        assert post.author.display_name not in html
    # Its author and the moderators still read it, with the reason.
    for insider in (post.author, moderator):
        client.force_login(insider)
        response = client.get(post.get_absolute_url())
        assert response.status_code == 200
        assert BODY in response.content.decode()
        assert "Names a civil servant" in response.content.decode()


def test_rejected_post_tombstone_has_no_reason(client, post):
    decisions.reject(post, by=UserFactory(roles=[roles.MODERATOR]), message="Private: rude")
    response = client.get(post.get_absolute_url())
    assert response.status_code == 410
    assert "Private: rude" not in response.content.decode()
    assert 'id="hidden-reason"' not in response.content.decode()


def test_internal_and_never_published_hidden_posts_stay_404(client):
    internal = PostFactory(
        campaign=CampaignFactory(audience="internal"), is_hidden=True, hidden_reason="Spam"
    )
    waiting = PostFactory(awaiting_moderation=True, is_hidden=True, hidden_reason="Spam")
    for viewer in (None, UserFactory()):
        if viewer:
            client.force_login(viewer)
        assert client.get(internal.get_absolute_url()).status_code == 404
        assert client.get(waiting.get_absolute_url()).status_code == 404
    # Civil servants may know that an internal post was hidden.
    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    assert client.get(internal.get_absolute_url()).status_code == 410
    assert client.get(waiting.get_absolute_url()).status_code == 404
    assert client.get(reverse("ideas:detail", args=[999999])).status_code == 404


def test_comment_api_flag_creates_a_report(client, reporter):
    comment = comment_on(PostFactory(), UserFactory())
    response = client.post(
        "/comments/api/flag/",
        {"comment": comment.pk, "flag": "report"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Report.objects.get().target == comment
    again = client.post(
        "/comments/api/flag/",
        {"comment": comment.pk, "flag": "report"},
        content_type="application/json",
    )
    assert again.status_code == 400 and Report.objects.count() == 1
