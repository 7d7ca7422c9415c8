"""Operator settings around OpenID Connect: providers from the environment, e-mail sign-in
switched off, an eID required to post or support, logout at the provider, GDPR."""

import json

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.gdpr import anonymise_user
from accounts.models import ProviderGrant, User
from accounts.oidc.environment import providers_from_environment
from ideas.models import Support
from tests.factories import PostFactory, UserFactory
from tests.oidc_flow import (
    authorize,
    citizen_claims,
    sign_up,
    staff_claims,
)

pytestmark = pytest.mark.django_db


def test_providers_come_from_the_environment():
    environ = {
        "OIDC_PROVIDERS": "eid, staff",
        "OIDC_EID_NAME": "LuxTrust / eID",
        "OIDC_EID_ISSUER": "https://eid.example.lu/",
        "OIDC_EID_CLIENT_ID": "platform",
        "OIDC_EID_CLIENT_SECRET": "s3cret",
        "OIDC_STAFF_ISSUER": "https://staff.example.lu",
        "OIDC_STAFF_CLIENT_ID": "platform-staff",
        "OIDC_STAFF_SCOPES": "openid email groups",
        "OIDC_STAFF_CIVIL_SERVANT_CLAIM": "groups",
        "OIDC_STAFF_CIVIL_SERVANT_VALUES": "civil-servants, agents",
        "OIDC_STAFF_ADMINISTRATION_CLAIM": "organisation",
        "OIDC_STAFF_VERIFIES_IDENTITY": "0",
        "OIDC_STAFF_EXTRA_ORIGINS": "https://sso.example.lu",
    }
    eid, staff = providers_from_environment(environ)
    assert (eid["id"], eid["name"], eid["client_secret"]) == ("eid", "LuxTrust / eID", "s3cret")
    assert eid["scopes"] == ["openid", "profile", "email"] and eid["verifies_identity"]
    assert staff["scopes"] == ["openid", "email", "groups"] and not staff["verifies_identity"]
    assert staff["group_claims"] == [
        {"claim": "groups", "values": ["civil-servants", "agents"], "group": "Civil servants"}
    ]
    assert staff["administration_claim"] == "organisation"
    assert staff["extra_origins"] == ["https://sso.example.lu"] and eid["extra_origins"] == []
    assert providers_from_environment({}) == []


def test_a_provider_without_issuer_is_a_clear_configuration_error():
    with pytest.raises(ValueError, match="OIDC_EID_ISSUER"):
        providers_from_environment({"OIDC_PROVIDERS": "eid", "OIDC_EID_CLIENT_ID": "x"})


def test_sign_in_page_offers_each_provider_next_to_email(client, oidc):
    html = client.get(reverse("account_login")).content.decode()
    assert "Sign in with LuxTrust / eID" in html
    assert "Sign in with Government staff directory" in html
    assert 'name="password"' in html


def test_pages_allow_forms_to_lead_to_the_providers(client, oidc):
    # Sign-in and sign-out forms redirect to the provider; CSP form-action covers that redirect.
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert "'self'" in form_action
    assert oidc["eid"].base_url in form_action and oidc["staff"].base_url in form_action
    assert "sso.example.lu" not in form_action


def test_extra_origins_join_form_action(client, settings, oidc):
    settings.OIDC_PROVIDERS = [
        {**settings.OIDC_PROVIDERS[0], "extra_origins": ["https://sso.example.lu/logout"]}
    ]
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert "https://sso.example.lu" in form_action.split()  # the origin, not the path


def test_email_sign_in_switched_off(client, settings, oidc):
    settings.EMAIL_LOGIN_ENABLED = False
    UserFactory(email="jos@example.lu")

    page = client.get(reverse("account_login")).content.decode()
    refused = client.post(
        reverse("account_login"), {"login": "jos@example.lu", "password": "correct-horse-battery"}
    )
    signup = client.get(reverse("account_signup"))

    assert 'name="password"' not in page and "Sign in with LuxTrust / eID" in page
    assert refused.status_code == 200 and "switched off" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert "closed" in signup.content.decode().lower()
    # The eID still creates accounts.
    oidc["eid"].set_user("jean", "pw", citizen_claims())
    authorize(client, oidc["eid"], "jean", "pw")
    assert sign_up(client, "Jean from Esch").status_code == 302
    assert User.objects.filter(public_name="Jean from Esch").exists()


def test_identity_required_to_support_and_post(client, settings, oidc):
    settings.IDENTITY_REQUIRED_TO_SUPPORT = settings.IDENTITY_REQUIRED_TO_POST = True
    post = PostFactory()
    marie = UserFactory()
    client.force_login(marie)

    detail = client.get(post.get_absolute_url()).content.decode()
    support = client.post(reverse("ideas:support", args=[post.pk]), HTTP_ACCEPT="application/json")
    form = client.get(reverse("ideas:create")).content.decode()

    assert "Link your eID" in detail and "Me too: support" not in detail
    assert support.status_code == 403 and "eID" in support.json()["error"]
    assert not Support.objects.exists()
    assert "Link your eID first" in form
    # Once the eID is linked, the same person may support.
    SocialAccount.objects.create(user=marie, provider="eid", uid="LU-MARIE")
    client.force_login(User.objects.get(pk=marie.pk))
    assert client.post(reverse("ideas:support", args=[post.pk])).status_code == 302
    assert Support.objects.filter(user=marie, post=post).exists()


def test_a_post_without_eid_is_refused_by_the_service(settings):
    from django.core.exceptions import ValidationError

    from ideas.services import create_post

    settings.IDENTITY_REQUIRED_TO_POST = True
    with pytest.raises(ValidationError, match="eID"):
        create_post(author=UserFactory(), title="A form asks twice", body="Same data twice.")


def test_logout_ends_the_provider_session(client, oidc):
    provider = oidc["eid"]
    provider.set_user("jean", "pw", citizen_claims())
    authorize(client, provider, "jean", "pw")
    sign_up(client, "Jean from Esch")

    response = client.post(reverse("account_logout"))

    location = response["Location"]
    assert location.startswith(provider.discovery()["end_session_endpoint"])
    assert "id_token_hint=" in location
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2F" in location
    assert "_auth_user_id" not in client.session
    # The provider accepts it (a valid ID token hint) and sends the browser back to our home page.
    back = requests.get(location, allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"].startswith("http://testserver/")


def test_logout_of_an_email_session_stays_here(client):
    client.force_login(UserFactory())
    assert client.post(reverse("account_logout"))["Location"] == "/"


def test_real_name_is_shown_to_its_owner_and_erased_with_the_account(client, oidc, ctie):
    oidc["staff"].set_user("anne", "pw", staff_claims())
    authorize(client, oidc["staff"], "anne", "pw")
    sign_up(client, "Anne at CTIE")
    anne = User.objects.get(public_name="Anne at CTIE")
    post = PostFactory(author=anne)

    privacy = client.get(reverse("accounts:privacy")).content.decode()
    export = json.loads(client.get(reverse("accounts:export")).content)
    client.force_login(UserFactory())
    public = client.get(post.get_absolute_url()).content.decode()

    assert "Anne Schmit" in privacy
    (identity,) = export["sign_in_identities"]
    assert identity["claims"]["name"] == "Anne Schmit"
    assert identity["roles_from_claims"] == ["Civil servants"]
    assert identity["administration_from_claims"] == ctie.name
    assert "Anne Schmit" not in public and "Anne at CTIE" in public
    anonymise_user(anne)
    assert not SocialAccount.objects.exists() and not ProviderGrant.objects.exists()


def test_admins_do_not_browse_linked_identities(admin_client):
    assert admin_client.get("/django-admin/socialaccount/socialaccount/").status_code == 404
