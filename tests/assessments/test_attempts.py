"""Attempt services: start, save, submit once, grade once, deadlines on the server."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.utils import timezone

from assessments.models import Attempt, GradingEvent, QuizSlot, Response
from assessments.quizzes import services as attempts
from assessments.signals import result_changed
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz, right_answer

pytestmark = pytest.mark.django_db


def committed(fn, **kwargs):
    """Run a service and then its on-commit work (grading), as after a real commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(**kwargs)


def answer_all(attempt, learner, *, right=True):
    for position in range(len(attempt.questions)):
        answer = right_answer(position) if right else None
        attempts.response_save(attempt=attempt, position=position, answer=answer, user=learner)


def test_start_freezes_questions_and_sets_the_deadline_on_the_server():
    quiz, enrollment = build_quiz(time_limit_minutes=30)
    now = timezone.now()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=now)
    assert attempt.number == 1 and len(attempt.questions) == 5
    assert attempt.deadline_at == now + dt.timedelta(minutes=30)
    assert attempts.attempt_start(enrollment=enrollment, quiz=quiz) == attempt  # resumes


def test_a_full_attempt_is_graded_once_with_the_right_score():
    quiz, enrollment = build_quiz()
    learner = enrollment.learner
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    answer_all(attempt, learner)
    received = []
    result_changed.connect(
        lambda **kw: received.append(kw["attempt_id"]), weak=False, dispatch_uid="t1"
    )
    try:
        assert (
            committed(attempts.attempt_submit, attempt=attempt, user=learner) is True
        )  # eager: grades now
    finally:
        result_changed.disconnect(dispatch_uid="t1")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.percentage == Decimal("100.00") and attempt.passed is True
    assert received == [attempt.pk]
    assert GradingEvent.objects.filter(attempt=attempt).count() == 1


def test_submitting_twice_and_grading_twice_change_nothing_the_second_time():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    answer_all(attempt, enrollment.learner)
    assert committed(attempts.attempt_submit, attempt=attempt, user=enrollment.learner)
    assert not committed(attempts.attempt_submit, attempt=attempt, user=enrollment.learner)
    assert attempts.attempt_grade(attempt_id=attempt.pk) is False
    assert GradingEvent.objects.filter(attempt=attempt).count() == 1


def test_unanswered_questions_score_zero():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    attempts.response_save(attempt=attempt, position=0, answer=0, user=enrollment.learner)
    committed(attempts.attempt_submit, attempt=attempt, user=enrollment.learner)
    attempt.refresh_from_db()
    assert attempt.percentage == Decimal("20.00") and attempt.passed is False
    assert Response.objects.filter(attempt=attempt).count() == 5


def test_editing_a_question_later_changes_no_past_attempt():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    question = QuizSlot.objects.get(quiz=quiz, order=1).question
    question.text = "Heel andere vraag"
    question.save()
    answer_all(attempt, enrollment.learner)
    committed(attempts.attempt_submit, attempt=attempt, user=enrollment.learner)
    attempt.refresh_from_db()
    assert attempt.questions[0]["text"] == "Vraag 0"
    assert attempt.percentage == Decimal("100.00")


def test_answers_after_the_deadline_are_refused_and_change_nothing():
    quiz, enrollment = build_quiz(time_limit_minutes=10)
    start = timezone.now()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=start)
    attempts.response_save(
        attempt=attempt, position=0, answer=1, user=enrollment.learner, now=start
    )
    with pytest.raises(attempts.AttemptError, match="tijd is om"):
        attempts.response_save(
            attempt=attempt,
            position=0,
            answer=0,
            user=enrollment.learner,
            now=start + dt.timedelta(minutes=11),
        )
    assert Response.objects.get(attempt=attempt, position=0).answer == 1


def test_an_expired_attempt_is_handed_in_by_the_periodic_job_with_what_was_saved():
    quiz, enrollment = build_quiz(time_limit_minutes=10)
    start = timezone.now() - dt.timedelta(minutes=30)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=start)
    attempts.response_save(
        attempt=attempt, position=0, answer=0, user=enrollment.learner, now=start
    )
    assert committed(attempts.attempts_close_expired) == 1
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.status == Attempt.Status.GRADED
    assert attempt.percentage == Decimal("20.00")
    assert attempts.attempts_close_expired() == 0


def test_bad_answers_are_refused():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    learner = enrollment.learner
    with pytest.raises(attempts.AttemptError):
        attempts.response_save(attempt=attempt, position=99, answer=0, user=learner)
    with pytest.raises(attempts.AttemptError):
        attempts.response_save(
            attempt=attempt, position=0, answer="boos", user=learner
        )  # not an index
    with pytest.raises(attempts.AttemptError, match="te lang"):
        attempts.response_save(attempt=attempt, position=2, answer="x" * 1_000_000, user=learner)
    with pytest.raises(PermissionDenied):
        attempts.response_save(attempt=attempt, position=0, answer=0, user=f.UserFactory())
    assert not Response.objects.exists()


def test_no_start_beyond_the_allowed_attempts_or_outside_the_window():
    quiz, enrollment = build_quiz(attempts_allowed=1)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    committed(attempts.attempt_submit, attempt=attempt, user=enrollment.learner)
    with pytest.raises(attempts.AttemptError, match="Je hebt je poging voor deze toets gebruikt"):
        attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    closed, other = build_quiz(opens_days_ago=60)
    with pytest.raises(attempts.AttemptError, match="Deze toets is gesloten sinds"):
        attempts.attempt_start(enrollment=other, quiz=closed)
    assert Attempt.objects.filter(quiz=closed).count() == 0


def test_random_questions_are_drawn_per_learner_and_then_frozen():
    quiz, enrollment = build_quiz(questions=5)
    category = QuizSlot.objects.filter(quiz=quiz).first().question.category
    QuizSlot.objects.filter(quiz=quiz).delete()
    QuizSlot.objects.create(quiz=quiz, order=1, category=category, count=3)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    assert len(attempt.questions) == 3
    assert len({q["question_id"] for q in attempt.questions}) == 3
    attempt.refresh_from_db()
    assert len(attempt.questions) == 3


def test_a_grading_failure_is_counted_and_the_attempt_is_parked_after_a_few():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=Attempt.Status.SUBMITTED, submitted_at=timezone.now()
    )
    for _ in range(attempts.MAX_GRADING_FAILURES - 1):
        assert attempts.attempt_record_failure(attempt_id=attempt.pk, error="boom") is False
    assert attempts.attempt_record_failure(attempt_id=attempt.pk, error="boom") is True
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.NEEDS_ATTENTION and attempt.last_error == "boom"


def test_the_sweep_finds_submitted_attempts_that_were_not_graded():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=Attempt.Status.SUBMITTED, submitted_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert attempts.attempts_sweep_ungraded() == [attempt.pk]  # eager in tests: graded at once
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempts.attempts_sweep_ungraded() == []


def test_handing_in_completes_the_quiz_lesson_and_the_button_does_not(client):
    from django.urls import reverse

    from courses.models import LessonProgress

    quiz, enrollment = build_quiz()
    client.force_login(enrollment.learner)
    page = client.get(
        reverse("courses:lesson", args=[enrollment.edition_id, quiz.pk])
    ).content.decode()
    assert "Markeer als klaar" not in page
    client.post(reverse("courses:lesson_done", args=[enrollment.edition_id, quiz.pk]))
    assert not LessonProgress.objects.filter(lesson=quiz, completed_at__isnull=False).exists()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    committed(attempts.attempt_submit, attempt=attempt, user=enrollment.learner)
    assert LessonProgress.objects.filter(
        enrollment=enrollment, lesson=quiz, completed_at__isnull=False
    ).exists()


def test_starting_an_attempt_takes_the_same_number_of_queries_for_5_and_20_questions():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure(questions: int) -> int:
        quiz, enrollment = build_quiz(questions=questions)
        with CaptureQueriesContext(connection) as ctx:
            attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
        assert len(attempt.questions) == questions
        return len(ctx.captured_queries)

    assert measure(5) == measure(20)


def test_a_key_that_does_not_fit_its_question_type_is_refused_at_the_start():
    """Freezing reads the bank's base rows only; the key is still checked against the type."""
    from django.core.exceptions import ValidationError

    from assessments.models import Question, TrueFalseQuestion
    from assessments.questions import specs

    quiz, enrollment = build_quiz(questions=2)
    question = Question.objects.get(pk=quiz.slots.get(order=2).question_id)
    assert isinstance(question, TrueFalseQuestion)
    question.key = specs.spec_to_json(specs.EssaySpec())
    question.save()
    with pytest.raises(ValidationError, match="past niet bij dit soort vraag"):
        attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    assert not Attempt.objects.filter(quiz=quiz).exists()
