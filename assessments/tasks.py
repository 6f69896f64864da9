"""Celery finds an app's tasks in `<app>.tasks`; ours live beside the services they wrap."""

from .quizzes.tasks import attempt_grade, attempts_close_expired, attempts_sweep_ungraded
from .results.tasks import (
    course_results_recompute,
    course_results_recompute_course,
    course_results_sweep,
)

__all__ = [
    "attempt_grade",
    "attempts_close_expired",
    "attempts_sweep_ungraded",
    "course_results_recompute",
    "course_results_recompute_course",
    "course_results_sweep",
]
