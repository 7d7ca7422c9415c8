"""NUL bytes in every text a visitor can send: a clear answer, never a crash. SQLite stores them,
PostgreSQL refuses them (DataError), so this matters on the production database."""

import django_comments
import pytest
from django.core.cache import cache

from accounts import roles
from tests.factories import PostFactory, UserFactory
from tests.test_fuzz_forms import get_query, lenient_limits, post_form  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lenient_limits")]
NUL = "a long enough text\x00with a null byte in it"


@pytest.fixture
def post(db):
    return PostFactory()


def test_search_and_similar(client, post):
    assert get_query(client, "/posts/", {"q": NUL}).status_code in (200, 400)
    fields = {"title": NUL, "body": NUL, "campaign": NUL, "exclude": NUL}
    assert get_query(client, "/posts/similar.json", fields).status_code in (200, 400)


def test_post_submit(client):
    client.force_login(UserFactory())
    fields = {"action": "submit", "title": NUL, "body": NUL * 3, "suggestion": NUL}
    fields.update(kind="idea", language="en", procedure_query=NUL, procedure_unknown="on")
    assert post_form(client, "/posts/new/", fields).status_code in (200, 400)


def test_signup(client):
    fields = {"email": "nul@example.lu", "public_name": NUL}
    password = "correct-horse-battery-staple"
    fields.update(password1=password, password2=password)
    assert post_form(client, "/accounts/signup/", fields).status_code in (200, 400)


def test_report_and_hiding_reason(client, post):
    client.force_login(UserFactory())
    fields = {"reason": "other", "explanation": NUL}
    response = post_form(client, f"/moderation/report/post/{post.pk}/", fields)
    assert response.status_code in (200, 400)
    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    response = post_form(client, f"/admin/moderation/post/{post.pk}/hide/", {"public_reason": NUL})
    assert response.status_code == 302
    post.refresh_from_db()
    assert not post.is_hidden  # refused with a message, not stored


def test_comment(client, post):
    client.force_login(UserFactory())
    security = django_comments.get_form()(post).generate_security_data()
    fields = {**security, "comment": NUL, "followup": "", "reply_to": "0"}
    fields.update(name="x", email="x@example.lu", url="", honeypot="")
    cache.clear()
    assert post_form(client, "/comments/post/", fields).status_code in (200, 302, 400)
