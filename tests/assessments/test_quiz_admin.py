"""The administrator's side of quizzes: a quiz with its slots, and attempts (read-only, with
an action that sends parked attempts back to the graders)."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, GradingEvent, Quiz, QuizSlot
from assessments.questions.registry import registry
from assessments.quizzes import services as attempts
from assessments.quizzes.admin import QuizAdmin, QuizSlotInline
from assessments.quizzes.regrade import attempts_requeue
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz, right_answer
from tests.plugin_app.models import GapsQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(f.AdminFactory())
    return client


def form_data(response) -> dict:
    """The POST data of an admin change form as it was rendered (unchecked boxes left out)."""
    data = {}

    def add(bound):
        value = bound.value()
        if value is None or value is False:
            return
        data[bound.html_name] = "on" if value is True else value

    form = response.context["adminform"].form
    for name in form.fields:
        add(form[name])
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            add(formset.management_form[name])
        for inline_form in formset.forms:
            for name in inline_form.fields:
                add(inline_form[name])
    return data


# --- quizzes ----------------------------------------------------------------------------------


def test_the_quiz_admin_is_a_lesson_child_admin_with_slots():
    registered = admin.site._registry[Quiz]
    assert isinstance(registered, QuizAdmin) and QuizSlotInline in registered.inlines


def test_a_quiz_opens_from_the_lesson_list_with_its_slots_and_a_slot_can_be_added(admin_client):
    quiz, _enrollment = build_quiz(questions=2)
    via_lessons = admin_client.get(reverse("admin:courses_lesson_change", args=[quiz.pk]))
    assert via_lessons.status_code == 200
    assert b"slots-TOTAL_FORMS" in via_lessons.content and b"V1" in via_lessons.content

    url = reverse("admin:assessments_quiz_change", args=[quiz.pk])
    data = form_data(admin_client.get(url))
    category = QuizSlot.objects.filter(quiz=quiz).first().question.category
    data.update(
        {
            "slots-TOTAL_FORMS": "3",
            "slots-2-order": "3",
            "slots-2-category": str(category.pk),
            "slots-2-count": "2",
            "slots-2-points": "2",
            "pass_mark": "60",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    quiz.refresh_from_db()
    assert quiz.pass_mark == Decimal("60")
    assert QuizSlot.objects.filter(quiz=quiz, category=category, count=2).exists()


def test_a_slot_with_both_a_question_and_a_category_is_refused(admin_client):
    quiz, _enrollment = build_quiz(questions=1)
    url = reverse("admin:assessments_quiz_change", args=[quiz.pk])
    data = form_data(admin_client.get(url))
    slot = QuizSlot.objects.get(quiz=quiz)
    data.update(
        {
            "slots-TOTAL_FORMS": "2",
            "slots-1-order": "2",
            "slots-1-question": str(slot.question_id),
            "slots-1-category": str(slot.question.category_id),
            "slots-1-count": "1",
            "slots-1-points": "1",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert QuizSlot.objects.filter(quiz=quiz).count() == 1


# --- attempts ---------------------------------------------------------------------------------


def graded(quiz, enrollment) -> Attempt:
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    for position in range(len(attempt.questions)):
        attempts.response_save(
            attempt=attempt,
            position=position,
            answer=right_answer(position),
            user=enrollment.learner,
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempts.attempt_submit(attempt=attempt, user=enrollment.learner)
    attempt.refresh_from_db()
    return attempt


def parked(quiz, enrollment) -> Attempt:
    """An attempt whose grading failed too often: submitted, then parked for an administrator."""
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    attempts.response_save(attempt=attempt, position=0, answer=0, user=enrollment.learner)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=Attempt.Status.NEEDS_ATTENTION,
        submitted_at=timezone.now(),
        grading_failures=attempts.MAX_GRADING_FAILURES,
        last_error="OperationalError('database is locked')",
    )
    return attempt


def test_attempts_are_listed_filtered_and_searched(admin_client):
    quiz, enrollment = build_quiz()
    enrollment.learner.last_name = "Zwaluw"
    enrollment.learner.save()
    stuck = parked(quiz, enrollment)
    other_quiz, other = build_quiz()
    done = graded(other_quiz, other)
    url = reverse("admin:assessments_attempt_changelist")

    response = admin_client.get(url, {"status__exact": "needs_attention"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [stuck]
    response = admin_client.get(url, {"q": "Zwaluw"})
    assert list(response.context["cl"].result_list) == [stuck]
    response = admin_client.get(url, {"quiz__id__exact": other_quiz.pk})
    assert list(response.context["cl"].result_list) == [done]


def test_an_attempt_is_read_only_and_shows_its_frozen_questions(admin_client):
    quiz, enrollment = build_quiz()
    attempt = graded(quiz, enrollment)
    url = reverse("admin:assessments_attempt_change", args=[attempt.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<pre>" in html and "&quot;question_id&quot;" in html and "Vraag 0" in html
    assert 'name="status"' not in html and 'name="questions"' not in html
    assert admin_client.get(reverse("admin:assessments_attempt_add")).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:assessments_attempt_delete", args=[attempt.pk])
        ).status_code
        == 403
    )


def test_requeue_sends_parked_attempts_back_to_grading_and_leaves_others_alone(admin_client):
    quiz, enrollment = build_quiz()
    stuck = parked(quiz, enrollment)
    other_quiz, other = build_quiz()
    done = graded(other_quiz, other)

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            reverse("admin:assessments_attempt_changelist"),
            {
                "action": "requeue_attempts",
                "_selected_action": [stuck.pk, done.pk],
                "index": "0",
            },
            follow=True,
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 poging staat weer in de wachtrij" in html and "overgeslagen" in html
    stuck.refresh_from_db()
    assert stuck.status == Attempt.Status.GRADED and stuck.grading_failures == 0
    assert stuck.percentage == Decimal("20.00")
    assert GradingEvent.objects.filter(attempt=stuck, kind="graded").count() == 1
    assert GradingEvent.objects.filter(attempt=done).count() == 1


def test_requeue_without_a_commit_enqueues_nothing_but_the_attempt_waits_for_the_sweep():
    quiz, enrollment = build_quiz()
    stuck = parked(quiz, enrollment)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        assert attempts_requeue(attempt_ids=[stuck.pk]) == [stuck.pk]
    assert len(callbacks) == 1
    stuck.refresh_from_db()
    assert stuck.status == Attempt.Status.SUBMITTED and stuck.grading_failures == 0
    assert attempts_requeue(attempt_ids=[stuck.pk]) == []


def test_slot_questions_are_found_by_autocomplete(admin_client):
    quiz, _enrollment = build_quiz(questions=2)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "assessments",
            "model_name": "quizslot",
            "field_name": "question",
            "term": "V1",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["V1"]


def test_the_question_admin_offers_every_registered_type_a_plugins_too(admin_client):
    page = admin_client.get(reverse("admin:assessments_question_add"))
    assert page.status_code == 200
    offered = [model for model, _label in page.context["adminform"].form.fields["ct_id"].choices]
    assert len(offered) == len(registry.all())
    gaps = ContentType.objects.get_for_model(GapsQuestion, for_concrete_model=False)
    assert str(gaps.pk) in map(str, offered)
    assert admin.site.is_registered(GapsQuestion)
    change_list = admin_client.get(reverse("admin:assessments_question_changelist"))
    assert change_list.status_code == 200
