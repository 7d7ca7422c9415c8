"""The public list of posts, one post's page, and "my posts"."""

import pytest
from django.urls import reverse

from accounts import roles
from ideas import services
from ideas.models import Post
from ideas.status import Status
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)

pytestmark = pytest.mark.django_db
LIST_URL = reverse("ideas:list")


def titles(response):
    return [post.title for post in response.context["posts"]]


def test_list_hides_hidden_and_internal_posts_from_anonymous_users(client):
    public = PostFactory(title="Public pain point")
    PostFactory(title="Hidden pain point", is_hidden=True)
    PostFactory(title="Internal idea", campaign=CampaignFactory(audience="internal"))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert titles(response) == [public.title]
    assert b"Hidden pain point" not in response.content
    assert b"Internal idea" not in response.content
    assert response.context["result_count"] == 1


def test_list_card_shows_public_name_never_username_or_email(client):
    author = UserFactory(public_name="Curious Owl", username="jdoe42", email="jdoe@example.lu")
    admin = AdministrationFactory(name="Tax Office")
    PostFactory(author=author, procedure=ProcedureFactory(administrations=[admin]))
    content = client.get(LIST_URL).content.decode()
    assert "Curious Owl" in content
    assert "Tax Office" in content
    assert "jdoe42" not in content and "jdoe@example.lu" not in content


def test_search_matches_title_and_body(client):
    PostFactory(title="Parking permit renewal", body="Paper only.")
    PostFactory(title="Child benefit", body="The parking of prams is a mess.")
    PostFactory(title="Tax return", body="Too long.")
    response = client.get(LIST_URL, {"q": "parking"})
    assert sorted(titles(response)) == ["Child benefit", "Parking permit renewal"]


def test_filters_kind_status_theme_administration_language(client):
    admin = AdministrationFactory(slug="ccss")
    taxes = ProcedureFactory(theme="impots-taxes", administrations=[admin])
    match = PostFactory(
        title="Match", kind=Post.Kind.IDEA, status=Status.ACCEPTED, language="fr", procedure=taxes
    )
    PostFactory(title="Other kind", status=Status.ACCEPTED, language="fr", procedure=taxes)
    PostFactory(title="Other theme", kind=Post.Kind.IDEA, status=Status.ACCEPTED, language="fr")
    PostFactory(title="Other lang", kind=Post.Kind.IDEA, status=Status.ACCEPTED, procedure=taxes)
    query = {"kind": "idea", "status": "accepted", "theme": "impots-taxes", "language": "fr"}
    assert titles(client.get(LIST_URL, query)) == [match.title]
    by_admin = titles(client.get(LIST_URL, {"administration": "ccss", "language": "fr"}))
    assert sorted(by_admin) == ["Match", "Other kind"]


def test_invalid_filter_values_are_ignored(client):
    PostFactory(title="One")
    PostFactory(title="Two", kind=Post.Kind.IDEA)
    response = client.get(
        LIST_URL, {"status": "bogus", "administration": "nope", "sort": "x", "kind": "idea"}
    )
    assert response.status_code == 200
    assert titles(response) == ["Two"]  # the valid filter still applies
    assert "aria-invalid" not in response.content.decode()  # ignored, not reported as errors


def test_sort_by_support_and_by_answer(client):
    low, high = (
        PostFactory(title="Low", support_count=1),
        PostFactory(title="High", support_count=9),
    )
    assert titles(client.get(LIST_URL, {"sort": "supported"})) == [high.title, low.title]
    admin = AdministrationFactory()
    answered = PostFactory(title="Answered", procedure=ProcedureFactory(administrations=[admin]))
    services.publish_answer(answered, by=triager(admin), body="We will look at it.")
    assert titles(client.get(LIST_URL, {"sort": "answered"}))[0] == "Answered"


def test_pagination_keeps_filters(client, settings):
    settings.POSTS_PER_PAGE = 2
    for number in range(5):
        PostFactory(title=f"Idea {number}", kind=Post.Kind.IDEA)
    PostFactory(title="Pain")
    first = client.get(LIST_URL, {"kind": "idea"})
    assert len(first.context["posts"]) == 2
    assert first.context["page_obj"].paginator.num_pages == 3
    assert "?kind=idea&amp;page=2" in first.content.decode()
    last = client.get(LIST_URL, {"kind": "idea", "page": 3})
    assert titles(last) == ["Idea 0"]
    assert client.get(LIST_URL, {"page": "abc"}).status_code == 200


def test_list_query_count_does_not_grow_with_posts(client, django_assert_max_num_queries):
    PostFactory.create_batch(3)
    client.get(LIST_URL)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(8) as few:
        client.get(LIST_URL)
    baseline = len(few)
    PostFactory.create_batch(10)
    with django_assert_max_num_queries(baseline):
        client.get(LIST_URL)


def test_detail_shows_post_410_for_hidden_and_404_for_internal(client):
    post = PostFactory(title="Visible", suggestion="Sign online once.")
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert b"Sign online once." in response.content
    hidden = PostFactory(is_hidden=True)
    internal = PostFactory(campaign=CampaignFactory(audience="internal"))
    # Hidden by moderation: a tombstone (410) with the public reason only, no user text.
    assert client.get(hidden.get_absolute_url()).status_code == 410
    assert hidden.title.encode() not in client.get(hidden.get_absolute_url()).content
    assert client.get(internal.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(hidden.get_absolute_url()).status_code == 410
    assert client.get(internal.get_absolute_url()).status_code == 404
    client.force_login(hidden.author)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    assert client.get(internal.get_absolute_url()).status_code == 200


def test_detail_shows_official_answer_timeline_and_duplicate_link(client):
    admin = AdministrationFactory(name="Guichet Office")
    procedure = ProcedureFactory(administrations=[admin])
    original = PostFactory(title="The original", procedure=procedure)
    post = PostFactory(procedure=procedure)
    member = triager(admin)
    services.change_status(post, by=member, new_status=Status.UNDER_REVIEW, message="Looking.")
    services.publish_answer(
        post,
        by=member,
        body="Same as another post.",
        new_status=Status.DUPLICATE,
        duplicate_of=original,
    )
    content = client.get(post.get_absolute_url()).content.decode()
    assert 'class="answer-box"' in content and "Same as another post." in content
    assert "Guichet Office" in content
    assert "Under review → Duplicate" in content
    assert "Looking." in content
    assert original.get_absolute_url() in content and "The original" in content


def test_answer_form_only_for_the_responsible_administration(client):
    admin = AdministrationFactory()
    post = PostFactory(procedure=ProcedureFactory(administrations=[admin]))
    answer_url = reverse("ideas:answer", kwargs={"pk": post.pk})
    assert answer_url not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(triager(AdministrationFactory()))
    assert answer_url not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(triager(admin))
    response = client.get(post.get_absolute_url())
    assert answer_url in response.content.decode()
    offered = [
        value
        for value, _label in response.context["answer_form"]["new_status"].field.widget.choices
    ]
    assert "declined" in offered and "in_progress" not in offered


def test_anonymous_detail_offers_sign_in_to_support_and_comment(client):
    post = PostFactory()
    content = client.get(post.get_absolute_url()).content.decode()
    assert "Sign in to support this post" in content
    assert "Sign in to comment" in content
    assert reverse("comments-post-comment") not in content


def test_my_posts_requires_login_and_lists_own_supported_followed(client):
    assert client.get(reverse("ideas:mine")).status_code == 302
    user = UserFactory()
    own_hidden = PostFactory(author=user, title="My hidden one", is_hidden=True)
    supported = PostFactory(title="Supported one")
    followed = PostFactory(title="Followed one")
    PostFactory(title="Unrelated")
    services.add_support(supported, user)
    services.follow(followed, user)
    client.force_login(user)
    response = client.get(reverse("ideas:mine"))
    assert list(response.context["own_posts"]) == [own_hidden]
    assert list(response.context["supported_posts"]) == [supported]
    assert list(response.context["followed_posts"]) == [followed]
    assert b"Unrelated" not in response.content


def test_pages_are_accessible_with_every_form_shown(client):
    from tests.test_pages import assert_accessible_page

    admin = AdministrationFactory()
    post = PostFactory(procedure=ProcedureFactory(administrations=[admin]))
    client.force_login(triager(admin))
    assert_accessible_page(client.get(LIST_URL, {"status": "bogus"}).content.decode())
    assert_accessible_page(client.get(post.get_absolute_url()).content.decode())
    invalid = client.post(reverse("ideas:answer", kwargs={"pk": post.pk}), {"body": ""})
    assert invalid.status_code == 400
    assert_accessible_page(invalid.content.decode())
    assert_accessible_page(client.get(reverse("ideas:mine")).content.decode())


def test_my_posts_drop_internal_posts_once_the_author_left_the_civil_service(client):
    from django.contrib.auth.models import Group

    author = UserFactory(roles=[roles.CIVIL_SERVANT])
    internal = PostFactory(
        author=author, title="My internal idea", campaign=CampaignFactory(audience="internal")
    )
    waiting = PostFactory(
        author=author, title="My idea awaiting moderation", awaiting_moderation=True
    )
    client.force_login(author)
    own = {p.title for p in client.get(reverse("ideas:mine")).context["own_posts"]}
    assert own == {internal.title, waiting.title}

    author.groups.remove(Group.objects.get(name=roles.CIVIL_SERVANT))
    response = client.get(reverse("ideas:mine"))
    assert [p.title for p in response.context["own_posts"]] == [waiting.title]
    assert internal.title not in response.content.decode()
