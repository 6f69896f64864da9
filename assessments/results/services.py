"""Course results: where each learner stands against the course's pass rules.

A course is passed when all of its rules are met: every lesson that counts for the result
(the exam at or above its pass mark, each required assignment "voldoende") and, where the
course asks for it, attendance at every classroom session. `rules.evaluate` is the pure
core; `course_results_recompute` reads what it needs (`selectors.course_rules_for`) for many enrolments in a fixed number of
queries, stores a `CourseResult` per enrolment and announces every change with the
`course_result_changed` signal (certificates listen to it).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core import bulk
from courses.models import Enrollment

from .. import signals
from ..models import CourseResult
from . import tasks
from .rules import evaluate
from .selectors import course_rules_for

CHUNK = 500


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
