"""Bot signals on the post form, sign-up and (through check_bot_signals) comments: the honeypot,
the signed "form shown at" timestamp, and links counted for holding posts."""

import time
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.template import Context, Template
from django.urls import reverse

from core import antispam
from ideas.models import Post
from moderation.spam import count_links
from tests.factories import UserFactory
from tests.test_pages import assert_accessible_page
from tests.test_submit import form_data

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "lena@example.lu",
    "public_name": "Lena from Esch",
    "password1": "pa55-phrase-for-lena",
    "password2": "pa55-phrase-for-lena",
}


@pytest.fixture
def clock(monkeypatch):
    """Time stands still until the test moves it (signing and the checks read time.time)."""

    class Clock:
        now = time.time()

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: clock.now)
    return clock


@pytest.fixture
def checks_on(settings):
    settings.ANTISPAM_FORM_CHECKS = True  # off in test settings for other tests' direct posts
    settings.MODERATION_MIN_FORM_SECONDS = 3


@pytest.fixture
def citizen(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def url():
    return reverse("ideas:create")


class _Honeypot(HTMLParser):
    """The honeypot input, its label and the attributes of the element wrapping it."""

    def __init__(self):
        super().__init__()
        self.stack, self.input, self.wrapper, self.label_for = [], None, None, {}
        self.timestamp = None
        self._label = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == antispam.HONEYPOT_FIELD:
            self.input, self.wrapper = attrs, self.stack[-1]
        if tag == "input" and attrs.get("name") == antispam.FORM_STARTED_FIELD:
            self.timestamp = attrs
        if tag == "label":
            self._label = attrs.get("for")
        if tag not in ("input", "br", "meta", "link"):
            self.stack.append(attrs)

    def handle_data(self, data):
        if self._label:
            self.label_for[self._label] = self.label_for.get(self._label, "") + data

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        if tag not in ("input", "br", "meta", "link") and self.stack:
            self.stack.pop()


def honeypot_of(html):
    parser = _Honeypot()
    parser.feed(html)
    return parser


def assert_hidden_honeypot(html):
    page = honeypot_of(html)
    assert page.input["type"] == "text"
    assert page.input["tabindex"] == "-1" and page.input["autocomplete"] == "off"
    assert page.wrapper["aria-hidden"] == "true"
    assert "visually-hidden" in page.wrapper["class"]
    assert page.label_for[page.input["id"]].strip() == "Leave this field empty"
    assert page.timestamp["type"] == "hidden"
    return page


def test_post_form_renders_a_hidden_honeypot_and_a_signed_timestamp(client, citizen, url):
    html = client.get(url).content.decode()
    page = assert_hidden_honeypot(html)
    assert_accessible_page(html)
    shown_at = signing.loads(page.timestamp["value"], salt=antispam.SALT)
    assert abs(shown_at - time.time()) < 60


def test_a_filled_honeypot_is_refused_and_emptied_for_the_next_try(client, citizen, url, clock):
    token = antispam.form_started_token()
    clock.advance(60)
    data = form_data(action="submit", website="https://cheap.example", form_started=token)
    response = client.post(url, data)
    assert response.status_code == 200
    assert str(antispam.HONEYPOT_MESSAGE) in response.content.decode()
    assert Post.objects.count() == 0
    assert honeypot_of(response.content.decode()).input.get("value", "") == ""


@pytest.mark.usefixtures("checks_on")
def test_a_form_sent_too_fast_is_refused_until_a_person_could_have_read_it(
    client, citizen, url, clock
):
    token = honeypot_of(client.get(url).content.decode()).timestamp["value"]
    clock.advance(1)
    response = client.post(url, form_data(action="submit", form_started=token))
    assert "Please take a moment to check your text" in response.content.decode()
    assert Post.objects.count() == 0
    # The form shown again keeps the timestamp: sending it a little later works.
    again = honeypot_of(response.content.decode()).timestamp["value"]
    assert again == token
    clock.advance(2)
    response = client.post(url, form_data(action="submit", form_started=again))
    assert response.status_code == 302
    assert Post.objects.count() == 1


@pytest.mark.usefixtures("checks_on")
def test_preview_and_edit_carry_the_timestamp_to_the_submission(client, citizen, url, clock):
    token = honeypot_of(client.get(url).content.decode()).timestamp["value"]
    clock.advance(20)
    carried = client.post(url, form_data(form_started=token)).context["carried"]
    assert carried[antispam.FORM_STARTED_FIELD] == token
    edit = client.post(url, {**carried, "action": "edit"})
    assert edit.context["form"][antispam.FORM_STARTED_FIELD].value() == token
    assert honeypot_of(edit.content.decode()).timestamp["value"] == token
    response = client.post(url, {**carried, "action": "submit"})
    assert response.status_code == 302
    assert Post.objects.count() == 1


@pytest.mark.usefixtures("checks_on")
def test_a_form_older_than_a_day_gets_a_fresh_timestamp(client, citizen, url, clock):
    token = antispam.form_started_token()
    clock.advance(antispam.MAX_FORM_AGE_SECONDS + 1)
    response = client.post(url, form_data(form_started=token))
    assert str(antispam.EXPIRED_MESSAGE) in response.content.decode()
    fresh = honeypot_of(response.content.decode()).timestamp["value"]
    assert fresh != token
    clock.advance(5)
    assert client.post(url, form_data(form_started=fresh)).context["carried"]


@pytest.mark.usefixtures("checks_on")
@pytest.mark.parametrize("token", ["", "12345", "forged:1abc:xyz"])
def test_a_missing_or_forged_timestamp_is_refused(client, citizen, url, token):
    response = client.post(url, form_data(action="submit", form_started=token))
    assert str(antispam.INVALID_MESSAGE) in response.content.decode()
    assert Post.objects.count() == 0


@pytest.mark.usefixtures("checks_on")
def test_a_timestamp_signed_for_something_else_is_refused(clock):
    other = signing.dumps(int(time.time()), salt="another.purpose")
    clock.advance(60)
    refusal = antispam.check_bot_signals(None, {antispam.FORM_STARTED_FIELD: other})
    assert refusal == antispam.INVALID_MESSAGE


def test_signup_renders_the_honeypot_accessibly(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert_hidden_honeypot(html)
    assert_accessible_page(html)


@pytest.mark.usefixtures("checks_on")
def test_signup_refuses_bots_and_accepts_people(client, clock):
    token = honeypot_of(client.get(reverse("account_signup")).content.decode()).timestamp["value"]
    users = get_user_model().objects
    clock.advance(10)
    response = client.post(
        reverse("account_signup"), {**SIGNUP, "website": "x", "form_started": token}
    )
    assert str(antispam.HONEYPOT_MESSAGE) in response.content.decode()
    assert not users.filter(email=SIGNUP["email"]).exists()

    fast = antispam.form_started_token()
    response = client.post(reverse("account_signup"), {**SIGNUP, "form_started": fast})
    assert "Please take a moment" in response.content.decode()
    assert not users.filter(email=SIGNUP["email"]).exists()

    response = client.post(reverse("account_signup"), {**SIGNUP, "form_started": token})
    assert response.status_code == 302
    assert users.filter(email=SIGNUP["email"]).exists()


def test_honeypot_is_checked_even_where_timing_checks_are_off(settings):
    settings.ANTISPAM_FORM_CHECKS = False
    assert antispam.check_bot_signals(None, {}) is None
    assert antispam.check_bot_signals(None, {"website": " x "}) == antispam.HONEYPOT_MESSAGE


@pytest.mark.usefixtures("checks_on")
def test_antispam_fields_tag_renders_fields_that_check_bot_signals_accepts(clock):
    html = Template("{% load antispam %}{% antispam_fields 'comment' %}").render(Context())
    page = assert_hidden_honeypot(f"<form>{html}</form>")
    assert page.input["id"] == "comment-website"
    data = {"website": "", "form_started": page.timestamp["value"]}
    assert antispam.check_bot_signals(None, data) == antispam.TOO_FAST_MESSAGE
    clock.advance(3)
    assert antispam.check_bot_signals(None, data) is None


def test_login_identifier_ignores_case_and_spaces(rf):
    assert antispam.login_identifier(None, {"email": " Lena@Example.LU "}) == "lena@example.lu"
    request = rf.post("/accounts/login/", {"login": "Lena@example.lu"})
    assert antispam.login_identifier(request) == "lena@example.lu"


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Le modèle 100.1 et la version 2.0 du formulaire", 0),
        ("z.B. und d.h. sowie e.g. und i.e.", 0),
        ("J'ai joint formulaire.pdf et scan.jpg", 0),
        ("Écrivez à lena@example.lu ou info@guichet.lu", 0),
        ("Art. 5.2 du règlement; Q1.2024", 0),
        ("C'était fini.De plus, rien.", 0),
        ("See https://example.com/a?b=1 and http://x.lu", 2),
        ("HTTPS://EXAMPLE.COM and WWW.SPAM.COM", 2),
        ("www.guichet.lu/fr/citoyens.html", 1),
        ("visit cheap-pills.com/offer now, or bit.ly/abc", 2),
        ("on guichet.lu, myguichet.lu and sub.domain.example.org.", 3),
        ("https://guichet.lu/path/www.other.com", 1),
    ],
)
def test_count_links(text, links):
    assert count_links(text) == links


def test_a_post_with_many_links_is_held_for_moderation(client, citizen, url):
    body = "Buy here: cheap.example.com/a, spam.com/b, www.pills.net and https://x.biz now."
    carried = client.post(url, form_data(body=body)).context["carried"]
    client.post(url, {**carried, "action": "submit"})
    post = Post.objects.get()
    assert post.awaiting_moderation
    assert post not in Post.objects.visible_to(UserFactory())
