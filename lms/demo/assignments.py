"""The course's assignments: annotation categories, rubrics and the three assignment lessons."""

from __future__ import annotations

from collections.abc import Mapping

from assessments.assignments import rubrics
from assessments.assignments import services as assignment_services
from assessments.models import (
    AnnotationCategory,
    Assignment,
    ConversationAnalysis,
    Reflection,
    Rubric,
)
from courses.models import CourseModule, Lesson

from . import data
from .course import lesson_base_fields
from .report import DemoReport


def assignments_ensure(*, modules: Mapping[int, CourseModule], report: DemoReport) -> None:
    """The course's annotation categories, rubrics and the three assignment lessons."""
    course = modules[1].course
    for order, (kind, name) in enumerate(data.ANNOTATION_CATEGORIES, start=1):
        _category, created = AnnotationCategory.objects.get_or_create(
            course=course, name=name, defaults={"kind": kind, "order": order}
        )
        report.add("categorieën voor gespreksanalyse", created)
    rubric_by_title = {}
    for spec in data.RUBRICS:
        rubric = Rubric.objects.filter(course=course, title=spec.title).first()
        if rubric is None:
            rubric = assignment_services.rubric_create(
                course=course, title=spec.title, criteria=rubrics.parse_text(spec.text)
            )
            report.add("beoordelingsmodellen")
        rubric_by_title[spec.title] = rubric
    models = {
        "assignment": Assignment,
        "conversation": ConversationAnalysis,
        "reflection": Reflection,
    }
    for spec in data.ASSIGNMENTS:
        module = modules[spec.module]
        if Lesson.objects.filter(module=module, order=spec.order).exists():
            continue  # there already, or an administrator put another lesson in this place
        fields = lesson_base_fields(spec, modules) | {
            "instructions": spec.instructions,
            "accepts_text": spec.accepts_text,
            "accepts_files": spec.accepts_files,
            "accepts_audio": spec.accepts_audio,
            "allowed_file_types": spec.allowed_file_types,
            "pass_mark": spec.pass_mark,
            "rubric": rubric_by_title.get(spec.rubric),
            "grading": Assignment.Grading.RUBRIC if spec.rubric else Assignment.Grading.COMPLETE,
        }
        if spec.kind == "conversation":
            fields["reflection_questions"] = spec.reflection_questions
            total, technique, emotion = spec.min_annotations
            fields |= {
                "min_annotations": total,
                "min_technique_annotations": technique,
                "min_emotion_annotations": emotion,
                "all_questions_required": spec.all_questions_required,
            }
        models[spec.kind].objects.create(module=module, order=spec.order, **fields)
        report.add("opdrachten")
