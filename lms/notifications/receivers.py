"""Reactions to other apps' events: a session moved, feedback released, messages queued.

The other apps publish only primary keys; the few fields we need are read here through the
model registry.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db.models.signals import pre_save
from django.dispatch import receiver

from assessments.signals import feedback_released
from core.outbox.signals import notifications_added
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


@receiver(notifications_added, dispatch_uid="lms.notifications_added")
def on_notifications_added(sender, user_ids, **kwargs) -> None:
    """New notices (also the certificate's, queued by the certificates app) change the
    unread count in the recipients' headers."""
    services.forget_unread(user_ids)
