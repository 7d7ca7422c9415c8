"""Staff pages of the pipeline in the Wagtail admin: clusters, procedure suggestions, decisions."""

import pytest
from django.urls import reverse

from accounts import roles
from clustering.models import Cluster, ClusterMembership, ProcedureDecision, ProcedureSuggestion
from tests.factories import (
    AdministrationFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry():
    return AdministrationFactory(name="Tax office")


@pytest.fixture
def post(ministry):
    """A post of `ministry` with two suggestions; the second leads to another administration."""
    post = PostFactory(procedure=ProcedureFactory(administrations=[ministry]))
    town = AdministrationFactory(name="Town hall")
    for rank, procedure in enumerate(
        [
            ProcedureFactory(title="Income tax return", administrations=[ministry]),
            ProcedureFactory(title="Parking permit", administrations=[town]),
        ],
        start=1,
    ):
        ProcedureSuggestion.objects.create(
            post=post, procedure=procedure, rank=rank, confidence=0.8 / rank, model_name="m"
        )
    return post


def page_url(post):
    return reverse("clustering_admin:post_procedure", args=[post.pk])


def suggestion(post, rank):
    return post.procedure_suggestions.get(rank=rank).procedure


@pytest.mark.parametrize("name", ["clusters", "suggestions"])
def test_citizens_and_anonymous_users_are_kept_out(client, name):
    url = reverse(f"clustering_admin:{name}")
    assert client.get(url).url.startswith(reverse("wagtailadmin_login"))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 302


def test_clusters_moved_to_the_triage_board(client, ministry):
    """The old cluster pages redirect to the triage board, which shows the team's posts."""
    procedure = ProcedureFactory(administrations=[ministry])
    shown = PostFactory(title="Tax form too long", procedure=procedure)
    elsewhere = PostFactory(title="Parking complaint", procedure=None)
    cluster = Cluster.objects.create(label="Tax form too long", size=2, support_total=9)
    for member in (shown, elsewhere):
        ClusterMembership.objects.create(post=member, cluster=cluster, assigned_by="batch")
    client.force_login(triager(ministry))
    listing = client.get(reverse("clustering_admin:clusters"), follow=True)
    assert listing.redirect_chain[-1][0] == reverse("triage_admin:board")
    assert "Tax form too long" in listing.content.decode()
    detail = client.get(reverse("clustering_admin:cluster", args=[cluster.pk]), follow=True)
    assert detail.redirect_chain[-1][0] == reverse("triage_admin:cluster", args=[cluster.pk])
    page = detail.content.decode()
    assert shown.title in page and elsewhere.title not in page


def test_the_responsible_triager_confirms_a_suggestion(client, ministry, post):
    user = triager(ministry)
    client.force_login(user)
    page = client.get(page_url(post)).content.decode()
    assert "Income tax return" in page and "Save the decision" in page
    queue = reverse("clustering_admin:suggestions")
    assert list(client.get(queue).context["page"].object_list) == [post]
    first = suggestion(post, 1)
    response = client.post(page_url(post), {"choice": str(first.pk)})
    assert response.status_code == 302
    decision = ProcedureDecision.objects.get(post=post)
    assert (decision.decision, decision.procedure, decision.decided_by) == (
        "confirmed",
        first,
        user,
    )
    post.refresh_from_db()
    assert post.procedure == first
    assert list(client.get(queue).context["page"].object_list) == []  # decided


def test_a_triager_of_another_administration_may_look_but_not_decide(client, post):
    client.force_login(triager(AdministrationFactory()))
    page = client.get(page_url(post))
    assert page.status_code == 200 and "Save the decision" not in page.content.decode()
    response = client.post(page_url(post), {"choice": str(suggestion(post, 1).pk)})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not ProcedureDecision.objects.exists()


def test_triagers_do_not_even_see_hidden_posts_of_others(client, post):
    post.is_hidden = True
    post.save()
    client.force_login(triager(AdministrationFactory()))
    assert client.get(page_url(post)).status_code == 404


def test_a_moderator_overrides_and_the_post_is_rerouted(client, post):
    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    other = ProcedureFactory(title="Birth allowance", administrations=[AdministrationFactory()])
    response = client.post(page_url(post), {"choice": "other"})
    assert (
        response.status_code == 200 and "Choose the other procedure." in response.content.decode()
    )
    assert not ProcedureDecision.objects.exists()
    client.post(page_url(post), {"choice": "other", "other": str(other.pk)})
    second = suggestion(post, 2)
    client.post(page_url(post), {"choice": str(second.pk)})
    post.refresh_from_db()
    assert post.procedure == second and post.administration.name == "Town hall"
    assert list(post.procedure_decisions.order_by("pk").values_list("decision", flat=True)) == [
        "overridden",
        "confirmed",
    ]
    client.post(page_url(post), {"choice": "none"})
    assert post.procedure_decisions.order_by("pk").last().procedure is None
