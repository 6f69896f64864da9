"""A fixed-window request limit per client, kept in the cache (shared by all web workers
when the cache is Redis)."""

from __future__ import annotations

import time

from django.core.cache import cache

from core.clients import client_address


def allow(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request; False once the client made more than `limit` in the window."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_address(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True
    return count <= limit
