"""One ballot per person under concurrent requests, on PostgreSQL (row locks and the unique
constraint really race there).

Run with: .venv/bin/pytest --ds=config.settings.test_postgres -m services
tests/test_prioritisation_concurrency.py
"""

import pytest
from django.test import Client

from prioritisation.models import Ballot, BallotLine
from prioritisation.services import cast_ballot
from tests import concurrency
from tests.factories import PrioritisationPageFactory, UserFactory

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]

THREADS = 4


def race(work):
    return concurrency.race(work, THREADS)


def test_concurrent_first_ballots_of_one_user_make_one_ballot():
    page, user = PrioritisationPageFactory(initiatives=("A", "B", "C", "D")), UserFactory()
    pks = list(page.initiatives.order_by("sort_order").values_list("pk", flat=True))

    results, errors = race(lambda n: cast_ballot(user, page, {pks[n]: 10}))

    assert errors == []
    assert len(results) == THREADS
    assert Ballot.objects.filter(user=user, page=page).count() == 1
    # The last writer wins whole: never lines of two ballots mixed, never over the budget.
    assert list(BallotLine.objects.values_list("points", flat=True)) == [10]


def test_concurrent_posts_on_the_page_answer_without_error():
    page, user = PrioritisationPageFactory(initiatives=("A", "B", "C", "D")), UserFactory()
    pks = list(page.initiatives.order_by("sort_order").values_list("pk", flat=True))
    url = page.url

    def post(n):
        client = Client()
        client.force_login(user)
        return client.post(url, {f"initiative_{pks[n]}": 5}).status_code

    statuses, errors = race(post)

    assert errors == []
    assert statuses == [302] * THREADS
    assert Ballot.objects.filter(user=user, page=page).count() == 1
    assert BallotLine.objects.count() == 1
