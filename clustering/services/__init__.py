"""The NLP pipeline in the product: embeddings and the similar-posts index, clusters, and
procedure suggestions. Tasks, views, commands and the demo loader call these functions.
"""

import contextvars
from contextlib import contextmanager

from clustering.models import posts_needing_embedding
from ideas.models import Post

from .clusters import assign_to_cluster, recluster, refresh_stats
from .index import embedder, get_index, index_post, index_posts, post_text, reset_index
from .procedures import (
    can_decide,
    decide_procedure,
    fitted_matcher,
    reset_matcher,
    suggest_for_posts,
    suggest_procedures,
)
from .similar import SimilarPost, similar_posts

__all__ = [
    "SimilarPost",
    "assign_to_cluster",
    "build_all",
    "can_decide",
    "decide_procedure",
    "embedder",
    "fitted_matcher",
    "get_index",
    "index_post",
    "index_posts",
    "post_text",
    "process_missing",
    "process_post",
    "processing_deferred",
    "recluster",
    "refresh_stats",
    "reset_index",
    "reset_matcher",
    "similar_posts",
    "suggest_for_posts",
    "suggest_procedures",
    "is_deferred",
]

_deferred = contextvars.ContextVar("clustering_deferred", default=False)


@contextmanager
def processing_deferred():
    """Within this block new posts are not scheduled one by one (bulk loads call build_all)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def is_deferred():
    return _deferred.get()


def process_post(post):
    """Everything the pipeline does for one new post: embed and index it, put it into a
    cluster, suggest procedures. Idempotent: running it again changes nothing."""
    post = Post.objects.select_related("campaign").get(pk=post.pk)
    row = index_post(post)
    membership = assign_to_cluster(post, row.as_array())
    suggestions = list(post.procedure_suggestions.all())
    if not suggestions:
        suggestions = suggest_procedures(post)
    return {"embedding": row, "membership": membership, "suggestions": suggestions}


def process_missing(limit=500, progress=None):
    """The periodic catch-up: embed posts whose embedding is missing, failed or stale, then
    give every embedded post without a cluster one, and suggest procedures where none are."""
    model = embedder().name
    posts = list(posts_needing_embedding(model).select_related("campaign").order_by("pk")[:limit])
    if posts:
        index_posts(posts, progress=progress)
    unclustered = (
        Post.objects.filter(embedding__model_name=model)
        .exclude(cluster_membership__cluster__is_active=True)
        .order_by("pk")[:limit]
    )
    clustered = 0
    for post in unclustered:
        assign_to_cluster(post)
        clustered += 1
    unsuggested = [p for p in posts if not p.procedure_suggestions.exists()]
    suggest_for_posts(unsuggested)
    return {"embedded": len(posts), "clustered": clustered, "suggested": len(unsuggested)}


def build_all(progress=None):
    """Embed every post that needs it, recluster everything, and suggest procedures for posts
    without suggestions, in batches (the demo loader; also after changing the embedder)."""
    model = embedder().name
    posts = list(posts_needing_embedding(model).select_related("campaign").order_by("pk"))
    index_posts(posts, progress=progress and (lambda done, total: progress("embed", done, total)))
    if progress:
        progress("embed", len(posts), len(posts))
    summary = recluster(progress=progress)
    unsuggested = list(Post.objects.filter(procedure_suggestions__isnull=True).order_by("pk"))
    suggest_for_posts(unsuggested)
    summary.update(embedded=len(posts), suggested=len(unsuggested))
    return summary
