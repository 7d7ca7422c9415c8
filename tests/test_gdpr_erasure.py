"""GDPR rights: account deletion (anonymisation) and retention of inactive accounts."""

from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from accounts import roles
from accounts.models import User
from accounts.tasks import anonymise_inactive_accounts
from ideas.models import Follow, Post, Support
from moderation.models import Decision, Redaction, Report
from notifications.models import Notification
from tests.factories import (
    AdministrationFactory,
    PostFactory,
    UserFactory,
    triager,
)
from tests.gdpr_world import PASSWORD, world_fixture  # noqa: F401
from tests.test_pages import assert_accessible_page

pytestmark = pytest.mark.django_db


def delete_account(client, confirmation=PASSWORD):
    return client.post(reverse("accounts:delete"), {"confirmation": confirmation})


def test_deleting_keeps_posts_public_as_former_participant(client, world):
    client.force_login(world.alice)

    response = delete_account(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")
    assert "_auth_user_id" not in client.session
    page = Client().get(world.public_post.get_absolute_url()).content.decode()
    assert "Former participant" in page
    assert "Alice from Esch" not in page
    comments_page = Client().get(world.bobs_post.get_absolute_url()).content.decode()
    assert "Alice agrees with Bob" in comments_page
    assert "Alice from Esch" not in comments_page


def test_deleting_erases_personal_data_and_removes_supports_and_follows(client, world):
    client.force_login(world.alice)

    delete_account(client)

    alice = User.objects.get(pk=world.alice.pk)
    assert alice.anonymised_at is not None
    assert not alice.is_active and not alice.has_usable_password()
    assert alice.username.startswith(f"deleted-{alice.pk}-")
    assert (alice.email, alice.first_name, alice.last_name, alice.public_name) == ("", "", "", None)
    assert alice.employer is None and not alice.groups.exists()
    assert str(alice.display_name) == "Former participant"
    assert not EmailAddress.objects.filter(user=alice).exists()
    assert not Support.objects.filter(user=alice).exists()
    assert not Follow.objects.filter(user=alice).exists()
    assert Post.objects.get(pk=world.bobs_post.pk).support_count == 1
    # Others' supports and follows of her posts stay.
    assert Post.objects.get(pk=world.public_post.pk).support_count == 1
    assert Follow.objects.filter(user=world.bob).exists()
    assert Post.objects.filter(author=alice).count() == 3
    assert not Notification.objects.filter(user=alice).exists()
    assert not Report.objects.filter(reporter=alice).exists()
    assert Report.objects.filter(reporter=world.bob).exists()
    assert not Redaction.objects.exists()
    assert Decision.objects.filter(user=alice).exists()  # the moderation log is kept
    kept = XtdComment.objects.get(pk=world.alice_comment.pk)
    assert (kept.user_name, kept.user_email, kept.ip_address) == ("Former participant", "", None)
    assert kept.comment == "Alice agrees with Bob"
    assert XtdComment.objects.get(pk=world.bob_comment.pk).user_email == "bob@example.lu"


def test_a_deleted_account_cannot_sign_in_again_anywhere(client, world):
    elsewhere = Client()
    elsewhere.force_login(world.alice)
    client.force_login(world.alice)

    delete_account(client)

    assert elsewhere.get(reverse("accounts:privacy")).status_code == 302
    response = Client().post(
        reverse("account_login"), {"login": "alice@example.lu", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session


def test_a_wrong_password_is_refused_and_changes_nothing(client, world):
    client.force_login(world.alice)

    response = delete_account(client, "not-my-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This is not your password." in html
    assert 'aria-invalid="true"' in html
    alice = User.objects.get(pk=world.alice.pk)
    assert alice.is_active and alice.anonymised_at is None
    assert alice.email == "alice@example.lu" and alice.public_name == "Alice from Esch"
    assert Support.objects.filter(user=alice).count() == 1
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_an_account_without_password_confirms_by_typing_delete(client):
    person = UserFactory(password=None)
    person.set_unusable_password()
    person.save()
    client.force_login(person)

    refused = delete_account(client, "yes please")
    accepted = delete_account(client, "DELETE")

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert User.objects.get(pk=person.pk).anonymised_at is not None


def test_the_deleted_page_is_public_and_accessible(client):
    response = client.get(reverse("accounts:deleted"))

    assert response.status_code == 200
    assert_accessible_page(response.content.decode())


def long_ago(days=4 * 365):
    return timezone.now() - timedelta(days=days)


@pytest.fixture(name="accounts")
def accounts_fixture():
    old_citizen = UserFactory(last_login=long_ago())
    never_signed_in = UserFactory(last_login=None, date_joined=long_ago())
    recent = UserFactory(last_login=long_ago(days=30), date_joined=long_ago())
    old_moderator = UserFactory(last_login=long_ago(), roles=[roles.MODERATOR])
    old_staff = UserFactory(last_login=long_ago(), is_staff=True)
    old_triager = triager(AdministrationFactory(), last_login=long_ago())
    old_post = PostFactory(author=old_citizen, title="An old but useful post")
    return {
        "expired": [old_citizen, never_signed_in],
        "kept": [recent, old_moderator, old_staff, old_triager],
        "post": old_post,
    }


def anonymised(users):
    return [User.objects.get(pk=user.pk).anonymised_at is not None for user in users]


def test_retention_anonymises_only_old_inactive_non_staff_accounts(accounts):
    out = StringIO()

    call_command("anonymise_inactive", stdout=out)

    assert "2 account(s)" in out.getvalue()
    assert anonymised(accounts["expired"]) == [True, True]
    assert anonymised(accounts["kept"]) == [False] * 4
    assert Post.objects.filter(pk=accounts["post"].pk).exists()


def test_retention_dry_run_only_counts(accounts):
    out = StringIO()

    call_command("anonymise_inactive", "--dry-run", stdout=out)

    assert "2 account(s)" in out.getvalue()
    assert not any(anonymised(accounts["expired"] + accounts["kept"]))


def test_retention_task_anonymises_and_running_twice_changes_nothing(accounts):
    anonymise_inactive_accounts.delay()
    first = {u.pk: User.objects.get(pk=u.pk).username for u in accounts["expired"]}

    anonymise_inactive_accounts.delay()

    assert anonymised(accounts["expired"]) == [True, True]
    assert {u.pk: User.objects.get(pk=u.pk).username for u in accounts["expired"]} == first


def test_the_confirmation_word_may_be_typed_in_the_page_language(client):
    from django.utils import translation

    from accounts.views import AccountDeletionForm

    user = UserFactory()
    user.set_unusable_password()
    with translation.override("de"):
        form = AccountDeletionForm(user, data={"confirmation": "LÖSCHEN"})
        assert form.is_valid(), form.errors
    assert AccountDeletionForm(user, data={"confirmation": "DELETE"}).is_valid()
    assert not AccountDeletionForm(user, data={"confirmation": "delete it"}).is_valid()
