"""Tasks of the test plugin app: tiny, real work for tests that run a Celery worker."""

import time

from celery import shared_task

from .models import PingRecord


@shared_task
def record_ping(n: int, delay: float = 0.0) -> None:
    """Store a row for `n`, idempotently: a redelivered message changes nothing."""
    if delay:
        time.sleep(delay)
    PingRecord.objects.get_or_create(n=n)
