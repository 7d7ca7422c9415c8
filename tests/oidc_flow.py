"""Sign-in through the loopback OpenID Connect providers (tests/oidc_fixtures.py) with Django's
test client on our side and a real HTTP session on the provider's side. Nothing is mocked: our
app fetches discovery, exchanges the code (PKCE) and reads userinfo over HTTP."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from procedures.models import Administration

STAFF_ORGANISATION = "ctie"


def provider_settings(providers):
    """OIDC_PROVIDERS as a deployment would write it: a citizen eID and a staff directory whose
    `groups` claim makes civil servants and whose `organisation` claim names the administration."""
    eid, staff = providers["eid"], providers["staff"]
    return [
        {
            "id": "eid",
            "name": "LuxTrust / eID",
            "issuer": eid.issuer,
            "client_id": eid.client_id,
            "client_secret": eid.client_secret,
            "verifies_identity": True,
        },
        {
            "id": "staff",
            "name": "Government staff directory",
            "issuer": staff.issuer,
            "client_id": staff.client_id,
            "client_secret": staff.client_secret,
            "verifies_identity": True,
            "group_claims": [
                {"claim": "groups", "values": ["civil-servants"], "group": "Civil servants"}
            ],
            "administration_claim": "organisation",
        },
    ]


@pytest.fixture
def oidc(settings, oidc_providers):
    """Both providers configured in our settings, with fresh users at the providers."""
    settings.OIDC_PROVIDERS = provider_settings(oidc_providers)
    for provider in oidc_providers.values():
        provider.reset_users()
    return oidc_providers


@pytest.fixture
def ctie(db):
    return Administration.objects.create(
        name="Centre des technologies de l'information de l'État",
        slug=STAFF_ORGANISATION,
        email_domains="ctie.etat.lu",
    )


def citizen_claims(sub="LU-CITIZEN-1", **extra):
    return {
        "sub": sub,
        "name": "Jean Dupont",
        "given_name": "Jean",
        "family_name": "Dupont",
        "email": "jean.dupont@example.lu",
        "email_verified": True,
        "national_register_number": "1985012312345",  # must never be stored
        **extra,
    }


def staff_claims(sub="STAFF-42", **extra):
    return {
        "sub": sub,
        "name": "Anne Schmit",
        "email": "anne.schmit@ctie.example.lu",
        "email_verified": True,
        "groups": ["civil-servants"],
        "organisation": STAFF_ORGANISATION,
        **extra,
    }


def start(client, provider_id, process="login"):
    """POST our "Sign in with ..." button; returns the provider's authorize URL."""
    response = client.post(f"/accounts/oidc/{provider_id}/login/", {"process": process})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def local(url):
    """The callback URL (http://testserver/...) as a path the test client can request."""
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, ""))


def with_query(url, **changes):
    """`url` with some query parameters replaced (tampering)."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def authorize(client, provider, username, password, process="login", tamper_authorize=None):
    """Start at our app, sign in at the provider, come back: the response of our callback."""
    authorize_url = start(client, provider.provider_id, process)
    if tamper_authorize:
        authorize_url = with_query(authorize_url, **tamper_authorize)
    callback = provider.sign_in_and_authorize(authorize_url, username, password)
    return client.get(local(callback))


def sign_up(client, public_name, email=None):
    """Finish a first sign-in: the form asking for a pseudonym (the e-mail comes prefilled)."""
    form = client.get("/accounts/3rdparty/signup/")
    assert form.status_code == 200
    data = {"public_name": public_name}
    data["email"] = email if email is not None else form.context["form"].initial.get("email", "")
    return client.post("/accounts/3rdparty/signup/", data)
