"""PgvectorIndex (HNSW in PostgreSQL) gives the same answers as the exact in-memory NumpyIndex.

Tests marked `services` need PostgreSQL with pgvector (scripts/pgvector-postgres.sh), run with
config.settings.test_postgres and DATABASE_URL pointing at it.
"""

import numpy as np
import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from clustering import backends, services
from clustering.index.auto import auto_index
from clustering.index.numpy_index import NumpyIndex
from clustering.index.pgvector_index import PgvectorIndex, is_available
from tests.factories import CampaignFactory, PostFactory

pytestmark = pytest.mark.django_db
needs_pgvector = pytest.mark.services

N, DIM, QUERIES, K = 2000, 384, 50, 10
CAMPAIGNS = [1, 2, 3, 4, 5, None]
VISIBILITY = ["public", "internal", "hidden"]


def unit(rows, seed):
    vectors = np.random.default_rng(seed).standard_normal((rows, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture(params=["exact", "hnsw"])
def both(request):
    """The same 2,000 random unit vectors with metadata in both indexes. "exact": the default
    (this few rows are scanned exactly); "hnsw": the HNSW index answers, with enough candidates
    per query (random vectors are HNSW's worst case: ef_search 400 found every top 10 here)."""
    rng = np.random.default_rng(7)
    ids = [int(i) for i in rng.permutation(10 * N)[:N] + 1]
    vectors = unit(N, seed=1)
    metadata = [
        {"campaign": CAMPAIGNS[i % len(CAMPAIGNS)], "visibility": VISIBILITY[i % 3]}
        for i in range(N)
    ]
    options = {"exact_below": 0, "ef_search": 1000} if request.param == "hnsw" else {}
    in_memory, pgvector = NumpyIndex(), PgvectorIndex(namespace="test-random", **options)
    for start in range(0, N, 500):
        part = slice(start, start + 500)
        in_memory.add(ids[part], vectors[part], metadata[part])
        pgvector.add(ids[part], vectors[part], metadata[part])
    return in_memory, pgvector, ids


def assert_same(expected, got):
    assert [i for i, _ in got] == [i for i, _ in expected]
    assert np.allclose([s for _, s in got], [s for _, s in expected], atol=1e-5, rtol=0)


def test_the_default_index_is_pgvector_exactly_when_the_database_has_the_extension():
    """The embedded default (SQLite) and a PostgreSQL without pgvector keep NumpyIndex."""
    has_pgvector = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")
            has_pgvector = cursor.fetchone()[0] == 1
    expected = PgvectorIndex if has_pgvector else NumpyIndex
    assert type(backends.build("INDEX")) is expected  # the default pipeline setting
    assert is_available() is has_pgvector


@needs_pgvector
def test_auto_index_picks_pgvector_when_the_extension_is_there():
    assert is_available()
    assert isinstance(auto_index(), PgvectorIndex)
    assert isinstance(backends.build("INDEX"), PgvectorIndex)  # the default pipeline setting


@needs_pgvector
@pytest.mark.parametrize(
    "filters, exclude",
    [
        (None, ()),
        ({"campaign": 3}, ()),
        ({"campaign": None}, ()),
        ({"visibility": ["public", "internal"]}, ()),
        ({"campaign": [1, 2], "visibility": "public"}, ()),
        (None, "first-hits"),
    ],
)
def test_top_k_ids_and_scores_match_the_exact_index(both, filters, exclude):
    in_memory, pgvector, _ = both
    assert len(pgvector) == len(in_memory) == N
    for query in unit(QUERIES, seed=2):
        excluded = [i for i, _ in in_memory.search(query, k=3)] if exclude else ()
        expected = in_memory.search(query, k=K, filters=filters, exclude_ids=excluded)
        assert len(expected) == K
        assert_same(expected, pgvector.search(query, k=K, filters=filters, exclude_ids=excluded))


@needs_pgvector
def test_a_stored_post_finds_itself_first_with_cosine_one(both):
    in_memory, pgvector, ids = both
    _, matrix = in_memory.vectors()
    hit_id, score = pgvector.search(matrix[10], k=1)[0]
    assert hit_id == in_memory.vectors()[0][10] and abs(score - 1.0) < 1e-5
    stored_ids, stored = pgvector.vectors()
    assert stored_ids == sorted(ids)
    order = np.argsort(in_memory.vectors()[0])
    assert np.array_equal(stored, matrix[order])  # float32 values survive the round trip


@needs_pgvector
def test_filters_that_leave_fewer_than_k_rows_return_all_of_them(both):
    in_memory, pgvector, ids = both
    pgvector.add([ids[0]], unit(1, seed=3), [{"campaign": 99, "visibility": "public"}])
    in_memory.add([ids[0]], unit(1, seed=3), [{"campaign": 99, "visibility": "public"}])
    query = unit(1, seed=4)[0]
    assert [i for i, _ in pgvector.search(query, k=K, filters={"campaign": 99})] == [ids[0]]
    assert pgvector.search(query, k=K, filters={"campaign": 12345}) == []


@needs_pgvector
def test_add_replaces_and_remove_deletes_like_the_exact_index(both):
    in_memory, pgvector, ids = both
    query = unit(1, seed=5)[0]
    top = [i for i, _ in in_memory.search(query, k=K)]
    # Replace the worst of the top ten by the query itself and drop the best two.
    for index in (in_memory, pgvector):
        index.add([top[-1]], query[None, :], [{"campaign": 1, "visibility": "public"}])
        index.remove(top[:2] + [10**9])  # an unknown id is ignored
    assert len(pgvector) == len(in_memory) == N - 2
    expected = in_memory.search(query, k=K)
    assert expected[0][0] == top[-1]
    assert_same(expected, pgvector.search(query, k=K))
    assert_same(
        in_memory.search(query, k=K, filters={"campaign": 1}),
        pgvector.search(query, k=K, filters={"campaign": 1}),
    )


def row_version(item_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid FROM clustering_vector_index WHERE item_id = %s", [item_id])
        return cursor.fetchone()[0]


@needs_pgvector
def test_re_adding_an_unchanged_row_does_not_rewrite_it(both):
    """Each process warms its index from every stored embedding: unchanged rows stay put."""
    in_memory, pgvector, ids = both
    _, matrix = in_memory.vectors()
    item_id, meta = in_memory.vectors()[0][0], {"campaign": 1, "visibility": "public"}
    pgvector.add([item_id], matrix[:1], [meta])
    before = row_version(item_id)
    pgvector.add([item_id], matrix[:1], [dict(reversed(meta.items()))])
    assert row_version(item_id) == before
    pgvector.add([item_id], matrix[:1], [{**meta, "visibility": "hidden"}])
    assert row_version(item_id) != before
    assert pgvector.search(matrix[0], k=1, filters={"visibility": "public"})[0][0] != item_id


@needs_pgvector
def test_namespaces_and_dimensions_do_not_mix(both):
    _, pgvector, ids = both
    other = PgvectorIndex(namespace="test-other")
    other.add([ids[0]], np.ones((1, 8), dtype=np.float32) / np.sqrt(8))
    assert len(other) == 1 and len(pgvector) == N
    assert [i for i, _ in other.search(np.ones(8) / np.sqrt(8), k=5)] == [ids[0]]
    assert pgvector.search(np.ones(8) / np.sqrt(8), k=5) == []  # no 8-d vectors there


TITLE = "Income tax return form is too long"
BODY = "The income tax return form asks every year for the same salary data again."


def similar_ids(client, index_backend, campaign=None):
    pipeline = {**settings.CLUSTERING_PIPELINE}
    pipeline["INDEX"] = {"BACKEND": index_backend, "OPTIONS": {}}
    with override_settings(CLUSTERING_PIPELINE=pipeline):
        services.reset_index()
        assert type(services.get_index()).__name__ == index_backend.rsplit(".", 1)[1]
        params = {"title": TITLE, "body": BODY, **({"campaign": campaign} if campaign else {})}
        response = client.get("/posts/similar.json", params)
        assert response.status_code == 200
        return [(r["id"], round(r["score"], 4)) for r in response.json()["results"]]


@needs_pgvector
def test_the_similar_endpoint_returns_the_same_posts_on_both(client):
    backends.reset()
    services.reset_index()
    campaign = CampaignFactory()
    words = ["tax", "return", "form", "salary", "income", "year", "data", "long", "parking"]
    rng = np.random.default_rng(11)
    posts = [
        PostFactory(
            title=" ".join(rng.choice(words, 4)),
            body=" ".join(rng.choice(words, 12)),
            campaign=campaign if i % 3 == 0 else None,
            is_hidden=i % 7 == 0,
        )
        for i in range(60)
    ]
    services.index_posts(posts)
    numpy_path = "clustering.index.numpy_index.NumpyIndex"
    pgvector_path = "clustering.index.pgvector_index.PgvectorIndex"
    try:
        for scope in (None, campaign.pk):
            expected = similar_ids(client, numpy_path, scope)
            assert len(expected) == 5  # SIMILAR_LIMIT: enough similar visible posts exist
            assert similar_ids(client, pgvector_path, scope) == expected
    finally:
        backends.reset()
        services.reset_index()
