"""GDPR rights: the data download and the "Your data" page."""

import json

import pytest
from django.urls import reverse

from accounts import roles
from tests.gdpr_world import world_fixture  # noqa: F401
from tests.test_pages import assert_accessible_page

pytestmark = pytest.mark.django_db

SECTIONS = {
    "account",
    "posts",
    "comments",
    "supports",
    "follows",
    "reports",
    "notifications",
    "notification_settings",
    "moderation_decisions",
    "redactions",
    "prioritisation_ballots",
    "workshop_registrations",
    "survey_answers",
    "satisfaction_answers",
    "sign_in_identities",
}


def download(client):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_download_is_a_json_attachment_with_every_section(client, world):
    client.force_login(world.alice)

    response, data = download(client)

    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert "no-store" in response["Cache-Control"]
    assert SECTIONS <= set(data)
    assert set(data["sections"]) == SECTIONS
    account = data["account"]
    assert account["email_addresses"] == [
        {"email": "alice@example.lu", "verified": True, "primary": True}
    ]
    assert (account["public_name"], account["preferred_language"]) == ("Alice from Esch", "fr")
    assert account["employer"] == "Centre des technologies"
    assert account["roles"] == sorted([roles.CITIZEN, roles.CIVIL_SERVANT])
    assert account["date_joined"]


def test_download_holds_own_hidden_and_internal_posts_with_history(client, world):
    client.force_login(world.alice)

    posts = {post["title"]: post for post in download(client)[1]["posts"]}

    assert set(posts) == {
        "Alice's public pain point",
        "Alice's hidden post",
        "Alice's internal idea",
    }
    assert posts["Alice's hidden post"]["is_hidden"] is True
    assert posts["Alice's hidden post"]["hidden_reason"] == "Off-topic"
    assert posts["Alice's internal idea"]["is_internal"] is True
    public = posts["Alice's public pain point"]
    assert [c["new_status"] for c in public["status_history"]] == ["under_review"]
    assert public["official_answers"][0]["body"] == "The form goes online."
    assert public["official_answers"][0]["administration"] == "Centre des technologies"


def test_download_holds_only_the_persons_own_data(client, world):
    client.force_login(world.alice)

    response, data = download(client)

    assert [c["comment"] for c in data["comments"]] == ["Alice agrees with Bob"]
    assert [s["post"]["id"] for s in data["supports"]] == [world.bobs_post.pk]
    assert [f["post"]["id"] for f in data["follows"]] == [world.bobs_post.pk]
    assert [r["reason"] for r in data["reports"]] == ["spam"]
    assert [n["message"] for n in data["notifications"]] == ["Answered!"]
    decision = data["moderation_decisions"][0]
    assert decision["message_to_author"] == "Please stay on topic, Alice."
    assert decision["action"] == "hide"
    assert [r["original"] for r in data["redactions"]] == ["Call me on 621 123 456"]
    text = response.content.decode()
    for foreign in ("Bob's comment", "Bob's news", "bob@example.lu", "Moderator Martha"):
        assert foreign not in text


def test_anonymous_people_are_sent_to_sign_in(client):
    for name in ("accounts:privacy", "accounts:export", "accounts:delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_downloads_are_rate_limited(client, world):
    client.force_login(world.alice)
    for _attempt in range(5):
        assert client.get(reverse("accounts:export")).status_code == 200

    assert client.get(reverse("accounts:export")).status_code == 429


def test_privacy_page_is_linked_from_the_account_area_and_accessible(client, world):
    client.force_login(world.alice)
    privacy_url = reverse("accounts:privacy")

    account_html = client.get(reverse("account_email")).content.decode()
    html = client.get(privacy_url).content.decode()

    assert f'href="{privacy_url}"' in account_html
    assert_accessible_page(html)
    assert reverse("accounts:export") in html and reverse("accounts:delete") in html
    assert "3 years" in html
    assert_accessible_page(client.get(reverse("accounts:delete")).content.decode())


def test_download_holds_the_notification_settings_once_changed(client, world):
    from notifications.models import NotificationSettings

    client.force_login(world.alice)
    assert download(client)[1]["notification_settings"] is None  # defaults, nothing stored
    NotificationSettings.objects.create(user=world.alice, email_answers=False)
    NotificationSettings.objects.create(user=world.bob, no_emails=True)

    settings_row = download(client)[1]["notification_settings"]

    assert settings_row["email_answers"] is False
    assert settings_row["no_emails"] is False  # Alice's row, not Bob's
    assert "email_new_comments" in settings_row and "updated_at" in settings_row
