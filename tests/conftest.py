import pytest
from django.core.cache import cache

from tests.concurrency import postgres_only  # noqa: F401 - fixture for the services tests
from tests.oidc_fixtures import oidc_providers  # noqa: F401 - real OpenID Connect providers
from tests.oidc_flow import ctie, oidc  # noqa: F401 - providers configured in settings


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; every test starts with fresh limits.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _open_data_dir(settings, tmp_path_factory):
    # Open-data exports (opendata/) go to a fresh directory per test, never into media/: the
    # demo loader writes them too, and pages must not depend on files left by another test.
    settings.OPENDATA_DIR = str(tmp_path_factory.mktemp("opendata"))
