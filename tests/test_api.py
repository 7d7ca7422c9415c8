"""The public JSON API (api/): open data, so only published posts, for everyone, and never a
person's name, username or e-mail. Filters, pagination and query counts: test_api_filters.py;
the OpenAPI schema: test_api_schema.py."""

import json

import pytest
from django.urls import reverse

from clustering.models import Cluster, ClusterMembership
from ideas import services
from ideas.models import OfficialAnswer, Post
from ideas.status import Status
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)
from tests.visibility_world import P_BODY, P_TITLE, world_fixture  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/posts/"
AUTHOR = {"username": "anne-author", "public_name": "Anne Author", "email": "anne@private.lu"}
ANSWERER = {"username": "tom-triager", "public_name": "Tom Triager", "email": "tom@acd.etat.lu"}
PERSONAL = [*AUTHOR.values(), *ANSWERER.values()]
POST_FIELDS = {
    "id",
    "url",
    "kind",
    "title",
    "body",
    "suggestion",
    "language",
    "status",
    "procedure",
    "administration",
    "cluster",
    "support_count",
    "created_at",
    "first_answered_at",
    "answers",
    "duplicate_of",
}


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["results"])


def hidden_and_pending(procedure):
    hidden = PostFactory(title="Hidden by a moderator", procedure=procedure, is_hidden=True)
    pending = PostFactory(title="Awaiting approval", procedure=procedure, awaiting_moderation=True)
    return hidden, pending


def test_every_kind_of_user_gets_only_published_posts(world, client):
    """Signed-in insiders (civil servants, triagers, moderators, admins) included: the API reads
    no authentication, so internal, hidden and pending posts are absent and 404 for all."""
    hidden, pending = hidden_and_pending(world.procedure)
    assert ids(client.get(POSTS)) == [world.q.pk]
    for post in (world.p, hidden, pending):
        response = client.get(f"{POSTS}{post.pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No Post matches the given query."}
    for url in (POSTS, f"{POSTS}?q=mission", "/api/v1/statistics/", "/api/v1/procedures/"):
        content = client.get(url).content.decode()
        assert P_TITLE not in content and P_BODY not in content
    procedure = client.get(f"/api/v1/procedures/{world.procedure.pk}/").json()
    assert procedure["public_post_count"] == 1


def test_a_post_shows_its_answers_without_the_person_who_answered(client):
    author = UserFactory(**AUTHOR)
    administration = AdministrationFactory(name="Tax Office")
    procedure = ProcedureFactory(title="Income tax return", administrations=[administration])
    post = PostFactory(author=author, procedure=procedure, title="Paper form only")
    first = services.publish_answer(
        post, by=triager(administration, **ANSWERER), body="We are on it."
    )
    data = client.get(f"{POSTS}{post.pk}/").json()
    assert set(data) == POST_FIELDS
    assert data["url"] == f"http://testserver/posts/{post.pk}/"
    assert data["procedure"] == {"id": procedure.pk, "title": "Income tax return"}
    assert data["administration"] == {"id": administration.pk, "name": "Tax Office"}
    assert data["answers"] == [
        {
            "administration": {"id": administration.pk, "name": "Tax Office"},
            "body": "We are on it.",
            "created_at": data["first_answered_at"],
        }
    ]
    assert data["first_answered_at"].startswith(first.created_at.date().isoformat())
    assert data["cluster"] is None and data["duplicate_of"] is None


def test_no_response_contains_personal_data(client):
    """Author and answering civil servant: username, public name and e-mail appear nowhere."""
    author = UserFactory(**AUTHOR)
    administration = AdministrationFactory(name="Tax Office")
    post = PostFactory(author=author, procedure=ProcedureFactory(administrations=[administration]))
    OfficialAnswer.objects.create(
        post=post,
        administration=administration,
        author=triager(administration, **ANSWERER),
        body="Thank you.",
    )
    cluster = Cluster.objects.create(label="Cluster", model_name="m")
    ClusterMembership.objects.create(post=post, cluster=cluster, assigned_by="batch")
    urls = [reverse("api:api-root"), reverse("api:schema"), f"{reverse('api:schema')}?format=json"]
    for basename, pk in [
        ("post", post.pk),
        ("procedure", post.procedure_id),
        ("administration", administration.pk),
        ("cluster", cluster.pk),
    ]:
        urls += [reverse(f"api:{basename}-list"), reverse(f"api:{basename}-detail", args=[pk])]
    urls.append(reverse("api:statistics"))
    client.force_login(author)  # signed in or not: the same answers
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for secret in PERSONAL:
            assert secret not in content, (url, secret)


def test_duplicate_of_names_only_a_public_post(client):
    internal = PostFactory(campaign=CampaignFactory(audience="internal"))
    public = PostFactory()
    copy_of_internal = PostFactory(duplicate_of=internal, status=Status.DUPLICATE)
    copy_of_public = PostFactory(duplicate_of=public, status=Status.DUPLICATE)
    assert client.get(f"{POSTS}{copy_of_internal.pk}/").json()["duplicate_of"] is None
    assert client.get(f"{POSTS}{copy_of_public.pk}/").json()["duplicate_of"] == public.pk


def test_clusters_count_only_public_posts_and_never_show_the_label(client):
    """The stored label and keywords may come from internal posts: the API shows neither."""
    internal_campaign = CampaignFactory(audience="internal")
    internal = PostFactory(title="Secret reorganisation of the unit", campaign=internal_campaign)
    public = PostFactory(title="Public form is too long", support_count=4)
    quiet = PostFactory(title="Another public post", support_count=1)
    mixed = Cluster.objects.create(
        label=internal.title, keywords=["secret", "reorganisation"], size=3, model_name="m"
    )
    only_internal = Cluster.objects.create(label="Internal only", size=1, model_name="m")
    inactive = Cluster.objects.create(label="Gone", is_active=False, model_name="m")
    for post, cluster in [(internal, mixed), (public, mixed), (quiet, mixed)]:
        ClusterMembership.objects.create(post=post, cluster=cluster, assigned_by="batch")
    ClusterMembership.objects.create(
        post=PostFactory(campaign=internal_campaign), cluster=only_internal, assigned_by="batch"
    )
    ClusterMembership.objects.create(post=PostFactory(), cluster=inactive, assigned_by="batch")
    response = client.get("/api/v1/clusters/")
    assert response.json()["results"] == [
        {
            "id": mixed.pk,
            "public_post_count": 2,
            "public_support_total": 5,
            "representative_post": {"id": public.pk, "title": "Public form is too long"},
        }
    ]
    assert "ecret" not in response.content.decode()
    assert client.get(f"/api/v1/clusters/{only_internal.pk}/").status_code == 404
    assert client.get(f"/api/v1/clusters/{inactive.pk}/").status_code == 404
    assert client.get(f"{POSTS}{public.pk}/").json()["cluster"] == mixed.pk
    assert ids(client.get(POSTS, {"cluster": mixed.pk})) == sorted([public.pk, quiet.pk])


def test_statistics_count_only_public_posts(client):
    administration = AdministrationFactory(name="Tax Office", slug="tax-office")
    procedure = ProcedureFactory(administrations=[administration])
    answered = PostFactory(procedure=procedure)
    OfficialAnswer.objects.create(post=answered, administration=administration, body="Done.")
    PostFactory(procedure=procedure, status=Status.PLANNED)
    PostFactory(procedure=procedure, campaign=CampaignFactory(audience="internal"))
    hidden_and_pending(procedure)
    data = client.get("/api/v1/statistics/").json()
    assert set(data) == {"overall", "administrations"}
    assert data["overall"]["received"] == 2
    assert data["overall"]["answered"] == 1
    assert "administration_id" not in data["overall"]
    [row] = data["administrations"]
    assert row["administration_id"] == administration.pk
    assert (row["name"], row["slug"], row["received"]) == ("Tax Office", "tax-office", 2)
    assert row["status_counts"] == {"submitted": 1, "planned": 1}
    assert row["answered_share"] == 0.5


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, method):
    post = PostFactory()
    for url in (POSTS, f"{POSTS}{post.pk}/", "/api/v1/statistics/", "/api/v1/"):
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert response.status_code == 405, url
        assert Post.objects.filter(pk=post.pk).exists()


def test_get_head_and_options_are_allowed(client):
    PostFactory()
    assert client.head(POSTS).status_code == 200
    response = client.options(POSTS)
    assert response.status_code == 200
    assert "POST" not in response["Allow"] and "GET" in response["Allow"]
    root = client.get("/api/v1/").json()
    assert set(root) == {
        "posts",
        "procedures",
        "administrations",
        "clusters",
        "statistics",
        "schema",
    }


def test_anonymous_clients_are_throttled_per_ip(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/min"},
    }
    # A forged X-Forwarded-For does not make a new client (no trusted proxy header is set).
    answers = [client.get(POSTS, HTTP_X_FORWARDED_FOR=f"1.2.3.{i}").status_code for i in range(4)]
    assert answers == [200, 200, 200, 429]
    response = client.get("/api/v1/procedures/", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200  # another client
    throttled = client.get("/api/v1/statistics/")
    assert throttled.status_code == 429
    assert "detail" in json.loads(throttled.content)
