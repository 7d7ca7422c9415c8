"""Merging duplicates into one canonical post, and undoing it.

A merge records exactly which Support / Follow rows it created on the canonical post and the
status each duplicate had, so that undo removes those rows (and nothing else) and puts every
post back. The duplicates keep their own supports: their counts stay meaningful while merged.
"""

import logging
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ideas import services as post_services
from ideas.models import Follow, Post, StatusChange, Support
from ideas.status import Status, can_transition

from ..models import AuditEntry, Merge, MergedPost
from .audit import record

logger = logging.getLogger(__name__)


@transaction.atomic
def merge_posts(canonical, duplicates, *, by, message=""):
    """Merge `duplicates` into `canonical`; returns the triage.Merge."""
    duplicate_ids = list(dict.fromkeys(post.pk for post in duplicates))
    # Lock every post involved so that two triagers cannot merge the same posts at once.
    locked = Post.objects.select_for_update().in_bulk([canonical.pk, *duplicate_ids])
    canonical = locked[canonical.pk]
    duplicates = [locked[pk] for pk in duplicate_ids]
    _check_may_merge(canonical, duplicates, by)

    merge = Merge.objects.create(canonical=canonical, merged_by=by, message=(message or "").strip())
    message = merge.message or _("Merged into “%(title)s”") % {"title": canonical.title}
    supporters = set(Support.objects.filter(post=canonical).values_list("user_id", flat=True))
    supporters.add(canonical.author_id)  # nobody supports their own post
    followers = set(Follow.objects.filter(post=canonical).values_list("user_id", flat=True))
    added = 0
    for duplicate in duplicates:
        people = [duplicate.author_id, *_supporter_ids(duplicate)]
        new_supporters = [pk for pk in dict.fromkeys(people) if pk not in supporters]
        supporters.update(new_supporters)
        watchers = [duplicate.author_id, *_follower_ids(duplicate)]
        new_followers = [pk for pk in dict.fromkeys(watchers) if pk not in followers]
        followers.update(new_followers)
        created_followers = [
            pk
            for pk in new_followers
            if Follow.objects.get_or_create(post=canonical, user_id=pk)[1]
        ]
        Support.objects.bulk_create(Support(post=canonical, user_id=pk) for pk in new_supporters)
        added += len(new_supporters)
        MergedPost.objects.create(
            merge=merge,
            post=duplicate,
            previous_status=duplicate.status,
            added_supporters=new_supporters,
            added_followers=created_followers,
        )
        # Through the ideas service: it checks the transition and writes the public timeline.
        post_services.change_status(
            duplicate,
            by=by,
            new_status=Status.DUPLICATE,
            message=message,
            duplicate_of=canonical,
        )
    Post.objects.filter(pk=canonical.pk).update(support_count=F("support_count") + added)

    cluster, suggestion = _pipeline_view(canonical, duplicates)
    record(
        AuditEntry.Action.MERGE,
        actor=by,
        post=canonical,
        cluster=cluster,
        administration=canonical.administration,
        suggestion=suggestion,
        # "same_cluster": merging says they are the same, so the audit can compare with the
        # pipeline's clustering (followed_suggestion).
        decision={
            "canonical": canonical.pk,
            "merged": duplicate_ids,
            **({"same_cluster": True} if suggestion else {}),
        },
    )
    _refresh_cluster_stats(canonical)
    _notify_after_commit(
        "merged", duplicates, by, canonical, event_key=f"merge:{merge.pk}", message=merge.message
    )
    return merge


@transaction.atomic
def undo_merge(merge, *, by):
    """Put every merged post back as it was; returns the Merge (undone_at set)."""
    merge = Merge.objects.select_for_update().select_related("canonical").get(pk=merge.pk)
    canonical = merge.canonical
    if not by.has_perm("triage.act_on_post", canonical):
        raise PermissionDenied(_("You cannot undo a merge into a post outside your queue."))
    if merge.is_undone:
        raise ValidationError(_("This merge has already been undone."))
    items = list(merge.items.select_related("post"))
    added_supporters = {pk for item in items for pk in item.added_supporters}
    added_followers = {pk for item in items for pk in item.added_followers}
    # Only rows still present: someone may have withdrawn their support since.
    removed, _detail = Support.objects.filter(post=canonical, user_id__in=added_supporters).delete()
    if removed:
        Post.objects.filter(pk=canonical.pk).update(support_count=F("support_count") - removed)
    Follow.objects.filter(post=canonical, user_id__in=added_followers).delete()
    for item in items:
        _restore_status(item, canonical, by)

    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.save(update_fields=["undone_at", "undone_by"])
    record(
        AuditEntry.Action.UNDO_MERGE,
        actor=by,
        post=canonical,
        administration=canonical.administration,
        decision={
            "merge": merge.pk,
            "canonical": canonical.pk,
            "restored": [item.post_id for item in items],
        },
    )
    _refresh_cluster_stats(canonical)
    _notify_after_commit(
        "unmerged", [item.post for item in items], by, canonical, event_key=f"unmerge:{merge.pk}"
    )
    return merge


def live_merge_of(post):
    """The merge, not undone, that made `post` a duplicate; None if there is none."""
    item = (
        MergedPost.objects.filter(post=post, merge__undone_at__isnull=True)
        .select_related("merge")
        .first()
    )
    return item.merge if item else None


def _check_may_merge(canonical, duplicates, by):
    if not duplicates:
        raise ValidationError(_("Choose at least one post to merge."))
    if any(post.pk == canonical.pk for post in duplicates):
        raise ValidationError(_("A post cannot be merged into itself."))
    if not all(by.has_perm("triage.act_on_post", post) for post in [canonical, *duplicates]):
        raise PermissionDenied(_("You can only merge posts of your queue."))
    if canonical.status == Status.DUPLICATE:
        raise ValidationError(
            _("“%(title)s” is itself a duplicate: merge into the original post instead.")
            % {"title": canonical.title}
        )
    if canonical.is_internal and not all(post.is_internal for post in duplicates):
        # Supporters of a public post would be carried into a space they cannot see.
        raise ValidationError(_("A public post cannot be merged into an internal one."))
    already = MergedPost.objects.filter(
        post__in=duplicates, merge__undone_at__isnull=True
    ).select_related("post")
    if already:
        raise ValidationError(
            _("“%(title)s” is already merged into another post.") % {"title": already[0].post.title}
        )


def _supporter_ids(post):
    return Support.objects.filter(post=post).order_by("pk").values_list("user_id", flat=True)


def _follower_ids(post):
    return Follow.objects.filter(post=post).order_by("pk").values_list("user_id", flat=True)


def _restore_status(item, canonical, by):
    """Back to the status before the merge, unless someone changed the post since."""
    post = Post.objects.select_for_update().get(pk=item.post_id)
    if post.status != Status.DUPLICATE or post.duplicate_of_id != canonical.pk:
        return
    message = _("Merge undone")
    previous = Status(item.previous_status)
    if can_transition(post.status, previous) and by.has_perm("ideas.change_status_object", post):
        post_services.change_status(post, by=by, new_status=previous, message=message)
        return
    # "duplicate" may only be reopened for review; undo restores the exact previous status, and
    # still records it on the public timeline.
    Post.objects.filter(pk=post.pk).update(
        status=previous, duplicate_of=None, updated_at=timezone.now()
    )
    StatusChange.objects.create(
        post=post,
        old_status=post.status,
        new_status=previous,
        changed_by=by,
        message=message,
        administration=post.administration
        if by.administrations.filter(pk=post.administration_id).exists()
        else None,
    )


def _pipeline_view(canonical, duplicates):
    """The active cluster of the canonical post, and whether the pipeline had put every merged
    post in it ({} when the pipeline had not clustered these posts)."""
    from clustering.models import Cluster, ClusterMembership

    posts = [canonical, *duplicates]
    clusters = dict(
        ClusterMembership.objects.filter(post__in=posts, cluster__is_active=True).values_list(
            "post_id", "cluster_id"
        )
    )
    if not clusters:
        return None, {}
    same = len(clusters) == len(posts) and len(set(clusters.values())) == 1
    cluster = Cluster.objects.filter(pk=clusters.get(canonical.pk)).first()
    return cluster, {"same_cluster": same}


def _refresh_cluster_stats(canonical):
    """The cluster's support total includes the supports the merge moved."""
    from clustering.models import Cluster
    from clustering.services.clusters import refresh_stats

    cluster = Cluster.objects.active().filter(memberships__post=canonical).first()
    if cluster is not None:
        refresh_stats(cluster)


def _notify_after_commit(kind, posts, by, canonical, *, event_key, **extra):
    """Tell the authors, supporters and followers of the merged posts, once each, after the
    commit. A failing notification is logged and never undoes the merge."""
    posts_by_user = defaultdict(list)
    for post in posts:
        people = [post.author_id, *_supporter_ids(post), *_follower_ids(post)]
        for user_id in dict.fromkeys(people):
            posts_by_user[user_id].append(post)
    users = User.objects.in_bulk(list(posts_by_user))
    posts_by_user = {users[pk]: found for pk, found in posts_by_user.items() if pk in users}

    def send():
        from notifications.services import notify

        try:
            notify(
                kind,
                posts_by_user,
                actor=by,
                extra={"canonical": canonical, **extra},
                event_key=event_key,
            )
        except Exception:
            logger.exception("Could not notify people of the %s of post %s", kind, canonical.pk)

    transaction.on_commit(send)
