"""A real Celery worker on Redis runs what the test enqueues, once, even when it crashes.

Tasks are acknowledged late: a message a killed worker held returns to the queue once its
visibility timeout passes, and the idempotent task then changes nothing twice.
"""

import re

import pytest

from tests.celery_utils import VISIBILITY_TIMEOUT, wait_until
from tests.plugin_app.models import PingRecord
from tests.plugin_app.tasks import record_backend, record_ping

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

COUNT = 50


def ping_numbers() -> list[int]:
    return list(PingRecord.objects.order_by("n").values_list("n", flat=True))


def task_ids(output: str, event: str) -> set[str]:
    return set(re.findall(rf"record_ping\[([0-9a-f-]+)\] {event}", output))


def test_worker_runs_every_enqueued_task_exactly_once(celery_worker_process):
    worker = celery_worker_process

    for n in range(COUNT):
        worker.enqueue(record_ping, n)

    wait_until(
        lambda: PingRecord.objects.count() >= COUNT,
        timeout=30,
        message=lambda: f"{PingRecord.objects.count()} of {COUNT} rows\n{worker.output}",
    )
    assert ping_numbers() == list(range(COUNT))
    assert (
        worker.output.count("tests.plugin_app.tasks.record_ping[") == 2 * COUNT
    )  # received, succeeded


def test_tasks_a_killed_worker_held_still_run_once_after_a_restart(celery_worker_process):
    worker = celery_worker_process
    for n in range(COUNT):
        worker.enqueue(record_ping, n, delay=0.5)

    def in_flight() -> set[str]:
        output = worker.output
        return task_ids(output, "received") - task_ids(output, "succeeded")

    # Kill while both pool processes are busy with a task they started 0.1-0.3 s ago: then
    # the worker holds two unacknowledged messages and has no fetch outstanding. (A message
    # Redis has popped for a fetch but the worker has not yet recorded as unacknowledged is
    # the Redis transport's known gap; for exams the periodic sweep covers it, see
    # tests/assessments/test_grading_worker.py.)
    def quiet_moment() -> bool:
        return (
            PingRecord.objects.count() >= 3
            and len(in_flight()) == 2
            and 0.1 <= worker.quiet_for() <= 0.3
        )

    wait_until(quiet_moment, timeout=30, interval=0.02, message=lambda: worker.output)
    worker.kill()
    assert PingRecord.objects.count() < COUNT, "the worker finished before it could be killed"
    before = worker.output
    held = task_ids(before, "received") - task_ids(before, "succeeded")
    assert held, f"the killed worker held no message:\n{before}"

    worker.restart()

    wait_until(
        lambda: PingRecord.objects.count() >= COUNT,
        timeout=60 + VISIBILITY_TIMEOUT,
        message=lambda: f"{PingRecord.objects.count()} of {COUNT} rows\n{worker.output}",
    )
    assert ping_numbers() == list(range(COUNT))
    after = worker.output[len(before) :]
    assert held <= task_ids(after, "received"), "a held message was not redelivered"


def test_worker_uses_the_test_database_and_not_eager_mode(celery_worker_process, settings):
    from lms.celery import app

    assert app.conf.task_always_eager is False
    assert app.conf.broker_url == settings.REDIS_URL
    result = celery_worker_process.enqueue(record_ping, 7)

    assert result.id
    wait_until(lambda: PingRecord.objects.filter(n=7).exists(), timeout=30)


@pytest.mark.worker_env(LMS_TEST_CONN_MAX_AGE="60")
def test_the_worker_keeps_its_database_connection_from_task_to_task(celery_worker_process):
    """Celery would close it around every task (a new PostgreSQL backend for each, several
    milliseconds); with CELERY_DB_REUSE_MAX and CONN_MAX_AGE each pool process keeps one."""
    for n in range(1, 21):
        celery_worker_process.enqueue(record_backend, n)
    wait_until(
        lambda: PingRecord.objects.count() >= 20,
        timeout=30,
        message=lambda: celery_worker_process.output,
    )
    backends = {n % 10**7 for n in PingRecord.objects.values_list("n", flat=True)}
    assert 1 <= len(backends) <= 2  # one per pool process (concurrency 2), not one per task
