"""Reads for the question bank: which exams a change to questions or categories reaches, and
the bank as its trainers and authors browse it (tree, filters, a learner's preview, the key)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import partial

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString

from courses.access import can_author, courses_authored_by, editions_taught_by
from courses.models import Course

from ..models import Attempt, Question, QuestionCategory, QuestionVersion, Quiz, QuizSlot
from ..quizzes import grading
from . import display, specs
from .registry import registry
from .types import AttemptQuestion


@dataclass(frozen=True)
class ExamRef:
    pk: int
    title: str


def exams_using(
    *, category_ids: Iterable[int] = (), question_ids: Iterable[int] = ()
) -> list[ExamRef]:
    """The exams that draw from these categories or hold these questions in a fixed place,
    in one query."""
    category_ids, question_ids = list(category_ids), list(question_ids)
    if not category_ids and not question_ids:
        return []
    uses = Q(slots__category_id__in=category_ids) | Q(slots__question_id__in=question_ids)
    rows = (
        Quiz.objects.filter(uses, is_exam=True).order_by("pk").values_list("pk", "title").distinct()
    )
    return [ExamRef(pk, title) for pk, title in rows]


@dataclass(frozen=True)
class SlotState:
    """A quiz slot as the audit compares it: a fixed question, or `count` from a category."""

    pk: int
    order: int
    question_id: int | None
    question_name: str
    category_id: int | None
    category_name: str
    count: int
    points: str


def quiz_slot_states(quiz: Quiz) -> list[SlotState]:
    """The quiz's slots, in one query."""
    rows = (
        QuizSlot.objects.filter(quiz_id=quiz.pk)
        .order_by("order", "pk")
        .values_list(
            "pk",
            "order",
            "question_id",
            "question__name",
            "category_id",
            "category__name",
            "count",
            "points",
        )
    )
    return [
        SlotState(
            pk=pk,
            order=order,
            question_id=question_id,
            question_name=question_name or "",
            category_id=category_id,
            category_name=category_name or "",
            count=count,
            points=str(points),
        )
        for pk, order, question_id, question_name, category_id, category_name, count, points in rows
    ]


# --- the bank as its trainers and authors browse it ---------------------------------------


class BankRole(StrEnum):
    """What a person may do with a course's bank: an author (or administrator) changes it; a
    trainer of one of its editions browses and previews it."""

    AUTHOR = "author"
    TRAINER = "trainer"


def question_bank_role(*, user, course: Course) -> BankRole | None:
    """The user's role in the course's bank, or None: anyone else may not see it."""
    if can_author(user, course):
        return BankRole.AUTHOR
    if editions_taught_by(user).filter(course_id=course.pk).exists():
        return BankRole.TRAINER
    return None


def bank_course_or_404(user, course_id: int) -> tuple[Course, bool]:
    """The course and whether the user authors it (may change its bank and build its
    quizzes); 404 for anyone who is neither its author nor a trainer of one of its editions."""
    course = Course.objects.filter(pk=course_id).first()
    role = question_bank_role(user=user, course=course) if course else None
    if role is None:
        raise Http404
    return course, role == BankRole.AUTHOR


def courses_with_bank_for(user) -> QuerySet[Course]:
    """The courses whose bank the user may browse: those they author and those they teach."""
    taught = editions_taught_by(user).values("course_id")
    return Course.objects.filter(
        Q(pk__in=courses_authored_by(user).values("pk")) | Q(pk__in=taught)
    ).order_by("title", "pk")


@dataclass(frozen=True)
class QuestionKind:
    """A registered question type as the bank names it and filters by it (its model's
    content type)."""

    kind: str
    label: str
    ctype_id: int


def question_kinds() -> list[QuestionKind]:
    """Every registered type that has a question model, in the registry's order, a third
    party's too. Content types come from Django's per-process cache: no query once warm."""
    models_by_spec: dict[type, type[Question]] = {}
    for model in apps.get_models():
        spec_class = getattr(model, "spec_class", None)
        if issubclass(model, Question) and spec_class is not None:
            models_by_spec.setdefault(spec_class, model)
    pairs = [
        (question_type, models_by_spec[question_type.spec_class])
        for question_type in registry.all()
        if question_type.spec_class in models_by_spec
    ]
    ctypes = ContentType.objects.get_for_models(*(model for _type, model in pairs))
    return [
        QuestionKind(question_type.kind, str(model._meta.verbose_name), ctypes[model].pk)
        for question_type, model in pairs
    ]


@dataclass
class CategoryNode:
    """A folder of the bank's tree. Nested names use "/", so "Examen/Emoties" sits under
    "Examen", which need not exist as a category of its own (then `category_id` is None)."""

    path: str
    label: str
    depth: int
    own: int = 0
    total: int = 0
    category_id: int | None = None
    children: list[CategoryNode] = field(default_factory=list)


def question_category_tree(*, course_id: int) -> list[CategoryNode]:
    """The course's categories as a tree, each with its own number of questions and the total
    with its subfolders, in one query."""
    rows = (
        QuestionCategory.objects.filter(course_id=course_id)
        .annotate(count=Count("questions"))
        .values_list("pk", "name", "count")
    )
    nodes: dict[str, CategoryNode] = {}
    roots: list[CategoryNode] = []
    for pk, name, count in rows:
        parts = name.split("/")
        parent: CategoryNode | None = None
        for depth in range(len(parts)):
            path = "/".join(parts[: depth + 1])
            node = nodes.get(path)
            if node is None:
                node = nodes[path] = CategoryNode(
                    path=path, label=parts[depth].strip() or path, depth=depth
                )
                (parent.children if parent is not None else roots).append(node)
            parent = node
        parent.category_id = pk
        parent.own = count

    def finish(level: list[CategoryNode]) -> int:
        level.sort(key=lambda node: (node.label.casefold(), node.path))
        total = 0
        for node in level:
            node.total = node.own + finish(node.children)
            total += node.total
        return total

    finish(roots)
    return roots


def category_tree_flat(tree: list[CategoryNode]) -> list[CategoryNode]:
    """The tree's folders in the order it shows them, for a list of choices."""
    flat: list[CategoryNode] = []
    for node in tree:
        flat.append(node)
        flat.extend(category_tree_flat(node.children))
    return flat


MAX_SEARCH_WORDS = 10


def question_bank_list(
    *,
    course_id: int,
    category: str = "",
    subcategories: bool = True,
    ctype_id: int | None = None,
    search: str = "",
) -> QuerySet[Question]:
    """The course's questions, filtered by a category path (with or without its subfolders),
    a type (its content type) and words that each occur in the name or the text; as base rows
    (`non_polymorphic`), so that a page of them is one query whatever their types."""
    questions = Question.objects.non_polymorphic().filter(category__course_id=course_id)
    if category:
        where = Q(category__name=category)
        if subcategories:
            where |= Q(category__name__startswith=f"{category}/")
        questions = questions.filter(where)
    if ctype_id is not None:
        questions = questions.filter(polymorphic_ctype_id=ctype_id)
    for word in search.split()[:MAX_SEARCH_WORDS]:
        questions = questions.filter(Q(name__icontains=word) | Q(text__icontains=word))
    return (
        questions.select_related("category")
        .only(
            "pk",
            "name",
            "text",
            "text_format",
            "default_points",
            "retired_at",
            "polymorphic_ctype_id",
            "category__name",
        )
        .order_by("category__name", "name", "pk")
    )


def question_in_bank(*, course_id: int, question_id: int) -> Question | None:
    """One question of the course's bank (a base row: its type comes from its key)."""
    return (
        Question.objects.non_polymorphic()
        .select_related("category")
        .filter(pk=question_id, category__course_id=course_id)
        .first()
    )


def _preview_order(count: int, *, question_id: int) -> list[int]:
    """A fixed shuffled order for a preview, never the key's own (as an attempt shuffles)."""
    order = list(range(count))
    random.Random(f"preview:{question_id}:{count}").shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def question_as_learner_sees_it(question: Question) -> AttemptQuestion:
    """The question as an attempt freezes it (the same JSON as `quizzes.services`), numbered 1
    at its default points; ValidationError or ValueError for a key that cannot be read."""
    spec = question.spec()
    question_type = registry.for_spec(spec)
    frozen = {
        "question_id": question.pk,
        "name": question.name,
        "text": question.text,
        "text_format": question.text_format,
        "general_feedback": question.general_feedback,
        "spec": specs.spec_to_json(spec),
        "points": str(question.default_points),
        "option_order": None,
    }
    return AttemptQuestion(
        position=0,
        number=1 if question_type.answerable else None,
        type=question_type,
        spec=spec,
        frozen=frozen,
        order=question_type.shown_order(
            spec, frozen, partial(_preview_order, question_id=question.pk)
        ),
    )


@dataclass(frozen=True)
class ExampleAnswer:
    """An answer the type makes up, in words, with the score and feedback it would get."""

    right: bool
    given: list
    fraction: Decimal
    feedback: list

    @property
    def percent(self) -> str:
        return display.number(self.fraction * 100)


@dataclass(frozen=True)
class QuestionKey:
    """A question's key as its author reads it: the right answer in words (the type's review
    text), the general feedback, and a right and a wrong example answer with their feedback."""

    correct: list
    correct_label: str
    ordered: bool
    general_feedback: SafeString | str
    examples: list[ExampleAnswer]
    answerable: bool = True
    graded_by_hand: bool = False


def question_key_in_words(question: AttemptQuestion) -> QuestionKey:
    """What the result page would say about the question, and the feedback an answer gets."""
    question_type, spec = question.type, question.spec
    text_format = question.text_format
    correct = question_type.review_correct(question) if question_type.answerable else []
    examples = []
    for right in (True, False):
        answer = question_type.example_answer(spec, right=right)
        if answer is None:
            continue
        try:
            result = grading.grade(spec, answer)
            given = question_type.review_given(question, answer)
        except (grading.InvalidResponse, LookupError, TypeError, ValueError):
            continue
        examples.append(
            ExampleAnswer(
                right=right,
                given=given,
                fraction=result.fraction,
                feedback=[display.inline(text, text_format) for text in result.feedback if text],
            )
        )
    general = question.frozen.get("general_feedback") or ""
    return QuestionKey(
        correct=correct,
        correct_label=question_type.review_correct_label(question, correct),
        ordered=question_type.review_ordered,
        general_feedback=display.inline(general, text_format) if general else "",
        examples=examples,
        answerable=question_type.answerable,
        graded_by_hand=question_type.graded_by_hand,
    )


def question_type_of(model: type[Question]):
    """The registered type of a question model (by its spec class), or None."""
    spec_class = getattr(model, "spec_class", None)
    return next((t for t in registry.all() if t.spec_class is spec_class), None)


def question_model_for_kind(kind: str) -> type[Question] | None:
    """The question model of a registered type's kind, a third party's too."""
    found = next((k for k in question_kinds() if k.kind == kind), None)
    if found is None:
        return None
    return ContentType.objects.get_for_id(found.ctype_id).model_class()


def question_versions(*, question_id: int) -> list[QuestionVersion]:
    """The question's kept versions, newest first."""
    return list(
        QuestionVersion.objects.filter(question_id=question_id)
        .only("number", "created_at", "actor_name", "summary", "question_id")
        .order_by("-number")
    )


def attempt_ids_with_question(question_id: int) -> list[int]:
    """Every attempt whose frozen questions include this question, in primary key order."""
    attempts = Attempt.objects.order_by("pk")
    if connection.features.supports_json_field_contains:
        return list(
            attempts.filter(questions__contains=[{"question_id": question_id}]).values_list(
                "pk", flat=True
            )
        )
    return [
        pk
        for pk, questions in attempts.values_list("pk", "questions").iterator(chunk_size=500)
        if any(entry.get("question_id") == question_id for entry in questions or ())
    ]


def question_used(*, question_id: int) -> bool:
    """Whether a quiz holds the question in a fixed place or an attempt froze it."""
    return QuizSlot.objects.filter(question_id=question_id).exists() or bool(
        attempt_ids_with_question(question_id)
    )
