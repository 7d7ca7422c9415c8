"""Telling people what happened to posts they care about.

One event (a cluster answered, a bulk status change, a merge) may touch many posts of the same
person: they get ONE notification and ONE e-mail listing their posts, written in their language.
Nobody is told about a post they may not see (Post.objects.visible_to decides).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django_comments_xtd.models import XtdComment

from ideas.models import Follow, Post, Support

from . import preferences
from .models import Notification, NotificationSettings

logger = logging.getLogger(__name__)

# The comment is quoted in the notification up to this many characters; the link has the rest.
COMMENT_EXCERPT_LENGTH = 500


def people_concerned(posts):
    """{user: [posts]} for the authors, supporters and followers of `posts` (four queries).
    Each person's posts keep the order of `posts` and appear once."""
    posts = list(posts)
    order = {post.pk: index for index, post in enumerate(posts)}
    by_id = {post.pk: post for post in posts}
    pairs = {(post.author_id, post.pk) for post in posts}
    for model in (Support, Follow):
        pairs.update(model.objects.filter(post_id__in=by_id).values_list("user_id", "post_id"))
    users = get_user_model().objects.in_bulk({user_id for user_id, _post_id in pairs})
    concerned = {}
    for user_id, post_id in sorted(pairs, key=lambda pair: order[pair[1]]):
        concerned.setdefault(users[user_id], []).append(by_id[post_id])
    return concerned


def language_of(user):
    """The language we write to `user` in: their choice if the site offers it."""
    offered = {code for code, _name in settings.LANGUAGES}
    return user.preferred_language if user.preferred_language in offered else settings.LANGUAGE_CODE


def absolute(url):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def notify(kind, posts_by_user, *, actor=None, extra=None, event_key=""):
    """One notification (in-app + e-mail in the person's language) per person, listing their
    posts; people who may no longer see a post are not told about it. Returns how many people
    were notified.

    `event_key` names the event ("answer:12"): a person already notified of it is not notified
    again, so reporting an event twice (a retried task) changes nothing. The e-mail is written
    only if the person's settings allow it now; the on-site notification always.

    `kind`: a Notification.Kind. `extra` (all optional):
    - "answers": {post_id: answer text} (answered: shown under each post);
    - "message": the public message of a status change or merge;
    - "canonical": the post duplicates were merged into (merged / unmerged), named only to
      people who may see it;
    - "fragment": appended to the post's link ("#c12": a comment);
    - "commenter", "comment_text": who wrote a comment, and its text (comment kinds).
    """
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind: {kind}")
    extra = extra or {}
    told = set()
    if event_key:
        told = set(
            Notification.objects.filter(
                event_key=event_key, user__in=list(posts_by_user)
            ).values_list("user_id", flat=True)
        )
    wants = NotificationSettings.of_users(posts_by_user)
    rows = []
    for user, posts in posts_by_user.items():
        if not user.is_active or (actor is not None and user.pk == actor.pk) or user.pk in told:
            continue
        visible, canonical = _visible(user, posts, extra.get("canonical"))
        if not visible:
            continue
        with translation.override(language_of(user)):
            context = _context(user, visible, canonical, extra)
            message = render_to_string(f"notifications/message/{kind}.txt", context).strip()
            subject = body = ""
            if user.email and wants[user.pk].allows_email(kind):
                subject, body = _email(kind, user, {**context, "message": message})
            rows.append(
                Notification(
                    user=user,
                    kind=kind,
                    event_key=event_key,
                    post=visible[0],
                    message=message,
                    url=visible[0].get_absolute_url() + extra.get("fragment", ""),
                    email_subject=subject,
                    email_body=body,
                )
            )
    if event_key:
        # Two runs at the same moment: the constraint keeps one row, the other run skips it.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = Notification.objects.filter(
            event_key=event_key, user__in=[row.user for row in rows]
        )
    else:
        created = Notification.objects.bulk_create(rows)
    from .tasks import schedule_emails  # lazy: tasks import this module

    schedule_emails([row.pk for row in created if row.email_body and row.emailed_at is None])
    return len(rows)


def notify_about_comment(comment_pk):
    """Tell the author of the comment replied to ("comment_reply") and the post's followers
    ("new_comment") about a published comment, once each (nobody gets both, nor hears of their
    own comment). Called once the comment is stored, and again when a moderator publishes a
    held one: the event keys make the second call change nothing. Returns how many people were
    notified."""
    comment = XtdComment.objects.filter(pk=comment_pk).select_related("user").first()
    if comment is None or not comment.is_public or comment.is_removed:
        return 0  # held for moderation or removed: nobody may read it yet
    post = comment.content_object
    if not isinstance(post, Post) or comment.user is None:
        return 0
    extra = {
        "commenter": comment.user.display_name,
        "comment_text": Truncator(comment.comment).chars(COMMENT_EXCERPT_LENGTH),
        "fragment": f"#c{comment.pk}",
    }
    replied_to = None
    if comment.parent_id and comment.parent_id != comment.pk:
        parent = XtdComment.objects.filter(pk=comment.parent_id, is_removed=False).first()
        replied_to = parent.user if parent is not None else None
    count = 0
    if replied_to is not None:
        count += notify(
            Notification.Kind.COMMENT_REPLY,
            {replied_to: [post]},
            actor=comment.user,
            extra=extra,
            event_key=f"reply:{comment.pk}",
        )
    already = [comment.user_id] + ([replied_to.pk] if replied_to is not None else [])
    followers = get_user_model().objects.filter(follows__post=post).exclude(pk__in=already)
    count += notify(
        Notification.Kind.NEW_COMMENT,
        {follower: [post] for follower in followers.order_by("pk")},
        actor=comment.user,
        extra=extra,
        event_key=f"comment:{comment.pk}",
    )
    return count


def _visible(user, posts, canonical=None):
    """The user's posts they may see, freshly read (current status, duplicate_of), in the given
    order; and `canonical` if they may see it too."""
    ids = [post.pk for post in posts]
    wanted = ids + ([canonical.pk] if canonical is not None else [])
    fresh = Post.objects.visible_to(user).filter(pk__in=wanted).select_related("administration")
    found = {post.pk: post for post in fresh}
    visible = [found[pk] for pk in dict.fromkeys(ids) if pk in found]
    return visible, found.get(canonical.pk) if canonical is not None else None


def _context(user, posts, canonical, extra):
    answers = extra.get("answers") or {}
    items = [
        {
            "post": post,
            "title": post.title,
            "url": absolute(post.get_absolute_url()),
            "status": post.get_status_display(),
            "answer": answers.get(post.pk, ""),
        }
        for post in posts
    ]
    # Posts answered with the same text are listed together above that text.
    groups = {}
    for item in items:
        groups.setdefault(item["answer"], []).append(item)
    return {
        "user": user,
        "items": items,
        "answer_groups": [{"answer": text, "items": group} for text, group in groups.items()],
        "public_message": extra.get("message", ""),
        "canonical": canonical,
        "canonical_url": absolute(canonical.get_absolute_url()) if canonical else "",
        "commenter": extra.get("commenter", ""),
        "comment_text": extra.get("comment_text", ""),
        "comment_url": absolute(posts[0].get_absolute_url() + extra.get("fragment", "")),
        "notifications_url": absolute(reverse("notifications:list")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def _email(kind, user, context):
    """(subject, body) of the e-mail, rendered now in the recipient's language; the body ends
    with the links to the settings and to unsubscribe (no sign-in needed)."""
    context = {
        **context,
        "settings_url": absolute(reverse("notifications:settings")),
        "unsubscribe_kind_label": preferences.kind_label(kind),
        "unsubscribe_kind_url": absolute(preferences.unsubscribe_path(user, kind)),
        "unsubscribe_all_url": absolute(preferences.unsubscribe_path(user)),
    }
    subject = render_to_string(f"notifications/email/{kind}_subject.txt", context)
    body = render_to_string(f"notifications/email/{kind}_body.txt", context)
    return " ".join(subject.split())[:300], body.strip() + "\n"


def send_pending_emails(ids=None, limit=500):
    """Send the e-mails of notifications not e-mailed yet (only `ids` if given). Each row is
    claimed (marked sent) before its e-mail goes out, so neither a retry nor a task running at
    the same time sends it twice; a failure gives it back. The action they report is committed:
    a mail server failure is logged, the periodic task retries. Returns how many were sent.

    Every e-mail carries the RFC 8058 one-click unsubscribe headers for its kind."""
    pending = Notification.objects.email_pending().select_related("user").order_by("pk")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = 0
    connection = get_connection()
    for row in pending[:limit]:
        claimed = Notification.objects.email_pending().filter(pk=row.pk)
        if not claimed.update(emailed_at=timezone.now()):
            continue  # sent by another run meanwhile, or the person unsubscribed
        message = EmailMessage(
            row.email_subject,
            row.email_body,
            to=[row.user.email],
            connection=connection,
            headers=unsubscribe_headers(row.user, row.kind),
        )
        try:
            message.send()
        except OSError:  # smtplib.SMTPException is an OSError
            Notification.objects.filter(pk=row.pk).update(emailed_at=None)
            logger.exception("Could not e-mail notification %s; will retry", row.pk)
            break  # the server is likely down: leave the rest for the next run
        sent += 1
    return sent


def unsubscribe_headers(user, kind):
    """RFC 8058: mail programs show an "unsubscribe" button that POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{absolute(preferences.unsubscribe_path(user, kind))}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
