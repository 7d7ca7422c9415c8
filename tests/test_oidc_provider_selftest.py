"""Self-test of the loopback OpenID Connect providers (tests/oidc_fixtures.py).

Plays a relying party by hand (code + PKCE + nonce + state, client_secret_post) so a broken
provider shows up here rather than as a puzzling failure in the allauth sign-in tests.
Needs no database of ours.
"""

import base64
import hashlib
import secrets
import socket
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests

from tests.oidc_fixtures import oidc_providers  # noqa: F401 - session fixture

CLAIMS = {
    "sub": "staff-8f3c1a",
    "name": "Anne Schmit",
    "given_name": "Anne",
    "family_name": "Schmit",
    "email": "anne.schmit@ctie.example",
    "email_verified": True,
    "groups": ["civil-servants"],
    "organisation": "ctie",
    "acr": "substantial",
}


def _authorize(provider, redirect_uri, verifier):
    state, nonce = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid profile email",
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge.decode(),
        "code_challenge_method": "S256",
    }
    url = provider.discovery()["authorization_endpoint"] + "?" + urlencode(query)
    location = provider.sign_in_and_authorize(url, "anne", "correct horse")
    assert location.startswith(redirect_uri + "?")
    params = parse_qs(urlsplit(location).query)
    assert params["state"] == [state]
    return params["code"][0], nonce


def _token(provider, code, redirect_uri, verifier):
    return requests.post(
        provider.discovery()["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "code_verifier": verifier,
        },
        timeout=10,
    )


def _login(provider, redirect_uri=None):
    """Full flow; returns (verified id_token claims, userinfo, raw token response)."""
    redirect_uri = redirect_uri or provider.redirect_uri()
    verifier = secrets.token_urlsafe(48)
    code, nonce = _authorize(provider, redirect_uri, verifier)
    response = _token(provider, code, redirect_uri, verifier)
    assert response.status_code == 200, response.text
    tokens = response.json()
    meta = provider.discovery()
    key = jwt.PyJWKClient(meta["jwks_uri"]).get_signing_key_from_jwt(tokens["id_token"])
    id_token = jwt.decode(
        tokens["id_token"], key.key, algorithms=["RS256"], audience=provider.client_id,
        issuer=provider.issuer,
    )  # fmt: skip
    assert id_token["nonce"] == nonce
    userinfo = requests.get(
        meta["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    )
    assert userinfo.status_code == 200, userinfo.text
    return id_token, userinfo.json(), tokens


@pytest.fixture
def eid(oidc_providers):  # noqa: F811
    provider = oidc_providers["eid"]
    provider.reset_users()
    provider.set_user("anne", "correct horse", CLAIMS)
    return provider


def test_discovery_is_absolute_on_loopback(oidc_providers):  # noqa: F811
    # A client that connects and says nothing must not block others: the server is threaded
    # (our app calls the token endpoint while the browser's request is still waiting).
    idle = socket.create_connection(("127.0.0.1", oidc_providers["eid"].port))
    for pid, provider in oidc_providers.items():
        meta = provider.discovery()
        assert meta["issuer"] == provider.issuer == f"http://127.0.0.1:{provider.port}/o", pid
        for endpoint in (
            "authorization_endpoint", "token_endpoint", "userinfo_endpoint",
            "jwks_uri", "end_session_endpoint",
        ):  # fmt: skip
            assert meta[endpoint].startswith(provider.base_url + "/o/"), (pid, endpoint)
    assert oidc_providers["eid"].port != oidc_providers["staff"].port
    idle.close()


def test_code_flow_carries_the_json_claims_then_drops_a_removed_one(eid):
    id_token, userinfo, _ = _login(eid)
    for source in (id_token, userinfo):
        for claim, value in CLAIMS.items():
            assert source[claim] == value, (claim, source)

    eid.remove_claim("anne", "organisation")
    id_token, userinfo, _ = _login(eid)
    assert "organisation" not in id_token and "organisation" not in userinfo
    assert id_token["sub"] == userinfo["sub"] == CLAIMS["sub"]


def test_wrong_code_verifier_is_invalid_grant(eid):
    redirect_uri = eid.redirect_uri()
    code, _ = _authorize(eid, redirect_uri, secrets.token_urlsafe(48))
    response = _token(eid, code, redirect_uri, secrets.token_urlsafe(48))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_loopback_redirect_and_logout_uris_accept_any_port(eid):
    # RFC 8252 §7.3: a registered http://127.0.0.1/... matches whatever port a live server got.
    _, _, tokens = _login(eid, eid.redirect_uri("127.0.0.1:51234"))
    location = eid.end_session(tokens["id_token"], "http://127.0.0.1:51234/", state="s1")
    assert location == "http://127.0.0.1:51234/?state=s1"


def test_wrong_password_and_unregistered_redirect_uri_fail_loudly(eid):
    url = eid.discovery()["authorization_endpoint"] + "?" + urlencode(
        {"response_type": "code", "client_id": eid.client_id, "scope": "openid",
         "redirect_uri": eid.redirect_uri(), "code_challenge": "x" * 43,
         "code_challenge_method": "S256"}
    )  # fmt: skip
    with pytest.raises(AssertionError, match="(?s)was refused.*Wrong username or password"):
        eid.sign_in_and_authorize(url, "anne", "wrong")
    bad = url.replace("testserver", "evil.example")
    with pytest.raises(AssertionError, match="stopped at the provider"):
        eid.sign_in_and_authorize(bad, "anne", "correct horse")
