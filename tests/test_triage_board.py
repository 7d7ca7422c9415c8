"""The triage board: who sees which clusters, the numbers of each row, sorting and filters,
the charts' data, the cluster page and the menu. Actions: test_triage_board_actions.py."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from clustering.models import Cluster
from ideas.models import Post
from tests.factories import AdministrationFactory, PostFactory, UserFactory, triager
from tests.triage_world import age, build_world, member
from triage.board import board_rows
from triage.models import ClusterVisit
from triage.stats import chart_data, week_start

pytestmark = pytest.mark.django_db

BOARD = reverse("triage_admin:board")


@pytest.fixture
def world():
    return build_world()


def cluster_url(cluster):
    return reverse("triage_admin:cluster", args=[cluster.pk])


def row_for(rows, cluster):
    return next(row for row in rows if row.cluster == cluster)


def test_a_team_sees_only_clusters_and_posts_of_its_queue(client, world):
    rows = board_rows(world.tax_triager)
    assert {row.cluster for row in rows} == {world.shared, None}  # None: not clustered yet
    assert row_for(rows, world.shared).size == 3  # the town hall's post is not counted
    assert row_for(rows, None).size == 1
    client.force_login(world.tax_triager)
    page = client.get(BOARD).content.decode()
    assert "Forms printed twice" in page and "Not clustered yet" in page
    assert "Parking queues" not in page
    detail = client.get(cluster_url(world.shared)).content.decode()
    assert "Tax form printed twice" in detail and "Parking form printed twice" not in detail
    assert client.get(cluster_url(world.theirs)).status_code == 404  # none of their posts


def test_the_other_team_sees_its_own_share(world):
    rows = board_rows(world.town_triager)
    assert {row.cluster: row.size for row in rows} == {world.shared: 1, world.theirs: 1}


def test_platform_admins_see_every_post(world):
    admin = UserFactory(roles=[roles.ADMIN])
    rows = board_rows(admin)
    assert row_for(rows, world.shared).size == 4
    narrowed = board_rows(admin, administration=world.town)
    assert {row.cluster for row in narrowed} == {world.shared, world.theirs}


def test_users_without_the_board_permission_are_refused(client, world):
    client.force_login(UserFactory(roles=[roles.MODERATOR]))  # admin access, but no team
    for url in (BOARD, cluster_url(world.shared), reverse("triage_admin:export_csv")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    client.force_login(UserFactory())
    assert client.get(BOARD).status_code == 302


def test_row_numbers(world):
    now = timezone.now()
    first, second, third = world.ours
    age(first, 40, now)
    age(second, 10, now)
    age(third, 2, now)
    Post.objects.filter(pk=second.pk).update(answered_at=now)
    ClusterVisit.objects.create(
        user=world.tax_triager, cluster=world.shared, seen_at=now - timedelta(days=5)
    )
    row = row_for(board_rows(world.tax_triager, now=now), world.shared)
    assert (row.size, row.supports, row.new_since_visit) == (3, 6, 1)
    assert row.languages == {"fr": 2, "de": 1}
    assert [(p["title"], p["count"]) for p in row.top_procedures] == [
        ("Income tax return", 2),
        ("Tax card", 1),
    ]
    assert row.oldest_unanswered_days == 40
    assert row.deadline == first.created_at + timedelta(days=30) and row.overdue


def test_deadline_follows_the_administration_and_answers(world):
    now = timezone.now()
    world.tax.answer_deadline_days = 50
    world.tax.save()
    for post in world.ours:
        age(post, 40, now)
    row = row_for(board_rows(world.tax_triager, now=now), world.shared)
    assert not row.overdue and row.deadline == world.ours[0].created_at + timedelta(days=50)
    Post.objects.filter(pk__in=[p.pk for p in world.ours]).update(answered_at=now)
    row = row_for(board_rows(world.tax_triager, now=now), world.shared)
    assert (row.deadline, row.oldest_unanswered_days, row.overdue) == (None, None, False)


def test_never_visited_clusters_count_every_post_as_new(world):
    assert row_for(board_rows(world.tax_triager), world.shared).new_since_visit == 3


def test_opening_a_cluster_marks_it_seen(client, world):
    client.force_login(world.tax_triager)
    client.get(cluster_url(world.shared))
    assert row_for(board_rows(world.tax_triager), world.shared).new_since_visit == 0
    later = PostFactory(title="Yet another printed form", procedure=world.tax_return)
    member(later, world.shared)
    assert row_for(board_rows(world.tax_triager), world.shared).new_since_visit == 1


@pytest.fixture
def two_clusters(world):
    """A second cluster of the tax office: bigger, fewer supports, newer, in English."""
    other = Cluster.objects.create(label="Tax card lost", model_name="m")
    for number in range(4):
        member(PostFactory(title=f"Lost tax card {number}", procedure=world.tax_card), other)
    for post in world.ours:
        age(post, 45)
    return other


@pytest.mark.parametrize(
    "sort, first",
    [("size", "other"), ("supports", "shared"), ("oldest", "shared"), ("deadline", "shared")],
)
def test_sorting(world, two_clusters, sort, first):
    rows = [row for row in board_rows(world.tax_triager, sort=sort) if row.cluster]
    expected = two_clusters if first == "other" else world.shared
    assert rows[0].cluster == expected


def test_sorting_by_new_posts(world, two_clusters):
    now = timezone.now()
    ClusterVisit.objects.create(user=world.tax_triager, cluster=two_clusters, seen_at=now)
    rows = [row for row in board_rows(world.tax_triager, sort="new") if row.cluster]
    assert [row.cluster for row in rows] == [world.shared, two_clusters]


def test_filters(world, two_clusters):
    user = world.tax_triager

    def clusters(**filters):
        return {row.cluster for row in board_rows(user, **filters)}

    assert clusters(overdue_only=True) == {world.shared}
    assert clusters(language="de") == {world.shared}
    assert clusters(language="en") == {two_clusters, None}
    assert clusters(procedure=world.tax_card.pk) == {world.shared, two_clusters}
    assert clusters(procedure=world.tax_return.pk) == {world.shared, None}
    assert clusters(search="LOST") == {two_clusters}


def test_board_page_filters_sorts_and_flags_overdue_rows(client, world, two_clusters):
    client.force_login(world.tax_triager)
    response = client.get(BOARD, {"overdue": "on", "sort": "size"})
    rows = list(response.context["page"].object_list)
    assert [row.cluster for row in rows] == [world.shared]
    page = response.content.decode()
    assert "Overdue" in page and 'class="triage-overdue"' in page
    assert "administration" not in response.context["form"].fields  # a single team
    response = client.get(BOARD, {"q": "lost"})
    assert [row.cluster for row in response.context["page"].object_list] == [two_clusters]


def test_members_of_several_teams_choose_one(client, world):
    world.town.members.add(world.tax_triager)
    client.force_login(world.tax_triager)
    response = client.get(BOARD, {"administration": world.town.pk})
    assert {row.cluster for row in response.context["page"].object_list} == {
        world.shared,
        world.theirs,
    }
    assert f"administration={world.town.pk}" in response.content.decode()  # export links
    stranger = AdministrationFactory(name="Elsewhere")
    response = client.get(BOARD, {"administration": stranger.pk})
    assert not response.context["form"].is_valid()


def test_chart_data(world):
    now = timezone.now()
    first, second, third = world.ours
    age(first, 21, now)
    age(second, 14, now)
    age(third, 14, now)
    Post.objects.filter(pk=first.pk).update(answered_at=now - timedelta(days=7))
    Post.objects.filter(pk=second.pk).update(answered_at=now - timedelta(days=4))
    charts = chart_data(Post.objects.filter(administration=world.tax), now)
    per_week = dict(zip(charts["per_week"]["labels"], charts["per_week"]["values"], strict=True))
    assert len(per_week) == 12 and sum(per_week.values()) == 4  # 3 in the cluster, 1 loose
    assert per_week[week_start(now - timedelta(days=14)).isoformat()] == 2
    assert charts["answered"] == {"answered": 2, "unanswered": 2}
    medians = dict(
        zip(charts["median_days"]["labels"], charts["median_days"]["values"], strict=True)
    )
    if week_start(now - timedelta(days=7)) == week_start(now - timedelta(days=4)):
        assert medians[week_start(now - timedelta(days=4)).isoformat()] == 12.0  # (14 + 10) / 2
    else:
        assert medians[week_start(now - timedelta(days=7)).isoformat()] == 14.0
        assert medians[week_start(now - timedelta(days=4)).isoformat()] == 10.0


def test_board_page_shows_charts_with_table_fallbacks(client, world):
    client.force_login(world.tax_triager)
    page = client.get(BOARD).content.decode()
    assert 'id="triage-chart-data"' in page and "vendor/chartjs/chart.umd.min.js" in page
    assert page.count("<details>") >= 3 and "Answered" in page


def test_cluster_page_shows_posts_side_by_side(client, world):
    client.force_login(world.tax_triager)
    page = client.get(cluster_url(world.shared)).content.decode()
    assert "Tax card (confidence 0.81)" in page  # the pipeline's suggestion
    assert "0.95" in page  # similarity to the centroid
    assert "new since your last visit" in page
    assert ClusterVisit.objects.filter(user=world.tax_triager, cluster=world.shared).exists()
    again = client.get(cluster_url(world.shared)).content.decode()
    assert "new since your last visit" not in again


def test_menu_shows_the_board_to_triagers_only(client, world):
    client.force_login(world.tax_triager)
    assert BOARD in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    assert BOARD not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_old_cluster_pages_redirect_to_the_board(client, world):
    client.force_login(triager(world.tax))
    assert client.get(reverse("clustering_admin:clusters")).url == BOARD
    old = client.get(reverse("clustering_admin:cluster", args=[world.shared.pk]))
    assert old.url == cluster_url(world.shared)


def test_the_board_costs_the_same_queries_for_many_clusters(world):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            board_rows(world.tax_triager)
        return len(captured)

    queries()  # the user's roles are cached after the first call
    few = queries()
    for number in range(6):
        cluster = Cluster.objects.create(label=f"More {number}", model_name="m")
        member(PostFactory(procedure=world.tax_return), cluster)
    assert len(board_rows(world.tax_triager)) == 8 and queries() == few
