"""Support ("me too") is counted once per person, even under concurrent requests."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from ideas import services
from ideas.models import Post, Support
from tests.factories import PostFactory, UserFactory


@pytest.mark.django_db
def test_support_once_and_withdraw():
    post, user = PostFactory(), UserFactory()
    assert services.add_support(post, user) is True
    assert services.add_support(post, user) is False
    post.refresh_from_db()
    assert post.support_count == 1
    assert services.withdraw_support(post, user) is True
    assert services.withdraw_support(post, user) is False
    post.refresh_from_db()
    assert post.support_count == 0


@pytest.mark.django_db
def test_author_cannot_support_own_post_nor_a_hidden_one():
    post = PostFactory()
    with pytest.raises(PermissionDenied):
        services.add_support(post, post.author)
    hidden = PostFactory(is_hidden=True)
    with pytest.raises(PermissionDenied):
        services.add_support(hidden, UserFactory())
    assert not Support.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_by_one_user_count_once():
    post, user = PostFactory(), UserFactory()
    barrier = threading.Barrier(6)
    results, errors = [], []

    def click():
        try:
            barrier.wait()
            results.append(services.add_support(Post.objects.get(pk=post.pk), user))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results.count(True) == 1
    post.refresh_from_db()
    assert post.support_count == 1 == Support.objects.filter(post=post).count()


@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_by_many_users_all_count():
    post = PostFactory()
    users = [UserFactory() for _ in range(5)]
    barrier = threading.Barrier(len(users))

    def click(user):
        try:
            barrier.wait()
            services.add_support(Post.objects.get(pk=post.pk), user)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    post.refresh_from_db()
    assert post.support_count == 5 == Support.objects.filter(post=post).count()
