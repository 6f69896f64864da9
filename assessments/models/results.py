"""Where a learner stands against the course's pass rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment


class CourseResult(models.Model):
    """Where a learner stands against the course's pass rules: recomputed by
    `assessments.results` whenever a grade, an attendance or a rule changes."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="course_result"
    )
    passed = models.BooleanField(_("geslaagd"), default=False)
    rules = models.JSONField(
        default=list, help_text="Each pass rule with its state (see assessments.results.Rule)."
    )
    # How many of the rules are met, of how many: kept beside `rules` so that a gradebook of
    # hundreds of learners need not read and decode every learner's rules.
    rules_met = models.PositiveSmallIntegerField(default=0)
    rules_total = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    passed_at = models.DateTimeField(_("geslaagd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("cursusresultaat")
        verbose_name_plural = _("cursusresultaten")
        indexes = [models.Index(fields=["computed_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {'passed' if self.passed else 'not passed'}"
