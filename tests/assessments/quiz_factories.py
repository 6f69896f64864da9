"""Quizzes with questions of every type, for attempt and grading tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assessments import models as am
from assessments.questions import specs as s
from tests import factories as f

KEYS = [
    (am.SingleChoiceQuestion, s.SingleChoiceSpec((s.Choice("boos", Decimal(1)), s.Choice("blij")))),
    (am.TrueFalseQuestion, s.TrueFalseSpec(True)),
    (am.ShortAnswerQuestion, s.ShortAnswerSpec((s.Choice("samenvatten", Decimal(1)),))),
    (
        am.NumericQuestion,
        s.NumericSpec((s.NumericAnswer(value=Decimal(5), tolerance=Decimal("0.5")),)),
    ),
    (
        am.MultipleResponseQuestion,
        s.MultipleResponseSpec(
            (
                s.Choice("a", Decimal("0.5")),
                s.Choice("b", Decimal("0.5")),
                s.Choice("c", Decimal(-1)),
            )
        ),
    ),
]
RIGHT = [0, True, "Samenvatten", "5,2", [0, 1]]


def build_quiz(*, questions: int = 5, opens_days_ago: int = 1, **quiz_fields):
    """A course with one quiz (open since `opens_days_ago`, due in 20 days) and an enrollment."""
    course = f.build_course(lessons_per_module=1, modules=2)
    module = course.modules.get(order=1)
    edition = f.build_edition(
        course, first_day=timezone.localdate() - dt.timedelta(days=opens_days_ago), gap_days=22
    )
    category = am.QuestionCategory.objects.create(course=course, name="Toets")
    quiz = am.Quiz.objects.create(
        module=module,
        order=50,
        title="Toets emoties",
        opens_anchor="end",
        opens_module=module,
        opens_offset_days=-1,
        due_anchor="start",
        due_module=course.modules.get(order=2),
        **quiz_fields,
    )
    for i in range(questions):
        model, spec = KEYS[i % len(KEYS)]
        question = model.objects.create(
            category=category, name=f"V{i}", text=f"Vraag {i}", key=s.spec_to_json(spec)
        )
        am.QuizSlot.objects.create(quiz=quiz, order=i + 1, question=question)
    enrollment = f.EnrollmentFactory(edition=edition)
    return quiz, enrollment


def right_answer(position: int):
    return RIGHT[position % len(RIGHT)]
