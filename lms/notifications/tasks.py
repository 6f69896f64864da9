"""Celery tasks (queue `notifications`): thin wrappers around the services."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(name="lms.notifications.reminders_due", ignore_result=True)
def reminders_due() -> int:
    return services.reminders_due_run()


@shared_task(name="lms.notifications.reminders_sessions", ignore_result=True)
def reminders_sessions() -> int:
    return services.reminders_sessions_run()


@shared_task(name="lms.notifications.digest_new_work", ignore_result=True)
def digest_new_work() -> int:
    return services.digest_new_work_run()


@shared_task(name="lms.notifications.digest_trainers", ignore_result=True)
def digest_trainers() -> int:
    return services.digest_trainers_run()


@shared_task(
    name="lms.notifications.send",
    bind=True,
    ignore_result=True,
    acks_late=True,
    max_retries=services.MAX_EMAIL_ATTEMPTS,
)
def notifications_send(self) -> int:
    """Send a batch from the outbox; SMTP and network errors retry with backoff, a full
    batch enqueues the next one. Beat also runs it every minute, as the sweep."""
    try:
        sent, more = services.outbox_send()
    except (SMTPException, OSError) as exc:
        raise self.retry(exc=exc, countdown=services.retry_delay(self.request.retries + 1)) from exc
    if more:
        notifications_send.delay()
    return sent
