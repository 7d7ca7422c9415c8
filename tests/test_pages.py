"""Home page, editorial pages, error pages and the site-wide look (landmarks, labels, contrast)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import HomePage, StandardPage
from tests.factories import CampaignFactory, PostFactory, UserFactory

SKIPPED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _PageStructure(HTMLParser):
    """Collects what the accessibility checks need: lang, landmarks, fields, labels, ids."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.main_count = 0
        self.fields = []  # (tag, attrs, inside_label)
        self.label_for = set()
        self.ids = set()
        self.label_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "main":
            self.main_count += 1
        elif tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea"):
            if tag != "input" or attrs.get("type", "text") not in SKIPPED_INPUT_TYPES:
                self.fields.append((tag, attrs, self.label_depth > 0))

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)


def assert_accessible_page(html):
    """<html lang>, one <main>, a label for every field, and aria-describedby pointing at ids."""
    page = _PageStructure()
    page.feed(html)
    assert page.lang, "the <html> element needs a lang attribute"
    assert page.main_count == 1, "a page needs exactly one <main> landmark"
    for tag, attrs, inside_label in page.fields:
        labelled = (
            inside_label
            or attrs.get("aria-label")
            or attrs.get("aria-labelledby")
            or (attrs.get("id") and attrs["id"] in page.label_for)
        )
        assert labelled, f"<{tag} name={attrs.get('name')!r}> has no label"
        for ref in (attrs.get("aria-describedby") or "").split():
            assert ref in page.ids, f"aria-describedby={ref!r} points at no element"
    return page


def test_accessibility_helper_catches_an_unlabelled_field():
    bad = '<html lang="en"><body><main><input type="text" name="q"></main></body></html>'
    with pytest.raises(AssertionError, match="has no label"):
        assert_accessible_page(bad)


@pytest.mark.django_db
def test_home_page_shows_stats_and_only_public_posts_to_anonymous_users(client):
    PostFactory(title="A public pain point")
    PostFactory(title="Another public pain point")
    PostFactory(title="Hidden by the moderators", is_hidden=True)
    PostFactory(title="Only for civil servants", campaign=CampaignFactory(audience="internal"))

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["post_total"] == 2
    assert response.context["answered_total"] == 0
    assert "A public pain point" in html
    assert "Hidden by the moderators" not in html
    assert "Only for civil servants" not in html
    assert reverse("ideas:create") in html
    assert f'action="{reverse("ideas:list")}"' in html
    assert_accessible_page(html)


@pytest.mark.django_db
def test_home_page_for_a_signed_in_user_offers_sign_out(client):
    user = UserFactory(public_name="Kaffi Drénker")
    client.force_login(user)

    html = client.get("/").content.decode()

    assert "Kaffi Drénker" in html
    assert f'action="{reverse("account_logout")}"' in html
    assert reverse("account_login") not in html
    assert_accessible_page(html)


@pytest.mark.django_db
def test_home_page_marks_the_current_page_in_the_header(client):
    html = client.get("/").content.decode()
    assert re.search(r'class="brand" href="/" aria-current="page"', html)


@pytest.mark.django_db
def test_home_page_shows_editable_intro_and_body(client):
    home = HomePage.objects.get()
    home.intro = "Tell us where it hurts."
    home.body = "<p>Read <b>how it works</b>.</p>"
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert "Tell us where it hurts." in html
    assert "<b>how it works</b>" in html


@pytest.mark.django_db
def test_standard_page_renders_title_intro_and_rich_text(client):
    home = HomePage.objects.get()
    about = home.add_child(
        instance=StandardPage(
            title="About the platform",
            slug="about",
            intro="Who we are.",
            body="<p>The <i>government</i> answers.</p>",
        )
    )
    about.add_child(instance=StandardPage(title="Privacy", slug="privacy"))

    response = client.get("/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About the platform</h1>" in html
    assert "Who we are." in html
    assert "<i>government</i>" in html
    assert 'href="/about/privacy/"' in html
    assert_accessible_page(html)


@pytest.mark.django_db
def test_unknown_page_uses_the_site_404_template(client):
    response = client.get("/this-page-does-not-exist/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert_accessible_page(html)


@pytest.mark.parametrize("template", ["403.html", "404.html", "429.html", "500.html"])
def test_error_pages_render_without_a_request(template):
    html = render_to_string(template, {})
    assert_accessible_page(html)
    assert 'href="/"' in html


STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
SHARED_CLASSES = (
    "container card card-list button button-small button-secondary link-button badge form-field "
    "field-help field-error errorlist visually-hidden pagination timeline answer-box meta filters "
    "stack grid-2 message message-success message-error message-info message-warning skip-link "
    "site-header site-footer nav-list brand header-row language-form inline-form"
).split()
STATUSES = (
    "submitted under_review accepted planned in_progress implemented considered declined duplicate"
).split()


def test_stylesheet_defines_every_shared_class():
    css = STYLESHEET.read_text()
    missing = [name for name in SHARED_CLASSES if not re.search(rf"\.{name}\b", css)]
    missing += [s for s in STATUSES if f".badge-status-{s}" not in css]
    assert not missing
    assert ":focus-visible" in css and "3px solid" in css
    assert "prefers-reduced-motion" in css
    assert "url(" not in css and "@import" not in css, "no external resources"


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_status_badges_and_messages_meet_wcag_aa_contrast():
    css = STYLESHEET.read_text()
    rule = re.compile(
        r"\.((?:badge-status|message)-[a-z_]+)[^{]*\{ background: (#[0-9a-f]{6}); "
        r"color: (#[0-9a-f]{6}|#fff);"
    )
    pairs = {
        name: (bg, fg.replace("#fff", "#ffffff") if len(fg) == 4 else fg)
        for name, bg, fg in rule.findall(css)
    }
    assert len(pairs) >= len(STATUSES) + 4
    low = {
        name: round(contrast(bg, fg), 2)
        for name, (bg, fg) in pairs.items()
        if contrast(bg, fg) < 4.5
    }
    assert not low
