"""Clusters of posts about the same pain point: incremental assignment of each new post, and
the batch re-run (recluster) that keeps cluster ids stable and swaps in atomically. Staff
decisions survive the re-run: posts placed by a triager stay put, renamed labels stay."""

import logging
from collections import Counter

import numpy as np
from django.db import transaction
from django.utils import timezone

from clustering import backends
from clustering.embedders.base import Embedder
from clustering.models import Cluster, ClusterMembership, PostEmbedding, from_bytes, to_bytes
from ideas.models import Post
from procedures.models import Procedure

from .index import embedder, stored_vector
from .labels import ctfidf_keywords
from .matching import match_clusters

logger = logging.getLogger(__name__)

TOP_PROCEDURES = 3
KEYWORDS = 5
CHUNK = 900  # ids per IN (...) clause: SQLite limits the number of query parameters
MEMBER_FIELDS = ("pk", "title", "support_count", "language", "procedure_id")


def assign_to_cluster(post, vector=None):
    """Put a post into the closest active cluster, or open a new one. Idempotent: a post that
    already belongs to an active cluster stays there (the nightly re-run may move it)."""
    current = ClusterMembership.objects.filter(post=post, cluster__is_active=True).first()
    if current is not None:
        return current
    vector = stored_vector(post) if vector is None else np.asarray(vector, dtype=np.float32)
    if vector is None:
        raise ValueError(f"post {post.pk} has no embedding yet")
    model = embedder().name
    active = list(Cluster.objects.active().filter(model_name=model).values_list("pk", "centroid"))
    # Mean vectors, not re-normalised: vector . mean is the average similarity to the members,
    # the same rule the batch clusterer merges by.
    means = np.vstack([from_bytes(c) for _pk, c in active]) if active else None
    best = backends.get("CLUSTERER").assign(vector, means)
    with transaction.atomic():
        ClusterMembership.objects.filter(post=post).delete()  # one in a deactivated cluster
        if best is None:
            cluster = Cluster.objects.create(
                label=post.title, centroid=to_bytes(vector), model_name=model, size=0
            )
            similarity = 1.0
        else:
            cluster = Cluster.objects.select_for_update().get(pk=active[best][0])
            size = cluster.memberships.count()
            mean = (cluster.centroid_array() * size + vector) / (size + 1)
            cluster.centroid = to_bytes(mean)
            similarity = float(Embedder.normalise(means[best])[0] @ vector)
        membership = ClusterMembership.objects.create(
            post=post,
            cluster=cluster,
            similarity=similarity,
            assigned_by=ClusterMembership.AssignedBy.INCREMENTAL,
        )
        refresh_stats(cluster)
    return membership


def refresh_stats(cluster):
    """Recompute size, supports, languages and top procedures of one cluster from its members."""
    members = list(
        Post.objects.filter(cluster_membership__cluster=cluster).values_list(*MEMBER_FIELDS)
    )
    titles = _procedure_titles({m[4] for m in members})
    for field, value in _stats(members, titles).items():
        setattr(cluster, field, value)
    cluster.is_active = True
    cluster.save()
    return cluster


def refresh_centroid(cluster):
    """Set the centroid to the mean of the members' stored vectors (of the cluster's model, or
    the first model found when it has none); unchanged when no member has a vector. Not saved:
    refresh_stats() saves."""
    rows = list(
        PostEmbedding.objects.filter(post__cluster_membership__cluster=cluster)
        .order_by("post_id")
        .values_list("model_name", "vector")
    )
    model = cluster.model_name or (rows[0][0] if rows else "")
    vectors = [from_bytes(vector) for name, vector in rows if name == model]
    if vectors:
        cluster.centroid = to_bytes(np.vstack(vectors).mean(axis=0))
        cluster.model_name = model
    return cluster


def _stats(members, procedure_titles):
    """`members`: rows of MEMBER_FIELDS."""
    languages = Counter(m[3] for m in members)
    procedures = Counter(m[4] for m in members if m[4])
    top = sorted(procedures.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_PROCEDURES]
    return {
        "size": len(members),
        "support_total": sum(m[2] for m in members),
        "languages": dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
        "top_procedures": [
            {"id": pk, "title": procedure_titles.get(pk, ""), "count": n} for pk, n in top
        ],
    }


def _procedure_titles(ids):
    ids = [i for i in ids if i]
    titles = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        titles.update(Procedure.objects.filter(pk__in=chunk).values_list("pk", "title"))
    return titles


def _noop(stage, done, total):
    pass


def recluster(progress=None):
    """Cluster every stored embedding again, keep the ids of clusters that persist, and swap
    the result in with one transaction: if anything fails, the old clusters stay as they were.

    `progress(stage, done, total)` is called as the work advances. Returns a summary dict.
    """
    progress = progress or _noop
    model = embedder().name
    progress("load", 0, 1)
    # Posts a triager placed (move, split) are not re-clustered: they stay in their cluster.
    pinned = dict(
        ClusterMembership.objects.filter(
            cluster__is_active=True, assigned_by=ClusterMembership.AssignedBy.STAFF
        ).values_list("post_id", "cluster_id")
    )
    ids, matrix = _load_vectors(model, skip=pinned)
    progress("load", 1, 1)
    progress("cluster", 0, 1)
    labels = _labels_without_noise(backends.get("CLUSTERER").fit_predict(matrix) if ids else [])
    progress("cluster", 1, 1)
    old = dict(
        ClusterMembership.objects.filter(cluster__is_active=True)
        .exclude(assigned_by=ClusterMembership.AssignedBy.STAFF)
        .values_list("post_id", "cluster_id")
    )
    mapping = match_clusters(dict(zip(ids, labels.tolist(), strict=True)), old)
    progress("describe", 0, 1)
    plan = _describe(ids, matrix, labels)
    progress("describe", 1, 1)
    with transaction.atomic():
        summary = _swap(plan, mapping, ids, model, progress, set(pinned.values()))
    summary.update(posts=len(ids), reused_ids=len(mapping), kept_by_staff=len(pinned))
    return summary


def _load_vectors(model, skip=()):
    rows = PostEmbedding.objects.filter(model_name=model).order_by("post_id")
    ids, chunks = [], []
    for post_id, vector in rows.values_list("post_id", "vector").iterator(5000):
        if post_id in skip:
            continue
        ids.append(post_id)
        chunks.append(bytes(vector))
    if not ids:
        return [], np.zeros((0, 0), dtype=np.float32)
    return ids, np.frombuffer(b"".join(chunks), dtype=np.float32).reshape(len(ids), -1)


def _labels_without_noise(labels):
    """Rows an algorithm leaves alone (-1) become clusters of their own: every post has one."""
    labels = np.asarray(labels, dtype=np.int64).copy()
    noise = labels < 0
    if noise.any():
        start = labels.max() + 1 if (~noise).any() else 0
        labels[noise] = np.arange(start, start + noise.sum())
    # Renumber 0..k-1 in order of first appearance, so the plan does not depend on the algorithm.
    _unique, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return order[inverse]


def _describe(ids, matrix, labels):
    """Per new cluster: members, mean vector, similarities, stats, keywords and label."""
    if not ids:
        return [], np.zeros(0, dtype=np.float32)
    k = int(labels.max()) + 1
    counts = np.bincount(labels, minlength=k).astype(np.float32)
    sums = np.zeros((k, matrix.shape[1]), dtype=np.float32)
    order = np.argsort(labels, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(labels, minlength=k))[:-1]]
    sums[:] = np.add.reduceat(matrix[order], starts, axis=0)
    means = sums / counts[:, None]
    unit = Embedder.normalise(means)
    similarity = np.einsum("ij,ij->i", matrix, unit[labels])
    info = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        info.update(
            {
                row[0]: row
                for row in Post.objects.filter(pk__in=chunk).values_list(
                    *MEMBER_FIELDS, "body", "is_hidden"
                )
            }
        )
    titles = _procedure_titles({row[4] for row in info.values()})
    members = [[] for _ in range(k)]
    for row, label in zip(order.tolist(), labels[order].tolist(), strict=True):
        members[label].append(row)
    texts = [" ".join(f"{info[ids[r]][1]} {info[ids[r]][5]}" for r in rows) for rows in members]
    several = [c for c in range(k) if len(members[c]) > 1]
    keywords = dict(
        zip(several, ctfidf_keywords([texts[c] for c in several], top=KEYWORDS), strict=True)
    )
    plan = []
    for c in range(k):
        rows = members[c]
        # The label is a member's title: never a hidden post's, since triagers see labels.
        shown = [r for r in rows if not info[ids[r]][6]]
        best = max(shown or rows, key=lambda r: (similarity[r], info[ids[r]][2], -ids[r]))
        label = info[ids[best]][1] if shown else ", ".join(keywords.get(c, [])) or f"#{c}"
        plan.append(
            {
                "rows": rows,
                "centroid": means[c],
                "label": label,
                "keywords": keywords.get(c, []),
                **_stats([info[ids[r]][:5] for r in rows], titles),
            }
        )
    return plan, similarity


CLUSTER_FIELDS = [
    "label",
    "keywords",
    "size",
    "support_total",
    "languages",
    "top_procedures",
    "centroid",
    "model_name",
    "is_active",
]


def _swap(described, mapping, ids, model, progress, staff_clusters=()):
    plan, similarity = described
    reused = Cluster.objects.in_bulk(list(set(mapping.values())))
    # Everything inactive first; the clusters that persist are switched back on below.
    Cluster.objects.filter(is_active=True).update(is_active=False)
    to_update, to_create, clusters, now = [], [], [], timezone.now()
    for number, item in enumerate(plan):
        cluster = reused.get(mapping.get(number)) or Cluster()
        if not cluster.label_locked:  # a label chosen by staff stays
            cluster.label = item["label"][:300]
        cluster.keywords = item["keywords"]
        cluster.centroid = to_bytes(item["centroid"])
        cluster.model_name, cluster.is_active, cluster.updated_at = model, True, now
        for field in ("size", "support_total", "languages", "top_procedures"):
            setattr(cluster, field, item[field])
        (to_update if cluster.pk else to_create).append(cluster)
        clusters.append(cluster)
    # One UPDATE per cluster: Django's bulk_update builds CASE WHEN over the JSON and bytea
    # columns, which PostgreSQL ran ~3-4x slower (12,445 clusters: 80 s instead of ~20 s,
    # bench/pgvector_scale.py).
    for cluster in to_update:
        cluster.save(update_fields=CLUSTER_FIELDS + ["updated_at"])
    Cluster.objects.bulk_create(to_create, batch_size=500)
    # Clusters holding posts placed by staff stay, even if no new cluster matched them.
    Cluster.objects.filter(pk__in=staff_clusters).update(is_active=True)
    progress("save", 1, 3)
    for start in range(0, len(ids), CHUNK):
        ClusterMembership.objects.filter(post_id__in=ids[start : start + CHUNK]).delete()
    # Posts embedded during the run keep their cluster unless it is gone (then embed_missing
    # assigns them again).
    ClusterMembership.objects.filter(cluster__is_active=False).delete()
    progress("save", 2, 3)
    memberships = [
        ClusterMembership(
            post_id=ids[row],
            cluster=cluster,
            similarity=float(similarity[row]),
            assigned_by=ClusterMembership.AssignedBy.BATCH,
        )
        for cluster, item in zip(clusters, plan, strict=True)
        for row in item["rows"]
    ]
    ClusterMembership.objects.bulk_create(memberships, batch_size=2000)
    for cluster in Cluster.objects.filter(pk__in=staff_clusters):
        refresh_stats(refresh_centroid(cluster))  # batch members + the ones staff placed
    # Last step inside the transaction: a failure up to here rolls everything back.
    progress("save", 3, 3)
    return {"clusters": len(clusters), "new_clusters": len(to_create)}
