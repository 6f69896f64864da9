"""No automatic score: the essay (an open answer a trainer grades) and the description (a
text between questions, with no answer at all).

An essay left empty scores 0 without review, since there is nothing for a trainer to judge
(Moodle does the same); any other essay waits for a trainer.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from ...quizzes import grading
from ...quizzes.grading import ZERO, GradeResult, InvalidResponse
from .. import display
from ..gift import GiftReader, GiftWriter
from ..specs import DescriptionSpec, EssaySpec
from ..types import AttemptQuestion, QuestionType
from ..widgets import wrong_answer


class EssayType(QuestionType):
    kind = "essay"
    authoring_labels = {"guidance": gettext_lazy("Aanwijzingen voor wie beoordeelt")}
    spec_class = EssaySpec
    gift_priority = 10
    graded_by_hand = True
    widget_shared = True

    def to_json(self, spec: EssaySpec) -> dict:
        return {"guidance": spec.guidance}

    def from_json(self, data: Mapping[str, Any]) -> EssaySpec:
        return EssaySpec(data.get("guidance", ""))

    def grade(self, spec: EssaySpec, response: Any) -> GradeResult:
        text = grading.check_text(response, "an essay", None)
        return GradeResult(fraction=ZERO, needs_review=bool(text.strip()))

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        return body == ""

    def gift_read(self, reader: GiftReader, start: int, end: int, opening: int) -> EssaySpec:
        return EssaySpec()

    def gift_write(self, spec: EssaySpec, writer: GiftWriter) -> str:
        if spec.guidance:
            raise ValueError("GIFT kan geen beoordelingsrichtlijn bij een open vraag opslaan")
        return "{" + writer.tail + "}"

    def review_given(self, question: AttemptQuestion, answer: Any) -> list:
        return [display.multiline(str(answer))]


class DescriptionType(QuestionType):
    kind = "description"
    spec_class = DescriptionSpec
    gift_priority = 0
    answerable = False
    widget_shared = True

    def to_json(self, spec: DescriptionSpec) -> dict:
        return {}

    def from_json(self, data: Mapping[str, Any]) -> DescriptionSpec:
        return DescriptionSpec()

    def grade(self, spec: DescriptionSpec, response: Any) -> GradeResult:
        if response is not None:
            raise InvalidResponse(
                f"a description takes no answer, got {grading.type_name(response)}"
            )
        return GradeResult(fraction=ZERO, gradable=False)

    def max_fraction(self, spec: DescriptionSpec) -> Decimal:
        return ZERO

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        return body is None

    def gift_read(self, reader: GiftReader, start: int, end: int, opening: int) -> DescriptionSpec:
        return DescriptionSpec()

    def gift_write(self, spec: DescriptionSpec, writer: GiftWriter) -> None:
        if writer.q.general_feedback:
            raise ValueError("een beschrijving kan in GIFT geen algemene feedback hebben")
        return None

    def input_names(self, question: AttemptQuestion) -> list[str]:
        return []

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        raise wrong_answer()
