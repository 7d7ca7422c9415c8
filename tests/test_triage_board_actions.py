"""The action forms of a cluster's page: each reaches its service, says what happened, and a
triager can never act on another team's posts (nothing changes, an error message says why)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from clustering.models import Cluster
from ideas.models import OfficialAnswer, Post
from tests.triage_world import build_world
from triage.models import AnswerTemplate, AuditEntry, Merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    world = build_world()
    client.force_login(world.tax_triager)
    return world


def act(client, cluster, action, data):
    """POST an action form, follow the redirect; returns (where it landed, its messages)."""
    response = client.post(
        reverse("triage_admin:act", args=[cluster.pk, action]), data, follow=True
    )
    texts = [(m.level_tag, str(m).strip()) for m in get_messages(response.wsgi_request)]
    return response.redirect_chain[-1][0], texts


def refreshed(post):
    return Post.objects.get(pk=post.pk)


def test_assign_a_suggested_procedure_to_one_post(client, world):
    post = world.ours[1]
    landed, texts = act(
        client, world.shared, "procedure", {"target": post.pk, "choice": world.tax_card.pk}
    )
    assert landed == reverse("triage_admin:cluster", args=[world.shared.pk])
    assert refreshed(post).procedure == world.tax_card
    assert texts == [("success", "The procedure of “Printing the tax return” is saved.")]


def test_assign_a_searched_procedure_to_the_whole_cluster(client, world):
    _response, texts = act(
        client,
        world.shared,
        "procedure",
        {"target": "cluster", "choice": "search", "query": "tax card"},
    )
    assert texts == [("success", "“Tax card” applied to 3 posts.")]
    assert {refreshed(p).procedure for p in world.ours} == {world.tax_card}
    assert refreshed(world.town_post_in_shared).procedure == world.parking


def test_an_ambiguous_search_changes_nothing(client, world):
    _response, texts = act(
        client, world.shared, "procedure", {"target": "cluster", "choice": "search", "query": "tax"}
    )
    assert texts[0][0] == "error" and "Several procedures match" in texts[0][1]
    assert not AuditEntry.objects.exists()


def test_route_a_post_to_another_administration(client, world):
    post = world.ours[2]
    _response, texts = act(
        client, world.shared, "route", {"target": post.pk, "administration": world.town.pk}
    )
    assert refreshed(post).administration == world.town
    assert texts == [("success", "“Tax card on paper only” is routed to Town hall.")]


def test_routing_every_post_away_goes_back_to_the_board(client, world):
    landed, texts = act(
        client, world.shared, "route", {"target": "cluster", "administration": world.town.pk}
    )
    assert landed == reverse("triage_admin:board")
    assert texts == [("success", "3 posts routed to Town hall.")]


def test_move_a_post_to_another_cluster(client, world):
    post = world.ours[2]
    _response, texts = act(
        client, world.shared, "move", {"post": post.pk, "cluster_number": world.theirs.pk}
    )
    assert refreshed(post).cluster_membership.cluster == world.theirs
    assert texts[0][0] == "success"


def test_split_selected_posts_into_a_new_cluster(client, world):
    moved = world.ours[1:]
    _response, texts = act(
        client,
        world.shared,
        "split",
        {"posts": [p.pk for p in moved], "split_label": "Tax card on paper"},
    )
    new = Cluster.objects.get(label="Tax card on paper")
    assert {refreshed(p).cluster_membership.cluster for p in moved} == {new}
    assert texts == [
        ("success", "New cluster “Tax card on paper” created with the selected posts.")
    ]


def test_rename_and_a_refused_rename(client, world):
    _response, texts = act(client, world.shared, "rename", {"label": "Printing forms twice"})
    assert Cluster.objects.get(pk=world.shared.pk).label == "Printing forms twice"
    assert texts[0][0] == "success"
    _response, texts = act(client, world.shared, "rename", {"label": "ab"})  # too short
    assert Cluster.objects.get(pk=world.shared.pk).label == "Printing forms twice"
    assert texts[0] == ("error", "Nothing was changed. A cluster name has 3 to 300 characters.")


def test_merge_then_undo(client, world):
    canonical, duplicate = world.ours[:2]
    _response, texts = act(
        client,
        world.shared,
        "merge",
        {"posts": [canonical.pk, duplicate.pk], "canonical": canonical.pk, "merge_message": ""},
    )
    assert texts == [("success", "1 post merged into “Tax form printed twice”.")]
    assert (refreshed(duplicate).status, refreshed(duplicate).duplicate_of) == (
        "duplicate",
        canonical,
    )
    page = client.get(reverse("triage_admin:cluster", args=[world.shared.pk])).content.decode()
    assert "Undo this merge" in page
    merge = Merge.objects.get()
    _response, texts = act(client, world.shared, "undo", {"merge": merge.pk})
    assert refreshed(duplicate).status == "submitted" and Merge.objects.get().is_undone
    assert texts == [("success", "The merge into “Tax form printed twice” is undone.")]


def test_answer_the_cluster_once_with_a_translation(client, world):
    _response, texts = act(
        client,
        world.shared,
        "answer",
        {
            "body": "We are removing the paper form.",
            "translation_fr": "Nous supprimons le formulaire papier.",
            "new_status": "planned",
        },
    )
    assert texts == [("success", "The answer is published on 3 posts.")]
    bodies = {a.post_id: a.body for a in OfficialAnswer.objects.all()}
    assert bodies == {
        world.ours[0].pk: "Nous supprimons le formulaire papier.",
        world.ours[1].pk: "Nous supprimons le formulaire papier.",
        world.ours[2].pk: "We are removing the paper form.",
    }
    assert {refreshed(p).status for p in world.ours} == {"planned"}
    assert refreshed(world.town_post_in_shared).status == "submitted"


def test_an_empty_answer_is_refused(client, world):
    _response, texts = act(client, world.shared, "answer", {"body": ""})
    assert texts[0][0] == "error" and not OfficialAnswer.objects.exists()


def test_bulk_status_with_a_public_message(client, world):
    chosen = world.ours[:2]
    _response, texts = act(
        client,
        world.shared,
        "bulk",
        {
            "posts": [p.pk for p in chosen],
            "bulk_status": "under_review",
            "bulk_message": "We are looking into it.",
        },
    )
    assert texts == [("success", "The status of 2 posts changed.")]
    assert {refreshed(p).status for p in chosen} == {"under_review"}
    assert refreshed(chosen[0]).status_changes.last().message == "We are looking into it."


def test_answer_templates_fill_the_answer_without_javascript(client, world):
    template = AnswerTemplate.objects.create(
        administration=world.tax, title="Paper forms", language="en", body="Paper goes away."
    )
    foreign = AnswerTemplate.objects.create(
        administration=world.town, title="Town text", language="en", body="Not yours."
    )
    url = reverse("triage_admin:cluster", args=[world.shared.pk])
    page = client.get(url).content.decode()
    assert "Paper forms" in page and "Town text" not in page
    response = client.post(url, {"template": template.pk, "use_template": "1", "body": ""})
    assert response.context["forms"]["answer"].initial["body"] == "Paper goes away."
    assert "Paper goes away.</textarea>" in response.content.decode()
    response = client.post(url, {"template": foreign.pk, "use_template": "1", "body": "Mine"})
    assert response.context["forms"]["answer"].initial["body"] == "Mine"
    assert not OfficialAnswer.objects.exists()


@pytest.mark.parametrize(
    "action, data",
    [
        ("merge", lambda w: {"posts": [w.town_post_in_shared.pk], "canonical": w.ours[0].pk}),
        ("bulk", lambda w: {"posts": [w.town_post_in_shared.pk], "bulk_status": "declined"}),
        ("route", lambda w: {"target": w.town_post_in_shared.pk, "administration": w.tax.pk}),
        ("move", lambda w: {"post": w.town_post_in_shared.pk, "cluster_number": w.theirs.pk}),
        ("split", lambda w: {"posts": [w.town_post_in_shared.pk]}),
    ],
)
def test_another_teams_post_cannot_be_acted_on(client, world, action, data):
    before = refreshed(world.town_post_in_shared)
    _response, texts = act(client, world.shared, action, data(world))
    after = refreshed(world.town_post_in_shared)
    assert texts[0][0] == "error" and texts[0][1].startswith("Nothing was changed.")
    assert (after.status, after.administration, after.cluster_membership.cluster) == (
        before.status,
        before.administration,
        world.shared,
    )
    assert not Merge.objects.exists() and not AuditEntry.objects.exists()


def test_another_teams_cluster_does_not_exist_for_actions(client, world):
    response = client.post(
        reverse("triage_admin:act", args=[world.theirs.pk, "rename"]), {"label": "Mine now"}
    )
    assert response.status_code == 404
    assert Cluster.objects.get(pk=world.theirs.pk).label == "Parking queues"


def test_unknown_actions_and_get_requests_are_refused(client, world):
    assert (
        client.post(reverse("triage_admin:act", args=[world.shared.pk, "delete"])).status_code
        == 404
    )
    assert (
        client.get(reverse("triage_admin:act", args=[world.shared.pk, "rename"])).status_code == 405
    )
