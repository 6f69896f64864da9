"""The outbox's settings, with their defaults in one place.

LMS_OUTBOX_RETRY_SECONDS   the wait after a message's first failed send; doubled after each
                           further failure, at most an hour (default 30)
"""

from __future__ import annotations

from django.conf import settings

# Tries per message before it is marked failed (also the sender task's retries).
MAX_EMAIL_ATTEMPTS = 8

DEFAULTS = {
    "LMS_OUTBOX_RETRY_SECONDS": 30,
}


def get(name: str):
    value = getattr(settings, name, None)
    return DEFAULTS[name] if value in (None, "") else value
