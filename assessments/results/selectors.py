"""Reads of course results: each enrolment's pass rules in bulk, a learner's stored result,
and what a lost recompute left behind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from courses.models import Attendance, ClassroomSession, Enrollment

from ..models import Attempt, CourseResult, Review, Submission
from .gradable import NO_OUTCOME, graded_lessons, outcomes_for
from .rules import Rule, attendance_rule, lesson_rule, rules_from_json


def course_rules_for(enrollments: Sequence[Enrollment]) -> dict[int, list[Rule]]:
    """Every enrolment's rules, in a number of queries that does not depend on how many
    enrolments or lessons there are (it grows only with the number of courses and types)."""
    by_course: dict[int, list[Enrollment]] = {}
    for enrollment in enrollments:
        by_course.setdefault(enrollment.edition.course_id, []).append(enrollment)

    edition_ids = {e.edition_id for e in enrollments}
    sessions: dict[int, list[int]] = {}
    for edition_id, session_id in ClassroomSession.objects.filter(
        edition_id__in=edition_ids
    ).values_list("edition_id", "pk"):
        sessions.setdefault(edition_id, []).append(session_id)
    statuses: dict[int, dict[int, str]] = {}
    if any(e.edition.course.require_attendance for e in enrollments):
        for enrollment_id, session_id, status in Attendance.objects.filter(
            enrollment_id__in=[e.pk for e in enrollments]
        ).values_list("enrollment_id", "session_id", "status"):
            statuses.setdefault(enrollment_id, {})[session_id] = status

    rules: dict[int, list[Rule]] = {}
    for course_id, group in by_course.items():
        course = group[0].edition.course
        lessons = [lesson for lesson in graded_lessons(course_id) if lesson.counts_for_result()]
        outcomes = outcomes_for(lessons, [e.pk for e in group])
        for enrollment in group:
            items = [
                lesson_rule(
                    lesson_id=lesson.pk,
                    title=lesson.title,
                    is_exam=bool(getattr(lesson, "is_exam", False)),
                    pass_mark=getattr(lesson, "pass_mark", None),
                    outcome=outcomes.get((lesson.pk, enrollment.pk), NO_OUTCOME),
                )
                for lesson in lessons
            ]
            if course.require_attendance:
                items.append(
                    attendance_rule(
                        session_ids=sessions.get(enrollment.edition_id, []),
                        statuses=statuses.get(enrollment.pk, {}),
                    )
                )
            rules[enrollment.pk] = items
    return rules


def course_result_for(*, enrollment: Enrollment) -> tuple[CourseResult | None, list[Rule]]:
    """The stored result and its rules (none yet when it was never computed)."""
    result = CourseResult.objects.filter(enrollment_id=enrollment.pk).first()
    if result is None:
        return None, []
    return result, rules_from_json(result.rules)


def course_results_stale(*, now: datetime | None = None, limit: int = 5000) -> list[int]:
    """Enrolments whose stored result is older than a grade or attendance it depends on, or
    that have none: what a lost recompute message left behind (the sweep finds them)."""
    now = now or timezone.now()
    settle = now - timedelta(minutes=1)  # leave the enqueued recomputes a moment to run
    missing = Enrollment.objects.filter(
        Q(course_result__isnull=True) | Q(course_result__computed_at__isnull=True),
        enrolled_at__lt=settle,
    )
    graded_after = (
        Attempt.objects.filter(graded_at__lt=settle)
        .values("enrollment_id")
        .annotate(last=Max("graded_at"))
        .filter(
            Q(enrollment__course_result__isnull=False)
            & Q(last__gt=_computed_at_of("enrollment_id"))
        )
        .values_list("enrollment_id", flat=True)
    )
    attended_after = (
        Attendance.objects.filter(recorded_at__lt=settle)
        .values("enrollment_id")
        .annotate(last=Max("recorded_at"))
        .filter(
            Q(enrollment__course_result__isnull=False)
            & Q(last__gt=_computed_at_of("enrollment_id"))
        )
        .values_list("enrollment_id", flat=True)
    )
    released_after = (
        Review.objects.filter(released_at__lt=settle)
        .values("submission__enrollment_id")
        .annotate(last=Max("released_at"))
        .filter(
            Q(submission__enrollment__course_result__isnull=False)
            & Q(last__gt=_computed_at_of("submission__enrollment_id"))
        )
        .values_list("submission__enrollment_id", flat=True)
    )
    ids: set[int] = set(missing.values_list("pk", flat=True)[:limit])
    ids.update(graded_after[:limit])
    ids.update(attended_after[:limit])
    ids.update(released_after[:limit])
    return sorted(ids)[:limit]


def _computed_at_of(field: str):
    return Subquery(
        CourseResult.objects.filter(enrollment_id=OuterRef(field)).values("computed_at")[:1]
    )


def enrollment_ids_for_course(course_id: int) -> list[int]:
    return list(
        Enrollment.objects.filter(edition__course_id=course_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def work_behind_cell(*, enrollment: Enrollment, lesson_id: int) -> tuple[str, int] | None:
    """What a gradebook cell stands on: ("submission", id) for handed-in open work, ("attempt",
    id) for a quiz attempt whose essays wait for the trainer, None otherwise (the learner's
    page shows the rest). Two queries at most."""
    submission_id = (
        Submission.objects.filter(
            enrollment=enrollment, assignment_id=lesson_id, latest_version__isnull=False
        )
        .values_list("pk", flat=True)
        .first()
    )
    if submission_id is not None:
        return ("submission", submission_id)
    attempt_id = (
        Attempt.objects.filter(
            enrollment=enrollment, quiz_id=lesson_id, status=Attempt.Status.NEEDS_REVIEW
        )
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    return ("attempt", attempt_id) if attempt_id is not None else None
