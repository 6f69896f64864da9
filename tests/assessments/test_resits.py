"""Resits and a trainer's grants: the one access rule (`selectors.quiz_access_from`) decides
when a failed learner may try again; a trainer of the edition gives one learner an extra
attempt or extra time; the quiz and result pages say what happens next after a fail."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from assessments.models import Attempt, AttemptGrant, Quiz
from assessments.quizzes import selectors
from assessments.quizzes import services as attempts
from assessments.quizzes.selectors import QuizAccessStatus as Access
from assessments.quizzes.selectors import QuizGrants, QuizWindow, Standing, TakenAttempt
from assessments.results import services as results
from tests import factories as f
from tests.a11y import problems
from tests.assessments.quiz_factories import build_quiz

MOMENT = dt.datetime(2026, 10, 6, 10, 30, tzinfo=dt.UTC)  # a Tuesday
TICK = dt.timedelta(microseconds=1)
WINDOW = QuizWindow(
    opens_at=MOMENT - dt.timedelta(days=7), closes_at=MOMENT + dt.timedelta(hours=2)
)
TRAINER_DECIDES = "Je trainer bespreekt met je wat de volgende stap is."


def day(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F Y")


def written(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F Y, H:i")


def start_of_local_day(moment: dt.datetime, plus_days: int) -> dt.datetime:
    local_day = timezone.localdate(moment) + dt.timedelta(days=plus_days)
    return timezone.make_aware(dt.datetime.combine(local_day, dt.time.min))


def exam(**fields) -> Quiz:
    return Quiz(is_exam=True, pass_mark=Decimal(55), **{"attempts_allowed": 1, **fields})


def graded(number: int, percentage, *, kind=Attempt.Kind.REGULAR, at=MOMENT) -> TakenAttempt:
    return TakenAttempt(
        pk=100 + number,
        status=Attempt.Status.GRADED,
        number=number,
        kind=kind,
        percentage=Decimal(percentage),
        submitted_at=at,
    )


def decide(quiz: Quiz, taken=(), *, now=MOMENT, window=WINDOW, grants=selectors.NO_GRANTS):
    return selectors.quiz_access_from(
        quiz=quiz, window=window, taken=list(taken), now=now, grants=grants
    )


# --- the rule ---------------------------------------------------------------------------------


def test_a_failed_exam_opens_its_resit_after_the_waiting_days_from_the_start_of_that_day():
    quiz = exam(resits_allowed=1, resit_wait_days=7)
    opens = start_of_local_day(MOMENT, 7)
    waiting = decide(quiz, [graded(1, 40)], now=MOMENT + dt.timedelta(days=1))
    assert waiting.status == Access.RESIT_LATER and waiting.standing == Standing.FAILED
    assert waiting.resit_opens_at == opens
    assert waiting.reason == f"Je kunt het examen opnieuw maken vanaf {day(opens)}."
    assert waiting.next_step == waiting.reason
    assert decide(quiz, [graded(1, 40)], now=opens - TICK).status == Access.RESIT_LATER
    resit = decide(quiz, [graded(1, 40)], now=opens)
    assert (resit.status, resit.kind, resit.next_number) == (Access.START, "resit", 2)
    assert resit.closes_at is None  # the exam's own closing does not hold for the resit
    assert resit.reason == "Dit wordt poging 2: je herkansing."
    assert resit.next_step == "Je kunt het examen opnieuw maken."


def test_a_fixed_resit_window_before_inside_and_after():
    opens, closes = MOMENT + dt.timedelta(days=10), MOMENT + dt.timedelta(days=12)
    quiz = exam(resits_allowed=1, resit_opens_at=opens, resit_closes_at=closes)
    before = decide(quiz, [graded(1, 40)], now=opens - TICK)
    assert before.status == Access.RESIT_LATER
    assert before.reason == f"Je kunt het examen opnieuw maken vanaf {written(opens)}."
    for now in (opens, closes):
        inside = decide(quiz, [graded(1, 40)], now=now)
        assert (inside.status, inside.kind, inside.closes_at) == (Access.START, "resit", closes)
        assert (
            inside.next_step == f"Je kunt het examen opnieuw maken. Dat kan tot {written(closes)}."
        )
    after = decide(quiz, [graded(1, 40)], now=closes + TICK)
    assert after.status == Access.CLOSED
    assert after.reason == f"De herkansing is gesloten sinds {written(closes)}."
    assert after.next_step == TRAINER_DECIDES


def test_a_passed_learner_gets_no_resit_and_no_next_step():
    quiz = exam(resits_allowed=2)
    access = decide(quiz, [graded(1, 55)])
    assert access.status == Access.NONE_LEFT and access.standing == Standing.PASSED
    assert access.next_step == ""
    later = decide(quiz, [graded(1, 80)], now=WINDOW.closes_at + dt.timedelta(days=30))
    assert later.status == Access.CLOSED and later.next_step == ""


def test_the_resit_waits_until_the_regular_attempts_are_used_or_the_window_has_closed():
    quiz = exam(attempts_allowed=2, resits_allowed=1)
    regular = decide(quiz, [graded(1, 40)])
    assert (regular.status, regular.kind, regular.closes_at) == (
        Access.START,
        "regular",
        WINDOW.closes_at,
    )
    assert regular.next_step == ""
    closed = decide(quiz, [graded(1, 40)], now=WINDOW.closes_at + TICK)
    assert (closed.status, closed.kind) == (Access.START, "resit")


def test_no_resit_is_offered_while_an_attempt_waits_for_its_grade():
    quiz = exam(resits_allowed=1)
    waiting = TakenAttempt(101, Attempt.Status.NEEDS_REVIEW, 1, "regular", None, MOMENT)
    access = decide(quiz, [waiting])
    assert access.status == Access.NONE_LEFT and access.standing == Standing.PENDING
    assert "wordt nog nagekeken" in access.reason and access.next_step == ""


def test_after_the_last_resit_the_trainer_decides():
    quiz = exam(resits_allowed=1)
    access = decide(quiz, [graded(1, 40), graded(2, 50, kind=Attempt.Kind.RESIT)])
    assert access.status == Access.NONE_LEFT and access.next_step == TRAINER_DECIDES
    without_resits = decide(exam(), [graded(1, 40)])
    assert without_resits.status == Access.NONE_LEFT
    assert without_resits.next_step == TRAINER_DECIDES


@pytest.mark.parametrize(
    ("method", "standing", "status"),
    [("highest", Standing.PASSED, Access.NONE_LEFT), ("last", Standing.FAILED, Access.START)],
)
def test_the_grading_method_decides_whether_a_learner_failed(method, standing, status):
    quiz = exam(attempts_allowed=2, resits_allowed=1, grading_method=method)
    access = decide(quiz, [graded(1, 70), graded(2, 40)])
    assert (access.standing, access.status) == (standing, status)


def test_an_extra_attempt_can_start_at_once_also_after_the_close_before_a_resit():
    quiz = exam(resits_allowed=1, resit_wait_days=7)
    access = decide(
        quiz,
        [graded(1, 40)],
        now=WINDOW.closes_at + dt.timedelta(days=1),
        grants=QuizGrants(extra_attempts=1),
    )
    assert (access.status, access.kind, access.closes_at) == (Access.START, "extra", None)
    assert access.reason == "Dit wordt poging 2: de extra poging die je trainer je gaf."
    assert access.next_step == (
        "Je trainer heeft je een extra poging gegeven. Je kunt het examen opnieuw maken."
    )
    used = decide(
        quiz,
        [graded(1, 40), graded(2, 40, kind=Attempt.Kind.EXTRA)],
        now=WINDOW.closes_at + dt.timedelta(days=1),
        grants=QuizGrants(extra_attempts=1),
    )
    assert used.status == Access.RESIT_LATER  # then the resit, 7 days after the last attempt


def test_an_extra_attempt_does_not_open_a_quiz_before_its_opening():
    access = decide(exam(), now=WINDOW.opens_at - TICK, grants=QuizGrants(extra_attempts=1))
    assert access.status == Access.NOT_YET_OPEN


def test_extra_time_lengthens_the_time_limit_and_the_window_still_caps_the_deadline():
    quiz = exam(time_limit_minutes=60)
    grants = QuizGrants(extra_time_percent=25)
    assert selectors.attempt_time_limit(quiz=quiz, grants=grants) == dt.timedelta(minutes=75)
    access = decide(quiz, grants=grants)
    deadline = selectors.attempt_deadline(quiz=quiz, access=access, now=MOMENT)
    assert deadline == MOMENT + dt.timedelta(minutes=75)
    late = MOMENT + dt.timedelta(minutes=90)  # 30 minutes before the window closes
    access = decide(quiz, grants=grants, now=late)
    assert selectors.attempt_deadline(quiz=quiz, access=access, now=late) == WINDOW.closes_at


def test_with_resits_the_exams_answers_wait_until_the_resit_has_closed():
    without_end = selectors.feedback_release(quiz=exam(resits_allowed=1), closes_at=MOMENT)
    assert not without_end.visible(MOMENT + dt.timedelta(days=365))
    assert "de vragen kunnen terugkomen in de herkansing" in without_end.note
    resit_closes = MOMENT + dt.timedelta(days=20)
    release = selectors.feedback_release(
        quiz=exam(resits_allowed=1, resit_closes_at=resit_closes), closes_at=MOMENT
    )
    assert not release.visible(MOMENT + TICK) and not release.visible(resit_closes)
    assert release.visible(resit_closes + TICK)
    assert written(resit_closes) in release.note


# --- the services, on the database ------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def hand_in(attempt: Attempt, learner, now=None) -> Attempt:
    """Hand in (nothing answered: 0 %) and grade at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempts.attempt_submit(attempt=attempt, user=learner, now=now)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    return attempt


def set_score(attempt: Attempt, percentage: str) -> None:
    Attempt.objects.filter(pk=attempt.pk).update(
        percentage=Decimal(percentage), passed=Decimal(percentage) >= Decimal(55)
    )


@pytest.fixture
def trainer():
    return f.UserFactory(first_name="Tineke", last_name="Trainer", email="tineke@example.nl")


def exam_with_trainer(trainer, **fields):
    quiz, enrollment = build_quiz(is_exam=True, questions=3, **fields)
    enrollment.edition.trainers.add(trainer)
    return quiz, enrollment


@pytestmark_db
def test_a_failed_learner_starts_the_resit_after_the_wait_and_not_before(trainer):
    quiz, enrollment = exam_with_trainer(trainer, resits_allowed=1, resit_wait_days=7)
    learner = enrollment.learner
    first = hand_in(attempts.attempt_start(enrollment=enrollment, quiz=quiz), learner)
    assert first.passed is False
    opens = start_of_local_day(first.submitted_at, 7)
    with pytest.raises(attempts.AttemptError) as refused:
        attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=opens - TICK)
    assert refused.value.messages == [f"Je kunt het examen opnieuw maken vanaf {day(opens)}."]
    resit = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=opens)
    assert (resit.number, resit.kind) == (2, Attempt.Kind.RESIT)
    hand_in(resit, learner, now=opens + dt.timedelta(minutes=5))
    with pytest.raises(attempts.AttemptError):
        attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=opens + dt.timedelta(days=30))


@pytestmark_db
@pytest.mark.parametrize(("method", "counted"), [("highest", "50.00"), ("last", "30.00")])
def test_the_best_or_the_last_attempt_counts_in_the_course_result(trainer, method, counted):
    quiz, enrollment = exam_with_trainer(trainer, resits_allowed=1, grading_method=method)
    learner = enrollment.learner
    first = hand_in(attempts.attempt_start(enrollment=enrollment, quiz=quiz), learner)
    set_score(first, "50")
    resit = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    assert resit.kind == Attempt.Kind.RESIT
    set_score(hand_in(resit, learner), "30")
    result = results.course_result_recompute(enrollment=enrollment)
    rule = next(r for r in result.rules if r["kind"] == "exam")
    assert Decimal(rule["percentage"]) == Decimal(counted)
    assert selectors.final_result(enrollment=enrollment, quiz=quiz) == Decimal(counted)


@pytestmark_db
def test_an_extra_attempt_lets_a_failed_learner_start_one_more(trainer):
    quiz, enrollment = exam_with_trainer(trainer)
    hand_in(attempts.attempt_start(enrollment=enrollment, quiz=quiz), enrollment.learner)
    with pytest.raises(attempts.AttemptError, match="niet nog een keer"):
        attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    grant = attempts.attempt_grant_create(
        enrollment=enrollment,
        quiz=quiz,
        kind=AttemptGrant.Kind.EXTRA_ATTEMPT,
        extra_attempts=1,
        actor=trainer,
        reason="  Ziek tijdens het examen.  ",
    )
    assert (grant.granted_by, grant.reason, grant.revoked_at) == (
        trainer,
        "Ziek tijdens het examen.",
        None,
    )
    extra = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    assert (extra.number, extra.kind) == (2, Attempt.Kind.EXTRA)
    hand_in(extra, enrollment.learner)
    with pytest.raises(attempts.AttemptError):
        attempts.attempt_start(enrollment=enrollment, quiz=quiz)


@pytestmark_db
def test_extra_time_lengthens_new_attempts_deadlines_by_the_percentage(trainer):
    quiz, enrollment = exam_with_trainer(trainer, time_limit_minutes=40, attempts_allowed=3)
    first = attempts.attempt_grant_create(
        enrollment=enrollment,
        quiz=quiz,
        kind=AttemptGrant.Kind.EXTRA_TIME,
        extra_time_percent=50,
        actor=trainer,
        reason="Dyslexie",
    )
    second = attempts.attempt_grant_create(
        enrollment=enrollment,
        quiz=quiz,
        kind=AttemptGrant.Kind.EXTRA_TIME,
        extra_time_percent=25,
        actor=trainer,
        reason="Dyslexie, afgesproken met de examencommissie",
    )
    first.refresh_from_db()
    assert first.revoked_at is not None and first.revoked_by == trainer  # replaced, on record
    now = timezone.now()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=now)
    assert attempt.deadline_at == now + dt.timedelta(minutes=50)
    hand_in(attempt, enrollment.learner)
    assert attempts.attempt_grant_revoke(grant=second, actor=trainer) is True
    assert attempts.attempt_grant_revoke(grant=second, actor=trainer) is False
    again = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=now)
    assert again.deadline_at == now + dt.timedelta(minutes=40)


@pytestmark_db
def test_only_a_trainer_of_the_edition_or_an_administrator_may_grant(trainer):
    quiz, enrollment = exam_with_trainer(trainer, time_limit_minutes=30)
    arguments = {
        "enrollment": enrollment,
        "quiz": quiz,
        "kind": AttemptGrant.Kind.EXTRA_ATTEMPT,
        "extra_attempts": 1,
        "reason": "Ziek",
    }
    for outsider in (f.UserFactory(), enrollment.learner):
        with pytest.raises(PermissionDenied):
            attempts.attempt_grant_create(actor=outsider, **arguments)
    assert attempts.attempt_grant_create(actor=f.AdminFactory(), **arguments).pk


@pytestmark_db
def test_a_grant_is_refused_when_it_cannot_mean_anything(trainer):
    quiz, enrollment = exam_with_trainer(trainer)  # no time limit
    with pytest.raises(ValidationError, match="geen tijdslimiet"):
        attempts.attempt_grant_create(
            enrollment=enrollment,
            quiz=quiz,
            kind=AttemptGrant.Kind.EXTRA_TIME,
            extra_time_percent=25,
            actor=trainer,
            reason="Dyslexie",
        )
    with pytest.raises(ValidationError, match="waarom"):
        attempts.attempt_grant_create(
            enrollment=enrollment,
            quiz=quiz,
            kind=AttemptGrant.Kind.EXTRA_ATTEMPT,
            extra_attempts=1,
            actor=trainer,
            reason="   ",
        )
    other_quiz, _ = build_quiz()
    with pytest.raises(ValidationError, match="hoort niet bij"):
        attempts.attempt_grant_create(
            enrollment=enrollment,
            quiz=other_quiz,
            kind=AttemptGrant.Kind.EXTRA_ATTEMPT,
            extra_attempts=1,
            actor=trainer,
            reason="Ziek",
        )
    assert not AttemptGrant.objects.exists()


@pytestmark_db
def test_the_database_refuses_a_grant_whose_amount_does_not_fit_its_kind(trainer):
    from django.db import IntegrityError, transaction

    quiz, enrollment = exam_with_trainer(trainer)
    for kind, extra_attempts, percent in (
        ("extra_attempt", 0, 0),
        ("extra_attempt", 1, 25),
        ("extra_time", 0, 0),
        ("extra_time", 0, 500),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            AttemptGrant.objects.create(
                enrollment=enrollment,
                quiz=quiz,
                kind=kind,
                extra_attempts=extra_attempts,
                extra_time_percent=percent,
                reason="x",
                granted_at=timezone.now(),
            )


@pytestmark_db
def test_a_quiz_has_a_waiting_time_or_a_resit_window_not_both(trainer):
    quiz, _enrollment = exam_with_trainer(trainer)
    quiz.resit_wait_days = 7
    quiz.resit_opens_at = timezone.now()
    with pytest.raises(ValidationError) as refused:
        quiz.clean()
    assert "niet allebei" in str(refused.value)
    quiz.resit_wait_days = None
    quiz.resit_closes_at = quiz.resit_opens_at
    with pytest.raises(ValidationError, match="moet sluiten na"):
        quiz.clean()


# --- the learner's pages ----------------------------------------------------------------------


def lesson_url(enrollment, quiz) -> str:
    return reverse("courses:lesson", args=[enrollment.edition_id, quiz.pk])


def result_url(enrollment, attempt) -> str:
    return reverse("assessments:attempt_result", args=[enrollment.edition_id, attempt.pk])


def text_of(response) -> str:
    """The page's text, its whitespace folded."""
    return re.sub(r"\s+", " ", response.content.decode())


@pytestmark_db
def test_the_quiz_page_shows_the_resit_rules_and_the_trainers_grants(client, trainer):
    quiz, enrollment = exam_with_trainer(
        trainer, resits_allowed=1, resit_wait_days=7, time_limit_minutes=60
    )
    attempts.attempt_grant_create(
        enrollment=enrollment,
        quiz=quiz,
        kind=AttemptGrant.Kind.EXTRA_TIME,
        extra_time_percent=25,
        actor=trainer,
        reason="Dyslexie",
    )
    client.force_login(enrollment.learner)
    page = text_of(client.get(lesson_url(enrollment, quiz)))
    assert (
        "Haal je het niet? Dan mag je het examen nog 1 keer maken. "
        "Dat kan vanaf 7 dagen na je poging." in page
    )
    assert "Je beste poging telt." in page
    assert "Je hebt 75 minuten." in page
    assert "Je trainer heeft je 25% meer tijd gegeven." in page
    assert "Hoe gaat het nu verder?" not in page  # nothing failed yet


@pytestmark_db
def test_the_result_page_after_a_fail_says_when_the_resit_opens_and_how_to_reach_the_trainer(
    client, trainer
):
    quiz, enrollment = exam_with_trainer(trainer, resits_allowed=1, resit_wait_days=7)
    client.force_login(enrollment.learner)
    attempt = hand_in(attempts.attempt_start(enrollment=enrollment, quiz=quiz), enrollment.learner)
    opens = start_of_local_day(attempt.submitted_at, 7)
    expected = f"Je kunt het examen opnieuw maken vanaf {day(opens)}."
    for url in (result_url(enrollment, attempt), lesson_url(enrollment, quiz)):
        response = client.get(url)
        page = text_of(response)
        assert "Hoe gaat het nu verder?" in page, url
        assert expected in page, url
        assert 'Tineke Trainer: <a href="mailto:tineke@example.nl">tineke@example.nl</a>' in page
        assert "Start de toets" not in page
        assert problems(response.content.decode()) == [], url


@pytestmark_db
def test_the_result_page_after_a_fail_without_a_resit_says_the_trainer_decides(client, trainer):
    quiz, enrollment = exam_with_trainer(trainer)
    client.force_login(enrollment.learner)
    attempt = hand_in(attempts.attempt_start(enrollment=enrollment, quiz=quiz), enrollment.learner)
    for url in (result_url(enrollment, attempt), lesson_url(enrollment, quiz)):
        page = text_of(client.get(url))
        assert TRAINER_DECIDES in page, url
        assert 'href="mailto:tineke@example.nl"' in page, url
        conversation = reverse("lms:conversation", args=[enrollment.pk])
        assert f'href="{conversation}">Schrijf je trainer een bericht</a>' in page, url


@pytestmark_db
def test_the_result_page_after_a_pass_says_nothing_about_a_next_step(client, trainer):
    quiz, enrollment = exam_with_trainer(trainer, resits_allowed=1)
    client.force_login(enrollment.learner)
    attempt = hand_in(attempts.attempt_start(enrollment=enrollment, quiz=quiz), enrollment.learner)
    set_score(attempt, "90")
    page = text_of(client.get(result_url(enrollment, attempt)))
    assert "Gefeliciteerd" in page
    assert "Hoe gaat het nu verder?" not in page and "mailto:" not in page


@pytestmark_db
def test_after_a_fail_the_quiz_page_offers_the_extra_attempt_the_trainer_gave(client, trainer):
    quiz, enrollment = exam_with_trainer(trainer)
    client.force_login(enrollment.learner)
    hand_in(attempts.attempt_start(enrollment=enrollment, quiz=quiz), enrollment.learner)
    attempts.attempt_grant_create(
        enrollment=enrollment,
        quiz=quiz,
        kind=AttemptGrant.Kind.EXTRA_ATTEMPT,
        extra_attempts=1,
        actor=trainer,
        reason="Ziek",
    )
    page = text_of(client.get(lesson_url(enrollment, quiz)))
    assert "Je trainer heeft je 1 extra poging gegeven." in page
    assert "Dit wordt poging 2: de extra poging die je trainer je gaf." in page
    assert "Start de toets" in page
    response = client.post(reverse("assessments:quiz_start", args=[enrollment.edition_id, quiz.pk]))
    assert response.status_code == 302
    assert Attempt.objects.get(enrollment=enrollment, number=2).kind == Attempt.Kind.EXTRA


def count_queries(client, url) -> int:
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytestmark_db
def test_the_quiz_and_result_pages_take_as_many_queries_for_many_grants_and_trainers(client):
    counts = []
    for size in (1, 4):
        trainers = [f.UserFactory() for _ in range(size)]
        quiz, enrollment = exam_with_trainer(trainers[0], time_limit_minutes=30)
        enrollment.edition.trainers.add(*trainers)
        attempt = hand_in(
            attempts.attempt_start(enrollment=enrollment, quiz=quiz), enrollment.learner
        )
        for _ in range(size):
            for amounts in ({"extra_attempts": 1}, {"extra_time_percent": 10}):
                kind = "extra_attempt" if "extra_attempts" in amounts else "extra_time"
                attempts.attempt_grant_create(
                    enrollment=enrollment,
                    quiz=quiz,
                    kind=kind,
                    actor=trainers[0],
                    reason="Afgesproken",
                    **amounts,
                )
        # Every extra attempt used and failed: the learner's next step is the trainer's.
        for _ in range(size):
            hand_in(attempts.attempt_start(enrollment=enrollment, quiz=quiz), enrollment.learner)
        client.force_login(enrollment.learner)
        page = client.get(result_url(enrollment, attempt)).content.decode()
        assert page.count("mailto:") == size and TRAINER_DECIDES in page
        counts.append(
            [
                count_queries(client, result_url(enrollment, attempt)),
                count_queries(client, lesson_url(enrollment, quiz)),
            ]
        )
    assert counts[0] == counts[1], counts


# --- the trainer's pages ----------------------------------------------------------------------


def grants_url(enrollment) -> str:
    return reverse(
        "assessments_trainer:attempt_grants", args=[enrollment.edition_id, enrollment.pk]
    )


def learner_page_url(enrollment) -> str:
    return reverse("courses:trainer_learner", args=[enrollment.edition_id, enrollment.pk])


def grant_form(quiz, **fields) -> dict:
    return {
        "grant-quiz": str(quiz.pk),
        "grant-kind": "extra_attempt",
        "grant-extra_attempts": "1",
        "grant-extra_time_percent": "",
        "grant-reason": "Ziek tijdens het examen",
        **{f"grant-{name}": value for name, value in fields.items()},
    }


@pytestmark_db
def test_a_trainer_of_the_edition_grants_an_extra_attempt_with_a_confirmation(client, trainer):
    quiz, enrollment = exam_with_trainer(trainer)
    enrollment.learner.first_name, enrollment.learner.last_name = "Lotte", "Leerling"
    enrollment.learner.save()
    client.force_login(trainer)
    page = client.get(learner_page_url(enrollment))
    assert page.status_code == 200
    assert "Extra poging of extra tijd geven" in page.content.decode()
    assert problems(page.content.decode()) == []
    response = client.post(grants_url(enrollment), grant_form(quiz), follow=True)
    assert response.redirect_chain[-1][0].endswith(learner_page_url(enrollment) + "#attempt-grants")
    page = text_of(response)
    assert (
        "Lotte Leerling heeft 1 extra poging gekregen voor ‘Toets emoties’ en kan meteen "
        "beginnen." in page
    )
    assert "Reden: Ziek tijdens het examen" in page and "Gegeven door Tineke Trainer" in page
    grant = AttemptGrant.objects.get()
    assert (grant.enrollment, grant.quiz, grant.granted_by) == (enrollment, quiz, trainer)


@pytestmark_db
def test_a_grant_form_with_errors_shows_them_and_saves_nothing(client, trainer):
    quiz, enrollment = exam_with_trainer(trainer)
    client.force_login(trainer)
    response = client.post(grants_url(enrollment), grant_form(quiz, reason=""))
    assert response.status_code == 400
    assert "Schrijf op waarom je dit geeft." in response.content.decode()
    response = client.post(
        grants_url(enrollment), grant_form(quiz, kind="extra_time", extra_time_percent="25")
    )
    assert response.status_code == 400
    assert "Deze toets heeft geen tijdslimiet." in response.content.decode()
    assert problems(response.content.decode()) == []
    response = client.post(grants_url(enrollment), grant_form(quiz, kind="extra_time"))
    assert response.status_code == 400
    assert "Vul in hoeveel procent extra tijd je geeft." in response.content.decode()
    assert not AttemptGrant.objects.exists()


@pytestmark_db
@pytest.mark.parametrize("who", ["other_trainer", "learner", "stranger"])
def test_nobody_but_the_editions_trainers_and_administrators_may_grant_or_revoke(
    client, trainer, who
):
    quiz, enrollment = exam_with_trainer(trainer)
    grant = attempts.attempt_grant_create(
        enrollment=enrollment,
        quiz=quiz,
        kind=AttemptGrant.Kind.EXTRA_ATTEMPT,
        extra_attempts=1,
        actor=trainer,
        reason="Ziek",
    )
    other_quiz, other_enrollment = build_quiz()
    other_trainer = f.UserFactory()
    other_enrollment.edition.trainers.add(other_trainer)
    user = {
        "other_trainer": other_trainer,
        "learner": enrollment.learner,
        "stranger": f.UserFactory(),
    }[who]
    client.force_login(user)
    revoke = reverse(
        "assessments_trainer:attempt_grant_revoke",
        args=[enrollment.edition_id, enrollment.pk, grant.pk],
    )
    assert client.get(grants_url(enrollment)).status_code == 404
    assert client.post(grants_url(enrollment), grant_form(quiz)).status_code == 404
    assert client.post(revoke).status_code == 404
    # Nor through an edition they do teach: the enrolment is not in it.
    if who == "other_trainer":
        url = reverse(
            "assessments_trainer:attempt_grants",
            args=[other_enrollment.edition_id, enrollment.pk],
        )
        assert client.post(url, grant_form(quiz)).status_code == 404
    assert AttemptGrant.objects.count() == 1
    assert AttemptGrant.objects.get().revoked_at is None


@pytestmark_db
def test_an_administrator_may_grant_and_revoke(client, trainer):
    quiz, enrollment = exam_with_trainer(trainer)
    admin = f.AdminFactory()
    client.force_login(admin)
    assert client.get(grants_url(enrollment)).status_code == 200
    assert client.post(grants_url(enrollment), grant_form(quiz)).status_code == 302
    grant = AttemptGrant.objects.get()
    assert grant.granted_by == admin
    revoke = reverse(
        "assessments_trainer:attempt_grant_revoke",
        args=[enrollment.edition_id, enrollment.pk, grant.pk],
    )
    page = text_of(client.post(revoke, follow=True))
    assert "Ingetrokken: extra poging bij ‘Toets emoties’." in page
    grant.refresh_from_db()
    assert grant.revoked_by == admin and grant.revoked_at is not None


@pytestmark_db
def test_the_trainers_page_of_a_learner_takes_as_many_queries_for_many_grants(client, trainer):
    counts = []
    for size in (1, 5):
        quiz, enrollment = exam_with_trainer(trainer)
        for _ in range(size):
            attempts.attempt_grant_create(
                enrollment=enrollment,
                quiz=quiz,
                kind=AttemptGrant.Kind.EXTRA_ATTEMPT,
                extra_attempts=1,
                actor=trainer,
                reason="Ziek",
            )
        client.force_login(trainer)
        counts.append(count_queries(client, learner_page_url(enrollment)))
    assert counts[0] == counts[1], counts


@pytestmark_db
def test_the_quiz_admin_has_the_resit_settings_with_dutch_labels(client, trainer):
    quiz, _enrollment = exam_with_trainer(trainer)
    client.force_login(f.AdminFactory())
    page = client.get(reverse("admin:assessments_quiz_change", args=[quiz.pk])).content.decode()
    for label in ("Herkansing", "Aantal herkansingen", "Wachttijd voor de herkansing (dagen)"):
        assert label in page, label
    assert client.get(reverse("admin:assessments_attemptgrant_changelist")).status_code == 200
