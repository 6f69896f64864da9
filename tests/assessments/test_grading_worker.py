"""A real Celery worker on Redis grades every submitted attempt exactly once, also when the
worker is killed in the middle and when messages are delivered twice."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Attempt, GradingEvent, Response
from assessments.quizzes import services as attempts
from assessments.tasks import attempt_grade
from tests.assessments.quiz_factories import build_quiz, right_answer
from tests.celery_utils import VISIBILITY_TIMEOUT, celery_conf, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
COUNT = 200


def submitted_attempts(count: int) -> list[int]:
    """`count` learners who each answered and handed in the same quiz (rows committed)."""
    from tests import factories as f

    quiz, first = build_quiz(questions=10)
    edition = first.edition
    ids = []
    now = timezone.now()
    for i in range(count):
        enrollment = first if i == 0 else f.EnrollmentFactory(edition=edition)
        attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=now)
        Response.objects.bulk_create(
            Response(
                attempt=attempt,
                position=p,
                answer=right_answer(p) if (p + i) % 3 else None,
                saved_at=now,
            )
            for p in range(len(attempt.questions))
        )
        Attempt.objects.filter(pk=attempt.pk).update(
            status=Attempt.Status.SUBMITTED, submitted_at=now
        )
        ids.append(attempt.pk)
    return ids


def all_graded(ids) -> bool:
    return not Attempt.objects.filter(pk__in=ids, status=Attempt.Status.SUBMITTED).exists()


def assert_graded_exactly_once(ids) -> None:
    assert Attempt.objects.filter(pk__in=ids, status=Attempt.Status.GRADED).count() == len(ids)
    assert GradingEvent.objects.filter(attempt_id__in=ids, kind="graded").count() == len(ids)
    assert Response.objects.filter(attempt_id__in=ids).count() == 10 * len(ids)
    assert not Response.objects.filter(attempt_id__in=ids, fraction__isnull=True).exists()


def test_a_real_worker_grades_200_attempts_each_exactly_once_even_when_sent_twice(
    celery_worker_process,
):
    worker = celery_worker_process
    ids = submitted_attempts(COUNT)
    for attempt_id in ids + ids:  # every message twice: a duplicate delivery changes nothing
        worker.enqueue(attempt_grade, attempt_id)

    def every_message_ran() -> bool:
        return len(re.findall(r"attempt_grade\[[0-9a-f-]+\] succeeded", worker.output)) >= 2 * COUNT

    wait_until(
        lambda: all_graded(ids) and every_message_ran(),
        timeout=120,
        message=lambda: worker.output[-3000:],
    )
    assert_graded_exactly_once(ids)


@pytest.mark.worker_env(LMS_GRADING_BATCH=2)  # small batches: still grading when it is killed
def test_killing_the_worker_while_it_grades_loses_no_attempt_and_grades_none_twice(
    celery_worker_process,
):
    worker = celery_worker_process
    ids = submitted_attempts(COUNT)
    for attempt_id in ids:
        worker.enqueue(attempt_grade, attempt_id)
    wait_until(
        lambda: Attempt.objects.filter(pk__in=ids, status=Attempt.Status.GRADED).count() >= 10,
        timeout=60,
        message=lambda: worker.output[-3000:],
    )
    worker.kill()
    assert not all_graded(ids), "the worker finished before it could be killed"
    worker.restart()

    # Held messages come back after the visibility timeout. A message Redis popped for the
    # worker in the instant before the kill, before the worker recorded it as unacknowledged,
    # is gone: the periodic sweep (beat, every minute in production) re-enqueues its attempt.
    from lms.celery import app

    last_sweep = [time.monotonic()]

    def graded_with_sweeps() -> bool:
        if all_graded(ids):
            return True
        if time.monotonic() - last_sweep[0] > 2 * VISIBILITY_TIMEOUT:
            last_sweep[0] = time.monotonic()
            with celery_conf(app, task_routes={"assessments.*": {"queue": worker.queue}}):
                attempts.attempts_sweep_ungraded(older_than=timedelta(seconds=VISIBILITY_TIMEOUT))
        return False

    wait_until(graded_with_sweeps, timeout=180, message=lambda: worker.output[-3000:])
    assert_graded_exactly_once(ids)


def test_the_sweep_enqueues_what_a_lost_message_left_behind(celery_worker_process):
    worker = celery_worker_process
    ids = submitted_attempts(20)  # submitted, but no message was ever sent
    Attempt.objects.filter(pk__in=ids).update(
        submitted_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    from lms.celery import app

    with celery_conf(app, task_routes={"assessments.*": {"queue": worker.queue}}):
        assert sorted(attempts.attempts_sweep_ungraded()) == sorted(ids)
    wait_until(lambda: all_graded(ids), timeout=60, message=lambda: worker.output[-3000:])
    assert_graded_exactly_once(ids)
