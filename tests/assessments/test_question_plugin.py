"""Question types are plugins: tests/plugin_app adds "fill in the gaps" (several gaps, partial
credit per gap) in its own AppConfig.ready(), with its own model and widget template, and
changes nothing in `assessments`. It goes into a quiz, is answered, autosaved, graded by the
worker's service, regraded and reviewed like a shipped type."""

import re
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, QuestionCategory, QuizSlot, Response
from assessments.questions import specs
from assessments.questions.builtin import BUILTIN_TYPES
from assessments.questions.gift import export_gift
from assessments.questions.types import registry
from assessments.quizzes import grading, tasks
from assessments.quizzes import services as attempts
from assessments.quizzes.regrade import attempts_regrade
from tests import factories as f
from tests.a11y import problems
from tests.assessments.quiz_factories import build_quiz
from tests.celery_utils import wait_until
from tests.plugin_app.models import GapsQuestion
from tests.plugin_app.questions import GapsSpec, GapsType

pytestmark = pytest.mark.django_db

TEXT = "Een klant die [[boos|kwaad]] is, wil vooral dat je [[luistert]]."
FIXED = "Een klant die [[boos|kwaad|geïrriteerd]] is, wil vooral dat je [[luistert]]."
GAPS = 1  # the plugin question's position: after the quiz's single choice question


def gaps_quiz(**quiz_fields):
    """A quiz of a single choice question (1 point) and a gaps question (2 points)."""
    quiz, enrollment = build_quiz(questions=1, **quiz_fields)
    category = QuestionCategory.objects.get(course=quiz.module.course, name="Toets")
    question = GapsQuestion.objects.create(
        category=category,
        name="Gaten",
        text="Vul de <b>ontbrekende</b> woorden in.",
        text_format="html",
        key=specs.spec_to_json(GapsSpec(TEXT)),
    )
    QuizSlot.objects.create(quiz=quiz, order=2, question=question, points=Decimal(2))
    return quiz, enrollment, question


def urls(enrollment, attempt):
    args = [enrollment.edition_id, attempt.pk]
    return {
        "attempt": reverse("assessments:attempt", args=args),
        "submit": reverse("assessments:attempt_submit", args=args),
        "result": reverse("assessments:attempt_result", args=args),
    }


def started(client, quiz, enrollment) -> Attempt:
    client.force_login(enrollment.learner)
    client.post(reverse("assessments:quiz_start", args=[enrollment.edition_id, quiz.pk]))
    return Attempt.objects.get(enrollment=enrollment, quiz=quiz)


def saved(attempt):
    return dict(Response.objects.filter(attempt=attempt).values_list("position", "answer"))


def test_the_plugin_type_sits_in_the_one_registry_beside_the_shipped_ones():
    kinds = [question_type.kind for question_type in registry.all()]
    assert kinds[: len(BUILTIN_TYPES)] == [t.kind for t in BUILTIN_TYPES]
    assert isinstance(registry.get("gaps"), GapsType)
    assert registry.for_spec(GapsSpec(TEXT)) is registry.get("gaps")
    # Its key goes through the same doors as every other type's.
    assert specs.spec_to_json(GapsSpec(TEXT)) == {"type": "gaps", "text": TEXT}
    assert specs.spec_from_json({"type": "gaps", "text": TEXT}) == GapsSpec(TEXT)
    assert grading.is_key_consistent(GapsSpec("geen gaten")) == ["the text has no [[gap]]"]
    assert grading.grade(GapsSpec(TEXT), ["Kwaad ", "luistert"]).fraction == 1
    assert grading.grade(GapsSpec(TEXT), ["blij", "luistert"]).fraction == Decimal("0.5")
    with pytest.raises(grading.InvalidResponse):
        grading.grade(GapsSpec(TEXT), "boos")


def test_registering_the_same_type_again_changes_nothing_and_a_clash_is_refused():
    registry.register(GapsType)
    assert [t.kind for t in registry.all()].count("gaps") == 1

    class Impostor(GapsType):
        pass

    with pytest.raises(ValueError, match="clashes"):
        registry.register(Impostor)


def test_a_plugin_question_is_answered_autosaved_graded_and_reviewed(
    client, django_capture_on_commit_callbacks
):
    quiz, enrollment, _question = gaps_quiz()
    attempt = started(client, quiz, enrollment)
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    # The plugin's own widget template, inside the shared frame.
    assert '<fieldset class="question" id="question-1" aria-describedby="q1-text">' in page
    assert "Vraag 2 <span" in page and "(2 punten)" in page
    assert "Vul de <b>ontbrekende</b> woorden in." in page
    assert re.search(r'Een klant die <input type="text" name="q1-g0" id="q1-g0" value=""', page)
    assert 'aria-label="Gat 2">.</p>' in page
    assert problems(page) == []

    # Autosave of the whole form, as attempt.js sends it.
    response = client.post(
        urls(enrollment, attempt)["attempt"],
        {"present": ["0", "1"], "q1-g0": " boos", "q1-g1": ""},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 200
    assert saved(attempt) == {1: [" boos", ""]}
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    assert 'name="q1-g0" id="q1-g0" value=" boos"' in page
    assert "1 van 2 vragen beantwoord" in page

    # Handed in (its grading is enqueued after the commit, not run here); then the worker's
    # task grades it.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            urls(enrollment, attempt)["submit"],
            {"q0": "0", "q1-g0": "Kwaad", "q1-g1": "knikt"},
        )
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.attempt_grade.apply(args=[attempt.pk]).get() is True
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    gaps = Response.objects.get(attempt=attempt, position=GAPS)
    assert (gaps.answer, gaps.fraction, gaps.points) == (["Kwaad", "knikt"], Decimal("0.5"), 1)
    assert (attempt.points, attempt.max_points, attempt.percentage) == (2, 3, Decimal("66.67"))

    # The result page says in words what was given and what was right.
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert "Een klant die [Kwaad] is, wil vooral dat je [knikt]." in page
    assert "Een klant die [boos] is, wil vooral dat je [luistert]." in page
    assert "deels goed" in page and "1 van 2 punten" in page
    assert problems(page) == []


def test_a_plugin_question_is_regraded_when_its_key_changes(django_capture_on_commit_callbacks):
    quiz, enrollment, question = gaps_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    attempts.responses_save(
        attempt=attempt,
        answers={0: 0, GAPS: ["geïrriteerd", "luistert"]},
        user=enrollment.learner,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempts.attempt_submit(attempt=attempt, user=enrollment.learner)
    attempt.refresh_from_db()
    assert attempt.percentage == Decimal("66.67")
    question.key = specs.spec_to_json(GapsSpec(FIXED))
    question.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = attempts_regrade(question=question, actor=None, reason="geïrriteerd telt ook")
    assert report.regraded == 1 and report.scores_changed == 1
    attempt.refresh_from_db()
    assert attempt.percentage == Decimal("100.00")
    assert attempt.questions[GAPS]["spec"] == {"type": "gaps", "text": FIXED}


@pytest.mark.parametrize(
    "data",
    [
        {"q1-g7": "boos"},  # a gap the question does not have
        {"q1": "boos"},  # the field of a one-input type
        {"q1-g0": ["boos", "kwaad"]},  # two words for one gap
        {"q1-g0": "x" * 201},  # longer than a gap takes
    ],
)
def test_an_answer_that_does_not_fit_the_plugin_question_is_refused(client, data):
    quiz, enrollment, _question = gaps_quiz()
    attempt = started(client, quiz, enrollment)
    response = client.post(urls(enrollment, attempt)["attempt"], data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is niets bewaard" in page and '<a href="#question-1">Vraag 2:' in page
    assert saved(attempt) == {}


def test_gift_has_no_form_for_the_plugin_type():
    question = specs.QuestionData(name="Gaten", text="Vul in", spec=GapsSpec(TEXT))
    with pytest.raises(ValueError, match="GIFT kent geen vraagsoort ‘gaps’"):
        export_gift([question])


def test_a_project_overrides_a_widget_template_at_the_same_path(client, settings, tmp_path):
    override = tmp_path / "assessments" / "questions"
    override.mkdir(parents=True)
    (override / "gaps.html").write_text(
        '{% extends "assessments/questions/question.html" %}'
        "{% block answer %}<p>Eigen {{ widget.parts|length }} delen</p>{% endblock %}"
    )
    # Django's own engines follow a changed TEMPLATES setting, and so does the widgets' one.
    first = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**first, "DIRS": [tmp_path, *first["DIRS"]]}]
    quiz, enrollment, _question = gaps_quiz()
    attempt = started(client, quiz, enrollment)
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    assert "<p>Eigen 5 delen</p></fieldset>" in page and "q1-g0" not in page


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_grades_an_attempt_with_the_plugin_question(celery_worker_process):
    worker = celery_worker_process
    quiz, enrollment, _question = gaps_quiz()
    other = f.EnrollmentFactory(edition=enrollment.edition)
    ids = []
    for learner, words in ((enrollment, ["boos", "luistert"]), (other, ["blij", "luistert"])):
        attempt = attempts.attempt_start(enrollment=learner, quiz=quiz)
        attempts.responses_save(attempt=attempt, answers={GAPS: words}, user=learner.learner)
        Attempt.objects.filter(pk=attempt.pk).update(
            status=Attempt.Status.SUBMITTED, submitted_at=timezone.now()
        )
        worker.enqueue(tasks.attempt_grade, attempt.pk)
        ids.append(attempt.pk)
    wait_until(
        lambda: Attempt.objects.filter(pk__in=ids, status=Attempt.Status.GRADED).count() == 2,
        timeout=60,
        message=lambda: worker.output[-3000:],
    )
    fractions = [Response.objects.get(attempt_id=pk, position=GAPS).fraction for pk in ids]
    assert fractions == [Decimal(1), Decimal("0.5")]
