"""The daily digest: each member of a triage team gets one e-mail (in their language) with, per
administration they work for, the posts that arrived in the last 24 hours, the overdue posts
(the oldest first) and how many still wait for an answer. Dispatchers also get the unrouted
posts. Nothing to report, no e-mail; never twice the same day (triage.DigestSent)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ideas.models import Post

from ..deadlines import answer_deadline, overdue, unanswered
from ..models import DigestSent
from ..queries import is_dispatcher

NEW_WINDOW = timedelta(hours=24)
NEW_LISTED = 10  # new posts listed by title; the rest are counted
OVERDUE_LISTED = 5  # the oldest overdue posts listed


@dataclass
class Section:
    """What one administration's queue (or the unrouted posts) has to report today."""

    title: str
    new_count: int = 0
    new_posts: list = field(default_factory=list)
    overdue_count: int = 0
    oldest_overdue: list = field(default_factory=list)
    unanswered_count: int = 0

    @property
    def has_news(self):
        return bool(self.new_count or self.overdue_count)

    @property
    def more_new(self):
        return self.new_count - len(self.new_posts)


def post_link(post):
    """Where a triager answers the post (the staff page: also works for hidden posts)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("staff_posts:decide", args=[post.pk])


def board_link():
    """The triage board, or the admin home while no board is installed."""
    try:
        path = reverse("triage_admin:board")
    except NoReverseMatch:
        path = reverse("wagtailadmin_home")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _item(post, now):
    return {
        "title": post.title,
        "url": post_link(post),
        "created_at": post.created_at,
        "days_waiting": (now - post.created_at).days,
        "deadline": answer_deadline(post),
    }


def section(title, posts, now):
    new = posts.filter(created_at__gte=now - NEW_WINDOW, created_at__lte=now)
    late = overdue(posts, now).select_related("administration").order_by("created_at", "pk")
    return Section(
        title=title,
        new_count=new.count(),
        new_posts=[_item(p, now) for p in new.order_by("-created_at", "-pk")[:NEW_LISTED]],
        overdue_count=late.count(),
        oldest_overdue=[_item(p, now) for p in late[:OVERDUE_LISTED]],
        unanswered_count=unanswered(posts).count(),
    )


def sections_for(user, now):
    """The sections with something to report, for the administrations `user` works for."""
    sections = [
        section(administration.name, Post.objects.filter(administration=administration), now)
        for administration in user.administrations.order_by("name")
    ]
    if is_dispatcher(user):
        sections.append(section(_("Not routed yet"), Post.objects.filter(administration=None), now))
    return [s for s in sections if s.has_news]


def _language(user):
    codes = {code for code, _name in settings.LANGUAGES}
    return user.preferred_language if user.preferred_language in codes else settings.LANGUAGE_CODE


def send_digest(user, now):
    """Compose and send `user`'s digest; False when there is nothing to report."""
    with translation.override(_language(user)):
        sections = sections_for(user, now)
        if not sections:
            return False
        context = {
            "user": user,
            "sections": sections,
            "today": timezone.localdate(now),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "board_url": board_link(),
        }
        subject = " ".join(render_to_string("triage/email/digest_subject.txt", context).split())
        body = render_to_string("triage/email/digest_body.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


def send_daily_digests(now=None):
    """One digest per triage team member with an e-mail address and news, at most once per
    (local) day. Returns how many e-mails were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    members = (
        get_user_model()
        .objects.filter(administrations__isnull=False, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in members:
        if DigestSent.objects.filter(user=user, date=today).exists():
            continue
        try:
            # The row is claimed first: a second worker running at the same time fails on the
            # unique constraint; a failed send rolls the claim back, so a retry sends it.
            with transaction.atomic():
                DigestSent.objects.create(user=user, date=today)
                if not send_digest(user, now):
                    transaction.set_rollback(True)
                    continue
        except IntegrityError:
            continue
        sent += 1
    return sent
