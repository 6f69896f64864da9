"""Celery tasks of courses: thin wrappers around the waiting list's services."""

from celery import shared_task

from core.tasks import PeriodicTask, ServiceTask

from .signups import services as signups


@shared_task(base=ServiceTask, name="courses.waiting_list_fill", ignore_result=True)
def waiting_list_fill(edition_id: int) -> int:
    """Offer an edition's free places to the next on its waiting list (after a place freed)."""
    return signups.waiting_list_fill(edition_id=edition_id)


@shared_task(base=PeriodicTask, name="courses.signup_offers_sweep", ignore_result=True)
def signup_offers_sweep() -> int:
    """Let offers that ran out lapse and offer free places onward, for every edition."""
    return signups.signup_offers_sweep()
