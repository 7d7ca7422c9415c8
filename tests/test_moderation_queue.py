"""The moderation queue in the Wagtail admin: tabs, one item, actions, decision log, bans."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts import roles
from ideas.models import Post
from moderation.models import Decision, Redaction, Report
from moderation.services import decisions
from tests.factories import AdministrationFactory, PostFactory, UserFactory, triager
from tests.moderation_world import (  # noqa: F401 (fixtures)
    comment_on,
    item_url,
    moderator_client_fixture,
    moderator_fixture,
    reported,
)

pytestmark = pytest.mark.django_db
Action = Decision.Action


def test_queue_tabs_list_awaiting_reported_and_hidden_items(moderator_client):
    waiting = PostFactory(title="Waiting for approval", awaiting_moderation=True)
    waiting_comment = comment_on(
        PostFactory(), UserFactory(), "Comment to approve", is_public=False
    )
    flagged = reported(PostFactory(title="Reported twice"), 2)
    hidden = PostFactory(title="Hidden already", is_hidden=True, hidden_reason="Spam")
    PostFactory(title="Nothing wrong")
    queue_url = reverse("moderation_admin:queue")

    html = moderator_client.get(queue_url).content.decode()  # default tab: awaiting
    assert waiting.title in html and "Comment to approve" in html
    assert flagged.title not in html and "Nothing wrong" not in html
    assert item_url(waiting) in html and item_url(waiting_comment) in html

    html = moderator_client.get(queue_url, {"tab": "reported"}).content.decode()
    assert flagged.title in html and waiting.title not in html
    assert "<strong>2</strong>" in html and "Abusive, hateful or threatening (2)" in html

    html = moderator_client.get(queue_url, {"tab": "hidden"}).content.decode()
    assert hidden.title in html and flagged.title not in html
    # Unknown tabs and pages fall back instead of failing.
    assert moderator_client.get(queue_url, {"tab": "x'<", "p": "nope"}).status_code == 200


def test_queue_paginates(moderator_client, settings):
    for n in range(32):
        PostFactory(title=f"Waiting number {n:02d}", awaiting_moderation=True)
    first = moderator_client.get(reverse("moderation_admin:queue")).content.decode()
    second = moderator_client.get(reverse("moderation_admin:queue"), {"p": 2}).content.decode()
    assert "Waiting number 31" in first and "Waiting number 00" not in first
    assert "Waiting number 00" in second and "Page 2 of 2" in second


def test_item_page_shows_text_reports_and_forms(moderator_client):
    post = reported(PostFactory(title="Reported post", body="Body with an insult"), 1)
    Report.objects.update(explanation="He insults the clerk")
    html = moderator_client.get(item_url(post)).content.decode()
    assert "Body with an insult" in html and "He insults the clerk" in html
    for action in ("approve", "hide", "reject", "dismiss"):
        if action != "approve":
            assert f'action="{item_url(post, action)}"' in html
    assert reverse("moderation_admin:ban", args=[post.author.pk]) in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_moderator_hides_from_the_queue_with_a_public_reason(moderator_client, moderator):
    post = reported(PostFactory(), 1)
    assert moderator_client.get(item_url(post, "hide")).status_code == 405
    response = moderator_client.post(item_url(post, "hide"), {"public_reason": "Insults"})
    assert response.status_code == 302 and response["Location"] == item_url(post)
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Insults"
    assert Decision.objects.get().moderator == moderator
    assert Report.objects.get().resolved_by == moderator


def test_bad_input_in_the_queue_never_fails(moderator_client):
    post = PostFactory()
    response = moderator_client.post(item_url(post, "hide"), {"public_reason": "  "}, follow=True)
    assert response.status_code == 200
    assert "Give the public reason for hiding it." in response.content.decode()
    assert not Post.objects.get(pk=post.pk).is_hidden
    assert moderator_client.post(item_url(post, "explode")).status_code == 404
    assert moderator_client.post("/admin/moderation/post/999999/hide/").status_code == 404
    assert moderator_client.post("/admin/moderation/thing/1/hide/").status_code == 404
    assert moderator_client.get("/admin/moderation/thing/1/").status_code == 404
    # A "next" outside the queue is ignored.
    response = moderator_client.post(
        item_url(post, "restore"), {"next": "https://evil.example/admin/moderation/"}
    )
    assert response["Location"] == item_url(post)


@pytest.mark.parametrize("who", ["citizen", "triager", "civil_servant"])
def test_non_moderators_cannot_use_the_queue(client, who):
    administration = AdministrationFactory()
    post = PostFactory(administration=administration)
    user = {
        "citizen": UserFactory(),
        "triager": triager(administration),
        "civil_servant": UserFactory(roles=[roles.CIVIL_SERVANT]),
    }[who]
    client.force_login(user)
    for url in (reverse("moderation_admin:queue"), reverse("moderation_admin:log"), item_url(post)):
        response = client.get(url)
        assert response.status_code == 302, url  # Wagtail: sign-in page or "permission denied"
    client.post(item_url(post, "hide"), {"public_reason": "Mine now"})
    client.post(reverse("moderation_admin:ban", args=[post.author.pk]), {"reason": "x"})
    post.refresh_from_db()
    post.author.refresh_from_db()
    assert not post.is_hidden and post.author.is_active
    assert not Decision.objects.exists()


def test_moderation_menu_only_for_moderators(client, moderator_client):
    assert reverse("moderation_admin:queue") in moderator_client.get("/admin/").content.decode()
    administration = AdministrationFactory()
    client.force_login(triager(administration))
    assert reverse("moderation_admin:queue") not in client.get("/admin/").content.decode()


def test_decision_log_filters_by_action_and_moderator(moderator_client, moderator):
    other = UserFactory(roles=[roles.MODERATOR], public_name="Other Otto")
    decisions.hide(PostFactory(title="Hidden by Mia"), by=moderator, public_reason="Spam by Mia")
    decisions.hide(PostFactory(), by=other, public_reason="Spam by Otto")
    decisions.ban_user(UserFactory(public_name="Banned Ben"), by=moderator, reason="Trolling")
    log = reverse("moderation_admin:log")

    html = moderator_client.get(log).content.decode()
    assert "Spam by Mia" in html and "Spam by Otto" in html and "Banned Ben" in html
    html = moderator_client.get(log, {"moderator": other.pk}).content.decode()
    assert "Spam by Otto" in html and "Spam by Mia" not in html
    html = moderator_client.get(log, {"action": "ban"}).content.decode()
    assert "Banned Ben" in html and "Spam by" not in html
    assert moderator_client.get(log, {"action": "<x>", "moderator": "abc"}).status_code == 200


def test_ban_form_bans_optionally_hides_posts_and_unbans(moderator_client):
    person = UserFactory(public_name="Troll")
    posts = [PostFactory(author=person), PostFactory(author=person)]
    url = reverse("moderation_admin:ban", args=[person.pk])
    assert "Troll" in moderator_client.get(url).content.decode()

    response = moderator_client.post(url, {"action": "ban", "reason": "Spam", "hide_posts": "on"})
    assert response.status_code == 400  # the public reason for hiding is missing
    person.refresh_from_db()
    assert person.is_active

    moderator_client.post(
        url, {"action": "ban", "reason": "Spam", "hide_posts": "on", "public_reason": "Spam"}
    )
    person.refresh_from_db()
    assert not person.is_active and person.ban_reason == "Spam"
    assert all(Post.objects.get(pk=p.pk).hidden_reason == "Spam" for p in posts)
    assert "Lift the ban" in moderator_client.get(url).content.decode()

    moderator_client.post(url, {"action": "unban"})
    person.refresh_from_db()
    assert person.is_active and person.banned_at is None
    # Lifting the ban does not show the posts again: that is a separate decision per post.
    assert all(Post.objects.get(pk=p.pk).is_hidden for p in posts)


def test_ban_without_hiding_leaves_posts_alone(moderator_client):
    person = UserFactory()
    post = PostFactory(author=person)
    url = reverse("moderation_admin:ban", args=[person.pk])
    moderator_client.post(url, {"action": "ban", "reason": "Spam"})
    assert not type(person).objects.get(pk=person.pk).is_active
    assert not Post.objects.get(pk=post.pk).is_hidden


def test_staff_post_page_asks_for_a_public_reason(moderator_client, moderator):
    post = PostFactory()
    visibility = reverse("staff_posts:visibility", args=[post.pk])
    moderator_client.post(visibility, {"hidden": "1"})
    assert not Post.objects.get(pk=post.pk).is_hidden
    moderator_client.post(visibility, {"hidden": "1", "reason": "Advertising"})
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Advertising"
    assert Decision.objects.get().action == Action.HIDE
    moderator_client.post(visibility, {"hidden": "0"})
    assert not Post.objects.get(pk=post.pk).is_hidden


def test_item_page_shows_the_redacted_original_to_moderators(moderator_client):
    post = PostFactory(body="Write to [•••] for details")
    original = "Write to anne@example.lu for details"
    Redaction.objects.create(
        content_type=ContentType.objects.get_for_model(post),
        object_id=str(post.pk),
        field="body",
        original=original,
        findings=[{"kind": "email", "start": 9, "end": 24}],
    )
    html = moderator_client.get(item_url(post)).content.decode()
    assert "<mark>anne@example.lu</mark>" in html
    assert "Personal data removed before publication" in html
