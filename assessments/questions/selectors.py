"""Reads for the question bank: which exams a change to questions or categories reaches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from ..models import Quiz, QuizSlot


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
