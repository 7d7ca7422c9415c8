"""The OpenID Connect sign-in round trip in a real browser: our sign-in page, the loopback
provider's login form (tests/oidc_fixtures.py), back to our callback, the pseudonym form, home.
Then roles from the staff directory's claims, and logout that ends the provider's session too.

The providers accept loopback redirect URIs on 127.0.0.1 with any port (RFC 8252), not
"localhost", so the browser talks to the live server as 127.0.0.1."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from accounts import roles
from accounts.models import User
from tests.browser.axe import assert_no_serious_violations
from tests.factories import CampaignFactory
from tests.oidc_flow import citizen_claims, staff_claims  # fixtures oidc, ctie: tests/conftest.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EID_BUTTON = "Sign in with LuxTrust / eID"
STAFF_BUTTON = "Sign in with Government staff directory"


@pytest.fixture
def loopback_page(browser, live_server):
    """A fresh browser context on http://127.0.0.1:PORT (not the `page` fixture's localhost)."""
    context = browser.new_context(
        base_url=live_server.url.replace("localhost", "127.0.0.1"), locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Browser-side refusals (e.g. a Content-Security-Policy blocking the redirect to the
    # provider) only show in the console: keep them for failure messages.
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def on_provider(page, provider):
    return page.url.startswith(provider.base_url + "/")


def start_sign_in(page, button):
    """From our sign-in page, press a provider's button; ends wherever the browser lands."""
    page.goto("/accounts/login/")
    page.get_by_role("button", name=button).click()
    try:
        page.wait_for_url(lambda url: not url.endswith("/accounts/login/"))
    except PlaywrightTimeout:
        raise AssertionError(
            f"{button!r} did not leave the sign-in page; console: {page.console_errors}"
        ) from None
    page.wait_for_load_state()


def provider_login(page, provider, username, password):
    """At the provider's login form: fill it in and come back to our site."""
    assert on_provider(page, provider), f"expected the provider's login page, got {page.url}"
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.startswith(provider.base_url + "/"))


def choose_pseudonym(page, public_name, check_axe=False):
    """The first sign-in's form: e-mail prefilled, a pseudonym to pick; submit to home."""
    expect(page).to_have_url(re.compile(r"/accounts/3rdparty/signup/$"))
    if check_axe:
        assert_no_serious_violations(page, "the pseudonym form")
    page.get_by_label("Public name (pseudonym)").fill(public_name)
    # The form's only button; its label is the template's wording ("Create my account").
    page.locator("main form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))


def signed_in_as(page, public_name):
    expect(page.get_by_role("button", name=f"Sign out ({public_name})")).to_be_visible()


def test_citizen_eid_round_trip(loopback_page, oidc):
    page = loopback_page
    oidc["eid"].set_user("jean", "secret-1", citizen_claims())

    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("button", name=STAFF_BUTTON)).to_be_visible()
    assert_no_serious_violations(page, "the sign-in page")
    start_sign_in(page, EID_BUTTON)
    provider_login(page, oidc["eid"], "jean", "secret-1")
    expect(page.get_by_role("textbox", name="Email")).to_have_value("jean.dupont@example.lu")
    choose_pseudonym(page, "Jean from Esch", check_axe=True)
    signed_in_as(page, "Jean from Esch")
    expect(page.locator("body")).not_to_contain_text("Dupont")  # the real name stays private

    user = User.objects.get(public_name="Jean from Esch")
    assert user.has_role(roles.CITIZEN)
    assert not user.is_civil_servant and user.employer is None
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("eid", "LU-CITIZEN-1")


def test_civil_servant_sign_in_gets_the_role_and_internal_pages(loopback_page, oidc, ctie):
    page = loopback_page
    internal = CampaignFactory(title="Meng Iddi", audience="internal", administration=ctie)
    oidc["staff"].set_user("anne", "secret-2", staff_claims())
    oidc["eid"].set_user("jean", "secret-1", citizen_claims())

    start_sign_in(page, STAFF_BUTTON)
    provider_login(page, oidc["staff"], "anne", "secret-2")
    choose_pseudonym(page, "Anne at CTIE")
    signed_in_as(page, "Anne at CTIE")
    response = page.goto(internal.url)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Meng Iddi")

    servant = User.objects.get(public_name="Anne at CTIE")
    assert servant.is_civil_servant and servant.employer == ctie
    assert SocialAccount.objects.get(user=servant).provider == "staff"

    # A citizen signing in through the eID in a fresh session does not get the page.
    page.context.clear_cookies()
    start_sign_in(page, EID_BUTTON)
    provider_login(page, oidc["eid"], "jean", "secret-1")
    choose_pseudonym(page, "Jean from Esch")
    signed_in_as(page, "Jean from Esch")
    response = page.goto(internal.url)
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Meng Iddi")
    citizen = User.objects.get(public_name="Jean from Esch")
    assert not citizen.is_civil_servant and citizen.employer is None


def test_logout_ends_the_provider_session(loopback_page, oidc):
    page = loopback_page
    eid = oidc["eid"]
    eid.set_user("jean", "secret-1", citizen_claims())
    start_sign_in(page, EID_BUTTON)
    provider_login(page, eid, "jean", "secret-1")
    choose_pseudonym(page, "Jean from Esch")
    signed_in_as(page, "Jean from Esch")
    assert any(c["name"].startswith("op_eid_") for c in page.context.cookies())

    # While the provider session lives, signing in again does not ask for the password.
    page.context.clear_cookies(name="sessionid")
    start_sign_in(page, EID_BUTTON)
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    assert not on_provider(page, eid)
    signed_in_as(page, "Jean from Esch")

    # Sign out: our logout, then the provider's end_session_endpoint, then back home.
    with page.expect_request(lambda r: r.url.startswith(eid.issuer + "/logout/")):
        page.get_by_role("button", name="Sign out (Jean from Esch)").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_have_count(0)

    # The provider session ended: the provider asks for the password again.
    start_sign_in(page, EID_BUTTON)
    assert on_provider(page, eid), f"expected the provider's login form, got {page.url}"
    expect(page.get_by_label("Password")).to_be_visible()
    provider_login(page, eid, "jean", "secret-1")
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    signed_in_as(page, "Jean from Esch")
    assert User.objects.filter(socialaccount__uid="LU-CITIZEN-1").count() == 1


def test_an_email_account_links_its_eid_and_a_forged_answer_is_refused(loopback_page, oidc):
    from django.test import Client

    from tests.factories import UserFactory

    page = loopback_page
    marie = UserFactory(public_name="Marie vun Uewen")
    client = Client()
    client.force_login(marie)
    page.goto("/")
    base = re.match(r"^https?://[^/]+", page.url).group(0)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    oidc["eid"].set_user("marie", "pw", citizen_claims(sub="LU-MARIE", name="Marie Weber"))

    page.goto("/accounts/3rdparty/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in methods")
    assert_no_serious_violations(page, "the sign-in methods page")
    page.get_by_role("button", name="Link LuxTrust / eID").click()
    provider_login(page, oidc["eid"], "marie", "pw")

    expect(page.get_by_role("button", name="Unlink LuxTrust / eID")).to_be_visible()
    signed_in_as(page, "Marie vun Uewen")  # the pseudonym stays
    assert SocialAccount.objects.get(uid="LU-MARIE").user == marie
    assert_no_serious_violations(page, "the sign-in methods page with a linked eID")

    # A callback nobody started here (forged state) is refused with an explanation.
    response = page.goto("/accounts/oidc/eid/login/callback/?state=forged&code=stolen")
    assert response.status == 401
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Signing in with LuxTrust / eID did not work"
    )
    assert_no_serious_violations(page, "the sign-in error page")
