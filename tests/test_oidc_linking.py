"""Linking an eID to an account made with an e-mail address, end to end: one account per eID
subject, the pseudonym stays, nothing attaches itself silently by e-mail address."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db import IntegrityError, transaction

from accounts.models import User
from tests.factories import UserFactory
from tests.oidc_flow import (
    authorize,
    citizen_claims,
    sign_up,
    staff_claims,
)

pytestmark = pytest.mark.django_db


def email_user(email="marie@example.lu", public_name="Marie vun Uewen"):
    user = UserFactory(email=email, public_name=public_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_an_email_account_links_its_eid_and_keeps_its_pseudonym(client, oidc):
    marie = email_user()
    client.force_login(marie)
    oidc["eid"].set_user("marie", "pw", citizen_claims(sub="LU-MARIE", name="Marie Weber"))

    response = authorize(client, oidc["eid"], "marie", "pw", process="connect")

    assert response.status_code == 302 and response["Location"] == "/accounts/3rdparty/"
    marie.refresh_from_db()
    assert marie.public_name == "Marie vun Uewen"
    assert SocialAccount.objects.get(provider="eid", uid="LU-MARIE").user == marie
    assert User.objects.get(pk=marie.pk).has_verified_identity
    # From now on the eID signs Marie in to the same account.
    client.logout()
    authorize(client, oidc["eid"], "marie", "pw")
    assert client.session["_auth_user_id"] == str(marie.pk)


def test_an_eid_linked_to_one_account_cannot_be_linked_to_another(client, oidc):
    oidc["eid"].set_user("jean", "pw", citizen_claims())
    authorize(client, oidc["eid"], "jean", "pw")
    sign_up(client, "Jean from Esch")
    other = email_user("other@example.lu", "Someone else")
    client.force_login(other)

    response = authorize(client, oidc["eid"], "jean", "pw", process="connect")

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "already connected to a different account" in page.content.decode()
    account = SocialAccount.objects.get(uid="LU-CITIZEN-1")
    assert account.user.public_name == "Jean from Esch"
    assert not SocialAccount.objects.filter(user=other).exists()


def test_the_database_refuses_two_accounts_for_one_subject(db):
    first, second = UserFactory(), UserFactory()
    SocialAccount.objects.create(user=first, provider="eid", uid="LU-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        SocialAccount.objects.create(user=second, provider="eid", uid="LU-1")


def test_an_eid_with_the_email_of_an_existing_account_does_not_take_it_over(client, oidc):
    marie = email_user("jean.dupont@example.lu", "Marie")  # the eID says the same address
    oidc["eid"].set_user("jean", "pw", citizen_claims())

    response = authorize(client, oidc["eid"], "jean", "pw")
    assert response["Location"] == "/accounts/3rdparty/signup/"
    refused = sign_up(client, "Jean from Esch")

    assert refused.status_code == 200
    assert "already" in refused.content.decode()  # sign in to that account, then link
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert User.objects.get().pk == marie.pk


def test_unlinking_the_staff_directory_takes_back_what_its_claims_gave(client, oidc, ctie):
    marie = email_user()
    client.force_login(marie)
    oidc["staff"].set_user("marie", "pw", staff_claims(sub="STAFF-MARIE"))
    authorize(client, oidc["staff"], "marie", "pw", process="connect")
    marie = User.objects.get(pk=marie.pk)
    assert marie.is_civil_servant and marie.employer == ctie
    account = SocialAccount.objects.get(user=marie)

    # Marie has a password, so the link may go.
    response = client.post("/accounts/3rdparty/", {"account": account.pk})

    assert response.status_code == 302
    marie = User.objects.get(pk=marie.pk)
    assert not marie.is_civil_servant and marie.employer is None
    assert not SocialAccount.objects.filter(user=marie).exists()


def test_the_only_sign_in_method_cannot_be_unlinked(client, oidc):
    oidc["eid"].set_user("jean", "pw", citizen_claims())
    authorize(client, oidc["eid"], "jean", "pw")
    sign_up(client, "Jean from Esch")
    account = SocialAccount.objects.get()

    response = client.post("/accounts/3rdparty/", {"account": account.pk})

    assert response.status_code == 200
    assert "no password" in response.content.decode().lower()
    assert SocialAccount.objects.filter(pk=account.pk).exists()
