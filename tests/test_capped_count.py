"""The post list counts at most POSTS_COUNT_CAP matches (core/pagination.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagination import CappedPaginator
from ideas.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_paginator_counts_up_to_the_cap_and_says_so():
    PostFactory.create_batch(7)
    capped = CappedPaginator(Post.objects.order_by("pk"), per_page=2, cap=5)
    assert capped.cap == 4  # a whole number of pages
    assert (capped.count, capped.is_capped, capped.num_pages) == (4, True, 2)
    # The last reachable page is full and holds the 3rd and 4th posts.
    assert [p.pk for p in capped.page(2)] == list(
        Post.objects.order_by("pk")[2:4].values_list("pk", flat=True)
    )
    exact = CappedPaginator(Post.objects.order_by("pk"), per_page=2, cap=10)
    assert (exact.count, exact.is_capped, exact.num_pages) == (7, False, 4)


def test_the_count_reads_at_most_cap_plus_one_rows():
    PostFactory.create_batch(3)
    paginator = CappedPaginator(Post.objects.all(), per_page=1, cap=2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 2
    assert "LIMIT 3" in queries[0]["sql"].upper()


def test_list_says_more_than_when_capped(client, settings):
    settings.POSTS_PER_PAGE = 2
    settings.POSTS_COUNT_CAP = 4
    PostFactory.create_batch(5)
    html = client.get("/posts/").content.decode()
    assert "More than 4 posts found" in html
    settings.POSTS_COUNT_CAP = 10
    html = client.get("/posts/").content.decode()
    assert "5 posts found" in html and "More than" not in html
