"""Celery tasks of course results: thin wrappers around `results.services`, idempotent and
safe to lose."""

from celery import shared_task
from django.db import DatabaseError, OperationalError

from . import services


@shared_task(
    name="assessments.course_results_recompute",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=5,
)
def course_results_recompute(self, enrollment_ids: list[int]) -> int:
    try:
        return len(services.course_results_recompute(enrollment_ids=enrollment_ids))
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
        ids = services.enrollment_ids_for_course(course_id)
        return len(services.course_results_recompute(enrollment_ids=ids))
    except (OperationalError, DatabaseError) as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task(name="assessments.course_results_sweep")
def course_results_sweep() -> int:
    """What a lost recompute message left behind: results older than what they depend on."""
    return len(services.course_results_recompute(enrollment_ids=services.course_results_stale()))
