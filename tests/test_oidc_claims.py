"""Claims -> roles, end to end through the staff directory, and the service's rules: only what
a claim gave is taken away when the claim disappears."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import ProviderGrant, User
from accounts.oidc.claims import apply_provider_claims
from accounts.services import assign_role
from procedures.models import Administration
from tests.factories import UserFactory
from tests.oidc_flow import (
    authorize,
    provider_settings,
    sign_up,
    staff_claims,
)

pytestmark = pytest.mark.django_db


def sign_in_staff(client, oidc, claims=None, first=False):
    if claims is not None:
        oidc["staff"].set_user("anne", "pw", claims)
    client.logout()
    authorize(client, oidc["staff"], "anne", "pw")
    if first:
        sign_up(client, "Anne at CTIE")
    return User.objects.get(public_name="Anne at CTIE")


def test_claim_removed_at_the_next_sign_in_removes_the_role_and_administration(client, oidc, ctie):
    anne = sign_in_staff(client, oidc, staff_claims(), first=True)
    assert anne.is_civil_servant and anne.employer == ctie

    oidc["staff"].remove_claim("anne", "groups")
    oidc["staff"].remove_claim("anne", "organisation")
    anne = sign_in_staff(client, oidc)  # the directory no longer says so

    assert not anne.is_civil_servant
    assert anne.employer is None
    assert client.session["_auth_user_id"] == str(anne.pk)  # still signed in, as a citizen
    assert anne.has_role(roles.CITIZEN)


def test_a_new_organisation_claim_moves_the_civil_servant(client, oidc, ctie):
    sign_in_staff(client, oidc, staff_claims(), first=True)
    acd = Administration.objects.create(name="Administration des contributions", slug="acd")

    anne = sign_in_staff(client, oidc, staff_claims(organisation="acd"))

    assert anne.is_civil_servant and anne.employer == acd


def test_an_unaccepted_group_value_gives_no_role(client, oidc, ctie):
    anne = sign_in_staff(client, oidc, staff_claims(groups=["contractors"]), first=True)

    assert not anne.is_civil_servant
    assert anne.employer == ctie  # the organisation claim alone names where they work


def test_roles_from_elsewhere_survive_a_missing_claim(settings, oidc, ctie):
    settings.OIDC_PROVIDERS = provider_settings(oidc)
    other = Administration.objects.create(name="Ministère de la Digitalisation", slug="mdigi")
    user = UserFactory(employer=other)
    assign_role(user, roles.CIVIL_SERVANT)  # given by an admin, before any sign-in
    assign_role(user, roles.MODERATOR)

    apply_provider_claims(user, "staff", staff_claims())  # already civil servant: not "ours"
    apply_provider_claims(user, "staff", {"sub": "STAFF-42"})

    user = User.objects.get(pk=user.pk)
    assert user.is_civil_servant and user.has_role(roles.MODERATOR)
    assert user.employer == other  # set by an admin, never overwritten by a claim


def test_applying_the_same_claims_twice_changes_nothing(settings, oidc, ctie):
    settings.OIDC_PROVIDERS = provider_settings(oidc)
    user = UserFactory()
    apply_provider_claims(user, "staff", staff_claims())
    apply_provider_claims(user, "staff", staff_claims())

    grant = ProviderGrant.objects.get(user=user)
    assert [g.name for g in grant.groups.all()] == [roles.CIVIL_SERVANT]
    assert grant.administration == ctie
    assert user.groups.filter(name=roles.CIVIL_SERVANT).count() == 1


def test_a_claim_never_makes_a_platform_admin(settings, oidc):
    providers = provider_settings(oidc)
    providers[1]["group_claims"].append({"claim": "groups", "values": ["it"], "group": roles.ADMIN})
    settings.OIDC_PROVIDERS = providers
    user = UserFactory()

    apply_provider_claims(user, "staff", staff_claims(groups=["civil-servants", "it"]))

    user = User.objects.get(pk=user.pk)
    assert not user.is_platform_admin and not user.is_staff
    assert not Group.objects.get(name=roles.ADMIN).user_set.filter(pk=user.pk).exists()


def test_administration_claim_may_name_an_email_domain(settings, oidc, ctie):
    settings.OIDC_PROVIDERS = provider_settings(oidc)
    user = UserFactory()

    apply_provider_claims(user, "staff", staff_claims(organisation="ctie.etat.lu"))

    assert User.objects.get(pk=user.pk).employer == ctie


def test_claim_removal_wins_over_a_staff_email_domain(client, oidc, ctie):
    # The directory gives an address at the administration's domain (which alone would make a
    # civil servant): the role must still follow the claim, not outlive it.
    claims = staff_claims(email="anne.schmit@ctie.etat.lu")
    anne = sign_in_staff(client, oidc, claims, first=True)
    assert anne.is_civil_servant

    del claims["groups"], claims["organisation"]
    anne = sign_in_staff(client, oidc, claims)

    assert not anne.is_civil_servant and anne.employer is None


def test_a_later_password_sign_in_does_not_bring_the_role_back(client, oidc, ctie):
    # Same person, another session, signing in with a password at a staff address: the domain
    # rule would make a civil servant again, behind the directory's back.
    from allauth.account.models import EmailAddress

    claims = staff_claims(email="anne.schmit@ctie.etat.lu")
    anne = sign_in_staff(client, oidc, claims, first=True)
    del claims["groups"], claims["organisation"]
    anne = sign_in_staff(client, oidc, claims)
    assert not anne.is_civil_servant
    anne.set_password("correct-horse-battery")
    anne.save()
    assert EmailAddress.objects.filter(user=anne, email__endswith="@ctie.etat.lu", verified=True)
    client.logout()

    client.post("/accounts/login/", {"login": anne.email, "password": "correct-horse-battery"})

    assert client.session["_auth_user_id"] == str(anne.pk)
    anne = User.objects.get(pk=anne.pk)
    assert not anne.is_civil_servant and anne.employer is None
