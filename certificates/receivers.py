"""Certificates follow course results: each change is evaluated in a worker. A certificate
that changes marks its learner's pages as changed (they show it)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assessments.signals import course_result_changed
from courses import services as course_services

from . import tasks
from .models import Certificate


@receiver(course_result_changed, dispatch_uid="certificates.course_result_changed.evaluate")
def evaluate_after_result_change(sender, enrollment_id: int, **kwargs) -> None:
    transaction.on_commit(lambda: tasks.certificate_evaluate.delay(enrollment_id), robust=True)


@receiver([post_save, post_delete], sender=Certificate, dispatch_uid="certificates.touch_pages")
def touch_learner_pages(sender, instance: Certificate, **kwargs) -> None:
    """Saved one at a time (revoked, replaced, changed in the admin); a bulk issue touches
    the enrolments itself (services._issue)."""
    course_services.enrollment_touch(enrollment_id=instance.enrollment_id)
