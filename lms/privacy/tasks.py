"""The daily retention job (CELERY_BEAT_SCHEDULE "privacy-erasure-proposals")."""

from celery import shared_task

from core.tasks import PeriodicTask

from . import retention


@shared_task(base=PeriodicTask, name="lms.privacy.erasure_proposals_create", ignore_result=True)
def erasure_proposals_create() -> int:
    """Propose the people past the retention term for erasure (idempotent)."""
    return retention.erasure_proposals_create()
