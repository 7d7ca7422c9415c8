"""Numbers behind the board's charts, computed on the team's queue (server-side: the page shows
them as tables too, so the charts are only a picture of the same data)."""

from datetime import datetime, time, timedelta
from statistics import median

from django.utils import timezone

from .board import UNANSWERED

WEEKS = 12


def week_start(moment):
    """Monday of the week of `moment`, in the site's time zone."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def _weeks(now, weeks):
    last = week_start(now)
    return [last - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def _since(weeks_list):
    return timezone.make_aware(datetime.combine(weeks_list[0], time.min))


def posts_per_week(queue, now, weeks=WEEKS):
    days = _weeks(now, weeks)
    counts = dict.fromkeys(days, 0)
    for created in queue.filter(created_at__gte=_since(days)).values_list("created_at", flat=True):
        start = week_start(created)
        if start in counts:
            counts[start] += 1
    return Series(labels=[d.isoformat() for d in days], values=list(counts.values()))


def answered_vs_unanswered(queue):
    return {
        "answered": queue.filter(answered_at__isnull=False).count(),
        "unanswered": queue.filter(UNANSWERED).count(),
    }


def median_days_to_answer(queue, now, weeks=WEEKS):
    """Per week of the answer: the median number of days between posting and answering."""
    days = _weeks(now, weeks)
    delays = {day: [] for day in days}
    answered = queue.filter(answered_at__gte=_since(days)).values_list("created_at", "answered_at")
    for created, answered_at in answered:
        start = week_start(answered_at)
        if start in delays:
            delays[start].append((answered_at - created).total_seconds() / 86400)
    return Series(
        labels=[d.isoformat() for d in days],
        values=[round(median(v), 1) if v else None for v in delays.values()],
    )


def chart_data(queue, now=None):
    now = now or timezone.now()
    return {
        "per_week": posts_per_week(queue, now),
        "answered": answered_vs_unanswered(queue),
        "median_days": median_days_to_answer(queue, now),
    }


class Series(dict):
    """{"labels": [...], "values": [...]} for the script; `rows` pairs them for the tables."""

    @property
    def rows(self):
        return list(zip(self["labels"], self["values"], strict=True))
