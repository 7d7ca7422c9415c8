"""The pipeline's stored data (vectors as bytes, the "needs embedding" queryset, constraints)
and the pure helpers that shape it (stable cluster ids, keywords)."""

import numpy as np
import pytest
from django.db import IntegrityError, transaction

from clustering.models import (
    Cluster,
    ClusterMembership,
    PostEmbedding,
    ProcedureDecision,
    ProcedureSuggestion,
    from_bytes,
    posts_needing_embedding,
    to_bytes,
)
from clustering.services.labels import ctfidf_keywords
from clustering.services.matching import match_clusters
from ideas.models import Post
from tests.factories import PostFactory, ProcedureFactory, UserFactory

pytestmark = pytest.mark.django_db


def embed(post, model="model-a", vector=(0.6, 0.8)):
    row = PostEmbedding(post=post)
    row.set_vector(np.array(vector), model)
    row.save()
    return row


def test_vectors_are_stored_as_float32_bytes_and_read_back_exactly():
    vector = np.array([0.1, -0.25, 3.5], dtype=np.float64)
    data = to_bytes(vector)
    assert len(data) == 3 * 4
    assert from_bytes(data).dtype == np.float32
    assert np.allclose(from_bytes(data), vector)

    row = embed(PostFactory(), vector=vector)
    row.refresh_from_db()
    assert row.dim == 3 and row.model_name == "model-a"
    assert np.allclose(row.as_array(), vector)


def test_posts_needing_embedding_finds_missing_other_model_and_edited_posts():
    current = PostFactory()
    embed(current)
    never = PostFactory()
    other_model = PostFactory()
    embed(other_model, model="model-b")
    edited = PostFactory()
    embed(edited)
    edited.title = "A new title after the embedding"
    edited.save()  # auto_now: the post is now newer than its embedding

    needing = set(posts_needing_embedding("model-a"))
    assert needing == {never, other_model, edited}
    assert set(posts_needing_embedding("model-b")) == set(Post.objects.all()) - {other_model}


def test_a_confirmed_decision_needs_a_procedure_but_an_override_may_be_none_of_these():
    post, user = PostFactory(), UserFactory()
    ProcedureDecision.objects.create(post=post, decided_by=user, decision="overridden")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureDecision.objects.create(post=post, decided_by=user, decision="confirmed")


def test_one_suggestion_per_post_and_procedure():
    post, procedure = PostFactory(), ProcedureFactory()
    ProcedureSuggestion.objects.create(
        post=post, procedure=procedure, rank=1, confidence=0.9, model_name="m"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureSuggestion.objects.create(
            post=post, procedure=procedure, rank=2, confidence=0.5, model_name="m"
        )


def test_a_post_belongs_to_one_cluster_at_most():
    post = PostFactory()
    first, second = Cluster.objects.create(label="a"), Cluster.objects.create(label="b")
    ClusterMembership.objects.create(post=post, cluster=first, assigned_by="batch")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.create(post=post, cluster=second, assigned_by="batch")
    assert set(Cluster.objects.active()) == {first, second}
    first.is_active = False
    first.save()
    assert list(Cluster.objects.active()) == [second]
    assert str(first) == "a"


def test_matching_keeps_ids_for_the_same_groups_and_the_bigger_part_of_a_split():
    old = {1: 10, 2: 10, 3: 10, 4: 10, 5: 20, 6: 20}
    assert match_clusters({1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 1}, old) == {0: 10, 1: 20}
    # Cluster 10 splits 3 + 1; cluster 20 merges with a new post.
    split = {1: 0, 2: 0, 3: 0, 4: 1, 5: 2, 6: 2, 7: 2}
    assert match_clusters(split, old) == {0: 10, 2: 20}
    assert match_clusters({1: 0, 5: 1}, {1: 10, 2: 10, 3: 10, 4: 10, 5: 20}) == {1: 20}


def test_keywords_are_the_words_that_mark_each_cluster():
    keywords = ctfidf_keywords(
        [
            "tax return tax office the salary tax",
            "parking permit the town hall parking",
        ],
        top=2,
    )
    assert keywords == [["tax", "office"], ["parking", "hall"]]
