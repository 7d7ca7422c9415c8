"""Reads behind a cluster's page on the triage board: its posts with what the pipeline says about
them, the procedures suggested for the cluster, the nearest clusters and the undoable merges."""

from dataclasses import dataclass

import numpy as np
from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from clustering.models import Cluster, ProcedureSuggestion
from procedures.models import Procedure

from .deadlines import answer_deadline, is_overdue
from .models import ClusterVisit, Merge

SUGGESTIONS_PER_POST = 3
CLUSTER_SUGGESTIONS = 8
NEAREST = 5
RECENT_MERGES = 10


@dataclass
class PostCard:
    post: object
    similarity: float
    suggestions: list
    deadline: object
    overdue: bool
    is_new: bool


def post_cards(posts, *, previous_visit=None, now=None):
    """`posts`: the cluster's posts in the user's queue, most central first."""
    now = now or timezone.now()
    posts = (
        posts.select_related("procedure", "administration", "cluster_membership", "duplicate_of")
        .prefetch_related(
            Prefetch(
                "procedure_suggestions",
                queryset=ProcedureSuggestion.objects.select_related("procedure").order_by("rank"),
            )
        )
        .order_by("-cluster_membership__similarity", "pk")
    )
    return [
        PostCard(
            post=post,
            similarity=post.cluster_membership.similarity,
            suggestions=list(post.procedure_suggestions.all())[:SUGGESTIONS_PER_POST],
            deadline=answer_deadline(post),
            overdue=is_overdue(post, now),
            is_new=previous_visit is None or post.created_at > previous_visit,
        )
        for post in posts
    ]


def record_visit(user, cluster, now=None):
    """Mark the cluster seen now; returns when the user had seen it before (None: never)."""
    visit = ClusterVisit.objects.filter(user=user, cluster=cluster).first()
    previous = visit.seen_at if visit else None
    ClusterVisit.objects.update_or_create(
        user=user, cluster=cluster, defaults={"seen_at": now or timezone.now()}
    )
    return previous


def cluster_suggestions(posts):
    """Procedures the pipeline suggested for any of `posts`, best confidence first:
    [{"procedure": Procedure, "confidence": float}]."""
    best = (
        ProcedureSuggestion.objects.filter(post__in=posts.values("pk"))
        .values("procedure")
        .annotate(confidence=Max("confidence"))
        .order_by("-confidence", "procedure")[:CLUSTER_SUGGESTIONS]
    )
    best = list(best)
    procedures = Procedure.objects.in_bulk([row["procedure"] for row in best])
    return [
        {"procedure": procedures[row["procedure"]], "confidence": row["confidence"]}
        for row in best
        if row["procedure"] in procedures
    ]


def nearest_clusters(cluster, limit=NEAREST):
    """Active clusters whose centroid is closest to `cluster`'s (same embedding model)."""
    centroid = cluster.centroid_array()
    if centroid is None or not np.linalg.norm(centroid):
        return []
    others = (
        Cluster.objects.active()
        .filter(model_name=cluster.model_name, centroid__isnull=False)
        .exclude(pk=cluster.pk)
        .only("pk", "label", "centroid")
    )
    scored = []
    unit = centroid / np.linalg.norm(centroid)
    for other in others:
        vector = other.centroid_array()
        norm = np.linalg.norm(vector)
        if vector.shape == unit.shape and norm:
            scored.append((float(vector @ unit) / float(norm), other))
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return [other for _score, other in scored[:limit]]


def recent_merges(posts):
    """Merges that are not undone and touched `posts` (as canonical or as duplicate)."""
    ids = posts.values("pk")
    return list(
        Merge.objects.filter(undone_at__isnull=True)
        .filter(Q(canonical__in=ids) | Q(items__post__in=ids))
        .select_related("canonical", "merged_by")
        .prefetch_related("items__post")
        .distinct()
        .order_by("-created_at")[:RECENT_MERGES]
    )
