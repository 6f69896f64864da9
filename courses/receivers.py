"""Keep the cache keys of course structure, edition schedules and learner progress honest.

A course, module or lesson that changes raises its course's `structure_version`; an
edition or classroom session that changes raises the edition's `schedule_version`; a
learner's progress, extension or feedback raises the enrolment's `progress_version`.
Cached reads and page fragments are keyed on these numbers, so every process sees a
change at its next request. Bulk `update()` calls bypass these receivers: services that
use them call `services.enrollment_touch` themselves.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import (
    ClassroomSession,
    CoachingNote,
    Course,
    CourseModule,
    DueDateExtension,
    Edition,
    Enrollment,
    Lesson,
    LessonProgress,
)


def _bump_course(course_id: int | None) -> None:
    if course_id:
        Course.objects.filter(pk=course_id).update(structure_version=F("structure_version") + 1)


@receiver([post_save, post_delete], dispatch_uid="courses.structure_changed")
def structure_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, Course):
        if not kwargs.get("created"):
            _bump_course(instance.pk)
    elif isinstance(instance, CourseModule):
        _bump_course(instance.course_id)
    elif isinstance(instance, Lesson):
        module = CourseModule.objects.filter(pk=instance.module_id).values_list(
            "course_id", flat=True
        )
        _bump_course(module.first())


@receiver(
    [post_save, post_delete], sender=ClassroomSession, dispatch_uid="courses.schedule_changed"
)
def schedule_changed(sender, instance, **kwargs) -> None:
    Edition.objects.filter(pk=instance.edition_id).update(
        schedule_version=F("schedule_version") + 1
    )


@receiver([post_save, post_delete], sender=Edition, dispatch_uid="courses.edition_changed")
def edition_changed(sender, instance, created=False, **kwargs) -> None:
    if not created and kwargs.get("signal") is post_save:
        Edition.objects.filter(pk=instance.pk).update(schedule_version=F("schedule_version") + 1)


@receiver([post_save, post_delete], dispatch_uid="courses.progress_changed")
def progress_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, LessonProgress | DueDateExtension | CoachingNote):
        Enrollment.objects.filter(pk=instance.enrollment_id).update(
            progress_version=F("progress_version") + 1
        )


@receiver(pre_save, sender=Enrollment, dispatch_uid="courses.withdrawal_dated")
def withdrawal_dated(sender, instance: Enrollment, **kwargs) -> None:
    """Note when an enrolment is withdrawn: the invoice depends on it (the course's rule on
    late withdrawals, see courses.organisations.invoicing)."""
    withdrawn = instance.status == Enrollment.Status.WITHDRAWN
    if withdrawn and instance.withdrawn_at is None:
        instance.withdrawn_at = timezone.now()
    elif not withdrawn and instance.withdrawn_at is not None:
        instance.withdrawn_at = None
