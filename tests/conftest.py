import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; every test starts with fresh limits.
    cache.clear()
    yield
    cache.clear()
