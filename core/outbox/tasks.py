"""The sender (queue `notifications`): started after a commit that queued e-mail, and by
beat every minute as the sweep."""

from __future__ import annotations

from celery import shared_task

from core.tasks import TRANSIENT_ERRORS, ServiceTask

from . import conf, services


@shared_task(
    base=ServiceTask,
    # The name it had in `lms`: beat schedules, routes and messages in a broker use it.
    name="lms.notifications.send",
    ignore_result=True,
    # SMTP and network errors are transient too (smtplib.SMTPException is an OSError).
    autoretry_for=(*TRANSIENT_ERRORS, OSError),
    retry_backoff=conf.get("LMS_OUTBOX_RETRY_SECONDS"),
    retry_backoff_max=3600,
    max_retries=conf.MAX_EMAIL_ATTEMPTS,
)
def outbox_send() -> int:
    """Send a batch from the outbox; a full batch enqueues the next one."""
    sent, more = services.outbox_send()
    if more:
        outbox_send.delay()
    return sent
