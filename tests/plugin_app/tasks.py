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


@shared_task
def record_backend(n: int) -> None:
    """Store which PostgreSQL backend (connection) ran the `n`th task: n * 10**7 + its pid."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    PingRecord.objects.get_or_create(n=n * 10**7 + pid)
