"""State changes on posts. Views, admin views, tasks and the demo loader all go through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.identity import identity_refusal
from core.language import detect_language
from moderation import screening
from moderation.services import decisions

from .models import Follow, OfficialAnswer, Post, StatusChange, Support
from .status import Status, can_transition


@transaction.atomic
def create_post(
    *,
    author,
    title,
    body,
    kind=Post.Kind.PAIN_POINT,
    suggestion="",
    language="",
    procedure=None,
    campaign=None,
    challenge=None,
):
    """Create a post, route it to the procedure's administration, and make the author follow it.

    The server-side gate for challenges and campaigns: a closed challenge, or a campaign the
    author may not post in, refuses the post whatever the form showed; so does a missing eID
    link where the platform requires one (IDENTITY_REQUIRED_TO_POST).
    """
    refusal = identity_refusal(author, "post")
    if refusal:
        raise ValidationError(refusal)
    if challenge is not None:
        campaign = challenge.campaign
        refusal = challenge.posting_refusal(author)
        if refusal:
            raise ValidationError(refusal)
    if campaign is not None:
        refusal = campaign.posting_refusal(author)
        if refusal:
            raise ValidationError(refusal)
    post = Post(
        author=author,
        title=title.strip(),
        body=body.strip(),
        suggestion=(suggestion or "").strip(),
        kind=kind,
        language=language or detect_language(f"{title} {body} {suggestion}"),
        procedure=procedure,
        administration=procedure.responsible_administration if procedure else None,
        campaign=campaign,
        challenge=challenge,
        awaiting_moderation=bool(campaign and campaign.premoderated),
    )
    # Personal data out of the public text; many links: a moderator looks first.
    redactions = screening.redact_fields(post, ["title", "body", "suggestion"])
    if screening.too_many_links(post.title, post.body, post.suggestion):
        post.awaiting_moderation = True
    post.full_clean()
    post.save()
    screening.keep_originals(post, redactions)
    post.redacted_fields = sorted(redactions)  # the view tells the author what was removed
    StatusChange.objects.create(post=post, old_status="", new_status=post.status, changed_by=author)
    Follow.objects.get_or_create(post=post, user=author)
    # Embedding, clustering and procedure suggestions run after commit, in a Celery task; a
    # failure there never fails the post. Lazy import: clustering depends on ideas.
    from clustering.tasks import schedule_processing

    schedule_processing(post)
    return post


def add_support(post, user):
    """Support a post once. Returns True if this call added the support.

    The unique constraint decides, so double clicks and concurrent requests count once.
    """
    refusal = identity_refusal(user, "support")
    if refusal:
        raise PermissionDenied(refusal)
    if not user.has_perm("ideas.support_post", post):
        raise PermissionDenied(_("You cannot support this post."))
    try:
        with transaction.atomic():
            Support.objects.create(post=post, user=user)
            Post.objects.filter(pk=post.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


def withdraw_support(post, user):
    with transaction.atomic():
        deleted, _detail = Support.objects.filter(post=post, user=user).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(support_count=F("support_count") - deleted)
    return bool(deleted)


def follow(post, user):
    if not user.has_perm("ideas.follow_post", post):
        raise PermissionDenied(_("You cannot follow this post."))
    return Follow.objects.get_or_create(post=post, user=user)[1]


def unfollow(post, user):
    return bool(Follow.objects.filter(post=post, user=user).delete()[0])


@transaction.atomic
def change_status(post, *, by, new_status, message="", duplicate_of=None, notify=False):
    """Move a post to a new public status, recording who, when, old, new and the public message.
    `notify`: tell its authors, supporters and followers after the commit (callers acting on
    many posts at once tell each person once themselves)."""
    if not by.has_perm("ideas.change_status_object", post):
        raise PermissionDenied(_("You cannot change the status of this post."))
    post = Post.objects.select_for_update().get(pk=post.pk)
    new_status = Status(new_status)
    if not can_transition(post.status, new_status):
        raise ValidationError(
            _("A post cannot go from “%(old)s” to “%(new)s”.")
            % {"old": Status(post.status).label, "new": new_status.label}
        )
    message = (message or "").strip()
    if new_status == Status.DECLINED and not message:
        raise ValidationError(_("Explain publicly why the post is declined."))
    if new_status == Status.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError(_("Choose the post this one duplicates."))
        # Point at the original, never at another duplicate, so chains do not form.
        duplicate_of = Post.objects.get(pk=duplicate_of.pk)  # fresh: callers may hold stale rows
        while duplicate_of.duplicate_of_id and duplicate_of.status == Status.DUPLICATE:
            duplicate_of = duplicate_of.duplicate_of
        if duplicate_of.pk == post.pk:
            raise ValidationError(_("A post cannot duplicate itself."))
        post.duplicate_of = duplicate_of
    elif post.status == Status.DUPLICATE:
        post.duplicate_of = None
    old = post.status
    post.status = new_status
    post.save(update_fields=["status", "duplicate_of", "updated_at"])
    change = StatusChange.objects.create(
        post=post,
        old_status=old,
        new_status=new_status,
        changed_by=by,
        message=message,
        administration=post.administration
        if by.administrations.filter(pk=post.administration_id).exists()
        else None,
    )
    if notify:
        _notify_after_commit(
            "status_changed", post, by, f"status:{change.pk}", {"message": message}
        )
    return post


@transaction.atomic
def publish_answer(post, *, by, body, new_status=None, duplicate_of=None, notify=False):
    """Publish the official answer of the responsible administration, optionally with a status.
    `notify`: as for change_status (one "answered" notification, naming the new status)."""
    if not by.has_perm("ideas.answer_post_object", post):
        raise PermissionDenied(_("Only the administration in charge can answer this post."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("The answer cannot be empty."))
    administration = post.administration
    if administration is None:
        raise ValidationError(_("Route the post to an administration before answering it."))
    if new_status and new_status != post.status:
        post = change_status(
            post, by=by, new_status=new_status, message=body, duplicate_of=duplicate_of
        )
    answer = OfficialAnswer.objects.create(
        post=post, administration=administration, author=by, body=body
    )
    Post.objects.filter(pk=post.pk).update(answered_at=answer.created_at)
    if notify:
        _notify_after_commit(
            "answered", post, by, f"answer:{answer.pk}", {"answers": {post.pk: body}}
        )
    return answer


def _notify_after_commit(kind, post, by, event_key, extra):
    """Once the change is committed; a failing notification is logged, never undoes it."""
    # Lazy: notifications reads ideas' models.
    from notifications.services import notify, people_concerned

    transaction.on_commit(
        lambda: notify(kind, people_concerned([post]), actor=by, extra=extra, event_key=event_key),
        robust=True,
    )


@transaction.atomic
def route_to_administration(post, *, by, administration):
    if not by.has_perm("ideas.change_status_object", post):
        raise PermissionDenied(_("You cannot route this post."))
    post.administration = administration
    post.save(update_fields=["administration", "updated_at"])
    return post


def set_hidden(post, *, by, hidden, public_reason=""):
    """Hide a post with a public reason, or restore it: a logged moderation decision
    (moderation.services.decisions checks the permission and refreshes the suggestion index)."""
    if hidden:
        return decisions.hide(post, by=by, public_reason=public_reason)
    return decisions.restore(post, by=by)


def approve_post(post, by):
    """Publish a post of a pre-moderated campaign: until now only its author and moderators saw
    it. Returns True if this call approved it (False: it was already approved)."""
    decisions.require_moderator(by)
    if not Post.objects.filter(pk=post.pk, awaiting_moderation=True).exists():
        post.awaiting_moderation = False
        return False
    decisions.approve(post, by=by)
    return True
