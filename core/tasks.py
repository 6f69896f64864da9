"""The base of every Celery task of ours: retry what is transient, record what is not, and
never run without a time limit.

A task is a thin wrapper around a service that re-reads its rows, so running it again is
safe. What may run again is decided here, once, by the kind of error:

- transient (`TRANSIENT_ERRORS`: the database was away, busy, in a failover or chose this
  transaction as a deadlock victim) — retried up to `max_retries` times, each time after a
  random wait of up to `retry_backoff * 2**retries` seconds (capped at `retry_backoff_max`),
  so that a hundred tasks that failed together do not come back together;
- anything else (an IntegrityError, a ProgrammingError, a ValueError, a bug) would fail the
  same way again: it is not retried.

When a task gives up — at once for a deterministic error, after the last retry for a
transient one — its `give_up(exc, *args, **kwargs)` records that on the item (an attempt
waits for an administrator, a certificate counts a failed render); without one the failure
is logged. The periodic sweeps find what is left undone either way.

Every task has a soft time limit (SoftTimeLimitExceeded is raised inside the task, which
then gives up like any failure) and a hard one (the worker process is replaced). The
defaults below apply to every task built on `ServiceTask`; a task that needs longer gets
its own limits from `CELERY_TASK_ANNOTATIONS` (lms/settings.py), Celery's per-task options.

Settings (all optional; read once, when the tasks are defined):

LMS_TASK_MAX_RETRIES        retries of a transient error (default 5)
LMS_TASK_RETRY_BACKOFF      seconds of the first backoff, doubled on each retry (default 2)
LMS_TASK_RETRY_BACKOFF_MAX  the longest backoff, in seconds (default 300)
LMS_TASK_SOFT_TIME_LIMIT    seconds before SoftTimeLimitExceeded (default 60)
LMS_TASK_TIME_LIMIT         seconds before the worker process is killed (default 90)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Task
from celery.exceptions import Ignore, Reject, Retry, SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

# Errors that say "try again later", not "this is wrong": a lost or refused connection, a
# server shutting down, a deadlock or serialization failure (OperationalError on PostgreSQL).
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

DEFAULTS = {
    "LMS_TASK_MAX_RETRIES": 5,
    "LMS_TASK_RETRY_BACKOFF": 2,
    "LMS_TASK_RETRY_BACKOFF_MAX": 300,
    "LMS_TASK_SOFT_TIME_LIMIT": 60,
    "LMS_TASK_TIME_LIMIT": 90,
}


def get(name: str):
    value = getattr(settings, name, None)
    return DEFAULTS[name] if value in (None, "") else value


def is_transient(exc: BaseException) -> bool:
    """Whether running again later may succeed: a transient database error, or a task that
    ran out of time (the same work may well fit when the machine is less busy)."""
    return isinstance(exc, (*TRANSIENT_ERRORS, SoftTimeLimitExceeded))


class ServiceTask(Task):
    """`@shared_task(base=ServiceTask, name=..., give_up=...)`: the shared retry policy, time
    limits and late acknowledgement (a message is acknowledged when its task has finished,
    and one whose worker died goes back to the queue)."""

    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = get("LMS_TASK_RETRY_BACKOFF")
    retry_backoff_max = get("LMS_TASK_RETRY_BACKOFF_MAX")
    retry_jitter = True
    max_retries = get("LMS_TASK_MAX_RETRIES")
    soft_time_limit = get("LMS_TASK_SOFT_TIME_LIMIT")
    time_limit = get("LMS_TASK_TIME_LIMIT")
    acks_late = True
    reject_on_worker_lost = True

    #: Called once when the task gives up, with the exception and the task's arguments.
    give_up: Callable[..., object] | None = None

    def __call__(self, *args, **kwargs):
        # Here rather than in `on_failure`, which an eager run that propagates its errors
        # (the tests, LMS_CELERY_EAGER) never reaches.
        try:
            return super().__call__(*args, **kwargs)
        except (Retry, Ignore, Reject):
            raise
        except Exception as exc:
            self._record_give_up(exc, args, kwargs)
            raise

    def _record_give_up(self, exc: Exception, args: tuple, kwargs: dict) -> None:
        # Read from the class: a function set as a class attribute (the decorator's
        # `give_up=`) would be bound to the task if read from the instance.
        give_up = type(self).give_up
        if give_up is None:
            logger.error("%s%r gave up: %r", self.name, args, exc)
            return
        try:
            give_up(exc, *args, **kwargs)
        except Exception:  # the database may still be away: the sweep finds the item later
            logger.exception("%s%r could not record its failure %r", self.name, args, exc)


class PeriodicTask(ServiceTask):
    """A task beat runs on a schedule: not retried, the next run is the retry."""

    autoretry_for = ()
