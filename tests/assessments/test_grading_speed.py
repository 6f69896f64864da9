"""What keeps grading fast under a rush, and that none of it changes a score or a guarantee:
a message with nothing to do costs one read, a batch parses each frozen key and scores each
distinct answer once, and its writes are a fixed number of statements that store every value
exactly."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Attempt, CourseResult, GradingEvent, Response
from assessments.questions import specs
from assessments.quizzes import grading
from assessments.quizzes import services as attempts
from assessments.results import rules as result_rules
from core import bulk
from tests import factories as f
from tests.assessments.quiz_factories import KEYS, build_quiz, right_answer
from tests.assessments.test_batch_grading import batching, submitted

pytestmark = pytest.mark.django_db


# --- a message with nothing to do ------------------------------------------------------------


def test_a_message_for_a_graded_attempt_with_nothing_waiting_is_one_read(monkeypatch):
    quiz, first = build_quiz(questions=3)
    [attempt_id] = submitted(quiz, first, 1)
    assert attempts.attempt_grade(attempt_id=attempt_id, batch=50) is True

    def no_batch(**kwargs):
        raise AssertionError("a message with nothing to do opened a grading transaction")

    monkeypatch.setattr(attempts, "attempts_grade", no_batch)
    with CaptureQueriesContext(connection) as ctx:
        assert attempts.attempt_grade(attempt_id=attempt_id, batch=50) is False
        assert attempts.attempt_grade(attempt_id=attempt_id, batch=1) is False
    assert len(ctx.captured_queries) == 2
    assert not any("FOR UPDATE" in q["sql"] for q in ctx.captured_queries)
    assert GradingEvent.objects.filter(attempt_id=attempt_id).count() == 1


def test_a_message_for_a_graded_attempt_still_takes_on_others_that_wait():
    """In a rush the first messages find their own attempt graded by an earlier batch: they
    must go on grading the rest, not leave it to messages further back in the queue."""
    quiz, first = build_quiz(questions=3)
    ids = submitted(quiz, first, 3)
    assert attempts.attempts_grade(attempt_id=ids[0]) == [ids[0]]

    took_on = attempts.attempt_grade(attempt_id=ids[0], batch=50)

    assert took_on is False  # its own attempt was graded before
    still_waiting = Attempt.objects.filter(pk__in=ids[1:], status=Attempt.Status.SUBMITTED)
    assert still_waiting.count() == (0 if batching() else 2)


def test_an_attempt_that_failed_before_is_left_to_its_own_message():
    quiz, first = build_quiz(questions=3)
    done, failing = submitted(quiz, first, 2)
    attempts.attempts_grade(attempt_id=done)
    Attempt.objects.filter(pk=failing).update(grading_failures=1)

    assert attempts.attempt_grade(attempt_id=done, batch=50) is False
    assert Attempt.objects.get(pk=failing).status == Attempt.Status.SUBMITTED
    assert attempts.attempt_grade(attempt_id=failing, batch=50) is True


# --- parsing and scoring once per batch ------------------------------------------------------


def test_the_spec_memo_parses_equal_json_once_and_tells_an_edited_key_apart():
    memo = specs.SpecMemo()
    key = specs.spec_to_json(KEYS[0][1])
    first = memo(key, 7)
    assert first == specs.spec_from_json(key)
    assert memo(dict(key), 7) is first  # an equal document, not the same object
    edited = {**key, "choices": [*key["choices"][:1], {**key["choices"][1], "fraction": "1"}]}
    changed = memo(edited, 7)
    assert changed != first
    assert changed == specs.spec_from_json(edited)
    assert memo(key, 7) is first
    with pytest.raises(ValueError):
        memo({"type": "no-such-type"}, 7)


def graded_twice(quiz, first, count: int, monkeypatch) -> tuple[list[int], list[int]]:
    """Grade `count` submitted attempts in one batch, counting the keys parsed and the
    answers scored; returns the graded ids and the two counts."""
    calls = {"spec": 0, "grade": 0}
    parse, grade = specs.spec_from_json, grading.grade

    def counted_parse(data):
        calls["spec"] += 1
        return parse(data)

    def counted_grade(spec, response):
        calls["grade"] += 1
        return grade(spec, response)

    ids = submitted(quiz, first, count)
    monkeypatch.setattr(specs, "spec_from_json", counted_parse)
    monkeypatch.setattr(grading, "grade", counted_grade)
    graded = attempts.attempts_grade(attempt_id=ids[0], extra=count - 1)
    return graded, [calls["spec"], calls["grade"]]


def test_a_batch_parses_each_key_and_scores_each_distinct_answer_once(monkeypatch):
    if not batching():
        pytest.skip("one attempt per transaction without SKIP LOCKED")
    quiz, first = build_quiz(questions=5)
    graded, (parsed, scored) = graded_twice(quiz, first, 12, monkeypatch)
    assert len(graded) == 12
    assert parsed == 5  # 5 questions, not 60
    assert scored == 6  # the 5 right answers and one question left open, not 60
    for attempt in Attempt.objects.filter(pk__in=graded):
        assert attempt.percentage in (Decimal("100.00"), Decimal("80.00"))


def test_scores_shared_within_a_batch_are_the_scores_graded_alone():
    """Every question type, right, wrong, malformed and open answers: a batch's shared scores
    equal what each attempt gets when graded by itself."""
    quiz, first = build_quiz(questions=10)
    answers = [right_answer, lambda p: None, lambda p: "x", lambda p: [5], lambda p: {"a": 1}]
    ids = []
    for i, answer_for in enumerate(answers):
        enrollment = first if i == 0 else f.EnrollmentFactory(edition=first.edition)
        attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
        Response.objects.bulk_create(
            Response(attempt=attempt, position=p, answer=answer_for(p), saved_at=timezone.now())
            for p in range(len(attempt.questions))
            if p % 4  # a few questions left without a saved response
        )
        ids.append(attempt.pk)
    batch = list(Attempt.objects.filter(pk__in=ids).select_related("quiz").order_by("pk"))
    saved: dict[int, dict] = {pk: {} for pk in ids}
    for pk, owner, position, text in Response.objects.filter(attempt_id__in=ids).values_list(
        "pk", "attempt_id", "position", "answer"
    ):
        saved[owner][position] = (pk, None if text is None else json.dumps(text))

    scorer = attempts._Scorer()
    together = [attempts._score(a, saved[a.pk], scorer) for a in batch]
    totals_together = [(a.points, a.percentage, a.passed) for a in batch]
    alone = [attempts._score(a, saved[a.pk]) for a in batch]
    totals_alone = [(a.points, a.percentage, a.passed) for a in batch]

    def plain(scored):
        missing, changed = scored
        return (
            [(r.position, r.fraction, r.points, r.feedback, r.needs_review) for r in missing],
            changed,
        )

    assert [plain(s) for s in together] == [plain(s) for s in alone]
    assert totals_together == totals_alone


# --- the writes ------------------------------------------------------------------------------


def test_a_batch_takes_the_same_number_of_queries_for_5_and_20_questions():
    def measure(questions: int) -> int:
        quiz, first = build_quiz(questions=questions)
        ids = submitted(quiz, first, 6)
        with CaptureQueriesContext(connection) as ctx:
            graded = attempts.attempts_grade(attempt_id=ids[0], extra=5)
        assert len(graded) == (6 if batching() else 1)
        return len(ctx.captured_queries)

    assert measure(5) == measure(20)


def test_update_rows_stores_each_kind_of_value_exactly():
    quiz, first = build_quiz(questions=2)
    [attempt_id] = submitted(quiz, first, 1)
    one, two = Response.objects.filter(attempt_id=attempt_id).order_by("position")
    feedback = ['Goed "zo"', "één\nregel \\ en emoji 🙂", {"nested": [1, None, True]}]
    bulk.update_rows(
        Response,
        ["fraction", "points", "feedback", "needs_review"],
        [
            (one.pk, Decimal("0.3333333"), Decimal("1.50"), feedback, True),
            (two.pk, None, None, [], False),
        ],
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.fraction, one.points, one.feedback, one.needs_review) == (
        Decimal("0.3333333"),
        Decimal("1.50"),
        feedback,
        True,
    )
    assert (two.fraction, two.points, two.feedback, two.needs_review) == (None, None, [], False)

    moment = datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=UTC)  # the night the clocks change
    fields = ["status", "graded_at", "points", "max_points", "percentage", "passed"]
    bulk.update_rows(
        Attempt,
        fields,
        [(attempt_id, Attempt.Status.GRADED, moment, Decimal("7"), Decimal("8.00"), None, None)],
    )
    attempt = Attempt.objects.get(pk=attempt_id)
    assert [getattr(attempt, name) for name in fields] == [
        "graded",
        moment,
        Decimal("7.00"),
        Decimal("8.00"),
        None,
        None,
    ]


def test_a_batch_leaves_each_learners_course_result_right(django_capture_on_commit_callbacks):
    """After a batch of exam attempts (its recompute runs as a task: eager in tests) every
    learner's stored result follows their own score."""
    quiz, first = build_quiz(questions=5, is_exam=True, pass_mark=Decimal("90"))
    ids = submitted(quiz, first, 6)  # even positions answered everything: 100%; odd 80%
    with django_capture_on_commit_callbacks(execute=True):
        graded = attempts.attempts_grade(attempt_id=ids[0], extra=10)
    for attempt_id in ids:
        if attempt_id not in graded:  # without SKIP LOCKED each attempt has its own message
            with django_capture_on_commit_callbacks(execute=True):
                attempts.attempt_grade(attempt_id=attempt_id, batch=50)

    for index, attempt in enumerate(Attempt.objects.filter(pk__in=ids).order_by("pk")):
        stored = CourseResult.objects.get(enrollment_id=attempt.enrollment_id)
        exam_rule = next(rule for rule in stored.rules if rule["kind"] == "exam")
        assert exam_rule["percentage"] == ("100.00" if index % 2 == 0 else "80.00")
        assert exam_rule["state"] == (result_rules.MET if index % 2 == 0 else result_rules.NOT_MET)
        assert stored.rules_total == len(stored.rules)
        assert stored.rules_met == sum(
            1 for rule in stored.rules if rule["state"] == result_rules.MET
        )
        assert stored.computed_at is not None
