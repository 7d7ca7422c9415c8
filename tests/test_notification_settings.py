"""Once per person and event; per-person e-mail settings; the one-click unsubscribe link and the
RFC 8058 headers of every notification e-mail."""

import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from notifications.models import Notification, NotificationSettings
from notifications.preferences import read_unsubscribe_token, unsubscribe_path
from notifications.services import notify
from notifications.tasks import send_unsent_notification_emails
from tests.factories import PostFactory, UserFactory
from tests.test_pages import assert_accessible_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def post():
    return PostFactory(title="Stamp duty")


@pytest.fixture
def fan():
    return UserFactory(email="fan@example.lu")


def settings_of(user):
    return NotificationSettings.of(user)


def test_the_same_event_twice_makes_one_notification_and_one_e_mail(on_commit, post, fan):
    other = UserFactory(email="other@example.lu")
    with on_commit(execute=True):
        assert notify("answered", {fan: [post]}, event_key="answer:7") == 1
    with on_commit(execute=True):
        # Run again (a retried task), with one more person concerned: only they are new.
        assert notify("answered", {fan: [post], other: [post]}, event_key="answer:7") == 1
    send_unsent_notification_emails()

    assert sorted(Notification.objects.values_list("user", flat=True)) == [fan.pk, other.pk]
    assert sorted(email.to[0] for email in mail.outbox) == ["fan@example.lu", "other@example.lu"]
    # Another event about the same post is news.
    with on_commit(execute=True):
        assert notify("answered", {fan: [post]}, event_key="answer:8") == 1
    assert Notification.objects.filter(user=fan).count() == 2


def test_settings_stop_the_e_mail_but_never_the_on_site_notification(on_commit, post, fan):
    NotificationSettings.objects.create(user=fan, email_status_changes=False)
    with on_commit(execute=True):
        notify("status_changed", {fan: [post]}, event_key="status:1")
        notify("answered", {fan: [post]}, event_key="answer:1")
    assert Notification.objects.filter(user=fan).count() == 2
    assert [email.subject for email in mail.outbox] == ["Official answer to “Stamp duty”"]

    NotificationSettings.objects.filter(user=fan).update(no_emails=True)
    with on_commit(execute=True):
        notify("answered", {fan: [post]}, event_key="answer:2")
    assert Notification.objects.filter(user=fan).count() == 3 and len(mail.outbox) == 1


def test_the_settings_page(client, fan):
    url = reverse("notifications:settings")
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(fan)
    page = client.get(url).content.decode()
    assert_accessible_page(page)
    assert "<fieldset" in page and "<legend>" in page
    assert 'for="id_email_answers"' in page and 'name="csrfmiddlewaretoken"' in page
    assert 'id="id_email_new_comments"' in page and "checked" in page
    assert f'href="{url}" aria-current="page"' in page  # in the account area's navigation
    assert f'href="{url}"' in client.get(reverse("notifications:list")).content.decode()

    response = client.post(url, {"email_answers": "on", "email_merges": "on"})
    assert response.status_code == 302 and response.url == url
    saved = settings_of(fan)
    assert (saved.email_answers, saved.email_merges) == (True, True)
    assert not (saved.email_status_changes or saved.email_comment_replies or saved.no_emails)
    # Unticking every box posts no field at all: that is a choice too.
    client.post(url, {})
    assert not any(getattr(settings_of(fan), name) for name in NotificationSettings.EMAIL_FIELDS)


def test_unsubscribe_asks_on_get_and_stops_on_post_without_sign_in(post, fan):
    client = Client(enforce_csrf_checks=True)  # as a mail program would: no session, no token
    url = unsubscribe_path(fan, "status_changed")

    page = client.get(url)
    assert page.status_code == 200 and b"<form" in page.content
    assert_accessible_page(page.content.decode())
    assert not NotificationSettings.objects.exists()  # mail scanners follow links: no change

    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    saved = settings_of(fan)
    assert not saved.email_status_changes
    assert saved.email_answers and not saved.no_emails  # only what the link named

    client.post(unsubscribe_path(fan))
    assert settings_of(fan).no_emails


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused(client, fan, method):
    other = UserFactory()
    url = unsubscribe_path(fan)
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = getattr(client, method)(reverse("notifications:unsubscribe", args=[forged]))

    assert response.status_code == 400
    assert b"This unsubscribe link does not work" in response.content
    assert not NotificationSettings.objects.exists()
    # Signed by us, but for something else (another salt): not an unsubscribe token.
    elsewhere = signing.dumps({"user": other.pk, "kind": "all"})
    elsewhere_url = reverse("notifications:unsubscribe", args=[elsewhere])
    assert getattr(client, method)(elsewhere_url).status_code == 400


def test_every_e_mail_ends_with_the_link_and_carries_the_one_click_headers(on_commit, post, fan):
    with on_commit(execute=True):
        notify("merged", {fan: [post]}, event_key="merge:1")
    (email,) = mail.outbox
    header = email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (path,) = re.fullmatch(
        r"<http://testserver(/notifications/unsubscribe/[^/]+/)>", header
    ).groups()
    assert read_token(path) == (fan, "merged")  # the header stops this kind of e-mail
    links = re.findall(r"http://testserver(/notifications/unsubscribe/[^/\s]+/)", email.body)
    assert [read_token(link) for link in links] == [(fan, "merged"), (fan, "all")]
    assert email.body.rstrip().endswith(links[-1])  # the last line: stop everything
    assert "http://testserver/notifications/settings/" in email.body

    # One-click: a POST without session or CSRF token, as RFC 8058 mail programs send it.
    Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert not settings_of(fan).email_merges and settings_of(fan).email_answers


def read_token(path):
    return read_unsubscribe_token(path.rstrip("/").rsplit("/", 1)[1])


def test_unsubscribing_also_stops_e_mails_still_waiting(on_commit, post, fan, settings):
    settings.EMAIL_BACKEND = "tests.test_notifications.BrokenBackend"
    with on_commit(execute=True):
        notify("answered", {fan: [post]}, event_key="answer:1")
    assert mail.outbox == []  # the mail server is down: kept for the retry

    Client().post(unsubscribe_path(fan, "answered"))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_unsent_notification_emails()
    assert mail.outbox == [] and Notification.objects.filter(user=fan).exists()
