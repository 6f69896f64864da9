import os

import pytest
from django.conf import settings

from tests import services

pytest_plugins = ["tests.celery_utils"]


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']} ({settings.DATABASES['default'].get('NAME')})"


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL run, when PostgreSQL is down: skip everything with the reason (or fail)."""
    if os.environ.get("LMS_TEST_DB") != "postgres":
        return
    if services.reachable(settings.POSTGRES_URL, 5432):
        return
    reason = f"PostgreSQL is not reachable at {settings.POSTGRES_URL}; start it with ../shared/services-up"
    if services.required():
        raise pytest.UsageError(f"{reason} (LMS_REQUIRE_SERVICES=1 requires it)")
    for item in items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _dutch():
    """Every test starts in the default language, whatever the previous one switched to."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Primary keys are reused after a rolled-back test, so no cached value may outlive one."""
    from django.core.cache import cache

    from courses.selectors import forget_kept_schedules

    cache.clear()
    forget_kept_schedules()
    yield
    cache.clear()
    forget_kept_schedules()
