"""An official answer or a status change given on one post (post page, staff decision form)
tells its authors, supporters and followers once, after the commit."""

import pytest
from django.core import mail
from django.urls import reverse

from ideas import services
from notifications.models import Notification
from tests.factories import AdministrationFactory, PostFactory, ProcedureFactory, UserFactory
from tests.factories import triager as triager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def administration():
    return AdministrationFactory(name="Tax office")


@pytest.fixture
def post(administration):
    return PostFactory(
        title="Tax forms on paper", procedure=ProcedureFactory(administrations=[administration])
    )


@pytest.fixture
def follower(post):
    user = UserFactory(email="follower@example.lu")
    services.follow(post, user)
    return user


def test_an_answer_on_the_post_page_tells_followers_once(
    client, django_capture_on_commit_callbacks, administration, post, follower
):
    member = triager_of(administration)
    services.follow(post, member)  # the person answering is not told of their own answer
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ideas:answer", kwargs={"pk": post.pk}),
            {"body": "Online from May.", "new_status": ""},
        )
    assert response.status_code == 302

    told = Notification.objects.filter(kind="answered")
    assert sorted(told.values_list("user", flat=True)) == sorted([post.author_id, follower.pk])
    assert all(n.event_key.startswith("answer:") for n in told)
    assert "Online from May." in told.get(user=follower).message
    assert "follower@example.lu" in [email.to[0] for email in mail.outbox]


def test_an_answer_with_a_new_status_is_one_notification(
    django_capture_on_commit_callbacks, administration, post, follower
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_answer(
            post,
            by=triager_of(administration),
            body="Not for us: see the commune.",
            new_status="declined",
            notify=True,
        )
    (notification,) = Notification.objects.filter(user=follower)
    assert notification.kind == "answered" and "Declined" in notification.message


def test_a_status_change_alone_tells_them_and_callers_may_stay_silent(
    django_capture_on_commit_callbacks, administration, post, follower
):
    member = triager_of(administration)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(post, by=member, new_status="declined", message="No.")
    assert not Notification.objects.exists()  # the default: bulk callers notify themselves

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(post, by=member, new_status="under_review", message="", notify=True)
    (notification,) = Notification.objects.filter(user=follower)
    assert notification.kind == "status_changed" and notification.event_key.startswith("status:")
