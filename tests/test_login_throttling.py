"""Login throttling: django-axes locks one e-mail address + IP after 5 failed sign-ins for 15
minutes (others keep signing in), and allauth's per-address limit stays as a second layer."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # UserFactory's password

pytestmark = pytest.mark.django_db


def sign_in(client, email, password, ip="192.0.2.1"):
    data = {"login": email, "password": password}
    return client.post(reverse("account_login"), data, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def lena():
    return UserFactory(email="lena@example.lu")


def fail_five_times(client, email, ip="192.0.2.1"):
    return [sign_in(client, email, "wrong-password", ip=ip).status_code for _ in range(5)]


def test_five_failures_lock_that_address_and_ip_with_a_clear_page(client, lena):
    codes = fail_five_times(client, lena.email)
    assert codes == [200, 200, 200, 200, 429]  # the fifth failure answers with the lockout page

    response = sign_in(client, lena.email, PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in paused for this account" in html
    assert "try again in 15 minutes" in html
    assert reverse("account_reset_password") in html
    assert not signed_in(client)


def test_the_lock_counts_the_address_whatever_its_case(client, lena):
    fail_five_times(client, "LENA@example.lu")
    assert sign_in(client, lena.email, PASSWORD).status_code == 429
    assert not signed_in(client)


def test_a_lockout_locks_neither_other_people_nor_lena_elsewhere(client, lena):
    fail_five_times(client, lena.email)
    other = UserFactory(email="marc@example.lu")

    response = sign_in(client, other.email, PASSWORD)  # same IP, another account
    assert response.status_code == 302 and signed_in(client)
    client.logout()

    response = sign_in(client, lena.email, PASSWORD, ip="198.51.100.7")  # Lena at home
    assert response.status_code == 302 and signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, lena):
    fail_five_times(client, lena.email)
    assert sign_in(client, lena.email, PASSWORD).status_code == 429
    # 16 minutes later (axes compares attempt times with now minus AXES_COOLOFF_TIME).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    response = sign_in(client, lena.email, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_four_failures_then_success_start_counting_again(client, lena):
    for _ in range(4):
        sign_in(client, lena.email, "wrong-password")
    assert sign_in(client, lena.email, PASSWORD).status_code == 302
    client.logout()
    # AXES_RESET_ON_SUCCESS: a success forgets earlier failures.
    assert [sign_in(client, lena.email, "wrong").status_code for _ in range(4)] == [200] * 4


def test_allauth_limits_one_address_attacked_from_many_ips(client, lena):
    # Ten failures from ten addresses (axes, counting e-mail + IP, sees one each).
    for n in range(10):
        assert sign_in(client, lena.email, "wrong-password", ip=f"203.0.113.{n}").status_code == 200
    response = sign_in(client, lena.email, PASSWORD, ip="203.0.113.99")
    assert "Too many failed login attempts" in response.content.decode()
    assert not signed_in(client)


def test_force_login_is_not_affected(client, lena):
    fail_five_times(client, lena.email)
    client.force_login(lena)  # bypasses authentication backends, as tests rely on
    assert signed_in(client)
