"""Keep the cache keys of course structure and edition schedules honest.

A module or lesson that changes raises its course's `structure_version`; a classroom
session that changes raises its edition's `schedule_version`. Cached reads are keyed
on these numbers, so every process sees a change at its next request.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ClassroomSession, Course, CourseModule, Edition, Lesson


def _bump_course(course_id: int | None) -> None:
    if course_id:
        Course.objects.filter(pk=course_id).update(structure_version=F("structure_version") + 1)


@receiver([post_save, post_delete], dispatch_uid="courses.structure_changed")
def structure_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, CourseModule):
        _bump_course(instance.course_id)
    elif isinstance(instance, Lesson):
        module = CourseModule.objects.filter(pk=instance.module_id).values_list("course_id", flat=True)
        _bump_course(module.first())


@receiver([post_save, post_delete], sender=ClassroomSession, dispatch_uid="courses.schedule_changed")
def schedule_changed(sender, instance, **kwargs) -> None:
    Edition.objects.filter(pk=instance.edition_id).update(schedule_version=F("schedule_version") + 1)
