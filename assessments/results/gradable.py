"""What every graded lesson type tells the course result and the gradebook.

A graded lesson type (the quiz, the assignments, a third party's type) subclasses
`courses.Lesson` and `GradedLesson` and answers two questions: does this lesson count
for passing the course, and what is each learner's outcome on it. The outcomes come from
a provider registered for the type in its app's `AppConfig.ready()` (`register_outcomes`),
or from the type's own `outcomes_for` classmethod. Either works on many lessons and learners
at once, in a fixed number of queries, so that a gradebook of any size costs the same number
of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import FloatField, Func, QuerySet

from courses.models import Lesson


class Outcome(NamedTuple):
    """One learner's standing on one graded lesson.

    status: "none" (nothing handed in), "in_progress" (started or a draft), "submitted"
    (handed in, waiting for grading), "graded" (a grade the learner may see).
    sufficient: None until graded; then whether the grade is enough ("voldoende").
    A named tuple rather than a dataclass: a gradebook makes 15,000 of them, and a tuple
    is made several times faster (and is just as immutable).
    """

    status: str
    percentage: Decimal | None = None
    sufficient: bool | None = None
    submitted_at: datetime | None = None
    label: str = ""


NO_OUTCOME = Outcome(status="none")

# Whose outcomes: a list of enrolment ids, or a queryset of them (`values_list("pk",
# flat=True)`), which the database joins: for a whole edition that is cheaper than sending
# hundreds of ids as parameters. Implementations filter with `enrollment_id__in=` only.
EnrollmentIds = Sequence[int] | QuerySet


class EpochSeconds(Func):
    """A moment as seconds since 1970 (a float), for reading thousands of moments at once:
    Django loads each PostgreSQL timestamp with a Python loader, which costs more than the
    query itself in a gradebook of 15,000 cells; a float loads in C. Exact to the
    microsecond on PostgreSQL, to about 50 µs on SQLite (julianday). Turn it back with
    `moment()`."""

    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM %(expressions)s)"

    @property
    def convert_value(self):
        # Both databases already answer a float (see the templates): no converter per row.
        return self._convert_value_noop

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM %(expressions)s)::double precision",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
            **extra,
        )


def moment(seconds: float | None) -> datetime | None:
    """The aware datetime of an `EpochSeconds` value."""
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)


class GradedLesson:
    """Mixin for a Lesson subclass whose work is graded."""

    def counts_for_result(self) -> bool:
        """Whether this lesson is one of the course's pass rules."""
        return bool(getattr(self, "is_required", False))

    @classmethod
    def outcomes_for(
        cls, lessons: Sequence[Lesson], enrollment_ids: EnrollmentIds
    ) -> dict[tuple[int, int], Outcome]:
        """Outcomes keyed by (lesson id, enrollment id); a missing key means NO_OUTCOME.
        Override this, or register a provider for the type with `register_outcomes`."""
        raise NotImplementedError


OutcomesProvider = Callable[[Sequence[Lesson], EnrollmentIds], dict[tuple[int, int], Outcome]]

_providers: dict[type, OutcomesProvider] = {}


def register_outcomes(lesson_type: type, provider: OutcomesProvider) -> None:
    """Let `provider(lessons, enrollment_ids)` give the outcomes of `lesson_type` and its
    subclasses (call it in `AppConfig.ready()`): the type's module then need not import the
    module that reads its outcomes."""
    if not issubclass(lesson_type, GradedLesson):
        raise TypeError(f"{lesson_type.__name__} is not a GradedLesson")
    _providers[lesson_type] = provider


def outcomes_provider(lesson_type: type) -> OutcomesProvider:
    """The registered provider of the nearest registered base, else the type's classmethod."""
    for cls in lesson_type.__mro__:
        if cls in _providers:
            return _providers[cls]
    return lesson_type.outcomes_for


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
    lessons: Sequence[Lesson], enrollment_ids: EnrollmentIds
) -> dict[tuple[int, int], Outcome]:
    """Outcomes of mixed lesson types, grouped so each type answers once."""
    if not isinstance(enrollment_ids, QuerySet) and not enrollment_ids:
        return {}
    by_type: dict[type, list[Lesson]] = {}
    for lesson in lessons:
        by_type.setdefault(type(lesson), []).append(lesson)
    result: dict[tuple[int, int], Outcome] = {}
    for lesson_type, group in by_type.items():
        result.update(outcomes_provider(lesson_type)(group, enrollment_ids))
    return result
