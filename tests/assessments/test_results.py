"""Course results: the pass rules, their states, and recomputing them when things change."""

from dataclasses import asdict
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Attempt, CourseResult
from assessments.results import rules as result_rules
from assessments.results import selectors as result_selectors
from assessments.results import services as results
from assessments.signals import course_result_changed
from courses import services as course_services
from courses.models import Attendance, ClassroomSession, Enrollment
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz

pytestmark = pytest.mark.django_db


def graded_attempt(enrollment, quiz, percentage: str, number: int = 1) -> Attempt:
    now = timezone.now()
    return Attempt.objects.create(
        enrollment=enrollment,
        quiz=quiz,
        number=number,
        status=Attempt.Status.GRADED,
        started_at=now,
        submitted_at=now,
        graded_at=now,
        percentage=Decimal(percentage),
        passed=Decimal(percentage) >= quiz.pass_mark,
    )


def attend_all(enrollment, status=Attendance.Status.PRESENT) -> None:
    for session in ClassroomSession.objects.filter(edition=enrollment.edition):
        Attendance.objects.update_or_create(
            session=session, enrollment=enrollment, defaults={"status": status}
        )


@pytest.fixture
def exam():
    quiz, enrollment = build_quiz(is_exam=True, pass_mark=Decimal("55"))
    return quiz, enrollment


@pytest.fixture
def announcements():
    seen = []

    def record(sender, enrollment_id, passed, previous_passed, **kwargs):
        seen.append((enrollment_id, passed, previous_passed))

    course_result_changed.connect(record, dispatch_uid="test_results")
    yield seen
    course_result_changed.disconnect(dispatch_uid="test_results")


# --- the pure core ---------------------------------------------------------------------------


def test_attendance_rule_is_met_only_when_present_at_every_session():
    present = Attendance.Status.PRESENT
    assert result_rules.attendance_rule(session_ids=[1, 2], statuses={1: present, 2: present}).met
    todo = result_rules.attendance_rule(session_ids=[1, 2], statuses={1: present})
    assert (todo.state, todo.attended, todo.sessions) == (result_rules.TODO, 1, 2)
    missed = result_rules.attendance_rule(
        session_ids=[1, 2], statuses={1: present, 2: Attendance.Status.EXCUSED}
    )
    assert missed.state == result_rules.NOT_MET


def test_a_course_without_any_rule_is_not_passed():
    assert result_rules.evaluate([]) is False
    met = result_rules.Rule(kind="attendance", state=result_rules.MET)
    waiting = result_rules.Rule(kind="exam", state=result_rules.WAITING)
    assert result_rules.evaluate([met]) is True
    assert result_rules.evaluate([met, waiting]) is False


# --- recomputing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percentage", "passed"), [("54.99", False), ("55.00", True), ("55.01", True)]
)
def test_exam_exactly_at_the_pass_mark_passes_and_just_under_does_not(exam, percentage, passed):
    quiz, enrollment = exam
    attend_all(enrollment)
    graded_attempt(enrollment, quiz, percentage)

    result = results.course_result_recompute(enrollment=enrollment)

    assert result.passed is passed
    exam_rule = next(r for r in result_rules.rules_from_json(result.rules) if r.kind == "exam")
    assert exam_rule.state == (result_rules.MET if passed else result_rules.NOT_MET)
    assert Decimal(exam_rule.percentage) == Decimal(percentage)


def test_practice_quizzes_do_not_count_and_the_exam_uses_its_grading_method():
    quiz, enrollment = build_quiz(is_exam=True, grading_method="last", attempts_allowed=2)
    practice, _ = build_quiz(is_exam=False)
    practice.module = quiz.module
    practice.order = 51
    practice.save()
    attend_all(enrollment)
    graded_attempt(enrollment, quiz, "90", number=1)
    graded_attempt(enrollment, quiz, "40", number=2)

    result = results.course_result_recompute(enrollment=enrollment)

    kinds = [r["kind"] for r in result.rules]
    assert kinds == ["exam", "attendance"]
    assert result.passed is False  # the last attempt counts: 40 %


def test_attendance_rule_follows_the_course_setting(exam, django_capture_on_commit_callbacks):
    quiz, enrollment = exam
    graded_attempt(enrollment, quiz, "80")
    assert results.course_result_recompute(enrollment=enrollment).passed is False

    course = enrollment.edition.course
    course.require_attendance = False
    with django_capture_on_commit_callbacks(execute=True):
        course.save()  # a rule change recomputes every result of the course (eager in tests)

    assert CourseResult.objects.get(enrollment=enrollment).passed is True


def test_handed_in_but_not_yet_graded_exam_is_waiting(exam):
    quiz, enrollment = exam
    Attempt.objects.create(
        enrollment=enrollment,
        quiz=quiz,
        number=1,
        status=Attempt.Status.SUBMITTED,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    result = results.course_result_recompute(enrollment=enrollment)
    assert [r["state"] for r in result.rules] == [result_rules.WAITING, result_rules.TODO]


def test_a_change_is_announced_once_and_an_unchanged_result_not_at_all(
    exam, announcements, django_capture_on_commit_callbacks
):
    quiz, enrollment = exam
    attend_all(enrollment)
    with django_capture_on_commit_callbacks(execute=True):
        results.course_result_recompute(enrollment=enrollment)
    assert announcements == [(enrollment.pk, False, None)]

    with django_capture_on_commit_callbacks(execute=True):
        results.course_result_recompute(enrollment=enrollment)
    assert len(announcements) == 1

    graded_attempt(enrollment, quiz, "70")
    with django_capture_on_commit_callbacks(execute=True):
        results.course_result_recompute(enrollment=enrollment)
    assert announcements[-1] == (enrollment.pk, True, False)
    assert CourseResult.objects.get(enrollment=enrollment).passed_at is not None


def test_registering_attendance_recomputes_the_result(exam, django_capture_on_commit_callbacks):
    quiz, enrollment = exam
    graded_attempt(enrollment, quiz, "70")
    results.course_result_recompute(enrollment=enrollment)
    trainer = f.UserFactory()
    sessions = list(ClassroomSession.objects.filter(edition=enrollment.edition))
    for session in sessions:
        with django_capture_on_commit_callbacks(execute=True):
            course_services.attendance_register(
                session=session,
                statuses={enrollment.pk: Attendance.Status.PRESENT},
                actor=trainer,
            )
    assert CourseResult.objects.get(enrollment=enrollment).passed is True


def test_recomputing_many_results_takes_the_same_number_of_queries(exam):
    quiz, first = exam

    def measure(count: int) -> int:
        ids = [first.pk]
        for _ in range(count - 1):
            enrollment = f.EnrollmentFactory(edition=first.edition)
            graded_attempt(enrollment, quiz, "60")
            attend_all(enrollment)
            ids.append(enrollment.pk)
        CourseResult.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            results.course_results_recompute(enrollment_ids=ids)
        assert CourseResult.objects.filter(enrollment_id__in=ids).count() == len(ids)
        return len(ctx.captured_queries)

    assert measure(5) == measure(50)


def test_the_sweep_finds_results_older_than_a_grade(exam):
    quiz, enrollment = exam
    past = timezone.now() - timezone.timedelta(minutes=10)
    results.course_results_recompute(enrollment_ids=[enrollment.pk], now=past)
    assert result_selectors.course_results_stale() == []
    attempt = graded_attempt(enrollment, quiz, "70")
    Attempt.objects.filter(pk=attempt.pk).update(graded_at=past + timezone.timedelta(minutes=5))

    assert result_selectors.course_results_stale() == [enrollment.pk]
    results.course_results_recompute(enrollment_ids=[enrollment.pk])
    assert result_selectors.course_results_stale() == []


def test_an_enrolment_without_a_result_is_found_by_the_sweep(exam):
    _, enrollment = exam
    CourseResult.objects.all().delete()
    type(enrollment).objects.filter(pk=enrollment.pk).update(
        enrolled_at=timezone.now() - timezone.timedelta(hours=1)
    )
    assert enrollment.pk in result_selectors.course_results_stale()


def test_the_counts_beside_the_rules_follow_every_recompute(exam):
    """The gradebook reads rules_met/rules_total instead of decoding every learner's rules."""
    quiz, enrollment = exam
    result = results.course_result_recompute(enrollment=enrollment)
    assert (result.rules_met, result.rules_total) == (0, 2)  # the exam, the classroom days
    graded_attempt(enrollment, quiz, "80")
    result = results.course_result_recompute(enrollment=enrollment)
    assert (result.rules_met, result.rules_total) == (1, 2)
    attend_all(enrollment)
    result = results.course_result_recompute(enrollment=enrollment)
    assert result.passed and (result.rules_met, result.rules_total) == (2, 2)
    met = sum(1 for rule in result.rules if rule["state"] == result_rules.MET)
    assert (met, len(result.rules)) == (result.rules_met, result.rules_total)


def test_a_recompute_stores_the_rules_and_its_moments_exactly(exam):
    """The results are written as one JSON document: every rule, count and moment must come
    back as it was computed (microseconds, a time zone change, text with quotes)."""
    quiz, enrollment = exam
    quiz.title = 'Examen "Omgaan met emoties" – deel 2'
    quiz.save()
    attend_all(enrollment)
    graded_attempt(enrollment, quiz, "70")
    passed_at = datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=UTC)  # the clocks change at 1:00
    results.course_results_recompute(enrollment_ids=[enrollment.pk], now=passed_at)
    later = datetime(2026, 3, 29, 1, 0, 0, 654321, tzinfo=UTC)
    results.course_results_recompute(enrollment_ids=[enrollment.pk], now=later)

    stored = CourseResult.objects.get(enrollment=enrollment)
    enrollment = Enrollment.objects.select_related("edition__course").get(pk=enrollment.pk)
    expected = [
        asdict(rule) for rule in result_selectors.course_rules_for([enrollment])[enrollment.pk]
    ]
    assert stored.rules == expected
    assert expected[0]["title"] == quiz.title
    assert (stored.passed, stored.rules_met, stored.rules_total) == (True, 2, 2)
    assert (stored.passed_at, stored.computed_at) == (passed_at, later)
