"""Hardening: Django's deployment checklist with the production settings, security headers, the
Content-Security-Policy (no inline script or style in our pages), sanitised rich text, upload
limits."""

import importlib
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse

from core.models import HomePage
from core.templatetags.rich_text import sanitise_html
from tests.factories import CampaignFactory, ChallengeFactory, PostFactory, UserFactory

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "example.lu",
}


def test_check_deploy_is_clean_with_production_settings():
    # A subprocess, as a deployment runs it: the real production module, its environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.fixture
def production(monkeypatch):
    """The production settings module, loaded with a production environment."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_PRELOAD", "SECURE_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    module = importlib.import_module("config.settings.production")
    return importlib.reload(module)


def test_production_settings_are_https_only(production):
    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production.SECURE_HSTS_SECONDS == 365 * 24 * 3600
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS and production.SECURE_HSTS_PRELOAD
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_CONTENT_TYPE_NOSNIFF
    assert production.SECURE_REFERRER_POLICY == "same-origin"


def test_ssl_redirect_and_hsts_preload_can_be_switched_off(production, monkeypatch):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "0")
    monkeypatch.setenv("SECURE_HSTS_PRELOAD", "false")
    production = importlib.reload(production)
    assert production.SECURE_SSL_REDIRECT is False
    assert production.SECURE_HSTS_PRELOAD is False


def test_development_keeps_plain_http_working():
    dev = importlib.import_module("config.settings.dev")
    assert not getattr(dev, "SESSION_COOKIE_SECURE", False)
    assert not getattr(dev, "SECURE_SSL_REDIRECT", False)
    assert not getattr(dev, "SECURE_HSTS_SECONDS", 0)


def test_deploy_checks_notice_a_missing_hsts_header():
    # The checklist is really consulted: without HSTS it complains (security.W004).
    with override_settings(SECURE_HSTS_SECONDS=0, DEBUG=False):
        ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert "security.W004" in ids


class _InlineCode(HTMLParser):
    """Finds what a strict Content-Security-Policy would block: inline scripts, inline event
    handlers (on*=), style attributes and <style> elements."""

    DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.problems = []
        self.script_count = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.script_count += 1
            if not attrs.get("src") and attrs.get("type") not in self.DATA_SCRIPT_TYPES:
                self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            if name == "style":
                self.problems.append(f"<{tag} style=>")


def inline_code(html):
    parser = _InlineCode()
    parser.feed(html)
    return parser


@pytest.fixture
def public_pages(db):
    campaign = CampaignFactory(intro="<p>Why we ask.</p>")
    challenge = ChallengeFactory(campaign=campaign, context="<p>The context.</p>")
    post = PostFactory()
    return {
        "home": "/",
        "list": reverse("ideas:list"),
        "detail": post.get_absolute_url(),
        "campaigns": reverse("challenges:list"),
        "campaign": campaign.url,
        "challenge": challenge.url,
        "procedures": reverse("procedures:list"),
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "not found": "/no-such-page/",
        "form": reverse("ideas:create"),  # last: signed in from here on
    }


def test_public_pages_send_the_policy_and_contain_no_inline_code(client, public_pages):
    expected = {
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    }
    for name, url in public_pages.items():
        if name == "form":
            client.force_login(UserFactory())
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        policy = {part.strip() for part in response["Content-Security-Policy"].split(";")}
        assert expected <= policy, name
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert inline_code(response.content.decode()).problems == [], name


def test_signed_in_pages_contain_no_inline_code(client, db):
    post = PostFactory()
    client.force_login(UserFactory())
    pages = [
        post.get_absolute_url(),  # with the comment form and the support button
        reverse("ideas:mine"),
        reverse("notifications:list"),
        reverse("account_email"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response
        assert inline_code(response.content.decode()).problems == [], url
    data = {
        "procedure_unknown": "on",
        "kind": "idea",
        "title": "A title that is long enough",
        "body": "A body that explains the problem in more than thirty characters.",
        "action": "preview",
    }
    preview = client.post(reverse("ideas:create"), data)
    assert "ideas/post_preview.html" in [t.name for t in preview.templates]
    assert inline_code(preview.content.decode()).problems == []


def test_scanner_catches_inline_scripts_handlers_and_styles():
    html = (
        '<script src="/static/js/a.js"></script><script type="application/json">{}</script>'
        '<script>alert(1)</script><img src=x onerror="alert(1)"><p style="color:red"></p>'
    )
    parser = inline_code(html)
    assert parser.script_count == 3
    assert parser.problems == ["inline <script>", "<img onerror=>", "<p style=>"]


def test_wagtail_admin_is_excluded_from_the_policy(client, db):
    # Wagtail's admin relies on inline scripts and styles; it is staff-only.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hello <script>alert(1)</script>world</p>", "<p>Hello world</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://guichet.lu" target="_blank">x</a>',
            '<a href="https://guichet.lu" rel="noopener noreferrer">x</a>',
        ),
        ('<iframe src="https://evil.example"></iframe><p>ok</p>', "<p>ok</p>"),
        ("<style>body{display:none}</style><h2>T</h2>", "<h2>T</h2>"),
        ('<img src="x" onerror="alert(1)"><em>e</em>', "<em>e</em>"),
        ("<ul><li><strong>a</strong></li></ul><blockquote>q</blockquote>", None),
    ],
)
def test_rich_text_keeps_only_the_allowlist(dirty, clean):
    assert sanitise_html(dirty) == (clean if clean is not None else dirty)


def test_challenge_page_sanitises_editor_rich_text(client, db):
    challenge = ChallengeFactory(
        context='<p>Read this <a href="/about/">page</a>.</p><script>alert("x")</script>'
        '<p><img src="x" onerror="alert(2)">after</p>'
    )
    html = client.get(challenge.url).content.decode()
    assert '<a href="/about/" rel="noopener noreferrer">page</a>' in html
    assert 'alert("x")' not in html and "onerror" not in html
    assert "<p>after</p>" in html


def test_home_page_body_is_sanitised(client, db):
    home = HomePage.objects.get()
    home.body = '<p>Welcome <b>all</b></p><p style="color:red" onmouseover="x()">styled</p>'
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "<p>Welcome <b>all</b></p><p>styled</p>" in html


def test_upload_limits():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert "html" not in settings.WAGTAILDOCS_EXTENSIONS
    assert "svg" not in settings.WAGTAILDOCS_EXTENSIONS


def test_an_oversized_form_body_is_refused_with_400(client, db):
    client.force_login(UserFactory())
    response = client.post(reverse("ideas:create"), {"body": "x" * 3_000_000})
    assert response.status_code == 400


def test_too_many_form_fields_are_refused_with_400(client, db):
    client.force_login(UserFactory())
    fields = {f"field{n}": "x" for n in range(1001)}
    response = client.post(reverse("ideas:create"), fields)
    assert response.status_code == 400


def test_production_refuses_an_oidc_issuer_without_tls(production, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    base = importlib.import_module("config.settings.base")
    monkeypatch.setenv("OIDC_PROVIDERS", "eid")
    monkeypatch.setenv("OIDC_EID_CLIENT_ID", "platform")
    try:
        monkeypatch.setenv("OIDC_EID_ISSUER", "http://eid.example.lu")
        importlib.reload(base)
        with pytest.raises(ImproperlyConfigured, match="OIDC_EID_ISSUER"):
            importlib.reload(production)
        monkeypatch.setenv("OIDC_EID_ISSUER", "https://eid.example.lu")
        importlib.reload(base)
        assert importlib.reload(production).OIDC_PROVIDERS[0]["issuer"] == "https://eid.example.lu"
    finally:
        monkeypatch.undo()
        importlib.reload(base)  # the module as the rest of the run imported it
