"""Fixed-window request limits, kept in the cache (shared by all web workers when the cache
is Redis): per client address, or per any other key such as an e-mail address."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from .clients import client_address


def hit(scope: str, key: str, *, limit: int, window: int = 60) -> bool:
    """Count one use of `key`; False once it was used more than `limit` times in the window.
    The key is hashed, so an e-mail address is never written into the cache as text."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    bucket = int(time.time() // window)
    name = f"ratelimit:{scope}:{digest}:{bucket}"
    if cache.add(name, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window + 5)
        return True
    return count <= limit


def allow(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request against its client's limit (the real address behind our proxies)."""
    return hit(scope, client_address(request), limit=limit, window=window)
