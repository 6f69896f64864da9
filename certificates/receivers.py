"""Certificates follow course results: each change is evaluated in a worker."""

from django.db import transaction
from django.dispatch import receiver

from assessments.signals import course_result_changed


@receiver(course_result_changed, dispatch_uid="certificates.course_result_changed.evaluate")
def evaluate_after_result_change(sender, enrollment_id: int, **kwargs) -> None:
    from .tasks import certificate_evaluate

    transaction.on_commit(lambda: certificate_evaluate.delay(enrollment_id), robust=True)
