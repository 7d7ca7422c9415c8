"""Staff corrections of the clustering: move a post, split a cluster, rename a cluster.

Posts placed by staff get memberships with assigned_by STAFF and renamed clusters get
label_locked: the nightly re-run (clustering.services.clusters.recluster) keeps both.
"""

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clustering.models import Cluster, ClusterMembership, PostEmbedding, from_bytes
from clustering.services.clusters import refresh_centroid, refresh_stats

from ..models import AuditEntry
from ..queries import queue_for
from . import audit

Action = AuditEntry.Action
STAFF = ClusterMembership.AssignedBy.STAFF
LABEL_MIN, LABEL_MAX = 3, 300


def _refresh(cluster):
    """Centroid and stats from the current members; a cluster left empty is switched off."""
    refresh_stats(refresh_centroid(cluster))
    if cluster.size == 0:
        cluster.is_active = False
        cluster.save(update_fields=["is_active", "updated_at"])
    return cluster


def _similarity(post_id, cluster):
    """Cosine of the post's stored vector and the cluster's centroid; 0 without either."""
    centroid = cluster.centroid_array()
    row = PostEmbedding.objects.filter(post_id=post_id, model_name=cluster.model_name).first()
    if centroid is None or row is None:
        return 0.0
    vector = from_bytes(row.vector)
    norms = float(np.linalg.norm(vector) * np.linalg.norm(centroid))
    if vector.shape != centroid.shape or norms == 0.0:
        return 0.0
    return float(vector @ centroid) / norms


def _check_board(user):
    if not user.has_perm("triage.use_board"):
        raise PermissionDenied(_("You cannot use the triage board."))


def _clean_label(label):
    label = (label or "").strip()
    if not LABEL_MIN <= len(label) <= LABEL_MAX:
        raise ValidationError(
            _("A cluster name has %(min)s to %(max)s characters.")
            % {"min": LABEL_MIN, "max": LABEL_MAX}
        )
    return label


def _active_cluster(cluster):
    found = Cluster.objects.select_for_update().filter(pk=cluster.pk, is_active=True).first()
    if found is None:
        raise ValidationError(_("This cluster no longer exists; reload the board."))
    return found


@transaction.atomic
def move_post(post, *, by, cluster):
    """Move a post to another active cluster (kept there by the nightly re-run)."""
    _check_board(by)
    if not by.has_perm("triage.act_on_post", post):
        raise PermissionDenied(_("This post is not in your queue."))
    target = _active_cluster(cluster)
    membership = ClusterMembership.objects.select_for_update().filter(post=post).first()
    if membership is not None and membership.cluster_id == target.pk:
        raise ValidationError(_("The post is already in this cluster."))
    source = membership.cluster if membership is not None else None
    if membership is None:
        membership = ClusterMembership(post=post)
    membership.cluster, membership.assigned_by = target, STAFF
    membership.save()
    _refresh(target)
    if source is not None and source.is_active:
        _refresh(source)
    membership.similarity = _similarity(post.pk, target)
    membership.save(update_fields=["similarity"])
    audit.record(
        Action.MOVE_TO_CLUSTER,
        actor=by,
        post=post,
        cluster=target,
        administration=post.administration,
        # Where the pipeline had put the post, next to where staff put it.
        suggestion={"cluster": source.pk} if source is not None else {},
        decision={"cluster": target.pk},
    )
    return membership


@transaction.atomic
def split_cluster(cluster, *, by, posts, label=""):
    """Move `posts` out of `cluster` into a new cluster; returns the new cluster."""
    _check_board(by)
    cluster = _active_cluster(cluster)
    posts = list(dict.fromkeys(posts))  # keeps the order: the first post may name the cluster
    if not posts:
        raise ValidationError(_("Choose at least one post to split off."))
    ids = [post.pk for post in posts]
    moving = ClusterMembership.objects.select_for_update().filter(cluster=cluster, post_id__in=ids)
    if moving.count() != len(ids):
        raise ValidationError(_("Every post to split off must belong to this cluster."))
    if queue_for(by).filter(pk__in=ids).count() != len(ids):
        raise PermissionDenied(_("Some of these posts are not in your queue."))
    if not cluster.memberships.exclude(post_id__in=ids).exists():
        raise ValidationError(_("At least one post must stay in the cluster."))
    label = _clean_label(label) if (label or "").strip() else ""
    new = Cluster.objects.create(
        label=label or posts[0].title[:LABEL_MAX],
        label_locked=bool(label),
        model_name=cluster.model_name,
    )
    moving.update(cluster=new, assigned_by=STAFF)
    _refresh(new)
    _refresh(cluster)
    for membership in new.memberships.all():
        membership.similarity = _similarity(membership.post_id, new)
        membership.save(update_fields=["similarity"])
    for post in posts:
        audit.record(
            Action.SPLIT_CLUSTER,
            actor=by,
            post=post,
            cluster=new,
            administration=post.administration,
            suggestion={"cluster": cluster.pk},
            decision={"cluster": new.pk},
        )
    return new


@transaction.atomic
def rename_cluster(cluster, *, by, label):
    """Give the cluster a label chosen by staff (kept by the nightly re-run). Needs at least
    one of its posts in `by`'s queue (platform admins: any cluster)."""
    _check_board(by)
    label = _clean_label(label)
    if not queue_for(by).filter(cluster_membership__cluster=cluster).exists():
        raise PermissionDenied(_("None of this cluster's posts is in your queue."))
    cluster = _active_cluster(cluster)
    # The pipeline's label, unless staff had already chosen the one replaced now.
    suggestion = {} if cluster.label_locked else {"label": cluster.label}
    cluster.label, cluster.label_locked = label, True
    cluster.save(update_fields=["label", "label_locked", "updated_at"])
    audit.record(
        Action.RENAME_CLUSTER,
        actor=by,
        cluster=cluster,
        suggestion=suggestion,
        decision={"label": label},
    )
    return cluster
