"""Essay review: an attempt with an open answer waits for a trainer, who scores it once."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from assessments.models import Attempt, EssayQuestion, GradingEvent, QuizSlot, Response
from assessments.questions import specs
from assessments.quizzes import services as attempts
from assessments.quizzes.essays import AlreadyReviewed, ReviewError, essay_review
from assessments.signals import result_changed
from tests import factories as f
from tests.a11y import problems
from tests.assessments.quiz_factories import build_quiz, right_answer

pytestmark = pytest.mark.django_db

ESSAY = 2  # the essay's position: after the two automatically graded questions
ANSWER = 'Ik luisterde <script>alert("x")</script> goed.\nDaarna vatte ik samen.'


def committed(fn, **kwargs):
    """Run a service and then its on-commit work (grading, signals), as after a real commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(**kwargs)


def build_essay_quiz():
    """A quiz of a choice question and a true/false question (1 point each) and an essay
    (4 points), an enrolled learner and the edition's trainer."""
    quiz, enrollment = build_quiz(questions=2)
    category = QuizSlot.objects.filter(quiz=quiz).first().question.category
    essay = EssayQuestion.objects.create(
        category=category,
        name="Lastige klant",
        text="Beschrijf een gesprek met een <b>boze</b> klant.",
        key=specs.spec_to_json(specs.EssaySpec(guidance="Let op luisteren en samenvatten.")),
    )
    QuizSlot.objects.create(quiz=quiz, order=3, question=essay, points=Decimal(4))
    trainer = f.UserFactory(first_name="Tineke", last_name="Trainer")
    enrollment.edition.trainers.add(trainer)
    return quiz, enrollment, trainer


def submitted_attempt(quiz, enrollment, *, essay=ANSWER):
    learner = enrollment.learner
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    for position in range(ESSAY):
        attempts.response_save(
            attempt=attempt, position=position, answer=right_answer(position), user=learner
        )
    attempts.response_save(attempt=attempt, position=ESSAY, answer=essay, user=learner)
    committed(attempts.attempt_submit, attempt=attempt, user=learner)
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def waiting():
    quiz, enrollment, trainer = build_essay_quiz()
    attempt = submitted_attempt(quiz, enrollment)
    return {"quiz": quiz, "enrollment": enrollment, "trainer": trainer, "attempt": attempt}


def assert_nothing_saved(attempt):
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.NEEDS_REVIEW and attempt.passed is None
    essay = Response.objects.get(attempt=attempt, position=ESSAY)
    assert essay.needs_review and essay.points == Decimal("0.00") and essay.feedback == []
    assert not GradingEvent.objects.filter(attempt=attempt, kind="reviewed").exists()


# --- the service ------------------------------------------------------------------------------


def test_an_attempt_with_an_essay_waits_for_review_after_grading(waiting):
    attempt = waiting["attempt"]
    assert attempt.status == Attempt.Status.NEEDS_REVIEW
    assert (attempt.points, attempt.max_points) == (Decimal("2.00"), Decimal("6.00"))
    assert attempt.passed is None


def test_the_trainer_reviews_the_essay_and_the_attempt_is_graded_with_the_right_total(waiting):
    attempt, trainer = waiting["attempt"], waiting["trainer"]
    received = []
    result_changed.connect(
        lambda **kw: received.append(kw["attempt_id"]), weak=False, dispatch_uid="test_review"
    )
    try:
        committed(
            essay_review,
            attempt=attempt,
            scores={ESSAY: Decimal("3")},
            feedback={ESSAY: "Goed samengevat."},
            reviewer=trainer,
        )
    finally:
        result_changed.disconnect(dispatch_uid="test_review")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert (attempt.points, attempt.max_points) == (Decimal("5.00"), Decimal("6.00"))
    assert attempt.percentage == Decimal("83.33") and attempt.passed is True
    essay = Response.objects.get(attempt=attempt, position=ESSAY)
    assert (essay.points, essay.fraction) == (Decimal("3.00"), Decimal("0.75"))
    assert essay.feedback == ["Goed samengevat."] and not essay.needs_review
    event = GradingEvent.objects.get(attempt=attempt, kind="reviewed")
    assert (event.actor, event.old_percentage, event.new_percentage) == (
        trainer,
        Decimal("33.33"),
        Decimal("83.33"),
    )
    assert received == [attempt.pk]


@pytest.mark.parametrize("score", [Decimal("4.5"), Decimal("-1"), Decimal("NaN"), "veel"])
def test_a_score_outside_zero_to_the_points_is_refused_and_nothing_is_saved(waiting, score):
    with pytest.raises(ReviewError, match="0 tot en met 4 punten"):
        essay_review(
            attempt=waiting["attempt"],
            scores={ESSAY: score},
            feedback={ESSAY: "x"},
            reviewer=waiting["trainer"],
        )
    assert_nothing_saved(waiting["attempt"])


def test_every_waiting_answer_needs_a_score_and_only_those(waiting):
    with pytest.raises(ReviewError, match="score voor vraag 3"):
        essay_review(
            attempt=waiting["attempt"], scores={}, feedback={}, reviewer=waiting["trainer"]
        )
    with pytest.raises(ReviewError, match="Vraag 1 wacht niet"):
        essay_review(
            attempt=waiting["attempt"],
            scores={0: Decimal(1), ESSAY: Decimal(1)},
            feedback={},
            reviewer=waiting["trainer"],
        )
    assert_nothing_saved(waiting["attempt"])


def test_a_second_review_is_refused_and_the_attempt_is_graded_once(waiting):
    attempt, trainer = waiting["attempt"], waiting["trainer"]
    colleague = f.UserFactory()
    attempt.enrollment.edition.trainers.add(colleague)
    stale = Attempt.objects.get(pk=attempt.pk)  # the colleague opened the page at the same time
    essay_review(attempt=attempt, scores={ESSAY: Decimal(3)}, feedback={}, reviewer=trainer)
    with pytest.raises(AlreadyReviewed, match="al beoordeeld"):
        essay_review(attempt=stale, scores={ESSAY: Decimal(1)}, feedback={}, reviewer=colleague)
    attempt.refresh_from_db()
    assert attempt.points == Decimal("5.00")
    assert GradingEvent.objects.filter(attempt=attempt, kind="reviewed").count() == 1


def test_only_a_trainer_of_the_edition_may_review(waiting):
    other_trainer = f.UserFactory()
    f.build_edition(
        f.build_course(),
        first_day=waiting["enrollment"].edition.sessions.first().date,
        trainers=[other_trainer],
    )
    for user in (other_trainer, waiting["enrollment"].learner):
        with pytest.raises(PermissionDenied):
            essay_review(
                attempt=waiting["attempt"], scores={ESSAY: Decimal(1)}, feedback={}, reviewer=user
            )
    assert_nothing_saved(waiting["attempt"])


def test_an_empty_essay_scores_zero_without_review():
    quiz, enrollment, _trainer = build_essay_quiz()
    attempt = submitted_attempt(quiz, enrollment, essay="   ")
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.percentage == Decimal("33.33")


# --- the pages --------------------------------------------------------------------------------


def list_url(edition):
    return reverse("assessments_trainer:review_list", args=[edition.pk])


def attempt_url(edition, attempt):
    return reverse("assessments_trainer:review_attempt", args=[edition.pk, attempt.pk])


def test_the_list_shows_the_editions_attempts_waiting_for_review(
    waiting, client, django_assert_max_num_queries
):
    edition = waiting["enrollment"].edition
    learner = waiting["enrollment"].learner
    client.force_login(waiting["trainer"])
    with django_assert_max_num_queries(8):
        response = client.get(list_url(edition))
    assert response.status_code == 200
    html = response.content.decode()
    assert learner.get_full_name() in html
    assert attempt_url(edition, waiting["attempt"]) in html
    assert problems(html) == []


def test_the_review_page_shows_the_answer_escaped_with_an_accessible_score_field(waiting, client):
    edition = waiting["enrollment"].edition
    client.force_login(waiting["trainer"])
    response = client.get(attempt_url(edition, waiting["attempt"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;boze&lt;/b&gt;" in html
    assert "goed.<br>Daarna vatte ik samen." in html
    assert f'name="score-{ESSAY}"' in html
    assert 'min="0"' in html and 'max="4"' in html and 'step="0.5"' in html
    assert "<fieldset" in html and "<legend>" in html
    assert "Let op luisteren en samenvatten." in html
    assert problems(html) == []


def test_posting_the_review_grades_the_attempt(waiting, client):
    edition = waiting["enrollment"].edition
    client.force_login(waiting["trainer"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            attempt_url(edition, waiting["attempt"]),
            {f"score-{ESSAY}": "3.5", f"feedback-{ESSAY}": "Mooi."},
        )
    assert response.status_code == 302 and response.url == list_url(edition)
    attempt = Attempt.objects.get(pk=waiting["attempt"].pk)
    assert attempt.status == Attempt.Status.GRADED and attempt.points == Decimal("5.50")
    assert client.get(list_url(edition)).context["attempts"] == []


def test_posting_a_score_above_the_maximum_shows_an_error_and_saves_nothing(waiting, client):
    edition = waiting["enrollment"].edition
    client.force_login(waiting["trainer"])
    response = client.post(attempt_url(edition, waiting["attempt"]), {f"score-{ESSAY}": "5"})
    assert response.status_code == 200
    assert "Er is nog niets opgeslagen" in response.content.decode()
    assert_nothing_saved(waiting["attempt"])


def test_a_second_post_is_refused_with_a_message(waiting, client):
    edition = waiting["enrollment"].edition
    essay_review(
        attempt=waiting["attempt"],
        scores={ESSAY: Decimal(2)},
        feedback={},
        reviewer=waiting["trainer"],
    )
    client.force_login(waiting["trainer"])
    response = client.post(
        attempt_url(edition, waiting["attempt"]), {f"score-{ESSAY}": "4"}, follow=True
    )
    assert "al beoordeeld" in response.content.decode()
    assert Attempt.objects.get(pk=waiting["attempt"].pk).points == Decimal("4.00")


def test_trainer_of_another_edition_and_learner_get_404_and_anonymous_must_log_in(waiting, client):
    edition = waiting["enrollment"].edition
    urls = [list_url(edition), attempt_url(edition, waiting["attempt"])]
    other_trainer = f.UserFactory()
    f.build_edition(
        f.build_course(), first_day=edition.sessions.first().date, trainers=[other_trainer]
    )
    for user in (other_trainer, waiting["enrollment"].learner):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {f"score-{ESSAY}": "4"}).status_code == 404, url
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert_nothing_saved(waiting["attempt"])


def test_an_attempt_of_another_edition_is_404_within_the_trainers_own_edition(waiting, client):
    quiz, enrollment, _other_trainer = build_essay_quiz()
    foreign = submitted_attempt(quiz, enrollment)
    client.force_login(waiting["trainer"])
    edition = waiting["enrollment"].edition
    assert client.get(attempt_url(edition, foreign)).status_code == 404
    assert_nothing_saved(foreign)
