"""The course's question bank, imported from GIFT, and its practice quiz and exam."""

from __future__ import annotations

from collections.abc import Mapping

from assessments.models import Question, QuestionCategory, Quiz, QuizSlot
from assessments.questions.services import question_import_gift
from courses.models import Course, CourseModule, Lesson

from . import data
from .course import lesson_base_fields
from .report import DemoReport


def gift_sections(text: str) -> dict[str, str]:
    """A GIFT text cut at its `$CATEGORY:` lines: category name -> that section's GIFT text.

    Each section keeps its own `$CATEGORY:` line, which names the category the import puts
    it in. Text before the first such line (comments) belongs to no category."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines(keepends=True):
        if line.startswith("$CATEGORY:"):
            current = sections.setdefault(line[len("$CATEGORY:") :].strip(), [])
        if current is not None:
            current.append(line)
    return {name: "".join(lines) for name, lines in sections.items()}


def question_bank_ensure(*, course: Course, report: DemoReport) -> dict[str, QuestionCategory]:
    """The course's question categories, each imported from GIFT when it does not exist yet.

    A category that exists is left as it is, with whatever a trainer changed in it."""
    sections = gift_sections(data.QUESTION_BANK)
    categories = {}
    for spec in data.QUESTION_CATEGORIES:
        category = QuestionCategory.objects.filter(course=course, name=spec.name).first()
        if category is None:
            category = QuestionCategory.objects.create(
                course=course, name=spec.name, description=spec.description
            )
            imported = question_import_gift(
                course=course, category=spec.name, text=sections[spec.name]
            )
            report.add("vragencategorieën")
            report.add("vragen", imported.created)
        categories[spec.name] = category
    return categories


def quizzes_ensure(
    *,
    modules: Mapping[int, CourseModule],
    categories: Mapping[str, QuestionCategory],
    report: DemoReport,
) -> None:
    for spec in data.QUIZZES:
        module = modules[spec.module]
        taken = Lesson.objects.filter(module=module, order=spec.order).first()
        if taken is not None and not isinstance(taken, Quiz):
            continue  # an administrator put another lesson in this place: leave it
        quiz, created = Quiz.objects.get_or_create(
            module=module,
            order=spec.order,
            defaults=lesson_base_fields(spec, modules)
            | {
                "intro": spec.intro,
                "is_exam": spec.is_exam,
                "time_limit_minutes": spec.time_limit_minutes,
                "attempts_allowed": spec.attempts_allowed,
                "grading_method": spec.grading_method,
                "pass_mark": spec.pass_mark,
                "shuffle_questions": spec.shuffle_questions,
                "shuffle_options": spec.shuffle_options,
                "feedback_policy": spec.feedback_policy,
            },
        )
        report.add("toetsen", created)
        if quiz.slots.exists():
            continue
        for order, slot in enumerate(spec.slots, start=1):
            category = categories.get(slot.category)
            if category is None:
                continue
            if slot.question:
                question = Question.objects.filter(category=category, name=slot.question).first()
                if question is None:
                    continue
                QuizSlot.objects.create(
                    quiz=quiz, order=order, question=question, points=slot.points
                )
            else:
                QuizSlot.objects.create(
                    quiz=quiz, order=order, category=category, count=slot.count, points=slot.points
                )
            report.add("plekken in toetsen")
