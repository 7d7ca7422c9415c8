"""Fuzzed forms (hypothesis): hostile input gives a clear answer (a form error, a redirect, a
4xx) or is stored harmlessly and rendered escaped; it never crashes the server.

Inputs: XSS payloads, "javascript:" URLs, SQL and LIKE meta characters, null bytes, RTL
overrides, lone surrogates and invalid UTF-8 (sent as raw bytes: the test client cannot encode
them), 1 MB bodies, too long titles, empty and whitespace-only strings. Targets: the post form
(preview and submit), comments, search, similar posts, sign-up, the report form and the
moderator's public hiding reason. Rate limits are lifted and the cache cleared per example, so
that a 429 never hides a bug; the anti-spam checks run, with a valid timestamp.
"""

from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urlsplit

import django_comments
import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts import roles
from core.antispam import FORM_STARTED_FIELD, HONEYPOT_FIELD, form_started_token
from tests.factories import PostFactory, ProcedureFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("lenient_limits"),
    # Hypothesis notes the cost of printing 1 MB examples; they are meant to be that big.
    pytest.mark.filterwarnings("ignore:Generating overly large repr"),
]

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    "{{ request }}{% debug %}",
]
SQL = ["'; DROP TABLE ideas_post; --", "%", "_", "\\", "%' OR '1'='1", '" OR ""="']
ODD = ["\x00", "a\x00b", "\u202eevil", "\ud800", "\udfff", "", "   ", "\t\r\n", "\ufeff"]
BIG = ["x" * 1_000_000, "<script>alert(1)</script>" * 40_000, "T" * 201, "T" * 10_000]
NASTY = XSS + SQL + ODD

nasty = st.sampled_from(NASTY)
# A hostile value long enough to pass the length checks, so that it gets stored.
padded = st.builds(lambda p, q: f"{p} long enough to be a valid value {q}", nasty, nasty)
values = st.one_of(
    nasty,
    padded,
    st.sampled_from(BIG),
    st.text(max_size=80),
    st.lists(st.one_of(nasty, st.text(max_size=10)), max_size=5).map("".join),
    st.binary(max_size=40),  # arbitrary bytes: invalid UTF-8 too
)
FUZZ = hypothesis_settings(
    max_examples=30,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the repository; every run draws new examples
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture
def lenient_limits(settings):
    settings.RATE_LIMITS = {scope: (10_000, 60) for scope in ("post", "comment", "search")}
    settings.RATE_LIMITS.update(report=(10_000, 60), support=(10_000, 60))
    settings.ANTISPAM_FORM_CHECKS = True
    settings.MODERATION_MIN_FORM_SECONDS = 0
    # Reports would hide the post after three of them; every example must reach the form.
    settings.MODERATION_REPORT_THRESHOLD = 10_000


def encode(fields):
    """An urlencoded body or query; str values may hold lone surrogates, bytes any bytes."""

    def raw(value):
        return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")

    return "&".join(f"{quote_from_bytes(raw(k))}={quote_from_bytes(raw(v))}" for k, v in fields)


def post_form(client, path, fields):
    cache.clear()
    antispam = [(FORM_STARTED_FIELD, form_started_token()), (HONEYPOT_FIELD, "")]
    body = encode(list(fields.items()) + antispam)
    return client.post(path, body, content_type="application/x-www-form-urlencoded")


def get_query(client, path, fields):
    cache.clear()
    return client.get(f"{path}?{encode(list(fields.items()))}")


class ActiveContent(HTMLParser):
    """Collects what a browser would run: event handler attributes, javascript: URLs and
    scripts that carry the payloads' alert(1)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.in_script = [], False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and "alert" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and value.startswith("javascript"):
                self.found.append(f"<{tag} {name}={value!r}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(1)" in data:
            self.found.append(f"<script>{data[:60]}")


def assert_escaped(response):
    html = response.content.decode(errors="replace")
    assert "<script>alert(1)" not in html
    parser = ActiveContent()
    parser.feed(html)
    assert not parser.found, parser.found


def assert_clear_answer(response, allowed):
    assert response.status_code in allowed, response.status_code
    if response.status_code != 302 and response["Content-Type"].startswith("text/html"):
        assert_escaped(response)


@pytest.fixture
def citizen_client(client):
    user = UserFactory(public_name="Fuzzing citizen")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def post(db):
    return PostFactory(procedure=ProcedureFactory(title="Parking permit"))


def post_fields(title, body, suggestion, query, kind, language, action):
    fields = {"action": action, "title": title, "body": body, "suggestion": suggestion}
    fields.update(kind=kind, language=language, procedure_query=query)
    if isinstance(query, str) and not query.strip():
        fields["procedure_unknown"] = "on"
    return fields


post_form_fields = dict(
    title=st.one_of(values, padded),
    body=st.one_of(values, padded.map(lambda v: v * 2)),
    suggestion=values,
    query=st.one_of(st.just(""), values),
    kind=st.sampled_from(["pain_point", "idea", *NASTY]),
    language=st.sampled_from(["", "fr", "lb", *NASTY]),
)


@FUZZ
@given(**post_form_fields)
def test_post_preview(citizen_client, title, body, suggestion, query, kind, language):
    fields = post_fields(title, body, suggestion, query, kind, language, "preview")
    response = post_form(citizen_client, "/posts/new/", fields)
    assert_clear_answer(response, {200, 400})


@FUZZ
@given(**post_form_fields)
def test_post_submit(citizen_client, title, body, suggestion, query, kind, language):
    fields = post_fields(title, body, suggestion, query, kind, language, "submit")
    response = post_form(citizen_client, "/posts/new/", fields)
    assert_clear_answer(response, {200, 302, 400})
    if response.status_code == 302:
        page = urlsplit(response["Location"]).path
        assert page.startswith("/posts/")
        shown = citizen_client.get(page)
        assert shown.status_code == 200
        assert_escaped(shown)


@FUZZ
@given(comment=st.one_of(values, padded), follow_up=st.sampled_from(["", "on", *NASTY]))
def test_comment(citizen_client, post, comment, follow_up):
    security = django_comments.get_form()(post).generate_security_data()
    fields = {**security, "comment": comment, "followup": follow_up, "reply_to": "0"}
    fields.update(name="ignored", email="ignored@example.lu", url="", honeypot="")
    response = post_form(citizen_client, "/comments/post/", fields)
    assert_clear_answer(response, {200, 302, 400})
    page = citizen_client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert_escaped(page)


SECURITY_FIELDS = ["content_type", "object_pk", "timestamp", "security_hash", "reply_to"]


@FUZZ
@given(security=st.dictionaries(st.sampled_from(SECURITY_FIELDS), values))
def test_comment_forged_target(citizen_client, post, security):
    fields = {"comment": "A fair comment on this post.", **security}
    response = post_form(citizen_client, "/comments/post/", fields)
    assert_clear_answer(response, {200, 302, 400, 404})


@FUZZ
@given(q=values, status=st.one_of(st.just(""), nasty), procedure=st.one_of(st.just(""), values))
def test_search(client, post, q, status, procedure):
    response = get_query(client, "/posts/", {"q": q, "status": status, "procedure": procedure})
    assert_clear_answer(response, {200, 400})


@FUZZ
@given(title=values, body=values, campaign=st.one_of(st.just(""), values), exclude=values)
def test_similar(client, post, title, body, campaign, exclude):
    fields = {"title": title, "body": body, "campaign": campaign, "exclude": exclude}
    response = get_query(client, "/posts/similar.json", fields)
    assert response.status_code in (200, 400), response.status_code
    assert isinstance(response.json(), dict)


@FUZZ
@given(email=st.one_of(values, padded.map(lambda v: f"{v}@example.lu")), name=values,
       password=st.one_of(values, st.just("correct-horse-battery-staple")))  # fmt: skip
def test_signup(client, email, name, password):
    fields = {"email": email, "public_name": name, "password1": password, "password2": password}
    response = post_form(client, "/accounts/signup/", fields)
    assert_clear_answer(response, {200, 302, 400})
    client.logout()


@FUZZ
@given(reason=st.sampled_from(["spam", "abusive", "personal_data", "other", *NASTY]),
       explanation=values)  # fmt: skip
def test_report(client, post, reason, explanation):
    client.force_login(UserFactory())  # one report per person and item: a new reporter each time
    response = post_form(client, f"/moderation/report/post/{post.pk}/", {
        "reason": reason, "explanation": explanation})  # fmt: skip
    assert_clear_answer(response, {200, 302, 400})
    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    queue_page = client.get(f"/admin/moderation/post/{post.pk}/")
    assert queue_page.status_code == 200
    assert_escaped(queue_page)


@FUZZ
@given(public_reason=st.one_of(values, padded))
def test_public_hiding_reason(client, post, public_reason):
    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    path = f"/admin/moderation/post/{post.pk}/hide/"
    response = post_form(client, path, {"public_reason": public_reason})
    assert response.status_code == 302
    client.logout()
    public_page = client.get(post.get_absolute_url())
    assert public_page.status_code in (200, 410)
    assert_escaped(public_page)
