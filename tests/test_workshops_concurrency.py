"""Workshop sign-ups racing on PostgreSQL: the page row lock keeps the capacity and the unique
constraint keeps one active registration per person.

Run with: DATABASE_URL=... .venv/bin/pytest --ds=config.settings.test_postgres -m services
tests/test_workshops_concurrency.py
"""

import pytest

from tests import concurrency
from tests.factories import UserFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]

THREADS = 6


def race(work):
    return concurrency.race(work, THREADS)


def test_different_people_racing_for_the_last_seat_get_it_once():
    page = WorkshopFactory(capacity=2)
    services.register(UserFactory(), page)  # one seat left
    users = [UserFactory() for _ in range(THREADS)]

    results, errors = race(lambda n: services.register(users[n], page))

    assert errors == []
    assert sorted(r.status for r in results).count("confirmed") == 1
    assert Registration.objects.filter(page=page, status="confirmed").count() == 2
    assert Registration.objects.filter(page=page, status="waiting").count() == THREADS - 1


def test_one_person_signing_up_many_times_at_once_gets_one_registration():
    page, user = WorkshopFactory(capacity=10), UserFactory()

    results, errors = race(lambda n: services.register(user, page))

    assert errors == []
    assert len({r.pk for r in results}) == 1
    assert Registration.objects.filter(page=page, user=user).count() == 1


def test_cancellations_racing_with_sign_ups_never_exceed_the_capacity():
    page = WorkshopFactory(capacity=2)
    seated = [UserFactory() for _ in range(2)]
    for user in seated:
        services.register(user, page)
    newcomers = [UserFactory() for _ in range(THREADS - 1)]

    def work(n):
        if n == 0:
            return services.cancel(seated[0], page)
        return services.register(newcomers[n - 1], page)

    results, errors = race(work)

    assert errors == []
    assert Registration.objects.filter(page=page, status="confirmed").count() == 2
