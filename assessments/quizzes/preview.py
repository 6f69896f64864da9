"""A preview attempt for a course's authors and trainers: the quiz drawn exactly as an attempt
draws it (random questions, shuffled questions and options, frozen keys), answered and scored,
but kept in the session only. It is never an `Attempt`, so no result, gradebook, item analysis
or grading queue can count it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..models import Attempt, Quiz, Response
from ..questions import display
from ..questions.types import AttemptQuestion
from . import grading, services
from .forms import attempt_questions

SESSION_KEY = "quiz_preview"


def questions(session, quiz: Quiz) -> list[AttemptQuestion]:
    """The preview's questions: those drawn before for this quiz in this session, or a fresh
    draw (`services.AttemptError` when the quiz cannot be drawn, as for a learner)."""
    stored = session.get(SESSION_KEY) or {}
    frozen = stored.get("questions") if stored.get("quiz") == quiz.pk else None
    if frozen is None:
        frozen = services.quiz_draw(quiz, random.Random())
        session[SESSION_KEY] = {"quiz": quiz.pk, "questions": frozen}
    return attempt_questions(Attempt(quiz=quiz, questions=frozen))


def forget(session, quiz: Quiz) -> None:
    stored = session.get(SESSION_KEY) or {}
    if stored.get("quiz") == quiz.pk:
        del session[SESSION_KEY]


@dataclass
class PreviewResult:
    """The preview scored as the grading core scores an attempt (an essay is left open)."""

    responses: dict[int, Response] = field(default_factory=dict)
    points: Decimal = Decimal(0)
    max_points: Decimal = Decimal(0)
    by_hand: int = 0

    @property
    def percentage(self) -> str:
        if not self.max_points:
            return "0"
        return display.number((self.points / self.max_points * 100).quantize(Decimal("0.1")))

    @property
    def points_text(self) -> str:
        return display.number(self.points)

    @property
    def max_points_text(self) -> str:
        return display.number(self.max_points)


def score(questions_: list[AttemptQuestion], answers: dict[int, Any]) -> PreviewResult:
    """Score the preview's answers by the frozen keys, as unsaved `Response`s (by position) for
    the result page's review."""
    result = PreviewResult()
    responses = result.responses
    for question in questions_:
        if question.number is None:
            continue
        answer = answers.get(question.position)
        points = Decimal(question.points)
        result.max_points += points
        response = Response(position=question.position, answer=answer, feedback=[])
        if question.type.graded_by_hand:
            response.needs_review = True
            result.by_hand += 1
        else:
            try:
                graded = grading.grade(question.spec, answer)
            except grading.InvalidResponse:
                graded = grading.grade(question.spec, None)
            response.fraction = graded.fraction
            response.points = graded.fraction * points
            response.feedback = list(graded.feedback)
            result.points += response.points
        responses[question.position] = response
    return result
