"""The public API's pagination, filters (invalid values: a 400 in JSON) and query counts."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from clustering.models import Cluster, ClusterMembership
from ideas.models import OfficialAnswer, Post
from ideas.status import Status
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/posts/"
PROCEDURES = "/api/v1/procedures/"


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def many_posts(n):
    """`n` public posts in one INSERT (pagination needs more than a page of them)."""
    procedure = ProcedureFactory()
    author = UserFactory()
    Post.objects.bulk_create(
        Post(title=f"Post {i}", body="Body", language="en", author=author, procedure=procedure)
        for i in range(n)
    )


def test_pages_of_twenty_by_default_page_size_capped_at_a_hundred(client):
    many_posts(105)
    first = client.get(POSTS).json()
    assert first["count"] == 105 and len(first["results"]) == 20
    assert first["previous"] is None and first["next"].endswith("/api/v1/posts/?page=2")
    assert len(ids(client.get(POSTS, {"page": 6}))) == 5
    assert len(ids(client.get(POSTS, {"page_size": 7}))) == 7
    assert len(ids(client.get(POSTS, {"page_size": 5000}))) == 100
    beyond = client.get(POSTS, {"page": 7})
    assert beyond.status_code == 404 and beyond.json() == {"detail": "Invalid page."}


def test_filters_status_kind_language(client):
    match = PostFactory(status=Status.PLANNED, kind=Post.Kind.IDEA, language="fr")
    PostFactory(status=Status.PLANNED, kind=Post.Kind.PAIN_POINT, language="fr")
    PostFactory(status=Status.SUBMITTED, kind=Post.Kind.IDEA, language="de")
    assert len(ids(client.get(POSTS, {"status": "planned"}))) == 2
    assert len(ids(client.get(POSTS, {"kind": "idea"}))) == 2
    assert len(ids(client.get(POSTS, {"language": "fr"}))) == 2
    query = {"status": "planned", "kind": "idea", "language": "fr"}
    assert ids(client.get(POSTS, query)) == [match.pk]


def test_filters_procedure_administration_cluster(client):
    tax = AdministrationFactory()
    procedure = ProcedureFactory(administrations=[tax])
    match = PostFactory(procedure=procedure)
    other = PostFactory()
    cluster = Cluster.objects.create(label="c", model_name="m")
    ClusterMembership.objects.create(post=other, cluster=cluster, assigned_by="batch")
    assert ids(client.get(POSTS, {"procedure": procedure.pk})) == [match.pk]
    assert ids(client.get(POSTS, {"administration": tax.pk})) == [match.pk]
    assert ids(client.get(POSTS, {"cluster": cluster.pk})) == [other.pk]
    assert ids(client.get(POSTS, {"procedure": 999999})) == []


def test_filters_created_after_and_before_by_local_day(client):
    old, new = PostFactory(), PostFactory()
    day = timezone.make_aware(datetime(2026, 3, 10, 0, 30))  # 00:30 in Luxembourg
    Post.objects.filter(pk=old.pk).update(created_at=day - timedelta(hours=1))
    Post.objects.filter(pk=new.pk).update(created_at=day)
    assert ids(client.get(POSTS, {"created_after": "2026-03-10"})) == [new.pk]
    assert ids(client.get(POSTS, {"created_before": "2026-03-10"})) == [old.pk]
    both = {"created_after": "2026-03-09", "created_before": "2026-03-11"}
    assert sorted(ids(client.get(POSTS, both))) == sorted([old.pk, new.pk])
    extremes = {"created_after": "0001-01-01", "created_before": "9999-12-31"}
    assert len(ids(client.get(POSTS, extremes))) == 2  # no overflow into a server error


def test_search_and_ordering(client):
    quiet = PostFactory(title="Parking permit renewal", support_count=1)
    loud = PostFactory(title="Child benefit", body="The parking of prams.", support_count=9)
    PostFactory(title="Tax return", support_count=5)
    assert sorted(ids(client.get(POSTS, {"q": "parking"}))) == sorted([quiet.pk, loud.pk])
    assert ids(client.get(POSTS, {"q": "parking", "ordering": "supported"})) == [loud.pk, quiet.pk]
    newest = ids(client.get(POSTS, {"ordering": "newest"}))
    assert newest == ids(client.get(POSTS)) and newest[1] == loud.pk
    assert ids(client.get(POSTS, {"ordering": "supported"}))[0] == loud.pk
    internal = CampaignFactory(audience="internal")
    PostFactory(title="Parking for the ministry staff", campaign=internal)
    assert len(ids(client.get(POSTS, {"q": "parking"}))) == 2


@pytest.mark.parametrize(
    "query",
    [
        {"status": "lost"},
        {"kind": "rant"},
        {"language": "xx"},
        {"procedure": "abc"},
        {"procedure": "1.5"},
        {"administration": "0"},
        {"cluster": "-3"},
        {"created_after": "2026-13-01"},
        {"created_before": "2026-02-30"},
        {"ordering": "oldest"},
        {"q": "x" * 201},
    ],
)
def test_an_invalid_filter_value_is_a_400_that_names_it(client, query):
    response = client.get(POSTS, query)
    assert response.status_code == 400
    [(name, messages)] = response.json().items()
    assert name == next(iter(query)) and isinstance(messages[0], str)


def test_procedure_filters(client):
    tax = AdministrationFactory()
    match = ProcedureFactory(title="Income tax return", theme="impots-taxes", administrations=[tax])
    ProcedureFactory(title="Child benefit", theme="famille")
    ProcedureFactory(title="Tax card", theme="famille")
    assert ids(client.get(PROCEDURES, {"administration": tax.pk})) == [match.pk]
    assert ids(client.get(PROCEDURES, {"theme": "impots-taxes"})) == [match.pk]
    assert ids(client.get(PROCEDURES, {"q": "income tax"})) == [match.pk]
    assert client.get(PROCEDURES, {"administration": "x"}).status_code == 400


def add_world(n):
    """`n` public posts, each with its own procedure, administration, answer and cluster."""
    for i in range(n):
        administration = AdministrationFactory()
        post = PostFactory(procedure=ProcedureFactory(administrations=[administration]))
        OfficialAnswer.objects.create(post=post, administration=administration, body="Yes.")
        cluster = Cluster.objects.create(label=f"c{i}", model_name="m")
        ClusterMembership.objects.create(post=post, cluster=cluster, assigned_by="batch")


@pytest.mark.parametrize(
    "url, most",
    [
        (POSTS, 3),  # count, page, answers
        (PROCEDURES, 3),  # count, page, administrations
        ("/api/v1/administrations/", 2),
        ("/api/v1/clusters/", 2),
    ],
)
def test_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries, url, most):
    add_world(3)
    with django_assert_max_num_queries(most):
        assert len(ids(client.get(url))) == 3
    add_world(12)
    with django_assert_max_num_queries(most):
        assert len(ids(client.get(url))) == 15


@pytest.mark.parametrize("value", ["1.9", "-3", "0", "ten", "²", ""])
def test_a_page_or_page_size_that_is_not_a_positive_whole_number_is_a_400(client, value):
    for name in ("page_size", "page"):
        response = client.get("/api/v1/posts/", {name: value})
        assert response.status_code == 400
        assert name in response.json()
