"""Keep course results current: recompute after a grade, an attendance or a rule changed."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from courses.models import Course
from courses.signals import attendance_changed

from . import signals
from .results import services as results
from .results.gradable import GradedLesson


@receiver(signals.result_changed, dispatch_uid="assessments.result_changed.recompute")
def recompute_after_grading(sender, enrollment_id: int, **kwargs) -> None:
    if kwargs.get("counts_for_result", True):  # a practice quiz changes no course result
        results.course_results_recompute_later([enrollment_id])


@receiver(attendance_changed, dispatch_uid="assessments.attendance_changed.recompute")
def recompute_after_attendance(sender, enrollment_ids, **kwargs) -> None:
    results.course_results_recompute_later(enrollment_ids)


@receiver(post_save, dispatch_uid="assessments.rule_saved.recompute")
def recompute_after_rule_change(sender, instance, created: bool, raw: bool = False, **kwargs):
    """A course's settings or a graded lesson (its pass mark, whether it counts) changed."""
    if raw:
        return
    if isinstance(instance, Course) and not created:
        results.course_results_recompute_course_later(instance.pk)
    elif isinstance(instance, GradedLesson):
        course_id = instance.module.course_id
        results.course_results_recompute_course_later(course_id)
