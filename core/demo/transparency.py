"""Answer history for the demo's transparency page (/transparency/).

DemoContent spreads posts over the last ~160 days and each history between a post's creation
and now, so every answer comes late (35 to 95 % of the post's age) and the 12-month trend has
five months. Here, once, right after the posts are created (so a second `load_demo` changes
nothing): posts outside a consultation are spread over about a year, and answers get a
realistic delay (most within a few days or weeks, a few after months). Consultation posts keep
their dates (they must stay inside their challenge's). Random choices use their own seeded
generator, so the demo is the same on every machine.
"""

import math
import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from ideas.models import Follow, OfficialAnswer, Post, StatusChange, Support

SEED = 9
# Ages of 2 to 160 days become 4 to ~350: the oldest posts fall in the first of the 12 months.
STRETCH = 2.2
# Days to a first answer: log-normal around a week and a half (median), clipped below.
MEDIAN_DELAY_DAYS, SPREAD = 10, 0.9
MIN_DELAY_DAYS = 0.25


def spread_answer_history(now=None):
    now = now or timezone.now()
    rng = random.Random(SEED)
    spontaneous = list(Post.objects.filter(challenge=None).values_list("pk", flat=True))
    _stretch(spontaneous, now)
    for post_id in (
        Post.objects.filter(answers__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
        .order_by("pk")
    ):
        _realistic_delay(post_id, now, rng)


def _stretch(post_ids, now):
    """Every date of these posts moves away from `now` by STRETCH: order is kept."""

    def far(moment):
        return now - (now - moment) * STRETCH

    content_type = ContentType.objects.get_for_model(Post)
    dated = [
        (Post.objects.filter(pk__in=post_ids), ["created_at", "answered_at"]),
        (StatusChange.objects.filter(post_id__in=post_ids), ["created_at"]),
        (OfficialAnswer.objects.filter(post_id__in=post_ids), ["created_at"]),
        (Support.objects.filter(post_id__in=post_ids), ["created_at"]),
        (Follow.objects.filter(post_id__in=post_ids), ["created_at"]),
        (
            XtdComment.objects.filter(
                content_type=content_type, object_pk__in=[str(pk) for pk in post_ids]
            ),
            ["submit_date"],
        ),
    ]
    for queryset, fields in dated:
        rows = list(queryset)
        for row in rows:
            for name in fields:
                if getattr(row, name) is not None:
                    setattr(row, name, far(getattr(row, name)))
        queryset.model.objects.bulk_update(rows, fields, batch_size=500)


def _realistic_delay(post_id, now, rng):
    """Scale the post's history after its creation so that its first answer comes after a drawn
    delay: status changes and answers keep their order."""
    created = Post.objects.filter(pk=post_id).values_list("created_at", flat=True).get()
    answers = list(OfficialAnswer.objects.filter(post_id=post_id).order_by("created_at", "pk"))
    old_delay = answers[0].created_at - created
    age = now - created
    drawn = rng.lognormvariate(math.log(MEDIAN_DELAY_DAYS), SPREAD)
    delay = timedelta(days=max(MIN_DELAY_DAYS, min(drawn, age.days * 0.9)))
    if old_delay.total_seconds() <= 0:
        return
    ratio = delay / old_delay
    last = answers[-1].created_at - created
    if last * ratio > age:  # later answers must stay in the past
        ratio = age * 0.95 / last

    def moved(moment):
        return created + (moment - created) * ratio if moment > created else moment

    for answer in answers:
        answer.created_at = moved(answer.created_at)
    OfficialAnswer.objects.bulk_update(answers, ["created_at"])
    changes = list(StatusChange.objects.filter(post_id=post_id))
    for change in changes:
        change.created_at = moved(change.created_at)
    StatusChange.objects.bulk_update(changes, ["created_at"])
    Post.objects.filter(pk=post_id).update(answered_at=answers[-1].created_at)
