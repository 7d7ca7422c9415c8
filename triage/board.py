"""The triage board's read model: one row per cluster holding posts of the user's queue.

A handful of aggregate queries over `queue_for(user)` grouped by cluster (never one query per
cluster); counts are the team's posts only, not the whole cluster's.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, Count, F, Min, OuterRef, Q, Subquery, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _

from clustering.models import Cluster
from procedures.models import Administration

from .deadlines import CLOSED_STATUSES, deadline_days
from .models import ClusterVisit
from .queries import queue_for, sees_everything

TOP_PROCEDURES = 3
UNCLUSTERED = None  # the bucket key of team posts that are in no active cluster yet

# Same rule as triage.deadlines.unanswered, as a Q usable inside aggregates.
UNANSWERED = Q(answered_at__isnull=True) & ~Q(status__in=CLOSED_STATUSES)

SORTS = {
    "size": lambda row: (-row.size, row.sort_label),
    "supports": lambda row: (-row.supports, row.sort_label),
    "new": lambda row: (-(row.new_since_visit or 0), row.sort_label),
    "oldest": lambda row: (-(row.oldest_unanswered_days or -1), row.sort_label),
    # Earliest deadline first; rows with nothing left to answer last.
    "deadline": lambda row: (row.deadline is None, row.deadline or 0, row.sort_label),
}
DEFAULT_SORT = "deadline"


@dataclass
class BoardRow:
    cluster: Cluster | None  # None: the team's posts that are in no cluster yet
    size: int = 0
    supports: int = 0
    new_since_visit: int | None = None
    languages: dict = field(default_factory=dict)  # code -> posts, most first
    procedures: list = field(default_factory=list)  # [{"id", "title", "count"}], most first
    oldest_unanswered_days: int | None = None
    deadline: object = None  # datetime: earliest answer deadline of an unanswered post
    overdue: bool = False

    @property
    def label(self):
        if self.cluster is None:
            return _("Not clustered yet")
        return str(self.cluster)

    @property
    def sort_label(self):
        return self.label.casefold()

    @property
    def top_procedures(self):
        return self.procedures[:TOP_PROCEDURES]


def team_queue(user, administration=None):
    """The user's queue, optionally narrowed to one administration (for admins and members of
    several teams)."""
    queue = queue_for(user)
    if administration is not None:
        queue = queue.filter(administration=administration)
    return queue


def board_rows(
    user,
    *,
    now=None,
    administration=None,
    language="",
    procedure=None,
    overdue_only=False,
    search="",
    sort=DEFAULT_SORT,
):
    """Rows of the board for `user`, filtered and sorted. `procedure` is a Procedure id."""
    now = now or timezone.now()
    posts = _bucketed(team_queue(user, administration))
    rows = _rows(user, posts, now)
    wanted = search.strip().casefold()
    rows = [
        row
        for row in rows
        if (not language or language in row.languages)
        and (not procedure or any(p["id"] == procedure for p in row.procedures))
        and (not overdue_only or row.overdue)
        and (not wanted or wanted in row.sort_label)
    ]
    return sorted(rows, key=SORTS.get(sort, SORTS[DEFAULT_SORT]))


def _bucketed(queue):
    """Annotate each post with its active cluster (`bucket`, None when there is none)."""
    return queue.annotate(
        bucket=Case(
            When(
                cluster_membership__cluster__is_active=True,
                then=F("cluster_membership__cluster_id"),
            ),
            default=None,
        )
    )


def _rows(user, posts, now):
    last_visit = ClusterVisit.objects.filter(user=user, cluster=OuterRef("bucket")).values(
        "seen_at"
    )[:1]
    totals = (
        posts.annotate(seen_at=Subquery(last_visit))
        .values("bucket")
        .annotate(
            size=Count("pk"),
            supports=Sum("support_count"),
            new=Count("pk", filter=Q(seen_at__isnull=True) | Q(created_at__gt=F("seen_at"))),
        )
        .order_by()
    )
    rows = {}
    for entry in totals:
        rows[entry["bucket"]] = BoardRow(
            cluster=None,
            size=entry["size"],
            supports=entry["supports"] or 0,
            new_since_visit=entry["new"] if entry["bucket"] is not UNCLUSTERED else None,
        )
    clusters = Cluster.objects.in_bulk([key for key in rows if key is not UNCLUSTERED])
    for key, row in rows.items():
        row.cluster = clusters.get(key)
    _add_languages(posts, rows)
    _add_procedures(posts, rows)
    _add_deadlines(posts, rows, now)
    return list(rows.values())


def _add_languages(posts, rows):
    counts = posts.values("bucket", "language").annotate(n=Count("pk")).order_by()
    by_bucket = defaultdict(Counter)
    for entry in counts:
        by_bucket[entry["bucket"]][entry["language"]] += entry["n"]
    for key, counter in by_bucket.items():
        rows[key].languages = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _add_procedures(posts, rows):
    counts = (
        posts.filter(procedure__isnull=False)
        .values("bucket", "procedure", "procedure__title")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_bucket = defaultdict(list)
    for entry in counts:
        by_bucket[entry["bucket"]].append(
            {"id": entry["procedure"], "title": entry["procedure__title"], "count": entry["n"]}
        )
    for key, procedures in by_bucket.items():
        rows[key].procedures = sorted(procedures, key=lambda p: (-p["count"], p["title"]))


def _add_deadlines(posts, rows, now):
    """Deadlines depend on each post's administration, so the oldest unanswered post is looked
    up per (cluster, administration) and the administration's delay added in Python."""
    oldest = (
        posts.filter(UNANSWERED)
        .values("bucket", "administration")
        .annotate(created=Min("created_at"))
        .order_by()
    )
    oldest = list(oldest)
    administrations = Administration.objects.in_bulk({e["administration"] for e in oldest} - {None})
    for entry in oldest:
        row = rows[entry["bucket"]]
        days = deadline_days(administrations.get(entry["administration"]))
        deadline = entry["created"] + timedelta(days=days)
        age = (now - entry["created"]).days
        if row.deadline is None or deadline < row.deadline:
            row.deadline = deadline
        if row.oldest_unanswered_days is None or age > row.oldest_unanswered_days:
            row.oldest_unanswered_days = age
    for row in rows.values():
        row.overdue = row.deadline is not None and row.deadline < now


def filter_choices(user, administration=None):
    """Languages and procedures present in the queue, for the board's filter selects."""
    queue = team_queue(user, administration)
    languages = sorted(set(queue.values_list("language", flat=True)))
    procedures = (
        queue.filter(procedure__isnull=False)
        .values_list("procedure", "procedure__title")
        .distinct()
        .order_by("procedure__title")
    )
    return languages, list(procedures)


def board_administrations(user):
    """Administrations the user may narrow the board to: all for platform admins, their own
    for members of several teams; none to choose from for a single team."""
    if sees_everything(user):
        return list(Administration.objects.order_by("name"))
    own = list(user.administrations.order_by("name"))
    return own if len(own) > 1 else []
