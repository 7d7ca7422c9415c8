"""Start the same work in several threads at once (a barrier releases them together), each with
its own database connection: the races the `services` tests check on PostgreSQL."""

import threading

import pytest
from django.db import connection


@pytest.fixture
def postgres_only():
    assert connection.vendor == "postgresql", "run with --ds=config.settings.test_postgres"


def race(work, threads):
    """Run `work(n)` for n in range(threads) at the same moment; (results, exceptions)."""
    barrier = threading.Barrier(threads)
    results, errors = [], []

    def run(n):
        try:
            barrier.wait()
            results.append(work(n))
        except Exception as exc:  # noqa: BLE001 - the callers assert on the list
            errors.append(exc)
        finally:
            connection.close()

    started = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return results, errors
