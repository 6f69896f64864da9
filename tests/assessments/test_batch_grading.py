"""Grading in batches: one task grades the attempts that wait, each exactly once, in a number
of statements that does not grow with the batch; a broken attempt does not hold up the rest."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import tasks
from assessments.models import Attempt, GradingEvent, Response
from assessments.quizzes import services as attempts
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz, right_answer

pytestmark = pytest.mark.django_db


def submitted(quiz, first, count: int) -> list[int]:
    """`count` learners who answered and handed in (without grading: no on-commit work)."""
    ids = []
    for i in range(count):
        enrollment = first if i == 0 else f.EnrollmentFactory(edition=first.edition)
        attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
        Response.objects.bulk_create(
            Response(attempt=attempt, position=p, answer=right_answer(p), saved_at=timezone.now())
            for p in range(len(attempt.questions) - (i % 2))  # every other one skips the last
        )
        Attempt.objects.filter(pk=attempt.pk).update(
            status=Attempt.Status.SUBMITTED, submitted_at=timezone.now()
        )
        ids.append(attempt.pk)
    return ids


def batching() -> bool:
    return connection.features.has_select_for_update_skip_locked


def test_one_task_grades_the_waiting_attempts_each_exactly_once():
    quiz, first = build_quiz(questions=5)
    ids = submitted(quiz, first, 8)

    graded = attempts.attempts_grade(attempt_id=ids[3], extra=49)

    expected = sorted(ids) if batching() else [ids[3]]
    assert sorted(graded) == expected
    assert graded[0] == ids[3]  # its own attempt first
    for attempt in Attempt.objects.filter(pk__in=expected):
        assert attempt.status == Attempt.Status.GRADED
        assert attempt.percentage == (
            Decimal("100.00") if ids.index(attempt.pk) % 2 == 0 else Decimal("80.00")
        )
        assert Response.objects.filter(attempt=attempt).count() == 5
    assert GradingEvent.objects.filter(attempt_id__in=ids).count() == len(expected)
    # The other attempts' own messages find nothing left to do (on PostgreSQL).
    for attempt_id in expected:
        assert attempts.attempt_grade(attempt_id=attempt_id, batch=50) is False
    assert GradingEvent.objects.filter(attempt_id__in=ids).count() == len(expected)


def test_grading_a_batch_takes_the_same_number_of_queries_for_5_and_40_attempts():
    quiz, first = build_quiz(questions=5)

    def measure(count: int) -> int:
        ids = submitted(quiz, f.EnrollmentFactory(edition=first.edition), count)
        with CaptureQueriesContext(connection) as ctx:
            graded = attempts.attempts_grade(attempt_id=ids[0], extra=count - 1)
        assert len(graded) == (count if batching() else 1)
        return len(ctx.captured_queries)

    assert measure(5) == measure(40)


def test_a_broken_attempt_in_the_batch_is_left_for_its_own_task(monkeypatch):
    quiz, first = build_quiz(questions=5)
    ids = submitted(quiz, first, 4)
    broken = Attempt.objects.get(pk=ids[2])
    broken.questions[0]["spec"] = {"type": "no-such-type"}
    broken.save(update_fields=["questions"])

    graded = attempts.attempts_grade(attempt_id=ids[0], extra=10)

    assert ids[2] not in graded
    assert Attempt.objects.get(pk=ids[2]).status == Attempt.Status.SUBMITTED
    assert len(graded) == (3 if batching() else 1)
    with pytest.raises(Exception):  # noqa: B017 - its own task sees the error and records it
        attempts.attempts_grade(attempt_id=ids[2])


def test_course_results_of_a_graded_batch_are_recomputed_by_one_task(
    monkeypatch, django_capture_on_commit_callbacks
):
    quiz, first = build_quiz(questions=5, is_exam=True)
    ids = submitted(quiz, first, 6)
    calls = []
    monkeypatch.setattr(tasks.course_results_recompute, "delay", lambda ids: calls.append(ids))

    with django_capture_on_commit_callbacks(execute=True):
        graded = attempts.attempts_grade(attempt_id=ids[0], extra=10)

    enrollment_ids = sorted(
        Attempt.objects.filter(pk__in=graded).values_list("enrollment_id", flat=True)
    )
    assert calls == [enrollment_ids]


def test_a_practice_quiz_changes_no_course_result(monkeypatch, django_capture_on_commit_callbacks):
    quiz, first = build_quiz(questions=5, is_exam=False)
    ids = submitted(quiz, first, 2)
    calls = []
    monkeypatch.setattr(tasks.course_results_recompute, "delay", lambda ids: calls.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        attempts.attempts_grade(attempt_id=ids[0], extra=10)
    assert calls == []
