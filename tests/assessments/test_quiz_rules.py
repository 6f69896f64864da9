"""The quiz rules that have one place each: what a learner may do with a quiz now
(`selectors.quiz_access`), when an attempt's time is up (`Attempt.is_time_up`) and when
feedback shows (`selectors.feedback_release`); and that the service and pages ask them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import formats, timezone, translation

from assessments.models import Attempt, Quiz
from assessments.quizzes import selectors
from assessments.quizzes import services as attempts
from assessments.quizzes.selectors import QuizAccessStatus as Access
from assessments.quizzes.selectors import QuizWindow, TakenAttempt
from courses.models import DueDateExtension
from tests.assessments.quiz_factories import build_quiz

MOMENT = dt.datetime(2026, 10, 4, 12, 0, tzinfo=dt.UTC)
TICK = dt.timedelta(microseconds=1)
WINDOW = QuizWindow(opens_at=MOMENT - dt.timedelta(days=7), closes_at=MOMENT)


def written(moment: dt.datetime) -> str:
    """A moment as the quiz pages write it."""
    return formats.date_format(timezone.localtime(moment), "l j F Y, H:i")


def decide(*, allowed: int = 1, taken=(), now=MOMENT, window=WINDOW):
    return selectors.quiz_access_from(
        quiz=Quiz(attempts_allowed=allowed), window=window, taken=list(taken), now=now
    )


def done(number: int) -> TakenAttempt:
    return TakenAttempt(pk=100 + number, status=Attempt.Status.GRADED, number=number)


# --- what a learner may do with a quiz now ----------------------------------------------------


def test_a_learner_may_start_inside_the_window_with_an_attempt_left():
    access = decide(allowed=2, taken=[done(1)])
    assert access.status == Access.START
    assert access.reason == "Dit wordt poging 2."
    assert (access.next_number, access.attempts_used, access.attempts_left) == (2, 1, 1)
    assert access.attempt_id is None and access.window == WINDOW


def test_the_window_includes_its_opening_and_its_closing_moment():
    assert decide(now=WINDOW.opens_at).status == Access.START
    assert decide(now=WINDOW.closes_at).status == Access.START


def test_after_the_closing_moment_the_quiz_is_closed_with_its_date():
    access = decide(now=WINDOW.closes_at + TICK)
    assert access.status == Access.CLOSED
    assert access.reason == (
        f"Deze toets is gesloten sinds {written(MOMENT)}. Je kunt hem niet meer maken."
    )


def test_before_the_opening_moment_the_quiz_is_not_yet_open_with_its_date():
    access = decide(now=WINDOW.opens_at - TICK)
    assert access.status == Access.NOT_YET_OPEN
    assert access.reason == f"Deze toets gaat open op {written(WINDOW.opens_at)}."


def test_a_window_without_ends_is_always_open():
    assert decide(window=QuizWindow(None, None), now=MOMENT.replace(year=2040)).status == (
        Access.START
    )


def test_used_attempts_leave_none_with_the_reason_in_singular_and_plural():
    one = decide(allowed=1, taken=[done(1)])
    assert one.status == Access.NONE_LEFT and one.attempts_left == 0
    assert one.reason == (
        "Je hebt je poging voor deze toets gebruikt. Je kunt hem niet nog een keer maken."
    )
    two = decide(allowed=2, taken=[done(1), done(2)])
    assert two.status == Access.NONE_LEFT
    assert two.reason == (
        "Je hebt alle 2 pogingen voor deze toets gebruikt. Je kunt hem niet nog een keer maken."
    )


def test_no_limit_means_always_another_attempt():
    access = decide(allowed=0, taken=[done(n) for n in range(1, 10)])
    assert access.status == Access.START and access.attempts_left is None
    assert access.next_number == 10


def test_an_attempt_in_progress_is_resumed_even_when_the_quiz_has_closed_or_none_are_left():
    current = TakenAttempt(pk=7, status=Attempt.Status.IN_PROGRESS, number=1)
    for now in (MOMENT, MOMENT + dt.timedelta(days=3)):
        access = decide(allowed=1, taken=[current], now=now)
        assert access.status == Access.RESUME and access.attempt_id == 7
        assert access.reason == (
            "Je bent bezig met poging 1. De antwoorden die je hebt bewaard, staan er nog."
        )


def test_closed_is_the_reason_before_none_left():
    assert decide(allowed=1, taken=[done(1)], now=MOMENT + TICK).status == Access.CLOSED


def test_the_reason_speaks_the_learners_language():
    with translation.override("en"):
        assert decide(now=MOMENT + TICK).reason.startswith("This quiz closed on")


@pytest.mark.django_db
def test_quiz_access_reads_the_learners_attempts_and_extension():
    quiz, enrollment = build_quiz(attempts_allowed=1)
    window = selectors.quiz_window(enrollment=enrollment, quiz=quiz)
    assert selectors.quiz_access(enrollment=enrollment, quiz=quiz).status == Access.START
    late = window.closes_at + dt.timedelta(days=1)
    assert selectors.quiz_access(enrollment=enrollment, quiz=quiz, now=late).status == (
        Access.CLOSED
    )
    DueDateExtension.objects.create(
        enrollment=enrollment, lesson=quiz, due_at=window.closes_at + dt.timedelta(days=2)
    )
    access = selectors.quiz_access(enrollment=enrollment, quiz=quiz, now=late)
    assert access.status == Access.START
    assert access.window.closes_at == window.closes_at + dt.timedelta(days=2)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=late)
    access = selectors.quiz_access(enrollment=enrollment, quiz=quiz, now=late)
    assert (access.status, access.attempt_id) == (Access.RESUME, attempt.pk)
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempts.attempt_submit(attempt=attempt, user=enrollment.learner, now=late)
    access = selectors.quiz_access(enrollment=enrollment, quiz=quiz, now=late)
    assert access.status == Access.NONE_LEFT and access.attempts_used == 1


@pytest.mark.django_db
@pytest.mark.parametrize("refused", [Access.CLOSED, Access.NOT_YET_OPEN, Access.NONE_LEFT])
def test_a_refused_start_gives_the_reason_the_quiz_page_gives(client, refused):
    quiz, enrollment = build_quiz(attempts_allowed=1)
    window = selectors.quiz_window(enrollment=enrollment, quiz=quiz)
    now = {
        Access.CLOSED: window.closes_at + TICK,
        Access.NOT_YET_OPEN: window.opens_at - TICK,
        Access.NONE_LEFT: timezone.now(),
    }[refused]
    if refused == Access.NONE_LEFT:
        Attempt.objects.create(
            enrollment=enrollment,
            quiz=quiz,
            number=1,
            status=Attempt.Status.GRADED,
            started_at=now,
            percentage=Decimal(40),
        )
    access = selectors.quiz_access(enrollment=enrollment, quiz=quiz, now=now)
    assert access.status == refused
    with pytest.raises(attempts.AttemptError) as refusal:
        attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=now)
    assert refusal.value.messages == [access.reason]
    assert Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS).count() == 0
    if refused == Access.NONE_LEFT:  # the lesson page reads the clock itself
        client.force_login(enrollment.learner)
        page = client.get(
            reverse("courses:lesson", args=[enrollment.edition_id, quiz.pk])
        ).content.decode()
        assert access.reason in page and "Start de toets" not in page


# --- when an attempt's time is up -------------------------------------------------------------


def test_the_time_is_up_only_after_the_deadline_and_its_grace():
    assert dt.timedelta(seconds=5) == Attempt.GRACE
    attempt = Attempt(deadline_at=MOMENT)
    assert not attempt.is_time_up(MOMENT - dt.timedelta(hours=1))
    assert not attempt.is_time_up(MOMENT)
    assert not attempt.is_time_up(MOMENT + Attempt.GRACE)
    assert attempt.is_time_up(MOMENT + Attempt.GRACE + TICK)


def test_without_a_deadline_the_time_is_never_up():
    assert not Attempt(deadline_at=None).is_time_up(MOMENT.replace(year=2099))


@pytest.mark.django_db
def test_the_time_up_filter_agrees_with_is_time_up_at_the_boundaries():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=MOMENT)
    attempt.refresh_from_db()
    for now in (MOMENT, MOMENT + Attempt.GRACE, MOMENT + Attempt.GRACE + TICK):
        found = Attempt.objects.filter(Attempt.time_up(now), pk=attempt.pk).exists()
        assert found == attempt.is_time_up(now), now


@pytest.mark.django_db
def test_answers_are_saved_through_the_grace_and_refused_after_it():
    quiz, enrollment = build_quiz(time_limit_minutes=10)
    start = timezone.now()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=start)
    learner, deadline = enrollment.learner, attempt.deadline_at
    attempts.response_save(
        attempt=attempt, position=0, answer=1, user=learner, now=deadline + Attempt.GRACE
    )
    with pytest.raises(attempts.AttemptError, match="De tijd is om"):
        attempts.response_save(
            attempt=attempt, position=0, answer=0, user=learner, now=deadline + Attempt.GRACE + TICK
        )


@pytest.mark.django_db
def test_the_sweep_hands_in_an_attempt_only_once_its_grace_has_passed():
    quiz, enrollment = build_quiz(time_limit_minutes=10)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    deadline = attempt.deadline_at
    assert attempts.attempts_close_expired(now=deadline + Attempt.GRACE) == 0
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert attempts.attempts_close_expired(now=deadline + Attempt.GRACE + TICK) == 1
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.status != Attempt.Status.IN_PROGRESS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds_ago", "closed"),
    [(9 * 60, False), (10 * 60 + 2, False), (10 * 60 + 8, True)],  # 10 minutes, 5 s grace
)
def test_the_attempt_form_closes_once_the_time_is_up(client, seconds_ago, closed):
    quiz, enrollment = build_quiz(time_limit_minutes=10)
    client.force_login(enrollment.learner)
    began = timezone.now() - dt.timedelta(seconds=seconds_ago)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=began)
    url = reverse("assessments:attempt", args=[enrollment.edition_id, attempt.pk])
    page = client.get(url).content.decode()
    assert ("De tijd is om." in page) is closed
    assert ("Bewaar mijn antwoorden" in page) is not closed


# --- when feedback shows ----------------------------------------------------------------------


def release(*, policy=Quiz.FeedbackPolicy.IMMEDIATE, is_exam=False, closes_at=MOMENT):
    quiz = Quiz(feedback_policy=policy, is_exam=is_exam)
    return selectors.feedback_release(quiz=quiz, closes_at=closes_at)


def test_immediate_feedback_shows_at_once_and_after_the_close():
    shown = release()
    assert shown.visible(MOMENT - dt.timedelta(days=1)) and shown.visible(MOMENT + TICK)
    assert shown.note == "Na het nakijken zie je per vraag wat goed was, met uitleg."


@pytest.mark.parametrize(
    ("policy", "is_exam"),
    [(Quiz.FeedbackPolicy.AFTER_CLOSE, False), (Quiz.FeedbackPolicy.IMMEDIATE, True)],
)
def test_after_close_and_the_exam_show_feedback_only_once_the_quiz_has_closed(policy, is_exam):
    shown = release(policy=policy, is_exam=is_exam)
    assert not shown.visible(MOMENT - dt.timedelta(days=1))
    assert not shown.visible(MOMENT)
    assert shown.visible(MOMENT + TICK)
    assert shown.note == (
        "Je ziet meteen je resultaat. De goede antwoorden en de uitleg per vraag zie je na "
        f"{written(MOMENT)}, als de toets gesloten is."
    )


def test_after_close_without_a_closing_date_never_shows_feedback():
    shown = release(policy=Quiz.FeedbackPolicy.AFTER_CLOSE, closes_at=None)
    assert not shown.visible(MOMENT.replace(year=2099))
    assert shown.note == "Bij deze toets zie je alleen je resultaat."
    assert not release(is_exam=True, closes_at=None).visible(MOMENT.replace(year=2099))


def test_never_shows_feedback_not_even_after_the_close():
    shown = release(policy=Quiz.FeedbackPolicy.NEVER)
    assert not shown.visible(MOMENT + dt.timedelta(days=365))
    assert shown.note == (
        "Bij deze toets zie je alleen je resultaat, niet de antwoorden per vraag."
    )


@pytest.mark.django_db
def test_the_quiz_page_and_the_result_page_tell_the_same_feedback_note(client):
    quiz, enrollment = build_quiz(is_exam=True, feedback_policy=Quiz.FeedbackPolicy.AFTER_CLOSE)
    client.force_login(enrollment.learner)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempts.attempt_submit(attempt=attempt, user=enrollment.learner)
    note = selectors.feedback_release(
        quiz=quiz, closes_at=selectors.quiz_window(enrollment=enrollment, quiz=quiz).closes_at
    ).note
    args = [enrollment.edition_id, quiz.pk]
    lesson = client.get(reverse("courses:lesson", args=args)).content.decode()
    args = [enrollment.edition_id, attempt.pk]
    result = client.get(reverse("assessments:attempt_result", args=args)).content.decode()
    assert note in lesson and note in result
    assert "Je antwoorden per vraag" not in result
