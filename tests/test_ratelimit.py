"""Rate limits per user and per IP (core/ratelimit.py on django-ratelimit), and allauth's own
sign-up limit. Windows are reset by moving time forward, not by clearing the cache."""

import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from core.ratelimit import client_ip, is_limited, limits_for
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = time.time()

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: clock.now)
    return clock


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {"post": (2, 600, 3), "comment": (2, 600)}
    settings.RATE_LIMIT_SHARED_IP_FACTOR = 5


def request_from(rf, user=None, ip="192.0.2.1"):
    request = rf.post("/", REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    return request


def test_limits_come_from_settings_with_a_shared_ip_factor(limits):
    assert limits_for("post") == (2, 600, 3)
    assert limits_for("comment") == (2, 600, 10)


@pytest.mark.usefixtures("limits")
def test_a_user_is_limited_whatever_address_they_use(rf):
    user = UserFactory()
    results = [is_limited(request_from(rf, user, ip=f"192.0.2.{n}"), "post") for n in range(3)]
    assert results == [False, False, True]


@pytest.mark.usefixtures("limits")
def test_many_accounts_behind_one_address_meet_the_address_limit(rf):
    users = UserFactory.create_batch(4)
    results = [is_limited(request_from(rf, user), "post") for user in users]
    assert results == [False, False, False, True]
    # Another address, and the same people elsewhere, are not affected.
    assert not is_limited(request_from(rf, UserFactory(), ip="198.51.100.7"), "post")


@pytest.mark.usefixtures("limits")
def test_anonymous_visitors_are_limited_per_address(rf):
    results = [is_limited(request_from(rf), "post") for _ in range(3)]
    assert results == [False, False, True]
    assert not is_limited(request_from(rf, ip="198.51.100.7"), "post")


@pytest.mark.usefixtures("limits")
def test_scopes_are_counted_separately(rf):
    user = UserFactory()
    for _ in range(2):
        is_limited(request_from(rf, user), "post")
    assert not is_limited(request_from(rf, user), "comment")


@pytest.mark.usefixtures("limits")
def test_the_limit_resets_after_the_window(rf, clock):
    user = UserFactory()
    assert [is_limited(request_from(rf, user), "post") for _ in range(3)] == [False, False, True]
    clock.advance(600)  # a window is 600 s long, wherever it started
    assert not is_limited(request_from(rf, user), "post")


def test_support_limit_answers_429_with_an_explanation_then_resets(client, settings, clock):
    settings.RATE_LIMITS = {"support": (2, 60)}
    client.force_login(UserFactory())
    posts = PostFactory.create_batch(4)

    def support(post, **headers):
        return client.post(reverse("ideas:support", args=[post.pk]), {"action": "add"}, **headers)

    assert [support(p).status_code for p in posts[:2]] == [302, 302]
    refused = support(posts[2])
    assert refused.status_code == 429
    assert "Please wait a few minutes and try again" in refused.content.decode()
    as_json = support(posts[2], HTTP_ACCEPT="application/json")
    assert as_json.status_code == 429 and "wait" in as_json.json()["error"]

    clock.advance(60)
    assert support(posts[3]).status_code == 302


def test_client_ip_trusts_a_proxy_header_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    settings.TRUSTED_CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_allauth_limits_signups_per_address(client, settings):
    assert settings.ACCOUNT_RATE_LIMITS["signup"] == "20/h/ip"
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}

    def signup(n, ip="192.0.2.1"):
        client.logout()
        data = {
            "email": f"person{n}@example.lu",
            "public_name": f"Person {n}",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        }
        return client.post(reverse("account_signup"), data, REMOTE_ADDR=ip)

    assert [signup(n).status_code for n in range(2)] == [302, 302]
    refused = signup(2)
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert signup(3, ip="198.51.100.7").status_code == 302
