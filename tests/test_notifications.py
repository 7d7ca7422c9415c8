"""Notifications: who is concerned, one message per person in their language, visibility, and
the "My notifications" page."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import roles
from ideas.models import Follow, Post, Support
from notifications.models import Notification
from notifications.services import notify, people_concerned
from tests.factories import CampaignFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """E-mails leave after the transaction commits (a Celery task); run those callbacks."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def posts():
    return [PostFactory(title=f"Post {n}") for n in range(3)]


def test_people_concerned_gathers_authors_supporters_and_followers_once(
    posts, django_assert_max_num_queries
):
    fan = UserFactory()
    for post in posts[:2]:
        Support.objects.create(post=post, user=fan)
        Follow.objects.create(post=post, user=fan)
    follower = UserFactory()
    Follow.objects.create(post=posts[2], user=follower)

    with django_assert_max_num_queries(3):
        concerned = people_concerned(posts)

    assert concerned[fan] == posts[:2]
    assert concerned[follower] == [posts[2]]
    assert concerned[posts[0].author] == [posts[0]]
    assert len(concerned) == 5  # three authors, the fan, the follower


def test_one_message_and_one_e_mail_per_person_listing_their_posts(posts, on_commit):
    fan = UserFactory(email="fan@example.lu")
    with on_commit(execute=True):
        count = notify("status_changed", {fan: posts[:2]}, extra={"message": "Planned for 2026."})

    assert count == 1
    notification = Notification.objects.get()
    assert (notification.user, notification.post, notification.kind) == (
        fan,
        posts[0],
        "status_changed",
    )
    assert notification.url == posts[0].get_absolute_url()
    assert "Post 0" in notification.message and "Post 1" in notification.message
    assert "Planned for 2026." in notification.message
    (email,) = mail.outbox
    assert email.to == ["fan@example.lu"]
    assert f"http://testserver/posts/{posts[1].pk}/" in email.body
    assert "&" not in email.subject and "\n" not in email.subject


def test_written_in_the_persons_language(posts):
    Post.objects.filter(pk=posts[0].pk).update(status="planned")
    german = UserFactory(preferred_language="de")
    unknown = UserFactory(preferred_language="xx")  # not offered: the site's default language
    notify("status_changed", {german: [posts[0]], unknown: [posts[0]]})

    assert "Geplant" in Notification.objects.get(user=german).message
    assert "Planned" in Notification.objects.get(user=unknown).message


def test_titles_are_not_html_escaped_in_plain_text(posts, on_commit):
    Post.objects.filter(pk=posts[0].pk).update(title="Forms & “stamps” <again>")
    with on_commit(execute=True):
        notify("answered", {posts[0].author: [posts[0]]}, extra={"answers": {posts[0].pk: "A & B"}})
    message = Notification.objects.get().message
    assert "Forms & “stamps” <again>" in message and "A & B" in message
    assert "&amp;" not in mail.outbox[0].body


def test_actor_inactive_users_and_people_without_e_mail(posts):
    actor = UserFactory()
    gone = UserFactory(is_active=False)
    no_mail = UserFactory(email="")
    count = notify("answered", {actor: posts, gone: posts, no_mail: posts}, actor=actor)

    assert count == 1
    assert list(Notification.objects.values_list("user", flat=True)) == [no_mail.pk]
    assert mail.outbox == []


def test_nobody_is_told_about_a_post_they_cannot_see(posts):
    hidden = posts[0]
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    supporter = UserFactory()
    assert notify("answered", {supporter: [hidden]}) == 0
    # With a visible post too, only that one is named.
    notify("answered", {supporter: [hidden, posts[1]]})
    message = Notification.objects.get(user=supporter).message
    assert "Post 1" in message and "Post 0" not in message
    assert notify("answered", {hidden.author: [hidden]}) == 1  # authors see their own


def test_someone_who_left_the_civil_service_hears_nothing_of_internal_posts():
    internal = PostFactory(
        campaign=CampaignFactory(audience="internal"),
        author=UserFactory(roles=[roles.CIVIL_SERVANT]),
        title="Internal idea",
    )
    former = UserFactory(roles=[roles.CIVIL_SERVANT])
    Follow.objects.create(post=internal, user=former)
    former.groups.remove(Group.objects.get(name=roles.CIVIL_SERVANT))
    former = type(former).objects.get(pk=former.pk)  # drop the cached roles

    assert notify("status_changed", people_concerned([internal])) == 1  # the author only
    assert not Notification.objects.filter(user=former).exists()


def test_a_merge_names_the_canonical_post_only_to_people_who_see_it(posts, on_commit):
    canonical = posts[2]
    follower = UserFactory()
    with on_commit(execute=True):
        notify("merged", {follower: [posts[0]]}, extra={"canonical": canonical})
    assert canonical.title in Notification.objects.get(user=follower).message
    assert f"http://testserver/posts/{canonical.pk}/" in mail.outbox[0].body

    Post.objects.filter(pk=canonical.pk).update(is_hidden=True)
    other = UserFactory()
    notify("merged", {other: [posts[0]]}, extra={"canonical": canonical})
    assert canonical.title not in Notification.objects.get(user=other).message


def test_unknown_kinds_are_refused(posts):
    with pytest.raises(ValueError):
        notify("gossip", {posts[0].author: posts})


def test_my_notifications_page_lists_only_mine_and_marks_them_read(client, posts):
    me, other = UserFactory(), UserFactory()
    notify("status_changed", {me: [posts[0]], other: [posts[1]]})
    url = reverse("notifications:list")
    assert client.get(url).status_code == 302  # sign in first

    client.force_login(me)
    page = client.get(url)
    assert page.status_code == 200
    assert b"Post 0" in page.content and b"Post 1" not in page.content
    assert b"1 unread" in page.content  # the navigation's count

    client.post(reverse("notifications:mark-read"))
    assert Notification.objects.get(user=me).is_read
    assert not Notification.objects.get(user=other).is_read
    assert b"1 unread" not in client.get(url).content


def test_e_mails_wait_for_the_commit_and_a_failed_one_is_retried(posts, on_commit, settings):
    fan = UserFactory(email="fan@example.lu")
    settings.EMAIL_BACKEND = "tests.test_notifications.BrokenBackend"
    with on_commit(execute=True):
        notify("status_changed", {fan: [posts[0]]})
    notification = Notification.objects.get(user=fan)
    assert notification.emailed_at is None and mail.outbox == []  # kept, not lost

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from notifications.tasks import send_unsent_notification_emails

    send_unsent_notification_emails()
    send_unsent_notification_emails()  # idempotent: nothing is sent twice
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fan@example.lu"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


class BrokenBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
