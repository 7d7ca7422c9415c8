"""The open datasets: their documented fields and their rows, read from public posts only.

Every dataset starts from `Post.objects.published()` (the visibility rule for anonymous
visitors: no hidden post, none awaiting moderation, none of an internal campaign) and carries no
personal data: no author, no answering or status-changing person, no e-mail, no employer.
Rows are streamed (values() + iterator()), so 100k posts never sit in memory at once.
"""

from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clustering.models import ClusterMembership
from ideas.models import OfficialAnswer, Post, StatusChange

CHUNK = 2000


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: tuple  # (name, meaning) pairs, in column order
    rows: object  # callable returning an iterator of dicts keyed by field name

    @property
    def field_names(self):
        return [name for name, _meaning in self.fields]


def timestamp(value):
    """ISO 8601 in UTC, or None."""
    return value.astimezone(UTC).isoformat() if value else None


def post_url_maker():
    """pk -> absolute URL of the post page, without one reverse() per row."""
    marker = 987654321
    template = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "ideas:detail", kwargs={"pk": marker}
    )
    before, after = template.split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def published_pks():
    return Post.objects.published().values("pk")


def post_rows():
    first_answer = (
        OfficialAnswer.objects.filter(post=OuterRef("pk"))
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    posts = (
        Post.objects.published()
        .annotate(
            first_answer_at=Subquery(first_answer),
            # A duplicate link is exported only when the original is public too.
            duplicate_is_public=Exists(
                Post.objects.published().filter(pk=OuterRef("duplicate_of"))
            ),
        )
        .order_by("pk")
        .values(
            "pk",
            "kind",
            "title",
            "body",
            "suggestion",
            "language",
            "status",
            "procedure_id",
            "procedure__slug",
            "procedure__title",
            "administration_id",
            "administration__name",
            "cluster_membership__cluster_id",
            "cluster_membership__cluster__is_active",
            "support_count",
            "created_at",
            "first_answer_at",
            "duplicate_of_id",
            "duplicate_is_public",
        )
    )
    url_of = post_url_maker()
    for post in posts.iterator(chunk_size=CHUNK):
        in_active_cluster = post["cluster_membership__cluster__is_active"]
        yield {
            "id": post["pk"],
            "url": url_of(post["pk"]),
            "kind": post["kind"],
            "title": post["title"],
            "body": post["body"],
            "suggestion": post["suggestion"],
            "language": post["language"],
            "status": post["status"],
            "procedure_id": post["procedure_id"],
            "procedure_slug": post["procedure__slug"],
            "procedure_title": post["procedure__title"],
            "administration_id": post["administration_id"],
            "administration_name": post["administration__name"],
            "cluster_id": post["cluster_membership__cluster_id"] if in_active_cluster else None,
            "support_count": post["support_count"],
            "created_at": timestamp(post["created_at"]),
            "first_answer_at": timestamp(post["first_answer_at"]),
            "duplicate_of_id": post["duplicate_of_id"] if post["duplicate_is_public"] else None,
        }


def answer_rows():
    answers = (
        OfficialAnswer.objects.filter(post__in=published_pks())
        .order_by("pk")
        .values("pk", "post_id", "administration_id", "administration__name", "body", "created_at")
    )
    url_of = post_url_maker()
    for answer in answers.iterator(chunk_size=CHUNK):
        yield {
            "id": answer["pk"],
            "post_id": answer["post_id"],
            "post_url": url_of(answer["post_id"]),
            "administration_id": answer["administration_id"],
            "administration_name": answer["administration__name"],
            "body": answer["body"],
            "created_at": timestamp(answer["created_at"]),
        }


def status_change_rows():
    changes = (
        StatusChange.objects.filter(post__in=published_pks())
        .order_by("pk")
        .values(
            "pk",
            "post_id",
            "old_status",
            "new_status",
            "administration_id",
            "administration__name",
            "message",
            "created_at",
        )
    )
    for change in changes.iterator(chunk_size=CHUNK):
        yield {
            "id": change["pk"],
            "post_id": change["post_id"],
            "old_status": change["old_status"] or None,
            "new_status": change["new_status"],
            "administration_id": change["administration_id"],
            "administration_name": change["administration__name"],
            "message": change["message"],
            "created_at": timestamp(change["created_at"]),
        }


def cluster_rows():
    """Active clusters with at least one public post; counts over public posts only.

    Labels need care: the pipeline labels a cluster with a member's title, chosen among members
    that are not hidden, which may be a post awaiting moderation or of an internal campaign; an
    incremental label may also outlive its post's membership. So a label is exported only when
    it is the title of one of the cluster's public posts (public text anyway), or when staff set
    it (label_locked) on a cluster whose members are all public; otherwise it is empty.
    Keywords are never exported: they are computed from every member's text, internal included.
    """
    memberships = ClusterMembership.objects.filter(cluster__is_active=True)
    public = memberships.filter(post__in=published_pks())
    with_private_members = set(
        memberships.exclude(post__in=published_pks()).values_list("cluster_id", flat=True)
    )
    labelled_by_public_title = set(
        public.filter(post__title=F("cluster__label")).values_list("cluster_id", flat=True)
    )
    main_procedure = {}
    by_procedure = (
        public.filter(post__procedure__isnull=False)
        .values(
            "cluster_id", "post__procedure_id", "post__procedure__slug", "post__procedure__title"
        )
        .annotate(posts=Count("pk"))
        .order_by("cluster_id", "-posts", "post__procedure_id")
    )
    for row in by_procedure.iterator(chunk_size=CHUNK):
        main_procedure.setdefault(row["cluster_id"], row)
    clusters = (
        public.values("cluster_id", "cluster__label", "cluster__label_locked")
        .annotate(posts=Count("pk"), supports=Sum("post__support_count"))
        .order_by("cluster_id")
    )
    for cluster in clusters.iterator(chunk_size=CHUNK):
        pk = cluster["cluster_id"]
        staff_label_on_public_cluster = (
            cluster["cluster__label_locked"] and pk not in with_private_members
        )
        safe = pk in labelled_by_public_title or staff_label_on_public_cluster
        procedure = main_procedure.get(pk, {})
        yield {
            "id": pk,
            "label": cluster["cluster__label"] if safe else "",
            "public_post_count": cluster["posts"],
            "public_support_total": cluster["supports"] or 0,
            "main_procedure_id": procedure.get("post__procedure_id"),
            "main_procedure_slug": procedure.get("post__procedure__slug"),
            "main_procedure_title": procedure.get("post__procedure__title"),
        }


POST_FIELDS = (
    ("id", _("Stable identifier of the post.")),
    ("url", _("Address of the post's public page.")),
    ("kind", _("pain_point (a procedure that hurts) or idea (a simplification idea).")),
    ("title", _("Title, as written by its author.")),
    ("body", _("What the problem is, as written by its author.")),
    ("suggestion", _("How it could be simpler (may be empty).")),
    ("language", _("Language of the post: lb, fr, de or en.")),
    ("status", _("Current public status (codes listed below).")),
    ("procedure_id", _("Identifier of the administrative procedure concerned (may be empty).")),
    ("procedure_slug", _("Short name of that procedure in its page address.")),
    ("procedure_title", _("Title of that procedure in the catalogue.")),
    ("administration_id", _("Identifier of the administration in charge of answering.")),
    ("administration_name", _("Name of that administration.")),
    ("cluster_id", _("The group of similar posts it belongs to (clusters dataset).")),
    ("support_count", _("How many people support the post (“me too”).")),
    ("created_at", _("When it was published (ISO 8601, UTC).")),
    ("first_answer_at", _("When the first official answer was published (empty: none yet).")),
    ("duplicate_of_id", _("The post it duplicates, when that one is public too.")),
)
ANSWER_FIELDS = (
    ("id", _("Stable identifier of the answer.")),
    ("post_id", _("The post it answers (posts dataset).")),
    ("post_url", _("Address of that post's public page.")),
    ("administration_id", _("Identifier of the answering administration.")),
    ("administration_name", _("Name of the answering administration.")),
    ("body", _("Text of the official answer.")),
    ("created_at", _("When it was published (ISO 8601, UTC).")),
)
STATUS_CHANGE_FIELDS = (
    ("id", _("Stable identifier of the change.")),
    ("post_id", _("The post whose status changed (posts dataset).")),
    ("old_status", _("Status before (empty for the first entry).")),
    ("new_status", _("Status after.")),
    ("administration_id", _("Administration that made the change (may be empty).")),
    ("administration_name", _("Name of that administration.")),
    ("message", _("Public explanation given with the change (may be empty).")),
    ("created_at", _("When the status changed (ISO 8601, UTC).")),
)
CLUSTER_FIELDS = (
    ("id", _("Stable identifier of the cluster (kept across nightly re-runs).")),
    ("label", _("Short label; empty when it could come from posts that are not public.")),
    ("public_post_count", _("Number of public posts in the cluster.")),
    ("public_support_total", _("Supports of those public posts, added up.")),
    ("main_procedure_id", _("The procedure most of its public posts are about.")),
    ("main_procedure_slug", _("Short name of that procedure.")),
    ("main_procedure_title", _("Title of that procedure.")),
)

DATASETS = (
    Dataset(
        "posts",
        _("Posts"),
        _("Public pain points and simplification ideas, without their authors."),
        POST_FIELDS,
        post_rows,
    ),
    Dataset(
        "answers",
        _("Official answers"),
        _("Answers of the administrations to public posts (the administration, not the person)."),
        ANSWER_FIELDS,
        answer_rows,
    ),
    Dataset(
        "status_changes",
        _("Status changes"),
        _("The public timeline of each post: every status change with its public message."),
        STATUS_CHANGE_FIELDS,
        status_change_rows,
    ),
    Dataset(
        "clusters",
        _("Clusters"),
        _("Groups of similar public posts found by the platform's language processing."),
        CLUSTER_FIELDS,
        cluster_rows,
    ),
)
DATASETS_BY_NAME = {dataset.name: dataset for dataset in DATASETS}
