"""Celery tasks of attempts: thin wrappers around `quizzes.services`, idempotent and safe
to lose."""

from celery import shared_task
from django.db import DatabaseError, OperationalError

from .. import conf
from . import services


@shared_task(
    name="assessments.attempt_grade",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=4,
)
def attempt_grade(self, attempt_id: int) -> bool:
    try:
        return services.attempt_grade(attempt_id=attempt_id, batch=conf.get("LMS_GRADING_BATCH"))
    except (OperationalError, DatabaseError) as exc:  # transient: the database was busy or away
        if self.request.retries >= self.max_retries:
            services.attempt_record_failure(attempt_id=attempt_id, error=repr(exc))
            return False
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
    except Exception as exc:  # a bug or a broken key: count it, park the attempt after a few
        services.attempt_record_failure(attempt_id=attempt_id, error=repr(exc))
        raise


@shared_task(name="assessments.attempts_close_expired")
def attempts_close_expired() -> int:
    return services.attempts_close_expired()


@shared_task(name="assessments.attempts_sweep_ungraded")
def attempts_sweep_ungraded() -> int:
    return len(services.attempts_sweep_ungraded())
