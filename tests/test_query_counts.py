"""N+1 guards: the pages that list posts make as many queries for 20 posts as for 5 (the post
page: for 20 comments as for 5).

Each test measures the page with 5 posts, adds 15 more (each with its own author, procedure and
administration, so a lazy relation would cost one query per post), and requires no more queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_comments.models import CommentFlag

from tests.factories import (
    AdministrationFactory,
    ChallengeFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    home_page,
    triager,
)
from tests.moderation_world import comment_on

pytestmark = pytest.mark.django_db


def add_posts(count, **kwargs):
    """`count` posts, each by a different author about a different procedure and office."""
    posts = []
    for _ in range(count):
        administration = AdministrationFactory()
        procedure = ProcedureFactory(administrations=[administration])
        posts.append(PostFactory(procedure=procedure, support_count=3, **kwargs))
    return posts


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def assert_constant_queries(client, url, add_more, shows_posts=True):
    """`add_more()` adds 15 posts and returns them; the last one must be shown (newest first)."""
    client.get(url)  # warm per-process caches (content types, site root) out of the count
    few, _ = queries_for(client, url)
    added = add_more()
    many, response = queries_for(client, url)
    if shows_posts:  # the new posts are really rendered, so their relations were really read
        assert added[-1].title in response.content.decode()
    assert many <= few, f"{url}: {few} queries with 5 posts, {many} with 20"


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


def test_post_list_anonymous(client, django_assert_max_num_queries):
    add_posts(5)
    url = reverse("ideas:list")
    client.get(url)
    few, _ = queries_for(client, url)
    last = add_posts(15)[-1]
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert last.title in response.content.decode()


def test_post_list_signed_in(reader):
    add_posts(5)
    assert_constant_queries(reader, reverse("ideas:list"), lambda: add_posts(15))


def test_post_list_search(reader):
    add_posts(5)
    url = reverse("ideas:list") + "?q=forms"
    assert_constant_queries(reader, url, lambda: add_posts(15))


def test_post_detail_with_comments(reader):
    post = add_posts(1)[0]

    def comments(count):
        # Each by a different person, each flagged once: per-comment lookups would show.
        made = []
        for n in range(count):
            comment = comment_on(post, UserFactory(), text=f"Comment number {n} {count}")
            CommentFlag.objects.create(
                comment=comment, user=UserFactory(), flag=CommentFlag.SUGGEST_REMOVAL
            )
            made.append(comment)
        return made

    comments(5)
    url = post.get_absolute_url()
    client_get = reader.get(url)
    assert "Comment number 4 5" in client_get.content.decode()
    few, _ = queries_for(reader, url)
    added = comments(15)
    many, response = queries_for(reader, url)
    assert added[-1].comment in response.content.decode()
    assert many <= few, f"{url}: {few} queries with 5 comments, {many} with 20"


def test_home_page(reader):
    home_page()
    add_posts(5)
    assert_constant_queries(reader, "/", lambda: add_posts(15))


def test_procedure_page(reader):
    administration = AdministrationFactory()
    procedure = ProcedureFactory(administrations=[administration])

    def posts_about_it(count):
        return [PostFactory(procedure=procedure, author=UserFactory()) for _ in range(count)]

    posts_about_it(5)
    url = reverse("procedures:detail", args=[procedure.slug])
    assert_constant_queries(reader, url, lambda: posts_about_it(15))


def test_challenge_page(reader):
    challenge = ChallengeFactory()
    add_posts(5, challenge=challenge, campaign=challenge.campaign)
    assert_constant_queries(
        reader,
        challenge.url,
        lambda: add_posts(15, challenge=challenge, campaign=challenge.campaign),
    )


def test_triage_board(client):
    administration = AdministrationFactory()
    client.force_login(triager(administration))

    def posts_for_the_team(count):
        procedures = [ProcedureFactory(administrations=[administration]) for _ in range(count)]
        return [PostFactory(procedure=procedure) for procedure in procedures]

    posts_for_the_team(5)
    # The board lists clusters (these posts are in its "not clustered yet" row), not titles.
    assert_constant_queries(
        client,
        reverse("triage_admin:board"),
        lambda: posts_for_the_team(15),
        shows_posts=False,
    )
