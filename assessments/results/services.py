"""Course results: where each learner stands against the course's pass rules.

A course is passed when all of its rules are met: every lesson that counts for the result
(the exam at or above its pass mark, each required assignment "voldoende") and, where the
course asks for it, attendance at every classroom session. `evaluate` is the pure core;
`course_results_recompute` reads what it needs for many enrolments in a fixed number of
queries, stores a `CourseResult` per enrolment and announces every change with the
`course_result_changed` signal (certificates listen to it).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from core import bulk
from courses.models import Attendance, ClassroomSession, Enrollment

from .. import signals
from ..models import Attempt, CourseResult, Review
from . import tasks
from .gradable import NO_OUTCOME, Outcome, graded_lessons, outcomes_for

MET = "met"
TODO = "todo"
WAITING = "waiting"
NOT_MET = "not_met"

CHUNK = 500


@dataclass(frozen=True)
class Rule:
    """One pass rule and its state for one learner, stored as JSON on the CourseResult."""

    kind: str  # "exam", "work" or "attendance"
    state: str  # MET, TODO, WAITING or NOT_MET
    lesson_id: int | None = None
    title: str = ""
    percentage: str | None = None
    pass_mark: str | None = None
    attended: int | None = None
    sessions: int | None = None

    @property
    def met(self) -> bool:
        return self.state == MET

    def as_json(self) -> dict:
        """What `dataclasses.asdict` gives (every field is a plain value), without its deep
        copy: a recompute writes one per rule and learner."""
        return dict(vars(self))


# --- the pure core ---------------------------------------------------------------------------


def lesson_rule(*, lesson_id: int, title: str, is_exam: bool, pass_mark, outcome: Outcome) -> Rule:
    if outcome.status == "graded" and outcome.sufficient is not None:
        state = MET if outcome.sufficient else NOT_MET
    elif outcome.status == "submitted":
        state = WAITING
    else:
        state = TODO
    return Rule(
        kind="exam" if is_exam else "work",
        state=state,
        lesson_id=lesson_id,
        title=title,
        percentage=None if outcome.percentage is None else str(outcome.percentage),
        pass_mark=None if pass_mark is None else str(pass_mark),
    )


def attendance_rule(*, session_ids: Sequence[int], statuses: dict[int, str]) -> Rule:
    """Met when the learner was present at every session; not met as soon as one was missed
    (absent or excused: a missed day has to be made up with the trainer); to do otherwise."""
    attended = sum(1 for pk in session_ids if statuses.get(pk) == Attendance.Status.PRESENT)
    missed = any(
        statuses.get(pk) in (Attendance.Status.ABSENT, Attendance.Status.EXCUSED)
        for pk in session_ids
    )
    if attended == len(session_ids):
        state = MET
    elif missed:
        state = NOT_MET
    else:
        state = TODO
    return Rule(kind="attendance", state=state, attended=attended, sessions=len(session_ids))


def evaluate(rules: Sequence[Rule]) -> bool:
    """Passed when there is at least one rule and every rule is met."""
    return bool(rules) and all(rule.met for rule in rules)


def rules_from_json(data: list[dict]) -> list[Rule]:
    return [Rule(**item) for item in data]


# --- reading and storing -------------------------------------------------------------------


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


def course_results_recompute(
    *, enrollment_ids: Iterable[int], now: datetime | None = None
) -> list[int]:
    """Recompute and store the results; returns the enrolments whose result changed.

    The rows are locked while they are computed, so two recomputes of one learner run one
    after the other and the last one sees everything the first one saw."""
    now = now or timezone.now()
    ids = sorted(set(enrollment_ids))
    changed: list[int] = []
    for start in range(0, len(ids), CHUNK):
        changed += _recompute_chunk(ids[start : start + CHUNK], now=now)
    return changed


def _recompute_chunk(ids: list[int], *, now: datetime) -> list[int]:

    CourseResult.objects.bulk_create(
        [CourseResult(enrollment_id=pk) for pk in ids],
        ignore_conflicts=True,
    )
    announcements: list[tuple[int, bool, bool | None]] = []
    with transaction.atomic():
        stored = {
            r.enrollment_id: r
            for r in CourseResult.objects.select_for_update()
            .filter(enrollment_id__in=ids)
            .order_by("pk")
        }
        enrollments = list(
            Enrollment.objects.filter(pk__in=ids).select_related("edition__course").order_by("pk")
        )
        rules = course_rules_for(enrollments)
        updates = []
        for enrollment in enrollments:
            result = stored[enrollment.pk]
            new_rules = [rule.as_json() for rule in rules[enrollment.pk]]
            passed = evaluate(rules[enrollment.pk])
            fresh = result.computed_at is None  # created just now, never computed
            if new_rules == result.rules and passed == result.passed and not fresh:
                result.computed_at = now
                updates.append(result)
                continue
            previous = None if fresh else result.passed
            result.rules = new_rules
            result.rules_met = sum(1 for rule in rules[enrollment.pk] if rule.met)
            result.rules_total = len(new_rules)
            if passed and not result.passed:
                result.passed_at = now
            elif not passed:
                result.passed_at = None
            result.passed = passed
            result.computed_at = now
            updates.append(result)
            announcements.append((enrollment.pk, passed, previous))
        # One statement with the values as data (see core.bulk.update_rows): bulk_update's
        # CASE per row and field cost more than everything else here together.
        fields = ["rules", "rules_met", "rules_total", "passed", "passed_at", "computed_at"]
        bulk.update_rows(
            CourseResult, fields, [(r.pk, *(getattr(r, name) for name in fields)) for r in updates]
        )
        for enrollment_id, passed, previous in announcements:
            transaction.on_commit(
                lambda e=enrollment_id, p=passed, was=previous: signals.course_result_changed.send(
                    sender=CourseResult, enrollment_id=e, passed=p, previous_passed=was
                )
            )
    return [a[0] for a in announcements]


def course_result_recompute(*, enrollment: Enrollment, now: datetime | None = None) -> CourseResult:
    """One learner's result, recomputed now (for a page that must not wait for a worker)."""
    course_results_recompute(enrollment_ids=[enrollment.pk], now=now)
    return CourseResult.objects.get(enrollment_id=enrollment.pk)


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


_collecting = threading.local()


@contextlib.contextmanager
def coalesced_recomputes() -> Iterator[None]:
    """Within the block, recomputes asked for are collected and enqueued as one task at its
    end (grading a batch of attempts asks once per attempt)."""
    if getattr(_collecting, "ids", None) is not None:  # nested: the outer block enqueues
        yield
        return
    _collecting.ids = set()
    try:
        yield
    finally:
        ids, _collecting.ids = _collecting.ids, None
        course_results_recompute_later(ids)


def course_results_recompute_later(enrollment_ids: Iterable[int]) -> None:
    """Recompute after the current transaction commits, in a worker. Robust: with the broker
    away the write that caused it still stands, and the sweep recomputes later."""
    collected = getattr(_collecting, "ids", None)
    if collected is not None:
        collected.update(enrollment_ids)
        return
    ids = sorted(set(enrollment_ids))
    if ids:
        transaction.on_commit(lambda: tasks.course_results_recompute.delay(ids), robust=True)


def course_results_recompute_course_later(course_id: int) -> None:
    transaction.on_commit(
        lambda: tasks.course_results_recompute_course.delay(course_id), robust=True
    )


def enrollment_ids_for_course(course_id: int) -> list[int]:
    return list(
        Enrollment.objects.filter(edition__course_id=course_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
