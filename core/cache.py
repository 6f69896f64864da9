"""Django's Redis cache, with one Redis client per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation,
and redis-py builds its table of reply handlers each time: about 0.45 ms of a 0.6 ms `get` on
this machine, and a page does several. A client is safe to share between threads (the pool
hands out the connections) and after a fork (the pool notices the new process), so one per
pool is kept and reused.

`FailOpenRedisCache` (the one the settings use) adds: an unreachable Redis costs speed, not
service.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What an unreachable Redis raises (BusyLoadingError, a server still loading, is one too).
OUTAGE = (RedisConnectionError, RedisTimeoutError)


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class FailOpenRedisCache(RedisCache):
    """A cache outage costs speed, never service.

    Every value cached here can be computed again, so an unreachable Redis (stopped, failed
    over, a network cut) is treated as an empty cache that keeps nothing: reads miss, writes
    are dropped, `add` answers True as if it stored (a limit counted in the cache then lets
    the request through), `incr` raises ValueError as for a missing key. Each failure is
    counted (`failures`) and logged at most every LOG_EVERY seconds per process. Sessions
    (cached_db) fall back to the database; saving answers and handing in never use the cache.
    Short socket timeouts (settings) keep a hanging Redis from holding requests.
    """

    LOG_EVERY = 10.0
    failures = 0
    _logged_at = 0.0
    _unlogged = 0

    def _failed(self, operation: str, exc: Exception) -> None:
        cls = FailOpenRedisCache
        cls.failures += 1
        cls._unlogged += 1
        now = time.monotonic()
        if now - cls._logged_at >= self.LOG_EVERY:
            logger.warning(
                "Cache unreachable (%s in %s); %d operation(s) answered without it.",
                exc.__class__.__name__,
                operation,
                cls._unlogged,
            )
            cls._logged_at, cls._unlogged = now, 0

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGE as exc:
            self._failed("get", exc)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except OUTAGE as exc:
            self._failed("get_many", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OUTAGE as exc:
            self._failed("has_key", exc)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except OUTAGE as exc:
            self._failed("set", exc)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except OUTAGE as exc:
            self._failed("set_many", exc)
            return list(data)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OUTAGE as exc:
            self._failed("add", exc)
            return True

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except OUTAGE as exc:
            self._failed("incr", exc)
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).") from exc

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except OUTAGE as exc:
            self._failed("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OUTAGE as exc:
            self._failed("delete", exc)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except OUTAGE as exc:
            self._failed("delete_many", exc)

    def clear(self):
        try:
            return super().clear()
        except OUTAGE as exc:
            self._failed("clear", exc)
            return False
