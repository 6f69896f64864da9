"""Is PostgreSQL or Redis reachable? Tests that need one skip with a reason when it is not,
and fail instead under LMS_REQUIRE_SERVICES=1 (as in CI)."""

import os
import socket
from urllib.parse import urlsplit

import pytest


def required() -> bool:
    return os.environ.get("LMS_REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def need(name: str, url: str, default_port: int) -> None:
    """Skip (or fail under LMS_REQUIRE_SERVICES=1) when a service is not reachable."""
    if reachable(url, default_port):
        return
    message = f"{name} is not reachable at {url}"
    if required():
        pytest.fail(f"{message}, and LMS_REQUIRE_SERVICES=1 requires it.", pytrace=False)
    pytest.skip(f"{message}; start it with ../shared/services-up")
