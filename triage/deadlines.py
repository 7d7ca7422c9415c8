"""When a post must have its answer: `created_at` + the deadline of the administration in
charge (Administration.answer_deadline_days, else TRIAGE_ANSWER_DEADLINE_DAYS). A post is
overdue when that moment has passed, nobody has answered it and its status is not final."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ideas.status import Status
from procedures.models import Administration

from .conf import setting

# Final decisions (see ideas/status.py): nothing is owed on these any more.
CLOSED_STATUSES = (Status.IMPLEMENTED, Status.DECLINED, Status.DUPLICATE)


def default_days():
    return setting("TRIAGE_ANSWER_DEADLINE_DAYS")


def deadline_days(administration):
    """Days `administration` has to answer (None: an unrouted post, the default)."""
    if administration is not None and administration.answer_deadline_days is not None:
        return administration.answer_deadline_days
    return default_days()


def answer_deadline(post):
    return post.created_at + timedelta(days=deadline_days(post.administration))


def awaits_answer(post):
    return post.answered_at is None and post.status not in CLOSED_STATUSES


def is_overdue(post, now=None):
    return awaits_answer(post) and answer_deadline(post) < (now or timezone.now())


def unanswered(queryset):
    """Posts of `queryset` still owed an answer, overdue or not."""
    return queryset.filter(answered_at__isnull=True).exclude(status__in=CLOSED_STATUSES)


def overdue(queryset, now=None):
    """Posts of `queryset` whose answer deadline has passed, in SQL: one condition per distinct
    deadline length among the administrations concerned."""
    now = now or timezone.now()
    waiting = unanswered(queryset)
    routed = set(
        waiting.exclude(administration=None)
        .order_by()
        .values_list("administration_id", flat=True)
        .distinct()
    )
    by_days = {}
    for pk, days in Administration.objects.filter(pk__in=routed).values_list(
        "pk", "answer_deadline_days"
    ):
        by_days.setdefault(days if days is not None else default_days(), []).append(pk)
    condition = Q(administration=None, created_at__lt=now - timedelta(days=default_days()))
    for days, administrations in by_days.items():
        condition |= Q(
            administration__in=administrations, created_at__lt=now - timedelta(days=days)
        )
    return waiting.filter(condition)
