"""GET /posts/similar.json: the duplicate check behind the post form (fake embedder)."""

import pytest
from django.urls import reverse

from accounts import roles
from challenges.models import Audience
from clustering import backends, services
from tests.factories import CampaignFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/posts/similar.json"

TITLE = "Income tax return form is too long"
BODY = "The income tax return form asks every year for the same salary data again."


@pytest.fixture(autouse=True)
def fresh_pipeline():
    backends.reset()
    services.reset_index()
    yield
    backends.reset()
    services.reset_index()


@pytest.fixture
def indexed():
    """A near-duplicate of TITLE/BODY, a paraphrase, an unrelated post, and three posts that
    only some people may see."""
    internal = CampaignFactory(audience=Audience.INTERNAL)
    posts = {
        "duplicate": PostFactory(title=TITLE, body=BODY + " Please prefill it."),
        "paraphrase": PostFactory(
            title="The tax return form asks again", body="Every year the same salary data."
        ),
        "other": PostFactory(
            title="Residential parking permit needs a visit",
            body="Renewing the residential parking permit means a trip to the town hall.",
        ),
        "hidden": PostFactory(title=TITLE + "!", body=BODY, is_hidden=True),
        "internal": PostFactory(title="Tax return form too long", body=BODY, campaign=internal),
        "closed": PostFactory(title=TITLE + "?", body=BODY, status="duplicate"),
    }
    services.index_posts(posts.values())
    return posts


def ids(response):
    assert response.status_code == 200
    return [result["id"] for result in response.json()["results"]]


def test_the_url_is_the_documented_one():
    assert reverse("clustering:similar") == URL


def test_the_near_duplicate_comes_first_with_its_status_and_supports(client, indexed):
    duplicate = indexed["duplicate"]
    duplicate.support_count = 7
    duplicate.save()
    response = client.get(URL, {"title": TITLE, "body": BODY})
    first = response.json()["results"][0]
    assert first["id"] == duplicate.pk
    assert first["url"] == duplicate.get_absolute_url()
    assert first["status"] == "submitted" and first["status_label"] == "Submitted"
    assert first["support_count"] == 7 and first["language"] == "en"
    assert first["likely_duplicate"] is True and first["score"] > 0.8
    assert first["can_support"] is False  # anonymous: must sign in first
    scores = [r["score"] for r in response.json()["results"]]
    assert scores == sorted(scores, reverse=True)
    # Only posts about the same pain point are worth showing: not the parking permit one.
    assert indexed["other"].pk not in [r["id"] for r in response.json()["results"]]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_hidden_internal_and_closed_posts_never_leak(client, indexed, who):
    if who == "citizen":
        client.force_login(UserFactory())
    found = ids(client.get(URL, {"title": TITLE, "body": BODY}))
    assert indexed["duplicate"].pk in found
    assert not {indexed["hidden"].pk, indexed["internal"].pk, indexed["closed"].pk} & set(found)


def test_civil_servants_see_internal_posts_and_citizens_their_own(client, indexed):
    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    assert indexed["internal"].pk in ids(client.get(URL, {"title": TITLE, "body": BODY}))
    client.force_login(indexed["hidden"].author)
    found = ids(client.get(URL, {"title": TITLE, "body": BODY}))
    assert indexed["hidden"].pk in found and indexed["internal"].pk not in found


def test_a_signed_in_citizen_may_support_others_posts_not_their_own(client, indexed):
    client.force_login(indexed["duplicate"].author)
    results = client.get(URL, {"title": TITLE, "body": BODY}).json()["results"]
    by_id = {r["id"]: r for r in results}
    assert by_id[indexed["duplicate"].pk]["can_support"] is False
    paraphrase = indexed["paraphrase"]
    assert by_id[paraphrase.pk]["can_support"] is True
    assert by_id[paraphrase.pk]["support_url"] == f"/posts/{paraphrase.pk}/support/"


def test_a_campaign_limits_the_results_to_its_posts(client, indexed):
    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    campaign = indexed["internal"].campaign
    found = ids(client.get(URL, {"title": TITLE, "body": BODY, "campaign": campaign.pk}))
    assert found == [indexed["internal"].pk]


def test_too_short_text_gives_an_empty_list(client, indexed):
    assert ids(client.get(URL, {"title": "tax", "body": ""})) == []
    assert ids(client.get(URL)) == []


@pytest.mark.parametrize(
    "params,field",
    [
        ({"title": "x" * 201, "body": BODY}, "title"),
        ({"title": TITLE, "body": "x" * 5001}, "body"),
        ({"title": TITLE, "body": BODY, "campaign": "abc"}, "campaign"),
        ({"title": TITLE, "body": BODY, "campaign": "99999"}, "campaign"),
    ],
)
def test_invalid_input_is_a_400_saying_what_is_wrong(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_only_get_is_allowed(client):
    assert client.post(URL, {"title": TITLE, "body": BODY}).status_code == 405


def test_the_endpoint_is_rate_limited_like_search(client, indexed, settings):
    settings.RATE_LIMITS = {"search": (2, 60)}
    for _ in range(2):
        assert client.get(URL, {"title": TITLE, "body": BODY}).status_code == 200
    response = client.get(URL, {"title": TITLE, "body": BODY}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and "error" in response.json()


def test_the_form_shows_the_box_with_its_endpoint_and_the_support_form(client):
    client.force_login(UserFactory())
    page = client.get(reverse("ideas:create")).content.decode()
    assert 'aria-live="polite"' in page and f'data-url="{URL}"' in page
    assert 'id="similar-support-form"' in page and "js/similar-posts.js" in page
