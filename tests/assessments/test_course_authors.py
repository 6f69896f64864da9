"""Who may change an exam (issue 20): only a course's authors and administrators change its
question bank, quizzes and exam, and every change to an exam's questions is audited."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Question,
    QuestionBankChange,
    QuestionCategory,
    Quiz,
    QuizSlot,
    SingleChoiceQuestion,
)
from assessments.questions import specs
from assessments.questions.services import question_delete, question_import_gift, question_save
from courses.models import Edition
from tests import factories as f
from tests.assessments.test_quiz_admin import form_data

pytestmark = pytest.mark.django_db

GOOD = """::Emotie 1:: Een klant praat hard en snel. Welke emotie zie je? {=boos ~blij ~bedroefd}

::Emotie 2:: Een klant huilt aan de balie. Welke emotie zie je? {=bedroefd ~boos ~blij}

::Balie:: Samenvatten helpt de klant. {T}
"""
# The case: a key that marks the wrong answer right.
WRONG_KEY = "::Fout:: Een klant praat hard en snel. Welke emotie zie je? {~boos =blij}\n"
KEY = specs.SingleChoiceSpec((specs.Choice("boos", Decimal(1)), specs.Choice("blij")))
Action = QuestionBankChange.Action


class Bank:
    """A course with an exam drawing from its category "Examen", given in Noord and Zuid."""

    def __init__(self):
        today = timezone.localdate()
        self.course = f.build_course(lessons_per_module=1, modules=2)
        self.noord_trainer = f.UserFactory(first_name="Anouk", last_name="Hendriks")
        self.zuid_trainer = f.UserFactory(first_name="Ruud", last_name="Kuipers")
        self.noord = f.build_edition(
            self.course, first_day=today, trainers=[self.noord_trainer], region="noord"
        )
        self.zuid = f.build_edition(
            self.course,
            first_day=today + dt.timedelta(days=10),
            trainers=[self.zuid_trainer],
            region=Edition.Region.ZUID,
        )
        self.course.authors.add(self.noord_trainer)
        self.category = QuestionCategory.objects.create(course=self.course, name="Examen")
        self.questions = [
            SingleChoiceQuestion.objects.create(
                category=self.category, name=f"V{i}", text=f"Vraag {i}", key=specs.spec_to_json(KEY)
            )
            for i in range(3)
        ]
        self.exam = Quiz.objects.create(
            module=self.course.modules.get(order=2), order=50, title="Examen", is_exam=True
        )
        QuizSlot.objects.create(quiz=self.exam, order=1, category=self.category, count=2)


@pytest.fixture
def bank():
    return Bank()


def upload(client, course, text: str, category="Examen"):
    return client.post(
        reverse("assessments:gift_import"),
        {
            "course": course.pk,
            "category": category,
            "file": SimpleUploadedFile("v.gift.txt", text.encode()),
        },
    )


def exam_questions(bank) -> int:
    return Question.objects.filter(category__course=bank.course).count()


# --- the GIFT import page -----------------------------------------------------------------


def test_a_zuid_trainer_who_is_no_author_gets_404_on_the_import_and_imports_nothing(client, bank):
    client.force_login(bank.zuid_trainer)
    url = reverse("assessments:gift_import")
    assert client.get(url).status_code == 404
    assert upload(client, bank.course, WRONG_KEY).status_code == 404
    assert exam_questions(bank) == 3
    assert not QuestionBankChange.objects.exists()


def test_a_trainer_who_authors_another_course_cannot_choose_this_one(client, bank):
    other = f.build_course(lessons_per_module=1)
    other.authors.add(bank.zuid_trainer)
    client.force_login(bank.zuid_trainer)
    page = client.get(reverse("assessments:gift_import"))
    assert list(page.context["form"].fields["course"].queryset) == [other]
    response = upload(client, bank.course, WRONG_KEY)
    assert response.status_code == 200 and "course" in response.context["form"].errors
    assert exam_questions(bank) == 3
    assert not QuestionBankChange.objects.exists()


def test_the_courses_author_imports_and_the_questions_land_in_the_exams_category(client, bank):
    client.force_login(bank.noord_trainer)
    response = upload(client, bank.course, GOOD)
    assert response.status_code == 302
    assert bank.category.questions.count() == 6


def test_an_administrator_imports_into_any_course(client, bank):
    client.force_login(f.AdminFactory())
    assert upload(client, bank.course, GOOD).status_code == 302
    assert bank.category.questions.count() == 6


def test_the_import_is_audited_with_the_authors_name_and_the_question_count(client, bank):
    client.force_login(bank.noord_trainer)
    upload(client, bank.course, GOOD)
    change = QuestionBankChange.objects.get()
    new_ids = set(bank.category.questions.values_list("pk", flat=True)) - {
        q.pk for q in bank.questions
    }
    assert change.action == Action.IMPORTED
    assert change.actor == bank.noord_trainer and change.actor_name == "Anouk Hendriks"
    assert change.course == bank.course and change.category == bank.category
    assert change.quiz_id == bank.exam.pk and change.affects_exam
    assert set(change.question_ids) == new_ids and len(new_ids) == 3
    assert "3 vragen geïmporteerd in Examen" in change.summary


def test_an_import_into_a_new_category_is_audited_but_reaches_no_exam(bank):
    question_import_gift(
        course=bank.course, category="Oefenen", text=GOOD, actor=bank.noord_trainer
    )
    change = QuestionBankChange.objects.get()
    assert change.category.name == "Oefenen"
    assert change.quiz is None and not change.affects_exam


def test_the_import_service_refuses_a_trainer_who_is_no_author(bank):
    with pytest.raises(PermissionDenied):
        question_import_gift(
            course=bank.course, category="Examen", text=WRONG_KEY, actor=bank.zuid_trainer
        )
    assert exam_questions(bank) == 3 and not QuestionBankChange.objects.exists()


def test_the_import_page_has_a_bounded_number_of_queries(
    client, bank, django_assert_max_num_queries
):
    for _ in range(5):
        f.CourseFactory().authors.add(bank.noord_trainer)
    client.force_login(bank.noord_trainer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("assessments:gift_import")).status_code == 200
    with django_assert_max_num_queries(20):  # 3 questions: 2 inserts each (polymorphic)
        assert upload(client, bank.course, GOOD).status_code == 302


# --- questions and slots changed by hand --------------------------------------------------


def test_changing_a_question_is_refused_to_a_trainer_who_is_no_author(bank):
    question = bank.questions[0]
    question.text = "Een andere tekst"
    with pytest.raises(PermissionDenied):
        question_save(question=question, actor=bank.zuid_trainer, changed_fields=["text"])
    with pytest.raises(PermissionDenied):
        question_delete(question=question, actor=bank.zuid_trainer)
    assert Question.objects.get(pk=question.pk).text == "Vraag 0"


def test_a_staff_member_is_an_administrator_and_may_change_every_course(bank):
    """There are no staff trainers: `is_staff` makes an administrator (courses.access), who
    may change every exam. A trainer, even an author, does not get into the admin at all."""
    staff = f.UserFactory(is_staff=True)
    question = bank.questions[0]
    question.text = "Door een beheerder"
    question_save(question=question, actor=staff, changed_fields=["text"])
    assert QuestionBankChange.objects.get().actor == staff


def test_a_course_author_who_is_no_staff_is_refused_the_question_admin(client, bank):
    client.force_login(bank.noord_trainer)
    question = bank.questions[0]
    url = reverse("admin:assessments_question_change", args=[question.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, {"text": "Gewijzigd", "category": bank.category.pk})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Question.objects.get(pk=question.pk).text == "Vraag 0"


def question_post_data(question: Question, **changes) -> dict:
    data = {
        "category": question.category_id,
        "name": question.name,
        "text": question.text,
        "text_format": question.text_format,
        "general_feedback": question.general_feedback,
        "default_points": str(question.default_points),
        "key": json.dumps(question.key),
        "initial-key": json.dumps(question.key),  # the admin's hidden initial (default=dict)
    }
    return data | changes


def test_editing_an_exam_question_in_the_admin_is_audited(client, bank):
    admin_user = f.AdminFactory(first_name="Marloes", last_name="Visser")
    client.force_login(admin_user)
    question = bank.questions[0]
    url = reverse("admin:assessments_question_change", args=[question.pk])
    response = client.post(url, question_post_data(question, text="Verbeterde vraag"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = QuestionBankChange.objects.get()
    assert change.action == Action.QUESTION_CHANGED and change.actor_name == "Marloes Visser"
    assert change.question_ids == [question.pk] and change.quiz_id == bank.exam.pk
    assert change.affects_exam and "V0" in change.summary and "vraag" in change.summary

    client.post(url, question_post_data(Question.objects.get(pk=question.pk)))
    assert QuestionBankChange.objects.count() == 1  # saved unchanged: nothing to record


def test_deleting_an_exam_question_in_the_admin_is_audited(client, bank):
    client.force_login(f.AdminFactory())
    question = bank.questions[0]
    response = client.post(
        reverse("admin:assessments_question_delete", args=[question.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()
    change = QuestionBankChange.objects.get()
    assert change.action == Action.QUESTION_DELETED and change.question_ids == [question.pk]
    assert change.quiz_id == bank.exam.pk

    selected = [q.pk for q in bank.questions[1:]]
    client.post(
        reverse("admin:assessments_question_changelist"),
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
    )
    assert QuestionBankChange.objects.filter(action=Action.QUESTION_DELETED).count() == 3


def test_changing_the_exams_slots_in_the_admin_is_audited_and_practice_quizzes_are_not(
    client, bank
):
    client.force_login(f.AdminFactory())
    url = reverse("admin:assessments_quiz_change", args=[bank.exam.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "slots-TOTAL_FORMS": "2",
            "slots-1-order": "2",
            "slots-1-question": str(bank.questions[2].pk),
            "slots-1-count": "1",
            "slots-1-points": "2",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    change = QuestionBankChange.objects.get()
    assert change.action == Action.SLOTS_CHANGED and change.quiz_id == bank.exam.pk
    assert change.question_ids == [bank.questions[2].pk]
    assert "erbij: vraag ‘V2’" in change.summary

    client.post(url, form_data(client.get(url)))  # saved unchanged
    assert QuestionBankChange.objects.count() == 1

    Quiz.objects.filter(pk=bank.exam.pk).update(is_exam=False)
    data = form_data(client.get(url))
    data["slots-1-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert QuizSlot.objects.filter(quiz=bank.exam).count() == 1
    assert QuestionBankChange.objects.count() == 1


# --- the audit list and the exam's page -----------------------------------------------------


def test_administrators_read_the_audit_list_filtered_and_searched_but_cannot_change_it(
    client, bank, django_assert_max_num_queries
):
    QuestionBankChange.objects.bulk_create(
        QuestionBankChange(
            action=Action.IMPORTED,
            course=bank.course,
            quiz=bank.exam,
            category=bank.category,
            actor=bank.noord_trainer,
            actor_name="Anouk Hendriks",
            question_ids=[1, 2, 3],
            summary="3 vragen geïmporteerd in Examen.",
        )
        for _ in range(30)
    )
    other = f.build_course(lessons_per_module=1)
    question_import_gift(course=other, category="Anders", text=GOOD, actor=None)
    client.force_login(f.AdminFactory())
    url = reverse("admin:assessments_questionbankchange_changelist")
    with django_assert_max_num_queries(10):
        listing = client.get(url)
    assert listing.status_code == 200 and "Anouk Hendriks" in listing.content.decode()
    filtered = client.get(url, {"course__id__exact": other.pk})
    assert filtered.context["cl"].result_count == 1
    assert client.get(url, {"action__exact": "imported"}).context["cl"].result_count == 31
    assert client.get(url, {"q": "Hendriks"}).context["cl"].result_count == 30

    change = QuestionBankChange.objects.filter(course=other).get()
    detail = client.get(reverse("admin:assessments_questionbankchange_change", args=[change.pk]))
    assert detail.status_code == 200 and b'name="summary"' not in detail.content
    assert client.get(reverse("admin:assessments_questionbankchange_add")).status_code == 403
    client.force_login(bank.noord_trainer)
    assert client.get(url).status_code == 302


def test_the_exams_admin_page_shows_its_latest_changes(client, bank, django_assert_max_num_queries):
    for _ in range(25):
        question_import_gift(
            course=bank.course, category="Examen", text=WRONG_KEY, actor=bank.noord_trainer
        )
    client.force_login(f.AdminFactory())
    url = reverse("admin:assessments_quiz_change", args=[bank.exam.pk])
    with django_assert_max_num_queries(14):
        page = client.get(url)
    html = page.content.decode()
    assert "Wijzigingen aan de vragen van dit examen" in html
    assert html.count("1 vraag geïmporteerd in Examen") == 20
    assert f"?quiz__exact={bank.exam.pk}" in html
