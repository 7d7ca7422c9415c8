"""Reports ("flags") from users on posts and comments. Enough distinct open reports hide the item
until a moderator reviews it (moderation.services.decisions decides from there)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from ideas.models import Post

from ..conf import setting
from ..models import Report
from . import decisions

# The URL names the kind of item: /moderation/report/<kind>/<id>/.
REPORTABLE = {"post": Post, "comment": XtdComment}


def kind_of(target):
    return "post" if isinstance(target, Post) else "comment"


def visible_post_of(target, user):
    """The post `target` is (or is a comment on), if `user` may see it; else None."""
    if isinstance(target, Post):
        post_id = target.pk
    elif isinstance(target, XtdComment) and target.content_type.model_class() is Post:
        if not user.is_moderator and (target.is_removed or not target.is_public):
            return None
        post_id = int(target.object_pk) if str(target.object_pk).isdigit() else None
    else:
        return None
    return Post.objects.visible_to(user).filter(pk=post_id).first()


def reportable(kind, pk, user):
    """The post or comment `user` wants to report, or None if it does not exist for them (the
    view answers 404: an item one may not see must not be confirmed to exist)."""
    model = REPORTABLE.get(kind)
    if model is None or not user.is_authenticated:
        return None
    target = model.objects.filter(pk=pk).first()
    if target is None or visible_post_of(target, user) is None:
        return None
    return target


def refusal(target, user):
    """Why `user` may not report `target` (a visible item), or None."""
    if decisions.author_of(target) == user:
        if isinstance(target, Post):
            return _("You cannot report your own post.")
        return _("You cannot report your own comment.")
    return None


def report(target, *, by, reason, explanation=""):
    """Record `by`'s report on `target`; hide the item once enough people reported it."""
    if not by.is_authenticated or visible_post_of(target, by) is None:
        raise PermissionDenied(_("You cannot report this."))
    message = refusal(target, by)
    if message:
        raise ValidationError(message)
    if reason not in Report.Reason.values:
        raise ValidationError(_("Choose why you report it."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                created = Report.objects.create(
                    reporter=by,
                    content_type=ContentType.objects.get_for_model(target),
                    object_id=str(target.pk),
                    reason=reason,
                    explanation=(explanation or "").strip(),
                )
        except IntegrityError:
            raise ValidationError(_("You already reported this.")) from None
        if isinstance(target, XtdComment):
            # comments-xtd's own flag, so the discussion shows "You reported this comment".
            CommentFlag.objects.get_or_create(
                comment=target, user=by, flag=CommentFlag.SUGGEST_REMOVAL
            )
        # Locked: two reports arriving together hide the item (and log it) once. of=("self",):
        # the comment manager joins nullable relations, which PostgreSQL refuses to lock.
        current = type(target).objects.select_for_update(of=("self",)).get(pk=target.pk)
        if reached_threshold(target) and not is_hidden(current):
            decisions.auto_hide(target)
    return created


def reached_threshold(target):
    reporters = decisions.open_reports(target).values("reporter").distinct().count()
    return reporters >= setting("MODERATION_REPORT_THRESHOLD")


def is_hidden(target):
    if isinstance(target, Post):
        return target.is_hidden
    return target.is_removed or not target.is_public
