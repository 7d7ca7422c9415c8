"""The public transparency page (issue 9): statistics on fixed data with a fixed `now`, and the
pages for anonymous visitors.

The world: administration X (default 30-day deadline) with eight published posts, four of them
answered after 2, 4, 10 and 20 days; administration Y (10-day deadline) with two; one post not
routed yet; and for X a hidden, a pending and an internal post, all answered at once, which must
count nowhere."""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from clustering.models import Cluster, ClusterMembership
from core.demo.transparency import spread_answer_history
from ideas.models import OfficialAnswer, Post
from tests.factories import AdministrationFactory, CampaignFactory, PostFactory, ProcedureFactory
from transparency import stats
from transparency.stats import percentile

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("Europe/Luxembourg"))
SECRET_TITLE = "Internal: the finance unit drafts a single travel form"


def days_ago(days):
    return NOW - timedelta(days=days)


def post(administration, procedure, created_days_ago, status="submitted", **kwargs):
    made = PostFactory(administration=administration, procedure=procedure, status=status, **kwargs)
    Post.objects.filter(pk=made.pk).update(created_at=days_ago(created_days_ago))
    made.refresh_from_db()
    return made


def answer(target, after_days):
    """An official answer `after_days` after the post; answered_at follows the latest answer, as
    ideas.services.publish_answer does."""
    at = target.created_at + timedelta(days=after_days)
    made = OfficialAnswer.objects.create(
        post=target, administration=target.administration or AdministrationFactory(), body="Done"
    )
    OfficialAnswer.objects.filter(pk=made.pk).update(created_at=at)
    Post.objects.filter(pk=target.pk).update(answered_at=at)


def cluster(posts, label="", locked=False, active=True):
    made = Cluster.objects.create(label=label, label_locked=locked, is_active=active)
    for member in posts:
        ClusterMembership.objects.create(post=member, cluster=made, assigned_by="batch")
    return made


@dataclass
class World:
    x: object
    y: object
    p: list
    q: list
    procedures: dict
    clusters: dict


@pytest.fixture(name="world")
def world_fixture(db):
    x = AdministrationFactory(name="Administration X", slug="administration-x")
    y = AdministrationFactory(name="Administration Y", slug="administration-y")
    y.answer_deadline_days = 10
    y.save()
    proc_a = ProcedureFactory(title="Procedure A", administrations=[x])
    proc_b = ProcedureFactory(title="Procedure B", administrations=[x])
    proc_c = ProcedureFactory(title="Procedure C", administrations=[y])
    p = [
        post(x, proc_a, 100, "accepted"),
        post(x, proc_a, 90, "planned", support_count=5),
        post(x, proc_a, 60, "under_review"),
        post(x, proc_b, 40, "implemented"),
        post(x, proc_b, 35),  # unanswered after 35 days: overdue
        post(x, proc_b, 5),  # unanswered, still within its 30 days
        post(x, proc_b, 45, "declined"),  # closed: owes nothing
        post(x, proc_b, 400, "declined"),  # older than the 12 months of the trend
    ]
    for target, after in zip(p, (2, 4, 10, 20), strict=False):
        answer(target, after)
    answer(p[0], 50)  # a second answer: the first one (2 days) still counts
    q = [post(y, proc_c, 20), post(y, proc_c, 3)]  # q[0]: overdue after Y's 10 days
    answer(q[1], 1)
    post(None, None, 40)  # not routed: overdue against the default 30 days
    # Posts a visitor never sees, answered at once: they would lower every delay.
    internal = CampaignFactory(title="Internal space", audience="internal")
    hidden = post(x, proc_a, 50, is_hidden=True)
    pending = post(x, proc_a, 50, awaiting_moderation=True)
    secret = post(x, proc_a, 50, campaign=internal, title=SECRET_TITLE)
    for target in (hidden, pending, secret):
        answer(target, 0.5)
    clusters = {
        # An automatic label taken from an internal post: never shown.
        "mixed": cluster([p[0], p[1], secret], label=SECRET_TITLE),
        "named": cluster([p[2]], label="Staff name", locked=True),
        # Named by staff, but with a hidden member: the name is not shown either.
        "named_mixed": cluster([q[0], hidden], label="Named with hidden", locked=True),
        "only_hidden": cluster([pending], label="Pending only"),
        "inactive": cluster([p[3]], label="Old", active=False),
    }
    procedures = {"a": proc_a, "b": proc_b, "c": proc_c}
    return World(x, y, p, q, procedures, clusters)


def by_name(rows):
    return {row["name"]: row for row in rows}


def test_percentile_interpolates_linearly_between_the_closest_ranks():
    assert percentile([], 0.5) is None
    assert percentile([3.0], 0.9) == 3.0
    assert percentile([2, 4, 10, 20], 0.5) == 7
    assert percentile([2, 4, 10, 20], 0.9) == pytest.approx(17)
    assert percentile([1, 2, 3, 4, 5], 0.5) == 3


def test_administration_figures_on_fixed_data(world):
    rows = by_name(stats.administration_stats(now=NOW))
    assert list(rows) == ["Administration X", "Administration Y"]
    x = rows["Administration X"]
    assert (x["administration_id"], x["slug"]) == (world.x.pk, "administration-x")
    assert (x["received"], x["answered"], x["answered_share"]) == (8, 4, 0.5)
    # Delays 2, 4, 10, 20 days: median 4 + (10 - 4) / 2, p90 at rank 2.7: 10 + 0.7 * 10.
    assert x["median_days_to_first_answer"] == 7.0
    assert x["p90_days_to_first_answer"] == 17.0
    assert x["overdue"] == 1
    assert x["status_counts"] == {
        "accepted": 1,
        "planned": 1,
        "under_review": 1,
        "implemented": 1,
        "submitted": 2,
        "declined": 2,
    }
    y = rows["Administration Y"]
    assert (y["received"], y["answered"], y["overdue"]) == (2, 1, 1)
    assert y["median_days_to_first_answer"] == y["p90_days_to_first_answer"] == 1.0


def test_monthly_buckets_cover_the_last_twelve_months(world):
    x = by_name(stats.administration_stats(now=NOW))["Administration X"]
    months = [row["month"] for row in x["monthly"]]
    assert months[0] == "2025-07" and months[-1] == "2026-06" and len(months) == 12
    non_zero = {
        row["month"]: (row["received"], row["answered"])
        for row in x["monthly"]
        if row["received"] or row["answered"]
    }
    # Created 7 and 17 March (answered 9 and 21 March), 16 April (answered 26 April),
    # 1, 6 and 11 May (one answered 26 May), 10 June; the post of 400 days ago is out.
    assert non_zero == {"2026-03": (2, 2), "2026-04": (1, 1), "2026-05": (3, 1), "2026-06": (1, 0)}


def test_overall_figures_include_unrouted_posts_and_nothing_unpublished(world):
    overall = stats.overall_stats(now=NOW)
    assert (overall["received"], overall["answered"], overall["overdue"]) == (11, 5, 3)
    # Delays 1, 2, 4, 10, 20: p90 at rank 3.6 = 10 + 0.6 * 10.
    assert overall["median_days_to_first_answer"] == 4.0
    assert overall["p90_days_to_first_answer"] == 16.0
    assert sum(overall["status_counts"].values()) == 11
    assert sum(row["received"] for row in overall["monthly"]) == 10  # all but 400 days ago


def test_an_administration_without_published_posts_has_no_row_and_zero_figures(world):
    empty = AdministrationFactory(name="Administration Z")
    PostFactory(administration=empty, procedure=None, is_hidden=True)
    assert "Administration Z" not in by_name(stats.administration_stats(now=NOW))
    figures = stats.stats_for(empty, now=NOW)
    assert (figures["received"], figures["answered"], figures["answered_share"]) == (0, 0, 0)
    assert figures["median_days_to_first_answer"] is None
    assert len(figures["monthly"]) == 12


def test_top_clusters_count_published_posts_and_never_show_an_unsafe_label(world):
    c = world.clusters
    assert stats.top_clusters(now=NOW) == [
        {"id": c["mixed"].pk, "label": world.p[1].title, "public_posts": 2},  # most supported
        {"id": c["named"].pk, "label": "Staff name", "public_posts": 1},
        {"id": c["named_mixed"].pk, "label": world.q[0].title, "public_posts": 1},
    ]
    assert [row["id"] for row in stats.top_clusters(administration=world.y, now=NOW)] == [
        c["named_mixed"].pk
    ]
    assert len(stats.top_clusters(limit=1, administration=world.x, now=NOW)) == 1


def test_top_procedures_count_published_posts(world):
    procedures = world.procedures
    rows = stats.top_procedures(now=NOW)
    assert [(row["id"], row["public_posts"]) for row in rows] == [
        (procedures["b"].pk, 5),
        (procedures["a"].pk, 3),  # not 6: hidden, pending and internal posts are left out
        (procedures["c"].pk, 2),
    ]
    assert rows[0]["title"] == "Procedure B" and rows[0]["slug"] == procedures["b"].slug
    only_y = stats.top_procedures(administration=world.y, now=NOW)
    assert [row["id"] for row in only_y] == [procedures["c"].pk]


def test_statistics_take_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for n in range(5):  # more administrations must not mean more queries
        extra = AdministrationFactory()
        post(extra, ProcedureFactory(administrations=[extra]), n + 1)
    with django_assert_max_num_queries(10):
        assert len(stats.administration_stats(now=NOW)) == 7
    with django_assert_max_num_queries(1):
        stats.top_clusters(now=NOW)
    with django_assert_max_num_queries(1):
        stats.top_procedures(now=NOW)


def test_the_page_data_is_cached(world, django_assert_max_num_queries):
    stats.administration_stats()
    with django_assert_max_num_queries(0):
        stats.overall_stats()
        stats.administration_stats()


def chart_data(response):
    """The numbers the charts draw, as the page hands them to static/js/transparency-charts.js."""
    found = re.search(
        r'<script id="transparency-chart-data" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    return json.loads(found.group(1))


def test_overview_page_for_anonymous_visitors(client, world):
    response = client.get(reverse("transparency:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET_TITLE not in html
    assert reverse("transparency:administration", kwargs={"slug": "administration-x"}) in html
    assert "<caption>" in html and 'scope="row"' in html and 'scope="col"' in html
    assert "transparency-charts.js" in html and "<script>" not in html  # no inline script
    assert "Staff name" in html and "Procedure B" in html
    data = chart_data(response)
    assert sum(data["status"]["values"]) == 11 and "Submitted" in data["status"]["labels"]
    assert len(data["monthly"]["labels"]) == 12
    assert "1 published post is not yet assigned" in html


def test_administration_page_for_anonymous_visitors(client, world):
    url = reverse("transparency:administration", kwargs={"slug": "administration-y"})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Administration Y</h1>" in html
    assert "10 days to answer a post" in html
    assert 'id="table-status"' in html and 'id="table-monthly"' in html
    assert "Named with hidden" not in html and world.q[0].title in html
    data = chart_data(response)
    assert sum(data["status"]["values"]) == 2 and sum(data["monthly"]["received"]) == 2


def test_unknown_administration_is_a_404_and_posting_is_refused(client, world):
    url = reverse("transparency:administration", kwargs={"slug": "no-such-administration"})
    assert client.get(url).status_code == 404
    assert client.post(reverse("transparency:index")).status_code == 405


def test_empty_site_pages_render(client, db):
    AdministrationFactory(slug="administration-empty")
    assert client.get(reverse("transparency:index")).status_code == 200
    url = reverse("transparency:administration", kwargs={"slug": "administration-empty"})
    assert client.get(url).status_code == 200


def test_demo_answer_history_keeps_order_and_gives_a_realistic_first_delay(world):
    late = world.p[2]  # created 60 days before NOW, answered 10 days later
    Post.objects.filter(pk=late.pk).update(created_at=days_ago(60))
    OfficialAnswer.objects.filter(post=late).update(created_at=days_ago(2))  # 58 days later
    spread_answer_history(now=NOW)
    late.refresh_from_db()
    assert late.created_at == days_ago(60 * 2.2)  # spread over about a year
    first = late.answers.order_by("created_at").first().created_at
    assert late.created_at < first < NOW and first - late.created_at < timedelta(days=119)
    assert late.answered_at == first
    times = [answer.created_at for answer in OfficialAnswer.objects.filter(post=world.p[0])]
    assert all(late_one < NOW for late_one in times) and len(times) == 2
