"""Answering a whole cluster once, and bulk status changes.

Both are all-or-nothing: one post that cannot take the answer or the status rolls everything
back, with a message naming it. People are notified after the commit, once each, however many
of the posts they wrote, support or follow.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clustering.models import ClusterMembership
from ideas.models import StatusChange
from ideas.services import change_status, publish_answer
from ideas.status import Status
from notifications.services import notify, people_concerned
from procedures.models import Administration

from ..models import AnswerTemplate, AuditEntry
from ..queries import queue_for
from .audit import record


class ClusterAnswers(list):
    """The published OfficialAnswers; `skipped` counts the cluster's queued posts left out
    because they are not routed to an administration yet (route them, then answer)."""

    skipped = 0


def administrations_for(user):
    """The administrations whose answer templates `user` keeps: their own; all for admins."""
    if user is None or not user.is_authenticated:
        return Administration.objects.none()
    if user.is_platform_admin:
        return Administration.objects.all()
    return Administration.objects.filter(pk__in=user.administrations.values("pk"))


def answer_templates_for(user):
    """The answer templates `user` may use and edit (the cluster answer form lists these)."""
    return AnswerTemplate.objects.filter(administration__in=administrations_for(user))


def cluster_posts_to_answer(cluster, user, posts=None):
    """The cluster's posts in `user`'s queue that an answer would reach: not the duplicates
    already closed, and only `posts` (objects or ids) when given."""
    members = ClusterMembership.objects.filter(cluster=cluster, cluster__is_active=True)
    targets = (
        queue_for(user)
        .filter(pk__in=members.values("post_id"))
        .exclude(status=Status.DUPLICATE)
        .order_by("pk")
    )
    if posts is not None:
        targets = targets.filter(pk__in=[getattr(post, "pk", post) for post in posts])
    return targets


def answer_cluster(cluster, *, by, body, translations=None, new_status=None, posts=None):
    """Publish one answer on every post of `cluster` in `by`'s queue (or only `posts`), each in
    the post's language when `translations` ({"fr": "...", ...}) has it. Returns the answers
    (a ClusterAnswers list)."""
    if not by.has_perm("triage.use_board"):
        raise PermissionDenied(_("You do not triage posts."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("The answer cannot be empty."))
    translations = {
        language: (text or "").strip()
        for language, text in (translations or {}).items()
        if (text or "").strip()
    }
    targets = list(cluster_posts_to_answer(cluster, by, posts))
    if not targets:
        raise PermissionDenied(_("None of these posts is in your queue."))
    routed = [post for post in targets if post.administration_id is not None]
    if not routed:
        raise ValidationError(_("Route these posts to an administration before answering them."))

    answers = ClusterAnswers()
    answers.skipped = len(targets) - len(routed)
    with transaction.atomic():
        for post in routed:
            with _naming(post):
                answers.append(
                    publish_answer(
                        post,
                        by=by,
                        body=translations.get(post.language) or body,
                        new_status=new_status,
                    )
                )
        record(
            AuditEntry.Action.ANSWER_CLUSTER,
            actor=by,
            cluster=cluster,
            administration=_shared_administration(routed),
            decision={
                "posts": [post.pk for post in routed],
                "status": new_status,
                "languages": sorted(translations),
                "skipped": answers.skipped,
            },
        )
        texts = {answer.post_id: answer.body for answer in answers}
        event_key = f"answer:{answers[0].pk}"  # one event: the cluster's answers, published at once
        transaction.on_commit(
            lambda: notify(
                "answered",
                people_concerned(routed),
                actor=by,
                extra={"answers": texts},
                event_key=event_key,
            )
        )
    return answers


def bulk_change_status(posts, *, by, new_status, message=""):
    """Change the status of several posts with one public message. Returns how many changed
    (posts already in `new_status` are left as they are)."""
    if not by.has_perm("triage.use_board"):
        raise PermissionDenied(_("You do not triage posts."))
    ids = list(dict.fromkeys(getattr(post, "pk", post) for post in posts))
    if not ids:
        raise ValidationError(_("Choose at least one post."))
    chosen = list(queue_for(by).filter(pk__in=ids).order_by("pk"))
    refused = [post for post in chosen if not by.has_perm("ideas.change_status_object", post)]
    if len(chosen) != len(ids) or refused:
        # Checked before changing anything: a refusal never leaves half the posts changed.
        raise PermissionDenied(_("Some of these posts are not yours to change."))
    message = (message or "").strip()

    changed = []
    with transaction.atomic():
        for post in chosen:
            if post.status == new_status:
                continue
            with _naming(post):
                change_status(post, by=by, new_status=new_status, message=message)
            record(
                AuditEntry.Action.BULK_STATUS,
                actor=by,
                post=post,
                administration=post.administration,
                decision={
                    "status": new_status,
                    "previous": post.status,
                    "posts": ids,
                    "message": message,
                },
            )
            changed.append(post)
        if changed:
            # One event: the bulk change, named by its first public timeline entry.
            first = StatusChange.objects.filter(post=changed[0]).latest("pk")
            event_key = f"status:{first.pk}"
            transaction.on_commit(
                lambda: notify(
                    "status_changed",
                    people_concerned(changed),
                    actor=by,
                    extra={"message": message},
                    event_key=event_key,
                )
            )
    return len(changed)


def _shared_administration(posts):
    administrations = {post.administration_id for post in posts}
    return posts[0].administration if len(administrations) == 1 else None


@contextmanager
def _naming(post):
    """Re-raise a post's ValidationError with its title, so the triager knows which one."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(
            _("“%(title)s”: %(error)s") % {"title": post.title, "error": " ".join(error.messages)}
        ) from error
