"""Rules for comments posted through django-comments-xtd (its form view and its web API).

The receiver runs before comments-xtd stores any comment, whichever way it was posted:
only signed-in users who can see the post may comment, within the rate limit, and the comment
carries the author's public name, never the username or real name django_comments would use.
Personal data is replaced before the comment is stored (the original is kept for moderators
once the comment exists), and a comment with too many links waits for a moderator.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.utils.translation import gettext as _
from django_comments.signals import comment_will_be_posted
from django_comments_xtd.models import TmpXtdComment
from django_comments_xtd.signals import confirmation_received

from core.ratelimit import is_limited
from moderation import screening
from moderation.pii.notice import kinds_of, redaction_notice

from .models import Post

# comments.user_name is a 50-character column, as long as a public name.
USER_NAME_LENGTH = 50
# Set by the wrapped form view, which has already counted the request and answered with 429.
RATE_CHECKED_ATTR = "_comment_rate_checked"
# The redactions of the comment being posted, until it is saved (TmpXtdComment is a dict whose
# keys all become XtdComment fields, so they cannot travel on the comment itself).
PENDING_REDACTIONS_ATTR = "_comment_redactions"


def can_comment_on(user, target):
    if not user or not user.is_authenticated:
        return False
    if isinstance(target, Post):
        return Post.objects.visible_to(user).filter(pk=target.pk).exists()
    return True


def check_comment(sender, comment, request, **kwargs):
    """Return False to make comments-xtd refuse the comment."""
    user = comment.user
    if not can_comment_on(user, comment.content_object):
        return False
    if not getattr(request, RATE_CHECKED_ATTR, False) and is_limited(request, "comment"):
        return False
    comment.user_name = str(user.display_name)[:USER_NAME_LENGTH]
    # comments-xtd mails "follow-up" comments to everyone who once asked for them, without
    # asking whether they may still see the post (a civil servant who left would keep reading
    # internal threads). The form never offers it; refuse it from crafted requests and the API.
    comment.followup = False
    setattr(request, PENDING_REDACTIONS_ATTR, screening.redact_fields(comment, ["comment"]))
    if screening.too_many_links(comment.comment):
        comment.is_public = False  # held: a moderator publishes it or not
    return True


def keep_comment_originals(sender, comment, request, **kwargs):
    """Once comments-xtd has stored the comment (comment.xtd_comment), keep the originals of
    what was redacted and tell the author. comments-xtd sends confirmation_received right after
    creating the comment, from the form view and from the web API alike (comment_was_posted
    carries the unsaved TmpXtdComment in the form view, saved or not depending on the order the
    receivers were connected in)."""
    saved = comment.xtd_comment
    changes = getattr(request, PENDING_REDACTIONS_ATTR, None)
    if saved is None or request is None:
        return
    if changes:
        screening.keep_originals(saved, changes)
        _tell_author(request, changes)
    if not saved.is_public:
        messages.info(
            request,
            _("Your comment has many links: a moderator will check it before it is published."),
        )


def redact_edited_comment(request, comment, text):
    """The text to store when the author edits `comment`: an edit must not bring back the
    personal data that was removed, nor add new. Keeps the original for moderators."""
    edited = SimpleNamespace(comment=text)
    changes = screening.redact_fields(edited, ["comment"])
    if changes:
        screening.keep_originals(comment, changes)
        _tell_author(request, changes)
    return edited.comment


def _tell_author(request, changes):
    findings = [finding for _original, found in changes.values() for finding in found]
    messages.warning(request, redaction_notice(kinds_of(findings)), fail_silently=True)


comment_will_be_posted.connect(
    check_comment, sender=TmpXtdComment, dispatch_uid="ideas.comments.check_comment"
)
confirmation_received.connect(
    keep_comment_originals, sender=TmpXtdComment, dispatch_uid="ideas.comments.keep_originals"
)
