"""The monthly e-mail to contact persons (beat, queue `notifications`)."""

from celery import shared_task

from core.tasks import PeriodicTask

from . import monthly


@shared_task(
    base=PeriodicTask, name="lms.notifications.organisation_reports_monthly", ignore_result=True
)
def organisation_reports_monthly() -> int:
    return monthly.monthly_reports_run()
