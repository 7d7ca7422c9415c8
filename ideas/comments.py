"""Rules for comments posted through django-comments-xtd (its form view and its web API).

The receiver runs before comments-xtd stores any comment, whichever way it was posted:
only signed-in users who can see the post may comment, within the rate limit, and the comment
carries the author's public name, never the username or real name django_comments would use.
"""

from django_comments.signals import comment_will_be_posted
from django_comments_xtd.models import TmpXtdComment

from core.ratelimit import is_limited

from .models import Post

# comments.user_name is a 50-character column, as long as a public name.
USER_NAME_LENGTH = 50
# Set by the wrapped form view, which has already counted the request and answered with 429.
RATE_CHECKED_ATTR = "_comment_rate_checked"


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
    return True


comment_will_be_posted.connect(
    check_comment, sender=TmpXtdComment, dispatch_uid="ideas.comments.check_comment"
)
