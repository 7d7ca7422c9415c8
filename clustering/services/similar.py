"""Similar existing posts while a person is still writing (the duplicate check of the form).

The index is searched without the database, over-fetching, then the database keeps only the
posts the user may see (Post.objects.visible_to): hidden or internal posts never leak, even if
the index's metadata is stale.
"""

import logging
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from clustering import backends
from clustering.conf import pipeline_setting
from clustering.models import PostEmbedding, from_bytes
from ideas.models import Post
from ideas.status import Status

from .index import embedder, get_index, post_text

logger = logging.getLogger(__name__)

# Candidates fetched per wanted result before the visibility filter; grown if too few survive.
OVERFETCH = 4
MAX_FETCH = 400
# Cosine above which a candidate counts as a likely duplicate when no DuplicateScorer works.
FALLBACK_DUPLICATE_COSINE = 0.9


@dataclass
class SimilarPost:
    post: Post
    score: float
    likely_duplicate: bool = False


def min_chars():
    return pipeline_setting("SIMILAR_MIN_CHARS")


def min_score():
    """Cosine below which a post is not worth showing: CLUSTERING_PIPELINE["SIMILAR_MIN_SCORE"]
    if set, else the clusterer's (calibrated, per embedder) threshold for joining a cluster,
    i.e. "about the same pain point". Scores of different models are not comparable."""
    configured = getattr(settings, "CLUSTERING_PIPELINE", {}).get("SIMILAR_MIN_SCORE")
    if configured is not None:
        return float(configured)
    return float(backends.get("CLUSTERER").assign_threshold)


def similar_posts(text, user, campaign=None, exclude=None, k=None):
    """The k posts most similar to `text` that `user` may see, best first ([] if too short)."""
    text = (text or "").strip()  # newlines kept: stored posts are embedded as "title\nbody"
    if len(" ".join(text.split())) < min_chars():
        return []
    vector = embedder().encode_queries([text])[0]
    return similar_to_vector(vector, text, user, campaign=campaign, exclude=exclude, k=k)


def search_index(index, vector, k, threshold, filters=None, exclude=()):
    """(post id, cosine) pairs at or above `threshold`, best first: the index step alone (no
    database), shared with bench/similar.py."""
    hits = index.search(vector, k=k, filters=filters, exclude_ids=tuple(exclude or ()))
    return [(pk, score) for pk, score in hits if score >= threshold]


def similar_to_vector(vector, text, user, campaign=None, exclude=None, k=None):
    k = k or pipeline_setting("SIMILAR_LIMIT")
    fetch, threshold, index = k * OVERFETCH, min_score(), get_index()
    filters = {"campaign": getattr(campaign, "pk", campaign)} if campaign is not None else None
    while True:
        relevant = search_index(index, vector, fetch, threshold, filters, exclude)
        results = _visible(relevant, user) if relevant else []
        if len(results) >= k or len(relevant) < fetch or fetch >= MAX_FETCH:
            break
        fetch = min(fetch * OVERFETCH, MAX_FETCH)
    results = results[:k]
    if results:
        texts = [post_text(r.post) for r in results]
        vectors = _stored_vectors([r.post.pk for r in results])
        flags = duplicate_flags(text, vector, texts, vectors, [r.score for r in results])
        for result, flag in zip(results, flags, strict=True):
            result.likely_duplicate = flag
    return results


def _visible(hits, user):
    scores = dict(hits)
    # A post already closed as a duplicate points elsewhere: it cannot be supported.
    posts = (
        Post.objects.visible_to(user)
        .filter(pk__in=scores)
        .exclude(status=Status.DUPLICATE)
        .only("pk", "title", "body", "suggestion", "status", "support_count", "language", "author")
    )
    found = [SimilarPost(post=p, score=scores[p.pk]) for p in posts]
    return sorted(found, key=lambda r: (-r.score, r.post.pk))


def duplicate_flags(text, vector, texts, vectors, scores):
    """Is each candidate a likely duplicate of `text`? The configured DuplicateScorer decides
    from the stored vectors (no encoding; `vectors` None: it encodes); a cosine threshold if
    the scorer fails. No database: shared with bench/similar.py."""
    try:
        scorer = backends.get("DUPLICATES")
        if vectors is None:
            probabilities = scorer.score([text] * len(texts), texts)
        else:
            query = np.asarray(vector, dtype=np.float32)[None, :]
            probabilities = scorer.score(
                [text] * len(texts),
                texts,
                a_vectors=np.repeat(query, len(texts), axis=0),
                b_vectors=vectors,
            )
        return [bool(flag) for flag in scorer.is_duplicate(probabilities)]
    except Exception:  # noqa: BLE001 - the suggestion box must work without the scorer
        if not _warned:
            logger.exception("DuplicateScorer failed; falling back to a cosine threshold")
            _warned.append(True)
        return [score >= FALLBACK_DUPLICATE_COSINE for score in scores]


_warned = []


def _stored_vectors(post_ids):
    rows = dict(
        PostEmbedding.objects.filter(post_id__in=post_ids, model_name=embedder().name).values_list(
            "post_id", "vector"
        )
    )
    if len(rows) < len(post_ids):
        return None
    return np.vstack([from_bytes(rows[pk]) for pk in post_ids])
