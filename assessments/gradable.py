"""What every graded lesson type tells the course result and the gradebook.

A graded lesson type (the quiz, the assignments, a third party's type) subclasses
`courses.Lesson` and `GradedLesson` and answers two questions: does this lesson count
for passing the course, and what is each learner's outcome on it. `outcomes_for` works on
many lessons and learners at once, in a fixed number of queries, so that a gradebook of
any size costs the same number of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from courses.models import Lesson


@dataclass(frozen=True)
class Outcome:
    """One learner's standing on one graded lesson.

    status: "none" (nothing handed in), "in_progress" (started or a draft), "submitted"
    (handed in, waiting for grading), "graded" (a grade the learner may see).
    sufficient: None until graded; then whether the grade is enough ("voldoende").
    """

    status: str
    percentage: Decimal | None = None
    sufficient: bool | None = None
    submitted_at: datetime | None = None
    label: str = ""


NO_OUTCOME = Outcome(status="none")


class GradedLesson:
    """Mixin for a Lesson subclass whose work is graded."""

    def counts_for_result(self) -> bool:
        """Whether this lesson is one of the course's pass rules."""
        return bool(getattr(self, "is_required", False))

    @classmethod
    def outcomes_for(
        cls, lessons: Sequence[Lesson], enrollment_ids: Sequence[int]
    ) -> dict[tuple[int, int], Outcome]:
        """Outcomes keyed by (lesson id, enrollment id); a missing key means NO_OUTCOME."""
        raise NotImplementedError


def graded_lesson_types() -> list[type]:
    """Every concrete Lesson subclass that is graded, from any installed app."""
    found: list[type] = []

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            meta = getattr(sub, "_meta", None)
            if (
                meta is not None
                and not meta.abstract
                and not meta.proxy
                and issubclass(sub, GradedLesson)
                and sub not in found
            ):
                found.append(sub)
            walk(sub)

    walk(Lesson)
    return found


def graded_lessons(course_id: int) -> list[Lesson]:
    """The course's graded lessons (subtype rows), in course order: one query per graded type
    whose base type is direct (a subtype of a subtype comes with its parent's query)."""
    lessons: dict[int, Lesson] = {}
    for lesson_type in graded_lesson_types():
        for lesson in lesson_type.objects.filter(module__course_id=course_id).select_related(
            "module"
        ):
            lessons.setdefault(lesson.pk, lesson)
    return sorted(lessons.values(), key=lambda x: (x.module.order, x.order, x.pk))


def outcomes_for(
    lessons: Sequence[Lesson], enrollment_ids: Sequence[int]
) -> dict[tuple[int, int], Outcome]:
    """Outcomes of mixed lesson types, grouped so each type answers once."""
    by_type: dict[type, list[Lesson]] = {}
    for lesson in lessons:
        by_type.setdefault(type(lesson), []).append(lesson)
    result: dict[tuple[int, int], Outcome] = {}
    for lesson_type, group in by_type.items():
        if enrollment_ids:
            result.update(lesson_type.outcomes_for(group, enrollment_ids))
    return result
