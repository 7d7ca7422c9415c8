"""Public answer statistics, per administration and overall, on published posts only.

Definitions (also explained on the page, templates/transparency/_definitions.html):
- received: published posts (what an anonymous visitor sees: no hidden, no awaiting moderation,
  no internal campaign post), counted for the administration currently in charge of them;
- answered: posts with at least one official answer; time to first answer = the earliest
  OfficialAnswer.created_at minus the post's created_at (not Post.answered_at, which every new
  answer moves forward: see ideas.services.publish_answer);
- median and 90th percentile of that time, in days, by linear interpolation between the closest
  ranks (`percentile` below; statistics.quantiles(method="inclusive") and numpy's default);
- overdue: triage.deadlines.overdue, the same rule as the triage board;
- monthly: the last 12 calendar months (site time zone), posts received by creation month and
  posts answered by the month of their first answer;
- satisfaction: the mean ease (1-5) of the procedure satisfaction survey (surveys app) and the
  number of answers, counted for each procedure's lead administration.

The numbers hold no translated text, so the cache keys need no language. They are computed in a
fixed number of queries whatever the number of administrations, and cached for CACHE_SECONDS:
at 100k posts the delays are read once, not per visitor.
"""

from collections import Counter, defaultdict
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from clustering.models import Cluster
from ideas.models import Post
from procedures.models import Administration
from surveys.models import SatisfactionResponse
from triage.deadlines import overdue

MONTHS = 12
CACHE_SECONDS = 5 * 60
CACHE_PREFIX = "transparency:v1"
SECONDS_PER_DAY = 86400


def percentile(sorted_values, fraction):
    """The `fraction` (0..1) percentile of an ascending list, by linear interpolation between
    the closest ranks: position (n - 1) * fraction. None for an empty list."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _days(value):
    return None if value is None else round(value, 1)


def month_keys(now):
    """ "YYYY-MM" of the last MONTHS calendar months, the month of `now` last."""
    local = timezone.localtime(now)
    year, month = local.year, local.month
    keys = []
    for _ in range(MONTHS):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


def _window_start(keys):
    year, month = map(int, keys[0].split("-"))
    return timezone.make_aware(datetime(year, month, 1))


def _month_of(moment):
    return timezone.localtime(moment).strftime("%Y-%m")


def _cached(key, compute, now):
    """Cache the result of `compute()` unless a fixed `now` was given (tests, reports)."""
    if now is not None:
        return compute()
    return cache.get_or_set(f"{CACHE_PREFIX}:{key}", compute, CACHE_SECONDS)


def _summary(received, delays, overdue_count, status_counts, monthly, satisfaction=(0, 0)):
    delays = sorted(delays)
    ease_total, answers = satisfaction
    return {
        "received": received,
        "answered": len(delays),
        "answered_share": len(delays) / received if received else 0.0,
        "median_days_to_first_answer": _days(percentile(delays, 0.5)),
        "p90_days_to_first_answer": _days(percentile(delays, 0.9)),
        "overdue": overdue_count,
        "status_counts": dict(status_counts),
        "monthly": monthly,
        "satisfaction_mean": round(ease_total / answers, 1) if answers else None,
        "satisfaction_count": answers,
    }


def _compute(now):
    """{"overall": {...}, "administrations": [{...}, ...]}: six queries plus overdue()'s."""
    published = Post.objects.published().order_by()
    keys = month_keys(now)
    start = _window_start(keys)

    statuses = defaultdict(Counter)  # administration id (None: not routed) -> status -> n
    for admin_id, status, n in published.values_list("administration_id", "status").annotate(
        n=Count("pk")
    ):
        statuses[admin_id][status] += n

    delays = defaultdict(list)  # administration id -> days to first answer
    answered_in = defaultdict(Counter)  # administration id -> month -> n
    first_answers = (
        # An inner join on the answers, grouped by post: one row per answered post.
        published.filter(answers__isnull=False)
        .annotate(first_answer=Min("answers__created_at"))
        .values_list("administration_id", "created_at", "first_answer")
    )
    for admin_id, created, first in first_answers:
        delays[admin_id].append((first - created).total_seconds() / SECONDS_PER_DAY)
        answered_in[admin_id][_month_of(first)] += 1

    received_in = defaultdict(Counter)
    for admin_id, month, n in (
        published.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .values_list("administration_id", "month")
        .annotate(n=Count("pk"))
    ):
        received_in[admin_id][_month_of(month)] += n

    late = dict(overdue(published, now).values_list("administration_id").annotate(n=Count("pk")))

    satisfaction = {
        admin_id: (total, n)
        for admin_id, total, n in SatisfactionResponse.objects.order_by()
        .values_list("procedure__lead_administration_id")
        .annotate(total=Sum("ease"), n=Count("pk"))
    }

    def monthly(ids):
        return [
            {
                "month": key,
                "received": sum(received_in[i][key] for i in ids),
                "answered": sum(answered_in[i][key] for i in ids),
            }
            for key in keys
        ]

    def satisfaction_of(ids):
        # ids None (overall): every answer, whatever the procedure's administration.
        rows = [row for i, row in satisfaction.items() if ids is None or i in ids]
        return (sum(t for t, _n in rows), sum(n for _t, n in rows))

    def summary(ids, overall=False):
        counts = sum((statuses[i] for i in ids), Counter())
        return _summary(
            sum(counts.values()),
            [d for i in ids for d in delays[i]],
            sum(late.get(i, 0) for i in ids),
            counts,
            monthly(ids),
            satisfaction_of(None if overall else ids),
        )

    administrations = [
        {"administration_id": pk, "name": name, "slug": slug, **summary([pk])}
        for pk, name, slug in Administration.objects.filter(
            pk__in=[pk for pk in statuses if pk is not None]
        )
        .order_by("name")
        .values_list("pk", "name", "slug")
    ]
    overall = {
        "administration_id": None,
        "name": "",
        "slug": None,
        **summary(list(statuses), overall=True),
    }
    return {"overall": overall, "administrations": administrations}


def _all(now):
    return _cached("all", lambda: _compute(now or timezone.now()), now)


def administration_stats(now=None):
    """One dict per administration with at least one published post, by name."""
    return _all(now)["administrations"]


def overall_stats(now=None):
    """The same figures for every published post (routed to an administration or not)."""
    return _all(now)["overall"]


def empty_stats(administration, now=None):
    """The figures of an administration without any published post: zeros."""
    months = [
        {"month": key, "received": 0, "answered": 0} for key in month_keys(now or timezone.now())
    ]
    return {
        "administration_id": administration.pk,
        "name": administration.name,
        "slug": administration.slug,
        **_summary(0, [], 0, {}, months),
    }


def stats_for(administration, now=None):
    for row in administration_stats(now):
        if row["administration_id"] == administration.pk:
            return row
    return empty_stats(administration, now)


def _published(administration):
    posts = Post.objects.published().order_by()
    return posts if administration is None else posts.filter(administration=administration)


def top_clusters(limit=10, administration=None, now=None):
    """Active clusters by number of published posts: [{id, label, public_posts}].

    Automatic labels are not shown: they are a member's title taken when the cluster was built
    (possibly an internal, pending or since hidden post) or keywords drawn from every member's
    text. The label is therefore the title of the cluster's most supported published post, or
    the name a triager gave the cluster when all its members are public (then nothing internal
    can have inspired it)."""

    def compute():
        public = _published(administration)
        public_title = (
            Post.objects.published()
            .filter(cluster_membership__cluster=OuterRef("pk"))
            .order_by("-support_count", "pk")
            .values("title")[:1]
        )
        rows = (
            Cluster.objects.active()
            .annotate(
                public_posts=Count("memberships", filter=Q(memberships__post__in=public)),
                # Published posts of every administration, to compare with all members.
                every_public=Count(
                    "memberships", filter=Q(memberships__post__in=Post.objects.published())
                ),
                all_posts=Count("memberships"),
                public_title=Subquery(public_title),
            )
            .filter(public_posts__gt=0)
            .order_by("-public_posts", "pk")
            .values(
                "pk",
                "label",
                "label_locked",
                "public_posts",
                "every_public",
                "all_posts",
                "public_title",
            )
        )[:limit]
        return [
            {
                "id": row["pk"],
                "label": row["label"]
                if row["label_locked"] and row["label"] and row["all_posts"] == row["every_public"]
                else row["public_title"],
                "public_posts": row["public_posts"],
            }
            for row in rows
        ]

    key = f"clusters:{limit}:{administration.pk if administration else 'all'}"
    return _cached(key, compute, now)


def top_procedures(limit=10, administration=None, now=None):
    """Procedures by number of published posts: [{id, title, slug, public_posts}]."""

    def compute():
        rows = (
            _published(administration)
            .exclude(procedure=None)
            .values("procedure_id", "procedure__title", "procedure__slug")
            .annotate(public_posts=Count("pk"))
            .order_by("-public_posts", "procedure__title")
        )[:limit]
        return [
            {
                "id": row["procedure_id"],
                "title": row["procedure__title"],
                "slug": row["procedure__slug"],
                "public_posts": row["public_posts"],
            }
            for row in rows
        ]

    key = f"procedures:{limit}:{administration.pk if administration else 'all'}"
    return _cached(key, compute, now)
