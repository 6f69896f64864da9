"""Celery tasks of course results: thin wrappers around `results.services`, idempotent and
safe to lose (retries and time limits: `core.tasks`). A recompute that gives up leaves the
result stale, and `course_results_sweep` finds it."""

from celery import shared_task

from core.tasks import PeriodicTask, ServiceTask

from . import selectors, services


@shared_task(base=ServiceTask, name="assessments.course_results_recompute")
def course_results_recompute(enrollment_ids: list[int]) -> int:
    return len(services.course_results_recompute(enrollment_ids=enrollment_ids))


@shared_task(base=ServiceTask, name="assessments.course_results_recompute_course")
def course_results_recompute_course(course_id: int) -> int:
    """After a pass rule changed: every enrolment of the course, in chunks."""
    ids = selectors.enrollment_ids_for_course(course_id)
    return len(services.course_results_recompute(enrollment_ids=ids))


@shared_task(base=PeriodicTask, name="assessments.course_results_sweep")
def course_results_sweep() -> int:
    """What a lost recompute message left behind: results older than what they depend on."""
    return len(services.course_results_recompute(enrollment_ids=selectors.course_results_stale()))
