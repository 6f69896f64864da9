"""Celery tasks (queue `notifications`): the periodic jobs, thin wrappers around the
services. The e-mails they queue are sent by the outbox's task (`core.outbox.tasks`,
still named `lms.notifications.send`)."""

from __future__ import annotations

from celery import shared_task

from core.tasks import PeriodicTask

from . import services


@shared_task(base=PeriodicTask, name="lms.notifications.reminders_due", ignore_result=True)
def reminders_due() -> int:
    return services.reminders_due_run()


@shared_task(base=PeriodicTask, name="lms.notifications.reminders_sessions", ignore_result=True)
def reminders_sessions() -> int:
    return services.reminders_sessions_run()


@shared_task(base=PeriodicTask, name="lms.notifications.digest_new_work", ignore_result=True)
def digest_new_work() -> int:
    return services.digest_new_work_run()


@shared_task(base=PeriodicTask, name="lms.notifications.digest_trainers", ignore_result=True)
def digest_trainers() -> int:
    return services.digest_trainers_run()


@shared_task(base=PeriodicTask, name="lms.notifications.reminders_coaching", ignore_result=True)
def reminders_coaching() -> int:
    return services.reminders_coaching_run()


@shared_task(base=PeriodicTask, name="lms.notifications.announcements_notify", ignore_result=True)
def announcements_notify() -> int:
    """Also enqueued right after an announcement is posted (idempotent, like the beat)."""
    return services.announcements_notify_run()


@shared_task(base=PeriodicTask, name="lms.notifications.evaluations_ask", ignore_result=True)
def evaluations_ask() -> int:
    return services.evaluations_ask_run()
