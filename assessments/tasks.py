"""Celery tasks: thin wrappers around the attempt services, idempotent and safe to lose."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, OperationalError

from . import attempts, results


@shared_task(
    name="assessments.attempt_grade",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=4,
)
def attempt_grade(self, attempt_id: int) -> bool:
    try:
        return attempts.attempt_grade(attempt_id=attempt_id, batch=settings.LMS_GRADING_BATCH)
    except (OperationalError, DatabaseError) as exc:  # transient: the database was busy or away
        if self.request.retries >= self.max_retries:
            attempts.attempt_record_failure(attempt_id=attempt_id, error=repr(exc))
            return False
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
    except Exception as exc:  # a bug or a broken key: count it, park the attempt after a few
        attempts.attempt_record_failure(attempt_id=attempt_id, error=repr(exc))
        raise


@shared_task(name="assessments.attempts_close_expired")
def attempts_close_expired() -> int:
    return attempts.attempts_close_expired()


@shared_task(name="assessments.attempts_sweep_ungraded")
def attempts_sweep_ungraded() -> int:
    return len(attempts.attempts_sweep_ungraded())


@shared_task(
    name="assessments.course_results_recompute",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=5,
)
def course_results_recompute(self, enrollment_ids: list[int]) -> int:
    try:
        return len(results.course_results_recompute(enrollment_ids=enrollment_ids))
    except (OperationalError, DatabaseError) as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task(
    name="assessments.course_results_recompute_course",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=5,
)
def course_results_recompute_course(self, course_id: int) -> int:
    """After a pass rule changed: every enrolment of the course, in chunks."""
    try:
        ids = results.enrollment_ids_for_course(course_id)
        return len(results.course_results_recompute(enrollment_ids=ids))
    except (OperationalError, DatabaseError) as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task(name="assessments.course_results_sweep")
def course_results_sweep() -> int:
    """What a lost recompute message left behind: results older than what they depend on."""
    return len(results.course_results_recompute(enrollment_ids=results.course_results_stale()))
