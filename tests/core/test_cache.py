"""The Redis cache backend (core.cache.RedisCache) against a real Redis."""

import uuid

import pytest
import redis
from django.conf import settings

from core.cache import RedisCache
from tests import services


@pytest.fixture
def redis_cache():
    services.need("Redis", settings.REDIS_URL, 6379)
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": prefix})
    yield cache
    # Not cache.clear(): that is FLUSHDB, and this database is also the broker of the worker
    # tests running beside this one (it once emptied their queue mid-test).
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_it_behaves_as_a_django_cache(redis_cache):
    cache = redis_cache
    assert cache.get("absent") is None
    cache.set("header", "<nav>Henriëtte</nav>", 60)
    assert cache.get("header") == "<nav>Henriëtte</nav>"
    assert cache.add("header", "other") is False
    cache.set_many({"a": 1, "b": {"learns": True}})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": {"learns": True}}
    assert cache.incr("a") == 2
    cache.delete("header")
    assert cache.get("header", "gone") == "gone"
    cache.set("short", 1, 0)  # a timeout of 0 expires at once, as in Django's own backends
    assert cache.get("short") is None


def test_one_redis_client_serves_every_operation(redis_cache):
    """Django's client makes a new redis.Redis for each operation; this one reuses it."""
    client = redis_cache._cache
    first = client.get_client("a")
    redis_cache.set("a", 1)
    redis_cache.get("a")
    assert client.get_client("b") is first
    assert client.get_client("a", write=True) is first  # one server: one pool, one client
