"""Sign-up, sign-in, sign-out and password reset through django-allauth's real URLs."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts import roles
from tests.factories import UserFactory
from tests.test_pages import assert_accessible_page

PASSWORD = "correct-horse-battery"  # UserFactory's password
NEW_PASSWORD = "a-new-and-long-passphrase"

pytestmark = pytest.mark.django_db


def signup(client, **overrides):
    data = {
        "email": "lena@example.lu",
        "public_name": "Lena from Esch",
        "password1": "pa55-phrase-for-lena",
        "password2": "pa55-phrase-for-lena",
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_signup_creates_a_citizen_with_a_public_name_and_signs_in(client):
    response = signup(client)

    assert response.status_code == 302
    user = get_user_model().objects.get(email="lena@example.lu")
    assert user.public_name == "Lena from Esch"
    assert user.has_role(roles.CITIZEN)
    assert signed_in_user_id(client) == str(user.pk)


def test_signup_form_labels_every_field_and_orders_them(client):
    html = client.get(reverse("account_signup")).content.decode()

    assert_accessible_page(html)
    positions = [html.index(f'name="{name}"') for name in ("email", "public_name", "password1")]
    assert positions == sorted(positions)
    assert 'class="button"' in html


def test_duplicate_public_name_is_refused_whatever_the_case(client):
    UserFactory(public_name="Lena from Esch")

    response = signup(client, public_name="LENA FROM ESCH")

    assert response.status_code == 200
    assert "This public name is already taken." in response.context["form"].errors["public_name"]
    assert not get_user_model().objects.filter(email="lena@example.lu").exists()
    assert signed_in_user_id(client) is None
    html = response.content.decode()
    # The error is announced with the field: linked through aria-describedby.
    assert 'id="id_public_name_error"' in html
    assert re.search(r'aria-describedby="[^"]*id_public_name_error', html)
    assert_accessible_page(html)


def test_public_name_may_not_be_an_email_address(client):
    response = signup(client, public_name="lena@example.lu")

    assert response.status_code == 200
    assert "public_name" in response.context["form"].errors
    assert not get_user_model().objects.filter(email="lena@example.lu").exists()


def test_login_with_email_and_logout_needs_a_post(client):
    user = UserFactory(email="jos@example.lu")

    login_page = client.get(reverse("account_login"))
    assert_accessible_page(login_page.content.decode())

    response = client.post(
        reverse("account_login"), {"login": "jos@example.lu", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)

    # A GET only shows the confirmation: a link or prefetch cannot sign anybody out.
    confirm = client.get(reverse("account_logout"))
    assert confirm.status_code == 200
    assert signed_in_user_id(client) == str(user.pk)
    assert_accessible_page(confirm.content.decode())

    client.post(reverse("account_logout"))
    assert signed_in_user_id(client) is None


def test_login_with_a_wrong_password_shows_an_error(client):
    UserFactory(email="jos@example.lu")

    response = client.post(
        reverse("account_login"), {"login": "jos@example.lu", "password": "nope"}
    )

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    html = response.content.decode()
    assert 'class="errorlist nonfield"' in html
    assert_accessible_page(html)


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="marie@example.lu")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    reset_page = client.get(reverse("account_reset_password"))
    assert_accessible_page(reset_page.content.decode())
    response = client.post(reverse("account_reset_password"), {"email": "marie@example.lu"})
    assert response.status_code == 302
    assert_accessible_page(client.get(response.url).content.decode())

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["marie@example.lu"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    # allauth moves the key into the session, then shows the form on a key-less URL.
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert "token_fail" not in form_page.context or not form_page.context["token_fail"]
    assert_accessible_page(form_page.content.decode())
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert client.get(done.url).status_code == 200

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_with_a_broken_key_explains_the_problem(client):
    response = client.get("/accounts/password/reset/key/1-not-a-real-key/", follow=True)

    assert response.status_code == 200
    assert response.context["token_fail"]
    assert reverse("account_reset_password") in response.content.decode()


def test_email_management_page_labels_the_address_choices(client):
    user = UserFactory(email="anne@example.lu")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)

    response = client.get(reverse("account_email"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "anne@example.lu" in html
    assert 'aria-label="Account settings"' in html
    assert_accessible_page(html)


def test_adding_an_email_sends_a_confirmation_that_confirms_it(client):
    user = UserFactory(email="anne@example.lu")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)

    client.post(reverse("account_email"), {"action_add": "", "email": "anne.work@example.lu"})

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    confirm_page = client.get(link.group(1))
    assert confirm_page.status_code == 200
    assert_accessible_page(confirm_page.content.decode())
    client.post(link.group(1))
    assert EmailAddress.objects.get(email="anne.work@example.lu").verified


def test_sign_in_message_names_the_pseudonym_not_the_username(client):
    UserFactory(username="generated-username", email="jos@example.lu", public_name="Jos vum Eck")

    response = client.post(
        reverse("account_login"), {"login": "jos@example.lu", "password": PASSWORD}, follow=True
    )

    html = response.content.decode()
    assert "Jos vum Eck" in html
    assert "generated-username" not in html
