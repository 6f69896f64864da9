"""A question type defined outside the project's apps: proof that question types are plugins.

"Fill in the gaps": a text with several gaps, written `[[answer]]` or `[[answer|also right]]`.
The learner types a word in every gap; the answer is the list of those words, and each gap
right earns its share of the points (case and spacing do not count). It registers in this
app's `ready()`, draws its widget from this app's
`templates/assessments/questions/gaps.html`, and changes nothing in `assessments`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from assessments.questions.types import AttemptQuestion, QuestionType
from assessments.questions.widgets import one, too_long
from assessments.quizzes import grading

_GAP = re.compile(r"\[\[(.*?)\]\]")
MAX_GAP_LENGTH = 200


@dataclass(frozen=True)
class GapsSpec:
    """The text with its gaps, each `[[right|also right]]`."""

    text: str


@dataclass(frozen=True)
class Gap:
    accepted: tuple[str, ...]


@lru_cache(maxsize=256)
def parts(text: str) -> tuple[str | Gap, ...]:
    """The text cut into its words and its gaps, in order."""
    pieces: list[str | Gap] = []
    position = 0
    for match in _GAP.finditer(text):
        if match.start() > position:
            pieces.append(text[position : match.start()])
        accepted = tuple(a.strip() for a in match[1].split("|"))
        pieces.append(Gap(accepted))
        position = match.end()
    if position < len(text):
        pieces.append(text[position:])
    return tuple(pieces)


def gaps(spec: GapsSpec) -> list[Gap]:
    return [part for part in parts(spec.text) if isinstance(part, Gap)]


def _same(given: str, accepted: str) -> bool:
    return " ".join(given.split()).casefold() == " ".join(accepted.split()).casefold()


class GapsType(QuestionType):
    kind = "gaps"
    spec_class = GapsSpec

    def to_json(self, spec: GapsSpec) -> dict:
        return {"text": spec.text}

    def from_json(self, data: Mapping[str, Any]) -> GapsSpec:
        return GapsSpec(data["text"])

    def key_problems(self, spec: GapsSpec) -> list[str]:
        found = gaps(spec)
        if not found:
            return ["the text has no [[gap]]"]
        return [
            f"gap {n} has an empty answer"
            for n, gap in enumerate(found, start=1)
            if not all(gap.accepted)
        ]

    def grade(self, spec: GapsSpec, response: Any) -> grading.GradeResult:
        found = gaps(spec)
        if response is None or not found:
            return grading.result(grading.ZERO)
        if not isinstance(response, list) or len(response) != len(found):
            raise grading.InvalidResponse(
                f"a gaps answer is a list of {len(found)} texts, got {response!r:.100}"
            )
        right = 0
        for given, gap in zip(response, found, strict=True):
            text = grading.check_text(given, "a gap", MAX_GAP_LENGTH)
            right += any(_same(text, accepted) for accepted in gap.accepted)
        return grading.result(Decimal(right) / len(found))

    def max_fraction(self, spec: GapsSpec) -> Decimal:
        return grading.ONE if gaps(spec) else grading.ZERO

    # The attempt form: one text input per gap, named q<position>-g<n>.

    def input_names(self, question: AttemptQuestion) -> list[str]:
        return [f"{question.name}-g{n}" for n in range(len(gaps(question.spec)))]

    def form_value(self, question: AttemptQuestion, answer: Any) -> dict[str, list[str]]:
        return {f"{question.name}-g{n}": [str(given)] for n, given in enumerate(answer)}

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        given = [one(values, name) for name in self.input_names(question)]
        if any(len(text) > MAX_GAP_LENGTH for text in given):
            raise too_long(MAX_GAP_LENGTH)
        return given if any(text.strip() for text in given) else None

    def widget_context(self, question: AttemptQuestion, values: dict[str, list[str]]) -> dict:
        shown = []
        number = 0
        for part in parts(question.spec.text):
            if isinstance(part, Gap):
                name = f"{question.name}-g{number}"
                number += 1
                shown.append(
                    {
                        "gap": True,
                        "name": name,
                        "number": number,
                        "value": (values.get(name) or [""])[0],
                    }
                )
            else:
                shown.append({"gap": False, "text": part})
        return {"parts": shown, "max_length": MAX_GAP_LENGTH}

    # The result page: the text with the learner's words, and with the right ones.

    def review_given(self, question: AttemptQuestion, answer: Any) -> list:
        return [self._filled(question.spec, [text.strip() or "…" for text in answer])]

    def review_correct(self, question: AttemptQuestion) -> list:
        return [self._filled(question.spec, [gap.accepted[0] for gap in gaps(question.spec)])]

    def _filled(self, spec: GapsSpec, words: list[str]) -> str:
        words = iter(words)
        return "".join(
            f"[{next(words)}]" if isinstance(part, Gap) else part for part in parts(spec.text)
        )
