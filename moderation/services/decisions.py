"""Moderator decisions on posts and comments (django-comments-xtd's XtdComment), and bans.

Every decision: only moderators (PermissionDenied otherwise), one transaction, one Decision row
(the log is kept forever), and the open reports on the item are resolved. Admin views, the public
report flow and ideas.services all go through here; nothing else changes moderation state.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment

from ideas.models import Post

from ..models import Decision, Report

Action = Decision.Action
# Decisions that change whether an item is shown; the latest one tells why it is hidden.
VISIBILITY_ACTIONS = [Action.APPROVE, Action.HIDE, Action.REJECT, Action.RESTORE, Action.AUTO_HIDE]


def require_moderator(user):
    if not (user.is_authenticated and user.is_moderator):
        raise PermissionDenied(_("Only moderators can take moderation decisions."))


def is_supported(target):
    return isinstance(target, (Post, XtdComment))


def author_of(target):
    return target.author if isinstance(target, Post) else target.user


def decisions_on(target):
    return Decision.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    )


def open_reports(target):
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        resolved_at__isnull=True,
    )


def record(action, target, *, by, public_reason="", message_to_author=""):
    """Log a decision on `target` (a post or comment) and resolve its open reports."""
    if by is not None:
        open_reports(target).update(resolved_at=timezone.now(), resolved_by=by)
    return Decision.objects.create(
        moderator=by,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        user=author_of(target),
        action=action,
        public_reason=public_reason,
        message_to_author=message_to_author,
    )


def update(target, **fields):
    """Write `fields` on the stored row and on `target`. update(), not save(): comments-xtd's
    pre_save hook would otherwise publish or unpublish the whole thread of a comment."""
    if isinstance(target, Post):
        fields["updated_at"] = timezone.now()
    type(target).objects.filter(pk=target.pk).update(**fields)
    for name, value in fields.items():
        setattr(target, name, value)


def refresh_suggestions(target):
    """The similar-posts index keeps a copy of each post's visibility as a pre-filter. Lazy
    import: clustering depends on ideas, which depends on moderation."""
    if isinstance(target, Post):
        from clustering.services.index import refresh_metadata

        refresh_metadata([target.pk])


def _start(target, by):
    require_moderator(by)
    if not is_supported(target):
        raise ValidationError(_("Only posts and comments can be moderated."))


def _required(text, message):
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    # These texts come straight from request.POST (no form); PostgreSQL refuses NUL bytes.
    ProhibitNullCharactersValidator()(text)
    return text


@transaction.atomic
def approve(target, *, by):
    """Publish a post or comment that waited for approval (and un-hide it)."""
    _start(target, by)
    if isinstance(target, Post):
        update(target, awaiting_moderation=False, is_hidden=False, hidden_reason="")
    else:
        update(target, is_public=True, is_removed=False)
    refresh_suggestions(target)
    return record(Action.APPROVE, target, by=by)


@transaction.atomic
def hide(target, *, by, public_reason):
    """Hide from the public; a hidden post's page then shows `public_reason`."""
    _start(target, by)
    reason = _required(public_reason, _("Give the public reason for hiding it."))
    if isinstance(target, Post):
        update(target, is_hidden=True, hidden_reason=reason)
    else:
        update(target, is_removed=True)
    refresh_suggestions(target)
    return record(Action.HIDE, target, by=by, public_reason=reason)


@transaction.atomic
def reject(target, *, by, message):
    """Hide without a public reason and tell the author why (e-mail, in their language)."""
    _start(target, by)
    message = _required(message, _("Write the message that tells the author why."))
    if isinstance(target, Post):
        update(target, is_hidden=True, hidden_reason="")
    else:
        update(target, is_removed=True)
    refresh_suggestions(target)
    decision = record(Action.REJECT, target, by=by, message_to_author=message)
    author = author_of(target)
    if author is not None and author.email and author.is_active:
        transaction.on_commit(lambda: tell_author_of_rejection(author, target, message))
    return decision


def tell_author_of_rejection(author, target, message):
    from notifications.services import language_of  # reads only; notifications is the lead's

    kind = "post" if isinstance(target, Post) else "comment"
    with translation.override(language_of(author)):
        context = {"author": author, "target": target, "kind": kind, "message": message}
        subject = render_to_string("moderation/email/rejected_subject.txt", context).strip()
        body = render_to_string("moderation/email/rejected_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [author.email])


@transaction.atomic
def restore(target, *, by):
    """Show a hidden or rejected item again."""
    _start(target, by)
    if isinstance(target, Post):
        update(target, is_hidden=False, hidden_reason="")
    else:
        update(target, is_removed=False)
    refresh_suggestions(target)
    return record(Action.RESTORE, target, by=by)


@transaction.atomic
def dismiss_reports(target, *, by):
    """The reports were unfounded: resolve them; an item the reports hid is shown again."""
    _start(target, by)
    latest = decisions_on(target).filter(action__in=VISIBILITY_ACTIONS).first()
    if latest is not None and latest.action == Action.AUTO_HIDE:
        if isinstance(target, Post):
            update(target, is_hidden=False, hidden_reason="")
        else:
            update(target, is_removed=False)
        refresh_suggestions(target)
    return record(Action.DISMISS, target, by=by)


def _ban_target(user, by):
    require_moderator(by)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot ban yourself."))
    if (user.is_moderator or user.is_staff) and not by.is_platform_admin:
        raise PermissionDenied(_("Only platform admins can ban staff members."))


@transaction.atomic
def ban_user(user, *, by, reason):
    """Stop `user` from signing in (is_active False: allauth and Django refuse inactive users,
    and their open sessions stop authenticating). Their content stays as it is."""
    _ban_target(user, by)
    reason = _required(reason, _("Give the reason for the ban (only moderators see it)."))
    type(user).objects.filter(pk=user.pk).update(
        is_active=False, banned_at=timezone.now(), ban_reason=reason
    )
    user.refresh_from_db(fields=["is_active", "banned_at", "ban_reason"])
    return Decision.objects.create(moderator=by, user=user, action=Action.BAN, public_reason=reason)


@transaction.atomic
def unban_user(user, *, by):
    _ban_target(user, by)
    type(user).objects.filter(pk=user.pk).update(is_active=True, banned_at=None, ban_reason="")
    user.refresh_from_db(fields=["is_active", "banned_at", "ban_reason"])
    return Decision.objects.create(moderator=by, user=user, action=Action.UNBAN)


@transaction.atomic
def hide_posts_of(user, *, by, public_reason):
    """Hide every post of `user` not hidden yet (the "also hide their posts" of the ban form).
    Returns how many were hidden."""
    require_moderator(by)
    posts = list(Post.objects.filter(author=user, is_hidden=False))
    for post in posts:
        hide(post, by=by, public_reason=public_reason)
    return len(posts)


@transaction.atomic
def auto_hide(target):
    """Hide an item that reached the report threshold until a moderator reviews it (no
    moderator: the reports stay open)."""
    if isinstance(target, Post):
        reason = _("Hidden until a moderator reviews reports about it.")
        update(target, is_hidden=True, hidden_reason=reason)
    else:
        update(target, is_removed=True)
    refresh_suggestions(target)
    return record(Action.AUTO_HIDE, target, by=None)
