"""Reads about quizzes and attempts."""

from __future__ import annotations

from decimal import Decimal

from ..models import Attempt
from ..results.gradable import EnrollmentIds, EpochSeconds, Outcome, moment
from . import grading


def quiz_outcomes(lessons, enrollment_ids: EnrollmentIds) -> dict[tuple[int, int], Outcome]:
    """Each learner's grade by the quiz's grading method, from one query over attempts."""
    quizzes = {q.pk: q for q in lessons}
    rows = (
        Attempt.objects.filter(quiz_id__in=quizzes, enrollment_id__in=enrollment_ids)
        .order_by("number")
        .values_list(
            "quiz_id", "enrollment_id", "status", "percentage", EpochSeconds("submitted_at")
        )
    )
    graded: dict[tuple[int, int], list[Decimal]] = {}
    waiting: set[tuple[int, int]] = set()
    in_progress: set[tuple[int, int]] = set()
    first_submitted: dict[tuple[int, int], object] = {}
    for quiz_id, enrollment_id, status, percentage, submitted_at in rows:
        key = (quiz_id, enrollment_id)
        if status == Attempt.Status.IN_PROGRESS:
            in_progress.add(key)
            continue
        first_submitted.setdefault(key, submitted_at)
        if status == Attempt.Status.GRADED:
            graded.setdefault(key, []).append(percentage)
        else:
            waiting.add(key)
    outcomes: dict[tuple[int, int], Outcome] = {}
    for key in set(first_submitted) | in_progress:
        quiz = quizzes[key[0]]
        final = grading.final_grade(graded.get(key, []), quiz.grading_method)
        if final is not None:
            outcomes[key] = Outcome(
                status="graded",
                percentage=final,
                sufficient=grading.passed(final, quiz.pass_mark),
                submitted_at=moment(first_submitted.get(key)),
            )
        elif key in waiting:
            outcomes[key] = Outcome(
                status="submitted", submitted_at=moment(first_submitted.get(key))
            )
        else:
            outcomes[key] = Outcome(status="in_progress")
    return outcomes
