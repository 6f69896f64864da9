"""Keeping a bank tidy (issue 16): ticked questions move to another category or are removed;
what a quiz or an attempt uses is retired instead of deleted (never drawn again, still in its
history); a category's GIFT export imports back to the same questions."""

import random
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import models as am
from assessments.questions import gift, specs
from assessments.questions.services import question_bank_export_gift, question_import_gift
from assessments.quizzes import selectors as quiz_selectors
from assessments.quizzes import services as attempts
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz
from tests.assessments.test_question_bank import TRUE, Bank, add

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    return Bank()


def bulk(client, bank, action, questions, target=None, back=""):
    data = {"action": action, "questions": [q.pk for q in questions], "back": back}
    if target is not None:
        data["target"] = target.pk
    return client.post(bank.url("question_bank_bulk"), data)


def names_in(category) -> list[str]:
    return sorted(category.questions.values_list("name", flat=True))


def test_an_author_moves_ticked_questions_to_another_category_and_it_is_audited(client, bank):
    client.force_login(bank.author)
    balie, wachten = bank.exam.questions.order_by("name")
    response = bulk(client, bank, "move", [balie, wachten], bank.practice, back="q=klant&page=2")
    assert response.status_code == 302
    assert response["Location"] == bank.url(q="klant", page="2")
    assert names_in(bank.practice) == ["Balie", "Oefen", "Wachten"]
    assert names_in(bank.exam) == []
    change = am.QuestionBankChange.objects.get()
    assert change.action == "question_moved" and change.actor == bank.author
    assert sorted(change.question_ids) == sorted([balie.pk, wachten.pk])
    assert "2 vragen verplaatst naar Oefenen/Boos" in change.summary


def test_moving_without_a_target_or_without_questions_changes_nothing(client, bank):
    client.force_login(bank.author)
    bulk(client, bank, "move", list(bank.exam.questions.all()))
    bulk(client, bank, "move", [], bank.practice)
    assert names_in(bank.exam) == ["Balie", "Wachten"]
    assert not am.QuestionBankChange.objects.exists()


def test_a_question_of_another_course_cannot_be_ticked(client, bank):
    other = f.build_course(lessons_per_module=1, modules=1)
    foreign = add(am.QuestionCategory.objects.create(course=other, name="X"), "Vreemd")
    client.force_login(bank.author)
    bulk(client, bank, "remove", [foreign])
    assert am.Question.objects.filter(pk=foreign.pk).exists()


def test_removing_deletes_what_nothing_uses_and_retires_what_a_quiz_or_attempt_uses(client):
    quiz, enrollment = build_quiz(questions=2)
    attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=timezone.now())
    course = quiz.module.course
    category = am.QuestionCategory.objects.get(course=course)
    in_attempt_only = am.Question.objects.get(name="V1")
    am.QuizSlot.objects.filter(question=in_attempt_only).delete()  # only the attempt has it
    in_slot = am.Question.objects.get(name="V0")
    unused = add(category, "Los", TRUE)
    author = f.UserFactory()
    course.authors.add(author)
    client.force_login(author)
    url = reverse("assessments_trainer:question_bank_bulk", args=[course.pk])
    response = client.post(
        url, {"action": "remove", "questions": [in_slot.pk, in_attempt_only.pk, unused.pk]}
    )
    assert response.status_code == 302
    assert not am.Question.objects.filter(pk=unused.pk).exists()
    for question in (in_slot, in_attempt_only):
        question.refresh_from_db()
        assert question.retired_at is not None
    actions = sorted(am.QuestionBankChange.objects.values_list("action", flat=True))
    assert actions == ["question_deleted", "question_retired", "question_retired"]
    bank_page = client.get(reverse("assessments_trainer:question_bank", args=[course.pk]))
    assert bank_page.content.decode().count("buiten gebruik</span>") == 2


def test_a_retired_question_is_never_drawn_and_not_offered_for_a_new_place(bank):
    quiz = am.Quiz.objects.create(module=bank.course.modules.first(), order=9, title="Oefentoets")
    am.QuizSlot.objects.create(quiz=quiz, category=bank.emotions, count=2)
    retired = bank.q_emotion
    retired.retired_at = timezone.now()
    retired.save()
    for seed in range(20):
        drawn = attempts.quiz_draw(quiz, random.Random(seed))
        assert retired.pk not in {entry["question_id"] for entry in drawn}
    choices = quiz_selectors.builder_choices(course_id=bank.course.pk, quiz=quiz)
    assert retired.pk not in choices.question_ids
    assert choices.drawable[bank.emotions.pk] == 2


def test_an_author_takes_a_retired_question_back_into_use(client, bank):
    bank.q_emotion.retired_at = timezone.now()
    bank.q_emotion.save()
    client.force_login(bank.author)
    preview = client.get(bank.preview_url(bank.q_emotion)).content.decode()
    assert "Deze vraag is buiten gebruik sinds" in preview
    client.post(bank.url("question_restore", bank.q_emotion.pk))
    bank.q_emotion.refresh_from_db()
    assert bank.q_emotion.retired_at is None
    assert am.QuestionBankChange.objects.get().action == "question_restored"


def test_only_authors_and_administrators_move_remove_or_restore(client, bank):
    other = f.build_course(lessons_per_module=1, modules=1)
    stranger = f.UserFactory()
    f.build_edition(other, first_day=timezone.localdate(), trainers=[stranger])
    learner = f.EnrollmentFactory(edition=bank.edition).learner
    for user in (bank.trainer, stranger, learner):
        client.force_login(user)
        assert bulk(client, bank, "remove", [bank.q_emotion]).status_code == 404
        restore = client.post(bank.url("question_restore", bank.q_emotion.pk))
        assert restore.status_code == 404
    client.logout()
    assert bulk(client, bank, "remove", [bank.q_emotion])["Location"].startswith(reverse("login"))
    assert am.Question.objects.filter(pk=bank.q_emotion.pk).exists()
    client.force_login(f.AdminFactory())
    assert bulk(client, bank, "remove", [bank.q_emotion]).status_code == 302
    assert not am.Question.objects.filter(pk=bank.q_emotion.pk).exists()


# --- GIFT round trip ------------------------------------------------------------------------

EVERY_GIFT_KIND = [
    (
        "Kies",
        specs.SingleChoiceSpec(
            (specs.Choice("boos {hard}", Decimal(1), "Goed: #1"), specs.Choice("blij = fijn"))
        ),
    ),
    (
        "Meer",
        specs.MultipleResponseSpec(
            (
                specs.Choice("a", Decimal("0.5")),
                specs.Choice("b", Decimal("0.5"), "ook"),
                specs.Choice("c ~ d", Decimal(-1)),
            )
        ),
    ),
    ("Juist", specs.TrueFalseSpec(False, "Nee.", "Ja: goed.")),
    (
        "Kort",
        specs.ShortAnswerSpec(
            (
                specs.Choice("samenvatten", Decimal(1)),
                specs.Choice("samen*", Decimal("0.5"), "Bijna"),
            )
        ),
    ),
    (
        "Getal",
        specs.NumericSpec(
            (
                specs.NumericAnswer(value=Decimal(5), tolerance=Decimal("0.5")),
                specs.NumericAnswer(low=Decimal(1), high=Decimal(3), fraction=Decimal("0.5")),
            )
        ),
    ),
    ("Koppel", specs.MatchingSpec((("boos", "hard"), ("bang", "stil"), ("blij", "vrolijk")))),
    ("Open", specs.EssaySpec()),
    ("Tekst", specs.DescriptionSpec()),
]


def _as_data(course) -> list[tuple]:
    return sorted(
        (q.category.name, q.name, q.text, q.text_format, q.general_feedback, q.spec())
        for q in am.Question.objects.filter(category__course=course).select_related("category")
    )


def test_import_of_an_export_gives_back_every_question_with_its_category(bank):
    course = f.CourseFactory()
    formats = ["moodle", "html", "markdown", "plain"]
    for n, (name, spec) in enumerate(EVERY_GIFT_KIND):
        category = am.QuestionCategory.objects.get_or_create(
            course=course, name=["Examen", "Examen/Emoties", "Examen/Emoties/Diep"][n % 3]
        )[0]
        add(
            category,
            f"{name}: vraag",
            spec,
            text=f"Wat doe je {{hier}}? {n} = ~ #",
            text_format=formats[n % 4],
            general_feedback=f"Algemeen {n}" if n % 2 and name != "Tekst" else "",
        )
    export = question_bank_export_gift(course=course, category="Examen")
    assert export.skipped == () and export.exported == len(EVERY_GIFT_KIND)
    assert export.text.count("$CATEGORY:") == 3
    copy = f.CourseFactory()
    question_import_gift(course=copy, category="Examen", text=export.text)
    assert _as_data(copy) == _as_data(course)
    again = question_bank_export_gift(course=copy, category="Examen").text
    assert again == export.text
    assert len(gift.parse_gift(again)) == len(EVERY_GIFT_KIND)


def test_an_authors_bank_with_its_tick_boxes_takes_as_many_queries_for_5_as_for_50(
    client, django_assert_max_num_queries
):
    bank = Bank()  # 6 questions
    client.force_login(bank.author)
    url = bank.url()
    client.get(url)  # warm: content types are cached per process
    with django_assert_max_num_queries(12) as few:
        page = client.get(url)
    assert page.content.decode().count('name="questions"') == 6
    for i in range(50):
        add(bank.exam, f"Extra {i:02d}", TRUE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('name="questions"') == 25  # a page of them
