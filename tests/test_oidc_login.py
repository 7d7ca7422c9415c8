"""End-to-end sign-in through the loopback OpenID Connect providers: first sign-in creates an
account with a pseudonym, the next one signs the same account in, claims give roles."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts import roles
from accounts.models import User
from tests.oidc_flow import (
    authorize,
    citizen_claims,
    sign_up,
    staff_claims,
)

pytestmark = pytest.mark.django_db


def test_first_sign_in_creates_an_account_with_a_pseudonym(client, oidc):
    oidc["eid"].set_user("jean", "secret-1", citizen_claims())

    response = authorize(client, oidc["eid"], "jean", "secret-1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/3rdparty/signup/"
    done = sign_up(client, "Jean from Esch")

    assert done.status_code == 302
    user = User.objects.get(public_name="Jean from Esch")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.has_role(roles.CITIZEN)
    assert user.has_verified_identity
    # The real name stays with the linked identity: not on the user row (admins see that).
    assert (user.first_name, user.last_name) == ("", "")
    assert "jean" not in user.username.lower() and "dupont" not in user.username.lower()
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("eid", "LU-CITIZEN-1")
    stored = {**account.extra_data["id_token"], **account.extra_data["userinfo"]}
    assert stored["family_name"] == "Dupont"
    assert "national_register_number" not in stored  # not in OIDC_STORED_CLAIMS
    assert "nonce" not in stored


def test_second_sign_in_reuses_the_account(client, oidc):
    oidc["eid"].set_user("jean", "secret-1", citizen_claims())
    authorize(client, oidc["eid"], "jean", "secret-1")
    sign_up(client, "Jean from Esch")
    client.logout()

    response = authorize(client, oidc["eid"], "jean", "secret-1")

    assert response.status_code == 302 and response["Location"] == "/"
    assert User.objects.filter(socialaccount__uid="LU-CITIZEN-1").count() == 1
    assert client.session["_auth_user_id"] == str(User.objects.get(public_name="Jean from Esch").pk)


def test_staff_directory_claims_make_a_civil_servant_of_their_administration(client, oidc, ctie):
    oidc["staff"].set_user("anne", "secret-2", staff_claims())

    authorize(client, oidc["staff"], "anne", "secret-2")
    sign_up(client, "Anne at CTIE")

    user = User.objects.get(public_name="Anne at CTIE")
    assert user.is_civil_servant
    assert user.employer == ctie
