"""Celery tasks of attempts: thin wrappers around `quizzes.services`, idempotent and safe
to lose (retries and time limits: `core.tasks`)."""

from celery import shared_task

from core.tasks import PeriodicTask, ServiceTask, is_transient

from .. import conf
from . import services


def _attempt_give_up(exc: BaseException, attempt_id: int) -> None:
    """A deterministic error parks the attempt for an administrator at once; a transient one
    that outlasted the retries is counted, and the sweep hands the attempt in again later."""
    services.attempt_record_failure(
        attempt_id=attempt_id, error=repr(exc), park=not is_transient(exc)
    )


@shared_task(base=ServiceTask, name="assessments.attempt_grade", give_up=_attempt_give_up)
def attempt_grade(attempt_id: int) -> bool:
    return services.attempt_grade(attempt_id=attempt_id, batch=conf.get("LMS_GRADING_BATCH"))


@shared_task(base=PeriodicTask, name="assessments.attempts_close_expired")
def attempts_close_expired() -> int:
    return services.attempts_close_expired()


@shared_task(base=PeriodicTask, name="assessments.attempts_sweep_ungraded")
def attempts_sweep_ungraded() -> int:
    return len(services.attempts_sweep_ungraded())
