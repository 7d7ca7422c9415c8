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

from ideas.models import Follow, Post, Support

from .models import Notification

logger = logging.getLogger(__name__)


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


def notify(kind, posts_by_user, *, actor=None, extra=None):
    """One notification (in-app + e-mail in the person's language) per person, listing their
    posts; people who may no longer see a post are not told about it. Returns how many people
    were notified.

    `kind`: "answered", "status_changed", "merged", "unmerged". `extra` (all optional):
    - "answers": {post_id: answer text} (answered: shown under each post);
    - "message": the public message of a status change or merge;
    - "canonical": the post duplicates were merged into (merged / unmerged), named only to
      people who may see it.
    """
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind: {kind}")
    extra = extra or {}
    rows = []
    for user, posts in posts_by_user.items():
        if not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        visible, canonical = _visible(user, posts, extra.get("canonical"))
        if not visible:
            continue
        with translation.override(language_of(user)):
            context = _context(user, visible, canonical, extra)
            message = render_to_string(f"notifications/message/{kind}.txt", context).strip()
            subject, body = _email(kind, user, {**context, "message": message})
            rows.append(
                Notification(
                    user=user,
                    kind=kind,
                    post=visible[0],
                    message=message,
                    url=visible[0].get_absolute_url(),
                    email_subject=subject if user.email else "",
                    email_body=body if user.email else "",
                )
            )
    created = Notification.objects.bulk_create(rows)
    from .tasks import schedule_emails  # lazy: tasks import this module

    schedule_emails([row.pk for row in created if row.email_body])
    return len(rows)


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
        "notifications_url": absolute(reverse("notifications:list")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def _email(kind, user, context):
    """(subject, body) of the e-mail, rendered now in the recipient's language."""
    subject = render_to_string(f"notifications/email/{kind}_subject.txt", context)
    body = render_to_string(f"notifications/email/{kind}_body.txt", context)
    return " ".join(subject.split())[:300], body.strip() + "\n"


def send_pending_emails(ids=None, limit=500):
    """Send the e-mails of notifications not e-mailed yet (only `ids` if given); each row is
    marked when its e-mail went out, so a retry never sends twice what was already sent. The
    action they report is committed: a mail server failure is logged, the periodic task
    retries. Returns how many were sent."""
    pending = Notification.objects.email_pending().select_related("user").order_by("pk")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = 0
    connection = get_connection()
    for row in pending[:limit]:
        message = EmailMessage(
            row.email_subject, row.email_body, to=[row.user.email], connection=connection
        )
        try:
            message.send()
        except OSError:  # smtplib.SMTPException is an OSError
            logger.exception("Could not e-mail notification %s; will retry", row.pk)
            break  # the server is likely down: leave the rest for the next run
        Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
