"""The protocol checks, end to end: a tampered state, nonce or PKCE challenge is refused with a
clear error (401), nobody is signed in and nothing is written."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from tests.oidc_flow import (
    authorize,
    citizen_claims,
    local,
    start,
    with_query,
)

pytestmark = pytest.mark.django_db


def assert_refused(client, response, reason):
    assert response.status_code == 401
    html = response.content.decode()
    assert "did not work" in html and reason in html
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert not User.objects.exists()


@pytest.fixture
def jean(oidc):
    oidc["eid"].set_user("jean", "pw", citizen_claims())
    return oidc["eid"]


def test_sign_in_starts_only_by_post(client, oidc):
    # A GET (a link on another site) shows a confirmation page instead of leaving for the provider.
    response = client.get("/accounts/oidc/eid/login/")
    assert response.status_code == 200
    assert "<form" in response.content.decode()


def test_authorize_request_carries_state_nonce_and_pkce(client, jean):
    url = start(client, "eid")
    for parameter in ("state=", "nonce=", "code_challenge=", "code_challenge_method=S256"):
        assert parameter in url
    assert url.startswith(jean.issuer)


def test_tampered_state_is_refused(client, jean):
    callback = jean.sign_in_and_authorize(start(client, "eid"), "jean", "pw")

    response = client.get(local(with_query(callback, state="forged-state")))

    assert_refused(client, response, "could not be verified")


def test_tampered_nonce_is_refused(client, jean):
    response = authorize(client, jean, "jean", "pw", tamper_authorize={"nonce": "attacker-nonce"})

    assert_refused(client, response, "nonce does not match")


def test_tampered_pkce_challenge_is_refused(client, jean):
    # The provider binds the code to the challenge it saw; our verifier no longer matches it.
    forged = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    response = authorize(client, jean, "jean", "pw", tamper_authorize={"code_challenge": forged})

    assert_refused(client, response, "could not be verified")


def test_a_callback_cannot_be_replayed(client, jean):
    callback = jean.sign_in_and_authorize(start(client, "eid"), "jean", "pw")
    first = client.get(local(callback))
    assert first.status_code == 302
    client.logout()

    replayed = client.get(local(callback))

    assert replayed.status_code == 401
    assert "_auth_user_id" not in client.session


def test_callback_from_another_browser_is_refused(client, jean):
    # Login CSRF: an attacker's callback URL (their state, their code) opened in a victim's browser.
    from django.test import Client

    attacker = Client()
    callback = jean.sign_in_and_authorize(start(attacker, "eid"), "jean", "pw")

    response = client.get(local(callback))

    assert_refused(client, response, "could not be verified")


def test_unknown_provider_is_not_found(client, oidc):
    assert client.post("/accounts/oidc/nope/login/").status_code == 404
