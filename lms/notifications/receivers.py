"""Reactions to other apps' events: a session moved, feedback released, a certificate issued.

The other apps publish only primary keys; the few fields we need are read here through the
model registry, so that `lms` stays the only app that knows about notifications.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db.models.signals import pre_save
from django.dispatch import receiver

from assessments.signals import feedback_released
from certificates.signals import certificate_issued
from courses.models import ClassroomSession, Lesson
from courses.signals import session_moved

from . import services

logger = logging.getLogger(__name__)


@receiver(pre_save, sender=ClassroomSession, dispatch_uid="lms.session_before")
def remember_session_before(sender, instance, raw=False, **kwargs) -> None:
    """Keep the date, times and place a session had, for the "moved" notice (one query,
    only when an existing session is saved)."""
    if raw or instance.pk is None:
        return
    old = ClassroomSession.objects.filter(pk=instance.pk).first()
    if old is not None:
        instance._lms_before = services.SessionBefore(old.starts_at, old.ends_at, old.location)


@receiver(session_moved, dispatch_uid="lms.session_moved")
def on_session_moved(sender, edition, session, changes, **kwargs) -> None:
    services.schedule_changed_notify(
        session=session, before=getattr(session, "_lms_before", None), changes=list(changes)
    )


def released_feedback(submission_ids: list[int]) -> list[services.ReleasedFeedback]:
    """Enrolment and lesson of each submission (assessments.Submission: its `enrollment`
    and the foreign key to its assignment, a lesson)."""
    try:
        submission = apps.get_model("assessments", "Submission")
    except LookupError:
        logger.warning("feedback_released without an assessments.Submission model")
        return []
    lesson_field = next(
        (
            f.name
            for f in submission._meta.get_fields()
            if f.many_to_one and f.related_model and issubclass(f.related_model, Lesson)
        ),
        None,
    )
    fields = ["pk", "enrollment_id"] + ([f"{lesson_field}_id"] if lesson_field else [])
    return [
        services.ReleasedFeedback(row[0], row[1], row[2] if lesson_field else None)
        for row in submission.objects.filter(pk__in=list(submission_ids)).values_list(*fields)
    ]


@receiver(feedback_released, dispatch_uid="lms.feedback_released")
def on_feedback_released(sender, submission_ids, **kwargs) -> None:
    services.feedback_released_notify(released=released_feedback(list(submission_ids)))


def certificate_enrollment(certificate_id: int) -> int | None:
    try:
        certificate = apps.get_model("certificates", "Certificate")
    except LookupError:
        logger.warning("certificate_issued without a certificates.Certificate model")
        return None
    return (
        certificate.objects.filter(pk=certificate_id)
        .values_list("enrollment_id", flat=True)
        .first()
    )


@receiver(certificate_issued, dispatch_uid="lms.certificate_issued")
def on_certificate_issued(sender, certificate_id, **kwargs) -> None:
    enrollment_id = certificate_enrollment(certificate_id)
    if enrollment_id is not None:
        services.certificate_issued_notify(
            certificate_id=certificate_id, enrollment_id=enrollment_id
        )
