"""Moderator decisions (moderation.services.decisions) on posts and comments, and bans."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import roles
from ideas.models import Post
from moderation.models import Decision, Report
from moderation.services import decisions
from tests.factories import AdministrationFactory, PostFactory, UserFactory, triager
from tests.moderation_world import comment_on, moderator_fixture, reported  # noqa: F401

pytestmark = pytest.mark.django_db
Action = Decision.Action
PASSWORD = "correct-horse-battery"


DECISIONS = {
    "approve": (lambda t, by: decisions.approve(t, by=by), Action.APPROVE),
    "hide": (lambda t, by: decisions.hide(t, by=by, public_reason="Insults"), Action.HIDE),
    "reject": (lambda t, by: decisions.reject(t, by=by, message="Off the rules"), Action.REJECT),
    "restore": (lambda t, by: decisions.restore(t, by=by), Action.RESTORE),
    "dismiss": (lambda t, by: decisions.dismiss_reports(t, by=by), Action.DISMISS),
}
# (is_hidden, hidden_reason, awaiting_moderation) of a post after each decision, starting from a
# hidden post that also awaits approval.
POST_AFTER = {
    "approve": (False, "", False),
    "hide": (True, "Insults", True),
    "reject": (True, "", True),
    "restore": (False, "", True),
    "dismiss": (True, "Earlier reason", True),
}


@pytest.mark.parametrize("name", DECISIONS)
def test_each_decision_on_a_post_changes_it_logs_it_and_resolves_its_reports(moderator, name):
    post = reported(
        PostFactory(is_hidden=True, hidden_reason="Earlier reason", awaiting_moderation=True), 2
    )
    decide, action = DECISIONS[name]
    decision = decide(post, moderator)
    post.refresh_from_db()
    assert (post.is_hidden, post.hidden_reason, post.awaiting_moderation) == POST_AFTER[name]
    assert decision.action == action
    assert decision.moderator == moderator and decision.user == post.author
    assert decision.target == post
    assert list(Decision.objects.values_list("action", flat=True)) == [action]
    reports = Report.objects.all()
    assert len(reports) == 2
    assert all(r.resolved_at and r.resolved_by == moderator for r in reports)


COMMENT_AFTER = {  # (is_public, is_removed), starting from a removed comment not yet public
    "approve": (True, False),
    "hide": (False, True),
    "reject": (False, True),
    "restore": (False, False),
    "dismiss": (False, True),
}


@pytest.mark.parametrize("name", DECISIONS)
def test_each_decision_works_on_comments(moderator, name):
    comment = reported(comment_on(PostFactory(), UserFactory(), is_public=False, is_removed=True))
    decide, action = DECISIONS[name]
    decide(comment, moderator)
    comment.refresh_from_db()
    assert (comment.is_public, comment.is_removed) == COMMENT_AFTER[name]
    assert Decision.objects.get().action == action
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


@pytest.mark.parametrize("name", DECISIONS)
@pytest.mark.parametrize("who", ["citizen", "author", "triager", "civil_servant"])
def test_only_moderators_decide(name, who):
    administration = AdministrationFactory()
    post = reported(PostFactory(administration=administration))
    user = {
        "citizen": UserFactory(),
        "author": post.author,
        "triager": triager(administration),
        "civil_servant": UserFactory(roles=[roles.CIVIL_SERVANT]),
    }[who]
    with pytest.raises(PermissionDenied):
        DECISIONS[name][0](post, user)
    post.refresh_from_db()
    assert not post.is_hidden
    assert not Decision.objects.exists()
    assert Report.objects.get().resolved_at is None


def test_platform_admins_decide_too():
    post = PostFactory()
    decisions.hide(post, by=UserFactory(roles=[roles.ADMIN]), public_reason="Spam")
    assert Post.objects.get(pk=post.pk).is_hidden


@pytest.mark.parametrize("blank", ["", "   \n "])
def test_hide_reject_and_ban_need_a_reason(moderator, blank):
    post = PostFactory()
    with pytest.raises(ValidationError):
        decisions.hide(post, by=moderator, public_reason=blank)
    with pytest.raises(ValidationError):
        decisions.reject(post, by=moderator, message=blank)
    with pytest.raises(ValidationError):
        decisions.ban_user(post.author, by=moderator, reason=blank)
    post.refresh_from_db()
    post.author.refresh_from_db()
    assert not post.is_hidden and post.author.is_active
    assert not Decision.objects.exists()


def test_rejected_author_gets_an_email_with_the_message(
    moderator, django_capture_on_commit_callbacks
):
    author = UserFactory(preferred_language="fr", email="anne@example.lu", public_name="Anne")
    post = PostFactory(author=author, title="Les formulaires en trois exemplaires")
    with django_capture_on_commit_callbacks(execute=True):
        decisions.reject(post, by=moderator, message="Your post names a civil servant.")
    [email] = mail.outbox
    assert email.to == ["anne@example.lu"]
    assert "Les formulaires en trois exemplaires" in email.subject
    assert "Your post names a civil servant." in email.body
    assert "Anne" in email.body
    decision = Decision.objects.get()
    assert decision.message_to_author == "Your post names a civil servant."
    assert decision.public_reason == ""
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == ""


def test_hide_and_restore_refresh_the_suggestion_index(moderator):
    from clustering.models import PostEmbedding

    post = PostFactory()
    PostEmbedding.objects.create(post=post, vector=b"", model_name="fake", dim=0)
    PostEmbedding.objects.filter(post=post).update(updated_at="2000-01-01T00:00:00Z")
    decisions.hide(post, by=moderator, public_reason="Spam")
    assert PostEmbedding.objects.get(post=post).updated_at.year > 2000


def test_dismissing_reports_shows_an_auto_hidden_item_again(moderator):
    post = reported(PostFactory(), 3)
    decisions.auto_hide(post)
    assert Post.objects.get(pk=post.pk).is_hidden
    decisions.dismiss_reports(post, by=moderator)
    post.refresh_from_db()
    assert not post.is_hidden and post.hidden_reason == ""
    assert [d.action for d in Decision.objects.all()] == [Action.DISMISS, Action.AUTO_HIDE]


def test_dismissing_reports_keeps_a_moderator_hidden_item_hidden(moderator):
    post = PostFactory()
    decisions.hide(post, by=moderator, public_reason="Insults")
    reported(post)
    decisions.dismiss_reports(post, by=moderator)
    assert Post.objects.get(pk=post.pk).is_hidden


def login_with_allauth(client, user):
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return client.session.get("_auth_user_id") == str(user.pk)


def test_banned_user_cannot_sign_in_and_unban_restores_it(client, moderator):
    person = UserFactory()
    assert login_with_allauth(client, person)
    decision = decisions.ban_user(person, by=moderator, reason="Repeated insults")
    person.refresh_from_db()
    assert not person.is_active and person.banned_at and person.ban_reason == "Repeated insults"
    assert decision.action == Action.BAN and decision.user == person
    # The open session stops authenticating, and a new sign-in is refused.
    assert client.get(reverse("ideas:mine")).status_code == 302
    assert not login_with_allauth(client, person)

    decisions.unban_user(person, by=moderator)
    person.refresh_from_db()
    assert person.is_active and person.banned_at is None and person.ban_reason == ""
    assert login_with_allauth(client, person)
    assert [d.action for d in Decision.objects.all()] == [Action.UNBAN, Action.BAN]


def test_bans_are_limited(moderator):
    with pytest.raises(ValidationError):
        decisions.ban_user(moderator, by=moderator, reason="Oops")
    other_moderator = UserFactory(roles=[roles.MODERATOR])
    with pytest.raises(PermissionDenied):
        decisions.ban_user(other_moderator, by=moderator, reason="Disagreement")
    with pytest.raises(PermissionDenied):
        decisions.ban_user(UserFactory(), by=UserFactory(), reason="Citizens cannot ban")
    decisions.ban_user(other_moderator, by=UserFactory(roles=[roles.ADMIN]), reason="Abuse")
    assert not type(moderator).objects.get(pk=other_moderator.pk).is_active
