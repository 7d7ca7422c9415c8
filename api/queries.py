"""The querysets behind the public API. Every one starts from `Post.objects.published()`: this
is open data, so nobody (signed in or not) gets hidden, pending or internal posts through it."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from clustering.models import Cluster, ClusterMembership
from ideas.models import OfficialAnswer, Post
from procedures.models import Administration, Procedure


def public_post_ids():
    return Post.objects.published().values("pk")


def public_posts():
    """Published posts with what the serializer needs, in a bounded number of queries."""
    published = Post.objects.published()
    return (
        published.select_related("procedure", "administration")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=OfficialAnswer.objects.select_related("administration").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .annotate(
            # Only a duplicate_of that is itself public: an id of a hidden or internal post
            # would tell that it exists.
            public_duplicate_of=Subquery(
                Post.objects.published().filter(pk=OuterRef("duplicate_of_id")).values("pk")[:1]
            ),
            active_cluster_id=Subquery(
                ClusterMembership.objects.filter(
                    post=OuterRef("pk"), cluster__is_active=True
                ).values("cluster_id")[:1]
            ),
        )
    )


def public_procedures():
    return (
        Procedure.objects.select_related("lead_administration")
        .prefetch_related("administrations")
        .with_post_counts(Post.objects.published())
        .order_by("title", "pk")  # an aggregate drops Meta.ordering
    )


def public_administrations():
    return Administration.objects.annotate(
        public_post_count=Count("posts", filter=Q(posts__in=public_post_ids()), distinct=True)
    ).order_by("name", "pk")


def public_clusters():
    """Active clusters with at least one public post; their counts and totals over public
    posts only (Cluster.size and support_total also count internal and hidden members)."""
    public_members = Q(memberships__post__in=public_post_ids())
    representative = (
        Post.objects.published()
        .filter(cluster_membership__cluster=OuterRef("pk"))
        .order_by("-support_count", "-created_at", "pk")
    )
    return (
        Cluster.objects.active()
        .annotate(
            public_post_count=Count("memberships", filter=public_members),
            public_support_total=Coalesce(
                Sum("memberships__post__support_count", filter=public_members),
                Value(0),
                output_field=IntegerField(),
            ),
            representative_post_id=Subquery(representative.values("pk")[:1]),
            representative_post_title=Subquery(representative.values("title")[:1]),
        )
        .filter(public_post_count__gt=0)
        .order_by("-public_support_total", "-public_post_count", "pk")
    )
