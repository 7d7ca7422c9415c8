"""Internal content is invisible to outsiders on every URL that lists or shows posts.

The world (tests/visibility_world.py): one internal post P (internal campaign and challenge, with
a comment) and one public post Q. Every URL below is requested by every kind of user; outsiders
(anonymous, citizen) must never get P's title, body or comment, and get a 404 (or the sign-in
page) on P's own URLs, while every internal viewer gets them. Each URL x user pair is one test
case. Comment routes: tests/test_visibility_comments.py.
"""

import pytest
from django.urls import reverse

from clustering import backends
from clustering import services as clustering_services
from ideas.models import Follow, Support
from tests.visibility_world import (
    P_BODY,
    P_COMMENT,
    P_TITLE,
    Q_TITLE,
    assert_hidden_or_sign_in,
    assert_not_leaked,
    html_of,
    world_fixture,  # noqa: F401 - provides the `world` fixture
)

pytestmark = pytest.mark.django_db


# --- Lists and pages that show several posts -------------------------------------------------


def case_post_list(client, world):
    response = client.get(reverse("ideas:list"))
    assert response.status_code == 200
    assert Q_TITLE in html_of(response)
    return response


def case_search(client, world):
    response = client.get(reverse("ideas:list"), {"q": "mission travel expenses"})
    assert response.status_code == 200
    return response


def case_home_page(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert Q_TITLE in html_of(response)
    return response


def case_procedure_detail(client, world):
    response = client.get(reverse("procedures:detail", args=[world.procedure.slug]))
    assert response.status_code == 200
    assert Q_TITLE in html_of(response)
    return response


def case_campaign_list(client, world):
    response = client.get(reverse("challenges:list"))
    assert response.status_code == 200
    assert ("Meng Iddi internal space" in html_of(response)) == world.insider
    return None  # lists campaigns, not posts: checked above


def case_my_posts(client, world):
    if world.user is not None:
        # As if they had followed and supported P while they were allowed to see it.
        Follow.objects.create(post=world.p, user=world.user)
        Support.objects.create(post=world.p, user=world.user)
    response = client.get(reverse("ideas:mine"))
    if world.user is None:
        assert_hidden_or_sign_in(world, response)
        return None
    assert response.status_code == 200
    return response


def case_procedure_list_count(client, world):
    response = client.get(reverse("procedures:list"), {"q": "Mission expenses"})
    assert response.status_code == 200
    [procedure] = response.context["procedures"]
    assert procedure.post_count == (2 if world.insider else 1)
    return None


LIST_CASES = [
    case_post_list,
    case_search,
    case_home_page,
    case_procedure_detail,
    case_my_posts,
]


@pytest.mark.parametrize("case", LIST_CASES, ids=lambda c: c.__name__[5:])
def test_lists_show_the_internal_post_to_insiders_only(client, world, case):
    response = case(client, world)
    if response is None:
        return
    if world.insider:
        assert P_TITLE in html_of(response)
        # Insiders see who posted, with their administration.
        assert "Anne, Administration X" in html_of(response)
    else:
        assert_not_leaked(response)


@pytest.mark.parametrize(
    "case", [case_campaign_list, case_procedure_list_count], ids=lambda c: c.__name__[5:]
)
def test_campaign_list_and_post_counts(client, world, case):
    case(client, world)


# --- P's own URLs ----------------------------------------------------------------------------


def test_post_detail(client, world):
    response = client.get(world.p.get_absolute_url())
    if world.insider:
        assert response.status_code == 200
        assert P_TITLE in html_of(response)
        assert P_COMMENT in html_of(response)
    else:
        assert_hidden_or_sign_in(world, response)


def test_campaign_and_challenge_pages(client, world):
    campaign = client.get(world.campaign.url)
    challenge = client.get(world.challenge.url)
    if world.insider:
        assert campaign.status_code == 200
        assert "Meng Iddi internal space" in html_of(campaign)
        assert challenge.status_code == 200
        assert P_TITLE in html_of(challenge)
    else:
        for response in (campaign, challenge):
            assert response.status_code == 404
            assert_not_leaked(response)
            assert "Meng Iddi internal space" not in html_of(response)


def test_post_form_aimed_at_the_internal_challenge(client, world):
    response = client.get(reverse("ideas:create"), {"challenge": world.challenge.pk})
    if world.user is None:
        assert_hidden_or_sign_in(world, response)
    elif world.insider:
        assert world.challenge.title in html_of(response)
    else:
        assert "does not exist" in html_of(response)
        assert world.challenge.title not in html_of(response)


@pytest.mark.parametrize("action", ["support", "follow"])
def test_support_and_follow(client, world, action):
    model = {"support": Support, "follow": Follow}[action]
    response = client.post(reverse(f"ideas:{action}", args=[world.p.pk]))
    made = model.objects.filter(post=world.p, user=world.user).exists() if world.user else False
    if world.insider:
        assert response.status_code == 302
        assert made
    else:
        assert_hidden_or_sign_in(world, response)
        assert not made


def test_answer_form(client, world):
    response = client.post(reverse("ideas:answer", args=[world.p.pk]), {"body": "Our answer"})
    if not world.insider:
        assert_hidden_or_sign_in(world, response)
        assert not world.p.answers.exists()


def test_similar_posts(client, world):
    backends.reset()
    clustering_services.reset_index()
    clustering_services.index_posts([world.p, world.q])
    try:
        for extra in ({}, {"campaign": world.campaign.pk}):
            query = {"title": P_TITLE, "body": P_BODY, **extra}
            response = client.get(reverse("clustering:similar"), query)
            if world.insider:
                assert response.status_code == 200
                assert world.p.pk in [r["id"] for r in response.json()["results"]]
            else:
                assert_not_leaked(response)
                if extra:  # an internal campaign is as unknown as a made-up one
                    assert response.status_code == 400
                else:
                    assert world.p.pk not in [r["id"] for r in response.json()["results"]]
    finally:
        backends.reset()
        clustering_services.reset_index()
