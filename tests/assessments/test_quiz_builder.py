"""The quiz builder and the preview attempt (issue 16): an author puts fixed questions and
"n at random from a category" in a quiz, in order with points, and sets its rules; saving a
quiz that was already taken asks first and never touches those attempts. Authors and trainers
take a preview attempt that no result, gradebook or analysis counts."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import models as am
from assessments.questions import specs
from assessments.quizzes import services as attempts
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz, right_answer
from tests.assessments.test_question_authoring import posted

pytestmark = pytest.mark.django_db


class Built:
    """A quiz of 3 fixed questions (build_quiz) in a course with an author and a trainer, and a
    second category "Extra" of 4 true/false questions to draw from."""

    def __init__(self, questions=3, **quiz_fields):
        self.quiz, self.enrollment = build_quiz(questions=questions, **quiz_fields)
        self.course = self.quiz.module.course
        self.author = f.UserFactory(first_name="Ruud", last_name="Kuipers")
        self.course.authors.add(self.author)
        self.trainer = f.UserFactory()
        self.enrollment.edition.trainers.add(self.trainer)
        self.extra = am.QuestionCategory.objects.create(course=self.course, name="Extra")
        for i in range(4):
            am.TrueFalseQuestion.objects.create(
                category=self.extra,
                name=f"Stelling {i}",
                text=f"Stelling {i}",
                key=specs.spec_to_json(specs.TrueFalseSpec(True)),
            )

    def url(self, name):
        if name == "quiz_list":
            return reverse("assessments_trainer:quiz_list", args=[self.course.pk])
        return reverse(f"assessments_trainer:{name}", args=[self.course.pk, self.quiz.pk])


@pytest.fixture
def built():
    return Built()


def page_post(page, **changes) -> dict:
    """The builder's page posted as shown, with `changes` (field name -> value; None drops)."""
    data = posted(page.context["settings_form"])
    formset = page.context["formset"]
    for form in formset:
        data.update(posted(form))
    for field in formset.management_form:
        data[field.html_name] = str(field.value())
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = str(value)
    return data


def test_an_author_adds_a_random_slot_with_points_and_it_is_saved(client, built):
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    assert page.status_code == 200
    assert len(page.context["formset"].forms) == 4  # three places and a new one
    response = client.post(
        built.url("quiz_builder"),
        page_post(
            page,
            **{
                "slots-3-order": 4,
                "slots-3-category": built.extra.pk,
                "slots-3-count": 2,
                "slots-3-points": "1.5",
            },
        ),
    )
    assert response.status_code == 302
    slot = built.quiz.slots.get(category=built.extra)
    assert (slot.order, slot.count, slot.points) == (4, 2, Decimal("1.5"))
    drawn = attempts.attempt_start(enrollment=built.enrollment, quiz=built.quiz)
    assert len(drawn.questions) == 5
    assert [entry["points"] for entry in drawn.questions[3:]] == ["1.50", "1.50"]


def test_places_are_reordered_and_removed(client, built):
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    client.post(
        built.url("quiz_builder"),
        page_post(page, **{"slots-0-order": 9, "slots-1-DELETE": "on"}),
    )
    order = list(built.quiz.slots.order_by("order").values_list("question__name", flat=True))
    assert order == ["V2", "V0"]


def test_a_place_holds_a_fixed_question_or_a_category_not_both(client, built):
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    response = client.post(
        built.url("quiz_builder"), page_post(page, **{"slots-0-category": built.extra.pk})
    )
    assert response.status_code == 400
    assert "niet allebei" in response.content.decode()
    assert built.quiz.slots.filter(category__isnull=False).count() == 0


def test_a_category_cannot_give_more_questions_than_it_has(client, built):
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    response = client.post(
        built.url("quiz_builder"),
        page_post(page, **{"slots-3-category": built.extra.pk, "slots-3-count": 5}),
    )
    assert response.status_code == 400
    assert "maar 4 vragen die getrokken kunnen worden" in response.content.decode()


def test_the_same_fixed_question_twice_is_refused(client, built):
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    first = built.quiz.slots.order_by("order").first().question_id
    response = client.post(
        built.url("quiz_builder"), page_post(page, **{"slots-3-question": first})
    )
    assert response.status_code == 400
    assert "twee keer" in response.content.decode()


def test_the_settings_are_saved_through_the_same_page(client, built):
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    client.post(
        built.url("quiz_builder"),
        page_post(
            page,
            **{
                "settings-time_limit_minutes": 30,
                "settings-attempts_allowed": 2,
                "settings-pass_mark": "70",
                "settings-grading_method": "last",
                "settings-feedback_policy": "after_close",
                "settings-shuffle_questions": "on",
                "settings-resits_allowed": 1,
                "settings-resit_wait_days": 7,
            },
        ),
    )
    built.quiz.refresh_from_db()
    quiz = built.quiz
    assert (quiz.time_limit_minutes, quiz.attempts_allowed, quiz.pass_mark) == (30, 2, 70)
    assert (quiz.grading_method, quiz.feedback_policy) == ("last", "after_close")
    assert quiz.shuffle_questions and (quiz.resits_allowed, quiz.resit_wait_days) == (1, 7)


def test_a_resit_wait_and_a_resit_period_together_are_refused(client, built):
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    response = client.post(
        built.url("quiz_builder"),
        page_post(
            page,
            **{"settings-resit_wait_days": 7, "settings-resit_opens_at": "2027-01-04T09:00"},
        ),
    )
    assert response.status_code == 400
    assert "niet allebei" in response.content.decode()


def test_changing_a_quiz_that_was_taken_asks_first_and_never_alters_its_attempts(client, built):
    attempt = attempts.attempt_start(enrollment=built.enrollment, quiz=built.quiz)
    attempts.responses_save(
        attempt=attempt,
        answers={p: right_answer(p) for p in range(3)},
        user=built.enrollment.learner,
    )
    attempts.attempt_submit(attempt=attempt, user=built.enrollment.learner)
    attempts.attempt_grade(attempt_id=attempt.pk)
    attempt.refresh_from_db()
    before = (attempt.questions, attempt.points, attempt.percentage, attempt.passed)
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    assert "Cursisten hebben deze toets al gemaakt" in page.content.decode()
    change = page_post(
        page,
        **{
            "slots-0-points": "5",
            "slots-3-category": built.extra.pk,
            "slots-3-count": 1,
            "settings-pass_mark": "99",
        },
    )
    asked = client.post(built.url("quiz_builder"), change)
    assert asked.status_code == 200
    assert "Weet je het zeker?" in asked.content.decode()
    assert built.quiz.slots.count() == 3  # nothing saved yet

    saved = client.post(built.url("quiz_builder"), {**change, "confirmed": "True"})
    assert saved.status_code == 302
    assert built.quiz.slots.count() == 4
    attempt.refresh_from_db()
    assert (attempt.questions, attempt.points, attempt.percentage, attempt.passed) == before
    assert attempt.passed is True


def test_an_exams_changed_places_are_audited(client):
    built = Built(is_exam=True)
    client.force_login(built.author)
    page = client.get(built.url("quiz_builder"))
    client.post(
        built.url("quiz_builder"),
        page_post(page, **{"slots-3-category": built.extra.pk, "slots-3-count": 2}),
    )
    change = am.QuestionBankChange.objects.get()
    assert change.action == "slots_changed" and change.quiz == built.quiz
    assert change.actor == built.author and "2 uit ‘Extra’" in change.summary


def test_the_course_quizzes_are_listed_with_their_builder_and_preview_links(client, built):
    client.force_login(built.author)
    html = client.get(built.url("quiz_list")).content.decode()
    assert built.url("quiz_builder") in html and built.url("quiz_preview") in html
    client.force_login(built.trainer)
    html = client.get(built.url("quiz_list")).content.decode()
    assert built.url("quiz_builder") not in html and built.url("quiz_preview") in html
    bank = client.get(reverse("assessments_trainer:question_bank", args=[built.course.pk]))
    assert built.url("quiz_list") in bank.content.decode()


def test_who_may_open_the_builder_the_list_and_the_preview(client, built):
    other = f.build_course(lessons_per_module=1, modules=1)
    stranger = f.UserFactory()
    f.build_edition(other, first_day=timezone.localdate(), trainers=[stranger])
    other.authors.add(stranger)
    names = ["quiz_list", "quiz_builder", "quiz_preview"]
    for user in (stranger, built.enrollment.learner):
        client.force_login(user)
        for name in names:
            assert client.get(built.url(name)).status_code == 404, (user, name)
        assert client.post(built.url("quiz_builder"), {}).status_code == 404
    client.force_login(built.trainer)
    assert client.get(built.url("quiz_builder")).status_code == 404
    assert client.get(built.url("quiz_list")).status_code == 200
    assert client.get(built.url("quiz_preview")).status_code == 200
    client.force_login(f.AdminFactory())
    for name in names:
        assert client.get(built.url(name)).status_code == 200
    client.logout()
    for name in names:
        assert client.get(built.url(name))["Location"].startswith(reverse("login"))
    # A quiz of another course is not reached through this one.
    foreign, _enrollment = build_quiz(questions=1)
    client.force_login(built.author)
    url = reverse("assessments_trainer:quiz_builder", args=[built.course.pk, foreign.pk])
    assert client.get(url).status_code == 404


def test_the_builder_takes_as_many_queries_for_5_as_for_50_questions(
    client, django_assert_max_num_queries
):
    counts = []
    for size in (5, 50):
        built = Built(questions=size)
        client.force_login(built.author)
        client.get(built.url("quiz_builder"))  # warm caches (content types, session)
        with django_assert_max_num_queries(12) as queries:
            page = client.get(built.url("quiz_builder"))
        assert len(page.context["formset"].forms) == size + 1
        assert page.content.decode().count("<fieldset") > size
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


# --- the preview attempt --------------------------------------------------------------------


def test_a_trainers_preview_attempt_is_scored_and_never_recorded(client, built):
    client.force_login(built.trainer)
    page = client.get(built.url("quiz_preview"))
    assert page.status_code == 200
    assert len(page.context["shown"]) == 3
    again = client.get(built.url("quiz_preview"))
    assert again.context["shown"][0].html == page.context["shown"][0].html  # the same draw
    response = client.post(built.url("quiz_preview"), {"q0": "0", "q1": "true", "present": "2"})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.points, result.max_points) == (Decimal(2), Decimal(3))
    assert "2 van 3 punten" in response.content.decode()
    assert len(response.context["review"]) == 3
    assert not am.Attempt.objects.exists()
    assert not am.Response.objects.exists()


def test_begin_again_draws_a_new_preview(client, built):
    am.QuizSlot.objects.filter(quiz=built.quiz).delete()
    am.QuizSlot.objects.create(quiz=built.quiz, category=built.extra, count=1)
    client.force_login(built.author)
    seen = set()
    for _ in range(12):
        client.get(built.url("quiz_preview"))
        seen.add(client.session["quiz_preview"]["questions"][0]["question_id"])
        client.post(built.url("quiz_preview"), {"again": "1"})
    assert len(seen) > 1


def test_a_quiz_that_cannot_be_drawn_says_why_in_the_preview(client, built):
    am.QuizSlot.objects.filter(quiz=built.quiz).delete()
    client.force_login(built.author)
    page = client.get(built.url("quiz_preview"))
    assert "Deze toets heeft nog geen vragen." in page.content.decode()
