"""Celery task of the reports: a thin wrapper around `services.report_build`."""

from celery import shared_task

from core.tasks import PeriodicTask, ServiceTask

from . import services


def _give_up(exc: Exception, report_id: int, *args, **kwargs) -> None:
    services.report_failed(exc, report_id)


@shared_task(
    base=ServiceTask, name="lms.reports.report_build", ignore_result=True, give_up=_give_up
)
def report_build(report_id: int) -> bool:
    return services.report_build(report_id=report_id)


@shared_task(base=PeriodicTask, name="lms.reports.reports_sweep", ignore_result=True)
def reports_sweep() -> int:
    return services.reports_sweep()
