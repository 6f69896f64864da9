"""Writing questions in the bank (issue 16): every registered type, a plugin's too, brings the
form for its key; authors and administrators create and edit, each save is kept as a version
and audited, and past attempts keep the question they froze."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import models as am
from assessments.questions import authoring, specs
from assessments.questions.registry import registry
from assessments.quizzes import services as attempts
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz
from tests.assessments.test_question_bank import EMOTION, Bank, add
from tests.plugin_app.models import GapsQuestion
from tests.plugin_app.questions import GapsSpec

pytestmark = pytest.mark.django_db

EVERY_KIND = [
    EMOTION,
    specs.MultipleResponseSpec(
        (
            specs.Choice("samenvatten", Decimal("0.5"), "Ja."),
            specs.Choice("doorvragen", Decimal("0.5")),
            specs.Choice("onderbreken", Decimal("-1"), "Liever niet."),
        )
    ),
    specs.TrueFalseSpec(False, "Nee, juist niet.", "Goed zo."),
    specs.ShortAnswerSpec(
        (specs.Choice("samenvatten", Decimal(1)), specs.Choice("samen*", Decimal("0.5"))),
        case_sensitive=True,
    ),
    specs.NumericSpec(
        (
            specs.NumericAnswer(value=Decimal(5), tolerance=Decimal("0.5"), feedback="Goed."),
            specs.NumericAnswer(low=Decimal(3), high=Decimal("4.5"), fraction=Decimal("0.5")),
            specs.NumericAnswer(value=Decimal("-2")),
            specs.NumericAnswer(fraction=Decimal(0), feedback="Nee."),
        )
    ),
    specs.MatchingSpec((("boos", "hard"), ("bang", "stil"), ("", "vrolijk"))),
    specs.OrderingSpec(("luisteren", "samenvatten", "doorvragen")),
    specs.EssaySpec("Let op de toon."),
    specs.DescriptionSpec(),
    GapsSpec("Een boze klant praat [[hard|luid]] en [[snel]]."),
]


def posted(form) -> dict:
    """The post a browser sends for an unbound form as it is shown."""
    data = {}
    for field in form:
        value = field.value()
        if field.widget_type == "checkbox":
            if value:
                data[field.html_name] = "on"
        else:
            data[field.html_name] = "" if value is None else str(value)
    return data


@pytest.mark.parametrize("spec", EVERY_KIND, ids=lambda spec: type(spec).__name__)
def test_every_types_key_form_shows_a_key_and_gives_the_same_key_back(spec):
    question_type = registry.for_spec(spec)
    shown = question_type.key_form(spec=spec)
    form = question_type.key_form(posted(shown))
    assert form.is_valid(), form.errors
    assert form.spec() == spec


def test_a_plugin_type_without_a_form_of_its_own_gets_one_field_per_field_of_its_key():
    form = registry.for_spec(GapsSpec("x")).key_form()
    assert list(form.fields) == ["text"]


def test_a_type_with_a_key_of_lists_and_no_form_of_its_own_gets_its_key_as_json():
    numeric = registry.get("numeric")
    assert authoring.default_form_class(specs.NumericSpec) is authoring.JsonKeyForm
    spec = specs.NumericSpec((specs.NumericAnswer(value=Decimal(5)),))
    shown = authoring.JsonKeyForm(
        initial=authoring.JsonKeyForm.initial_from_spec(numeric, spec), question_type=numeric
    )
    form = authoring.JsonKeyForm(posted(shown), question_type=numeric)
    assert form.is_valid() and form.spec() == spec
    broken = authoring.JsonKeyForm(
        {"key-key": '{"answers": [{"value": "x"}]}'}, question_type=numeric
    )
    assert not broken.is_valid()
    assert "niet leesbaar" in str(broken.errors)


@pytest.fixture
def bank():
    return Bank()


def edit_url(bank, question):
    return reverse("assessments_trainer:question_edit", args=[bank.course.pk, question.pk])


def add_url(bank, kind):
    return reverse("assessments_trainer:question_add", args=[bank.course.pk, kind])


def question_post(category, **fields) -> dict:
    data = {
        "name": "Hard en snel",
        "category": str(category.pk),
        "new_category": "",
        "text": "Een klant praat hard en snel. Welke emotie zie je?",
        "text_format": "moodle",
        "general_feedback": "Let op toon en tempo.",
        "default_points": "1",
    }
    data.update(fields)
    return data


def choices_post(*rows) -> dict:
    data = {}
    for n, (text, percent, feedback) in enumerate(rows):
        data[f"key-text_{n}"] = text
        data[f"key-percent_{n}"] = percent
        data[f"key-feedback_{n}"] = feedback
    return data


def test_an_author_adds_a_question_of_a_type_and_it_is_versioned_and_audited(client, bank):
    client.force_login(bank.author)
    page = client.get(reverse("assessments_trainer:question_new", args=[bank.course.pk]))
    assert add_url(bank, "single_choice") in page.content.decode()
    assert add_url(bank, "gaps") in page.content.decode()  # a plugin's type too
    response = client.post(
        add_url(bank, "single_choice"),
        {
            **question_post(bank.exam, name="Praat hard"),
            **choices_post(("boos", "100", "Goed."), ("blij", "0", ""), ("", "", "")),
        },
    )
    question = am.Question.objects.get(name="Praat hard")
    assert response.status_code == 302
    assert isinstance(question, am.SingleChoiceQuestion)
    assert question.spec() == specs.SingleChoiceSpec(
        (specs.Choice("boos", Decimal(1), "Goed."), specs.Choice("blij"))
    )
    version = question.versions.get()
    assert (version.number, version.actor, version.snapshot["name"]) == (
        1,
        bank.author,
        "Praat hard",
    )
    change = am.QuestionBankChange.objects.get(action="question_added")
    assert change.actor == bank.author and change.question_ids == [question.pk]


def test_an_author_adds_a_plugin_question_through_its_default_form(client, bank):
    client.force_login(bank.author)
    page = client.get(add_url(bank, "gaps"))
    assert 'name="key-text"' in page.content.decode()
    client.post(
        add_url(bank, "gaps"),
        {**question_post(bank.exam, name="Gaten"), "key-text": "Praat [[hard]]."},
    )
    assert GapsQuestion.objects.get(name="Gaten").spec() == GapsSpec("Praat [[hard]].")


def test_a_key_with_problems_is_refused_with_the_problem_and_nothing_is_saved(client, bank):
    client.force_login(bank.author)
    response = client.post(
        add_url(bank, "single_choice"),
        {
            **question_post(bank.exam, name="Fout"),
            **choices_post(("boos", "0", ""), ("blij", "0", "")),
        },
    )
    assert response.status_code == 400
    assert "De antwoordsleutel klopt nog niet" in response.content.decode()
    assert not am.Question.objects.filter(name="Fout").exists()


def test_a_new_category_is_made_in_the_course_by_name(client, bank):
    client.force_login(bank.author)
    client.post(
        add_url(bank, "true_false"),
        {
            **question_post(bank.exam, name="Nieuw", new_category="Examen / Nieuw"),
            "key-answer": "true",
        },
    )
    question = am.Question.objects.get(name="Nieuw")
    assert question.category.name == "Examen/Nieuw" and question.category.course == bank.course


def test_editing_keeps_versions_and_the_page_shows_them(client, bank):
    client.force_login(bank.author)
    question = bank.q_emotion
    page = client.get(edit_url(bank, question))
    assert "Pogingen die al gemaakt zijn, houden de vraag" in page.content.decode()
    form = page.context["key_form"]
    data = {**question_post(bank.emotions, name="Hard en snel praten"), **posted(form)}
    data["key-feedback_1"] = "Blij is het niet."
    assert client.post(edit_url(bank, question), data).status_code == 302
    versions = list(question.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["name"] == "Hard en snel" and versions[0].actor is None
    assert versions[1].actor == bank.author
    assert "naam" in versions[1].summary and "antwoordsleutel" in versions[1].summary
    question.refresh_from_db()
    assert question.spec().choices[1].feedback == "Blij is het niet."
    preview = client.get(bank.preview_url(question)).content.decode()
    assert "Versie 2" in preview and "Ruud Kuipers" in preview
    regrade = reverse("assessments_trainer:question_regrade", args=[bank.course.pk, question.pk])
    assert f'href="{regrade}"' in preview


def test_saving_without_a_change_adds_no_version(client, bank):
    client.force_login(bank.author)
    question = bank.q_emotion
    page = client.get(edit_url(bank, question))
    data = {**question_post(bank.emotions), **posted(page.context["key_form"])}
    client.post(edit_url(bank, question), data)
    assert not question.versions.exists()
    assert not am.QuestionBankChange.objects.exists()


def test_editing_a_question_leaves_the_attempts_already_taken_as_they_were(client):
    quiz, enrollment = build_quiz(questions=1)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=timezone.now())
    frozen = attempt.questions
    question = am.Question.objects.get(name="V0")
    author = f.UserFactory()
    quiz.module.course.authors.add(author)
    client.force_login(author)
    url = reverse("assessments_trainer:question_edit", args=[quiz.module.course_id, question.pk])
    page = client.get(url)
    assert "zit al in een toets" in page.content.decode()
    data = {**question_post(question.category, name="V0 nieuw"), **posted(page.context["key_form"])}
    data["key-text_0"] = "woedend"
    assert client.post(url, data).status_code == 302
    attempt.refresh_from_db()
    assert attempt.questions == frozen
    assert attempt.questions[0]["spec"]["choices"][0]["text"] == "boos"


def test_editing_an_exam_question_is_audited_as_reaching_the_exam(client, bank):
    quiz = am.Quiz.objects.create(
        module=bank.course.modules.first(), order=9, title="Examen", is_exam=True
    )
    am.QuizSlot.objects.create(quiz=quiz, category=bank.emotions, count=1)
    client.force_login(bank.author)
    page = client.get(edit_url(bank, bank.q_emotion))
    data = {**question_post(bank.emotions, name="Anders"), **posted(page.context["key_form"])}
    client.post(edit_url(bank, bank.q_emotion), data)
    change = am.QuestionBankChange.objects.get()
    assert change.action == "question_changed" and change.affects_exam and change.quiz == quiz


def test_an_administrator_edits_any_courses_questions(client, bank):
    client.force_login(f.AdminFactory())
    assert client.get(edit_url(bank, bank.q_emotion)).status_code == 200
    assert client.get(add_url(bank, "essay")).status_code == 200


def test_only_authors_and_administrators_may_write_questions(client, bank):
    other = f.build_course(lessons_per_module=1, modules=1)
    stranger = f.UserFactory()
    f.build_edition(other, first_day=timezone.localdate(), trainers=[stranger])
    learner = f.EnrollmentFactory(edition=bank.edition).learner
    urls = [
        edit_url(bank, bank.q_emotion),
        add_url(bank, "single_choice"),
        reverse("assessments_trainer:question_new", args=[bank.course.pk]),
    ]
    for user in (bank.trainer, stranger, learner):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(urls[0], question_post(bank.emotions)).status_code == 404
    client.logout()
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(bank.author)
    assert client.get(add_url(bank, "no_such_type")).status_code == 404
    foreign = add(am.QuestionCategory.objects.create(course=other, name="X"), "Vreemd")
    assert client.get(edit_url(bank, foreign)).status_code == 404


# --- regrading from the bank (linked from the item analysis) ---------------------------------


def _graded_attempt_with_a_wrong_key():
    """A quiz whose first question's key calls "blij" right; the learner answered "boos"."""
    quiz, enrollment = build_quiz(questions=1)
    question = am.Question.objects.get(name="V0")
    wrong = specs.SingleChoiceSpec((specs.Choice("boos"), specs.Choice("blij", Decimal(1))))
    question.key = specs.spec_to_json(wrong)
    question.save()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    attempts.responses_save(attempt=attempt, answers={0: 0}, user=enrollment.learner)
    attempts.attempt_submit(attempt=attempt, user=enrollment.learner)
    attempts.attempt_grade(attempt_id=attempt.pk)
    attempt.refresh_from_db()
    assert attempt.percentage == 0
    question.key = specs.spec_to_json(EMOTION)
    question.save()
    return quiz, attempt, question


def test_an_author_regrades_the_attempts_with_a_reason_and_it_is_audited(client):
    quiz, attempt, question = _graded_attempt_with_a_wrong_key()
    course = quiz.module.course
    author = f.UserFactory()
    course.authors.add(author)
    client.force_login(author)
    url = reverse("assessments_trainer:question_regrade", args=[course.pk, question.pk])
    page = client.get(url)
    assert "1 poging heeft deze vraag." in page.content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    attempt.refresh_from_db()
    assert attempt.percentage == 0
    done = client.post(url, {"reason": "Boos was het goede antwoord."}, follow=True)
    assert "waarvan 1 met een ander resultaat" in done.content.decode()
    attempt.refresh_from_db()
    assert attempt.percentage == 100
    change = am.QuestionBankChange.objects.get(action="regraded")
    assert change.actor == author and "Boos was het goede antwoord." in change.summary
    event = am.GradingEvent.objects.get(attempt=attempt, kind="regraded")
    assert event.reason == "Boos was het goede antwoord." and event.actor == author


def test_only_authors_and_administrators_regrade(client):
    quiz, attempt, question = _graded_attempt_with_a_wrong_key()
    course = quiz.module.course
    trainer = f.UserFactory()
    attempt.enrollment.edition.trainers.add(trainer)
    other = f.build_course(lessons_per_module=1, modules=1)
    stranger = f.UserFactory()
    f.build_edition(other, first_day=timezone.localdate(), trainers=[stranger])
    other.authors.add(stranger)
    url = reverse("assessments_trainer:question_regrade", args=[course.pk, question.pk])
    for user in (trainer, stranger, attempt.enrollment.learner):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Omdat het kan."}).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("login"))
    attempt.refresh_from_db()
    assert attempt.percentage == 0
    client.force_login(f.AdminFactory())
    assert client.get(url).status_code == 200
