"""Civil servants: verified by the e-mail domain of their administration (or a configured
domain), granted by hand by admins, and named with their administration on internal posts."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.services import verify_civil_servant
from tests.factories import AdministrationFactory, CampaignFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # UserFactory's password


@pytest.fixture
def acd():
    return AdministrationFactory(
        name="Administration des contributions directes", email_domains="acd.etat.lu, @ACD.lu"
    )


def with_address(email, verified=True, **user_fields):
    user = UserFactory(email=email, **user_fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize(
    "email", ["anne@acd.etat.lu", "anne@impots.acd.etat.lu", "Anne@ACD.lu", "anne@x.acd.lu"]
)
def test_verified_address_at_an_administration_domain_makes_a_civil_servant(acd, email):
    user = with_address(email)
    assert verify_civil_servant(user) == acd
    user = fresh(user)
    assert user.is_civil_servant
    assert user.can_see_internal
    assert user.employer == acd


@pytest.mark.parametrize(
    ("email", "verified"),
    [
        ("anne@acd.etat.lu", False),  # not verified yet
        ("anne@notacd.etat.lu", True),  # a different domain that merely ends alike
        ("anne@etat.lu", True),  # the parent domain is not the administration's
        ("anne@acd.etat.lu.evil.com", True),
    ],
)
def test_other_or_unverified_addresses_change_nothing(acd, email, verified):
    user = with_address(email, verified=verified)
    assert verify_civil_servant(user) is None
    user = fresh(user)
    assert not user.is_civil_servant
    assert user.employer is None


def test_the_most_specific_administration_wins(acd):
    AdministrationFactory(name="State", email_domains="etat.lu")
    user = with_address("anne@acd.etat.lu")
    verify_civil_servant(user)
    assert fresh(user).employer == acd


def test_configured_domains_grant_the_role_without_an_employer(settings, acd):
    settings.CIVIL_SERVANT_EMAIL_DOMAINS = ["etat.lu"]
    user = with_address("jos@sub.etat.lu")
    assert verify_civil_servant(user) is True
    user = fresh(user)
    assert user.is_civil_servant
    assert user.employer is None


def test_verification_is_idempotent_and_keeps_an_employer_set_by_hand(acd):
    other = AdministrationFactory(name="Ministry of Family")
    user = with_address("anne@acd.etat.lu", employer=other)
    verify_civil_servant(user)
    verify_civil_servant(fresh(user))
    user = fresh(user)
    assert user.groups.filter(name=roles.CIVIL_SERVANT).count() == 1
    assert user.employer == other


def test_confirming_an_address_by_mail_makes_a_civil_servant(client, acd):
    user = with_address("anne@example.lu")
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "anne@acd.etat.lu"})
    assert not fresh(user).is_civil_servant  # an unverified address proves nothing
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    client.post(link.group(1))
    user = fresh(user)
    assert user.is_civil_servant
    assert user.employer == acd


def test_signing_in_catches_up_on_domains_added_later(client):
    user = with_address("anne@cns.lu")
    cns = AdministrationFactory(name="CNS", email_domains="cns.lu")
    client.post(reverse("account_login"), {"login": "anne@cns.lu", "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(user.pk)
    user = fresh(user)
    assert user.is_civil_servant
    assert user.employer == cns


def test_admin_grants_the_role_and_employer_in_the_wagtail_users_admin(client, acd):
    client.force_login(UserFactory(roles=[roles.ADMIN], is_superuser=True))
    user = UserFactory(username="jos", email="jos@example.lu", public_name="Jos")
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    html = client.get(url).content.decode()
    assert 'name="employer"' in html
    assert 'name="public_name"' in html
    assert 'name="employer"' in client.get(reverse("wagtailusers_users:add")).content.decode()
    from django.contrib.auth.models import Group

    civil_servants = Group.objects.get(name=roles.CIVIL_SERVANT)
    response = client.post(
        url,
        {
            "username": "jos",
            "email": "jos@example.lu",
            "first_name": "Jos",
            "last_name": "Schmit",
            "public_name": "Jos",
            "employer": acd.pk,
            "is_active": "on",
            "groups": [civil_servants.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = fresh(user)
    assert user.employer == acd
    assert user.is_civil_servant


def test_django_admin_edits_the_employer(client, acd):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    user = UserFactory()
    html = client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert 'name="employer"' in html
    assert 'name="groups"' in html


def test_administration_domains_are_edited_in_the_catalogue(client, acd):
    client.force_login(UserFactory(roles=[roles.ADMIN], is_superuser=True))
    url = reverse("staff_administrations:edit", args=[acd.pk])
    assert 'name="email_domains"' in client.get(url).content.decode()
    data = {"name": acd.name, "slug": acd.slug, "email_domains": "CNS.lu, @cns.etat.lu,cns.lu"}
    assert client.post(url, data).status_code == 302
    acd.refresh_from_db()
    assert acd.email_domains == "cns.lu, cns.etat.lu"
    response = client.post(url, {**data, "email_domains": "*.lu"})
    assert response.status_code == 200
    assert "Not a domain name" in response.content.decode()


def test_internal_posts_name_the_administration_public_posts_never(client, acd):
    author = UserFactory(public_name="Anne", roles=[roles.CIVIL_SERVANT], employer=acd)
    internal = PostFactory(
        author=author, title="Internal idea of Anne", campaign=CampaignFactory(audience="internal")
    )
    public = PostFactory(author=author, title="Public idea of Anne")
    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    named = "Anne, Administration des contributions directes"
    assert named in client.get(internal.get_absolute_url()).content.decode()
    assert named not in client.get(public.get_absolute_url()).content.decode()
    listing = client.get(reverse("ideas:list")).content.decode()
    assert listing.count(named) == 1  # the internal card only
    client.force_login(UserFactory())
    assert named not in client.get(reverse("ideas:list")).content.decode()
