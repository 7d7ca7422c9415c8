"""Workshop sign-ups racing on PostgreSQL: the page row lock keeps the capacity and the unique
constraint keeps one active registration per person.

Run with: DATABASE_URL=... .venv/bin/pytest --ds=config.settings.test_postgres -m services
tests/test_workshops_concurrency.py
"""

import threading

import pytest
from django.db import connection

from tests.factories import UserFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

THREADS = 6


@pytest.fixture(autouse=True)
def _postgres_only():
    assert connection.vendor == "postgresql", "run with --ds=config.settings.test_postgres"


def race(work):
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def run(n):
        try:
            barrier.wait()
            results.append(work(n))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


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
