"""Choices: single choice (one answer), multiple response (several, fractions add up) and
true/false.

- Single choice: the picked choice's fraction is the score.
- Multiple response: the fractions of the picked choices add up (negative ones subtract), the
  total clamped to [0, 1]; picking a choice twice counts once.
- True/false: full marks for the right one; each answer has its own feedback.

A choice is posted as the position the learner sees it at (`option_order`, frozen with the
attempt when the quiz shuffles options), never as its position in the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ...quizzes import grading
from ...quizzes.grading import ONE, ZERO, GradeResult, InvalidResponse
from .. import display
from ..authoring import ChoicesKeyForm, TrueFalseKeyForm
from ..gift import GiftProblem, GiftReader, GiftWriter, percent
from ..specs import (
    Choice,
    MultipleResponseSpec,
    SingleChoiceSpec,
    TrueFalseSpec,
    choice_from_json,
    choice_json,
)
from ..types import AttemptQuestion, QuestionType
from ..widgets import index, one, wrong_answer
from .common import top_answers

_TRUE_WORDS = ("T", "TRUE")
_FALSE_WORDS = ("F", "FALSE")
_SPACES = " \t\r\n\x0b\x0c"


class _ChoiceType(QuestionType):
    """What single choice and multiple response share: a list of choices, shown in the order
    frozen with the attempt."""

    multiple = False
    widget_shared = True
    authoring_form = ChoicesKeyForm

    def to_json(self, spec: Any) -> dict:
        return {"choices": [choice_json(c) for c in spec.choices]}

    def from_json(self, data: Mapping[str, Any]) -> Any:
        return self.spec_class(tuple(choice_from_json(c) for c in data["choices"]))

    def gift_read(self, reader: GiftReader, start: int, end: int, opening: int) -> Any:
        return self.spec_class(_read_choices(reader, start, end, opening, single=not self.multiple))

    def gift_write(self, spec: Any, writer: GiftWriter) -> str:
        return writer.lines_block(_write_choices(spec.choices, writer, single=not self.multiple))

    def shown_order(
        self, spec: Any, frozen: Mapping[str, Any], shuffle: Callable[[int], list[int]]
    ) -> tuple[int, ...]:
        count = len(spec.choices)
        given = frozen.get("option_order")
        if isinstance(given, list) and sorted(given) == list(range(count)):
            return tuple(given)
        return tuple(range(count))

    def widget_context(self, question: AttemptQuestion, values: dict[str, list[str]]) -> dict:
        choices, text_format = question.spec.choices, question.text_format
        return {
            "options": [
                {
                    "value": shown,
                    "label": display.inline(choices[key].text, text_format),
                }
                for shown, key in enumerate(question.order)
            ]
        }

    def _texts(self, question: AttemptQuestion, indexes: Sequence[int]) -> list:
        choices = question.spec.choices
        return [
            display.inline(choices[i].text, question.text_format)
            for i in indexes
            if 0 <= i < len(choices)
        ]


class SingleChoiceType(_ChoiceType):
    kind = "single_choice"
    spec_class = SingleChoiceSpec
    gift_priority = 30

    def example_answer(self, spec: SingleChoiceSpec, *, right: bool = True) -> Any:
        if right:
            return max(range(len(spec.choices)), key=lambda i: spec.choices[i].fraction)
        return next((i for i, c in enumerate(spec.choices) if c.fraction <= 0), None)

    def key_problems(self, spec: SingleChoiceSpec) -> list[str]:
        problems = grading.choice_problems(spec.choices, "choice")
        problems += grading.duplicates([" ".join(c.text.split()) for c in spec.choices], "choice")
        if len(spec.choices) == 1:
            problems.append("the question has only one choice")
        if spec.choices:
            problems += grading.full_marks_problems(self.max_fraction(spec), "choice")
        return problems

    def grade(self, spec: SingleChoiceSpec, response: Any) -> GradeResult:
        if response is None:
            return grading.result(ZERO)
        choice = spec.choices[grading.check_index(response, len(spec.choices))]
        return grading.result(grading.key_fraction(choice.fraction), [choice.feedback])

    def max_fraction(self, spec: SingleChoiceSpec) -> Decimal:
        fractions = (grading.finish(grading.key_fraction(c.fraction)) for c in spec.choices)
        return max(fractions, default=ZERO)

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        return bool(body) and "~" in masked and "=" in masked

    def form_value(self, question: AttemptQuestion, answer: Any) -> dict[str, list[str]]:
        return {question.name: [str(question.order.index(answer))]}

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        value = one(values, question.name)
        return None if value == "" else question.order[index(value, len(question.order))]

    def review_given(self, question: AttemptQuestion, answer: Any) -> list:
        return self._texts(question, [answer])

    def review_correct(self, question: AttemptQuestion) -> list:
        text_format = question.text_format
        return [display.inline(c.text, text_format) for c in top_answers(question.spec.choices)]


class MultipleResponseType(_ChoiceType):
    kind = "multiple_response"
    spec_class = MultipleResponseSpec
    gift_priority = 31
    multiple = True

    def example_answer(self, spec: MultipleResponseSpec, *, right: bool = True) -> Any:
        picked = [i for i, c in enumerate(spec.choices) if (c.fraction > 0) == right]
        return picked if right else (picked[:1] or None)

    def key_problems(self, spec: MultipleResponseSpec) -> list[str]:
        problems = grading.choice_problems(spec.choices, "choice")
        problems += grading.duplicates([" ".join(c.text.split()) for c in spec.choices], "choice")
        fractions = (grading.key_fraction(c.fraction) for c in spec.choices)
        positive = sum((f for f in fractions if f > 0), ZERO)
        if spec.choices and positive <= 0:
            problems.append("no choice gives any marks")
        elif spec.choices and abs(positive - ONE) > grading.FULL_MARKS_TOLERANCE:
            problems.append(
                f"the positive fractions add up to {positive.normalize()}, not 1 (100%)"
            )
        return problems

    def grade(self, spec: MultipleResponseSpec, response: Any) -> GradeResult:
        if response is None:
            return grading.result(ZERO)
        if not isinstance(response, list | tuple):
            raise InvalidResponse(
                "a multiple response answer must be a list of choice indexes, got "
                f"{grading.type_name(response)}"
            )
        chosen = sorted({grading.check_index(i, len(spec.choices)) for i in response})
        choices = [spec.choices[i] for i in chosen]
        total = sum((grading.key_fraction(c.fraction) for c in choices), ZERO)
        return grading.result(total, [c.feedback for c in choices])

    def max_fraction(self, spec: MultipleResponseSpec) -> Decimal:
        fractions = (grading.key_fraction(c.fraction) for c in spec.choices)
        return grading.finish(sum((f for f in fractions if f > 0), ZERO))

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        return bool(body) and "~" in masked and "=" not in masked

    def form_value(self, question: AttemptQuestion, answer: Any) -> dict[str, list[str]]:
        return {question.name: [str(question.order.index(i)) for i in answer]}

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        order = question.order
        picked = {order[index(v, len(order))] for v in values.get(question.name, ())}
        return sorted(picked) or None

    def review_given(self, question: AttemptQuestion, answer: Any) -> list:
        return self._texts(question, sorted(answer))

    def review_correct(self, question: AttemptQuestion) -> list:
        text_format = question.text_format
        return [
            display.inline(c.text, text_format) for c in question.spec.choices if c.fraction > 0
        ]

    def review_correct_label(self, question: AttemptQuestion, correct: Sequence) -> str:
        if len(correct) < 2:
            return _("Het goede antwoord")
        return _("De goede antwoorden")


class TrueFalseType(QuestionType):
    kind = "true_false"
    authoring_form = TrueFalseKeyForm
    spec_class = TrueFalseSpec
    widget_shared = True
    gift_priority = 50

    def example_answer(self, spec: TrueFalseSpec, *, right: bool = True) -> Any:
        return spec.answer if right else not spec.answer

    def to_json(self, spec: TrueFalseSpec) -> dict:
        return {
            "answer": spec.answer,
            "feedback_if_true": spec.feedback_if_true,
            "feedback_if_false": spec.feedback_if_false,
        }

    def from_json(self, data: Mapping[str, Any]) -> TrueFalseSpec:
        return TrueFalseSpec(
            bool(data["answer"]),
            data.get("feedback_if_true", ""),
            data.get("feedback_if_false", ""),
        )

    def key_problems(self, spec: TrueFalseSpec) -> list[str]:
        if not isinstance(spec.answer, bool):
            return [f"the answer must be true or false, got {spec.answer!r}"]
        return []

    def grade(self, spec: TrueFalseSpec, response: Any) -> GradeResult:
        if response is None:
            return grading.result(ZERO)
        if not isinstance(response, bool):
            raise InvalidResponse(f"a true/false answer must be true or false, got {response!r}")
        feedback = spec.feedback_if_true if response else spec.feedback_if_false
        return grading.result(ONE if response == spec.answer else ZERO, [feedback])

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        return bool(body) and _true_false_word(body, masked) is not None

    def gift_read(self, reader: GiftReader, start: int, end: int, opening: int) -> TrueFalseSpec:
        answer = _true_false_word(reader.t[start:end], reader.m[start:end])
        hashes = [i for i in range(start, end) if reader.m[i] == "#"][:2]
        bounds = [start - 1, *hashes, end]
        # The first feedback is shown after a wrong answer, the second after the right one.
        wrong_key, right_key = (
            ("feedback_if_false", "feedback_if_true")
            if answer
            else ("feedback_if_true", "feedback_if_false")
        )
        wrong = reader.formatted(bounds[1] + 1, bounds[2], wrong_key) if len(bounds) > 2 else ""
        right = reader.formatted(bounds[2] + 1, bounds[3], right_key) if len(bounds) > 3 else ""
        if answer:
            return TrueFalseSpec(True, feedback_if_true=right, feedback_if_false=wrong)
        return TrueFalseSpec(False, feedback_if_true=wrong, feedback_if_false=right)

    def gift_write(self, spec: TrueFalseSpec, writer: GiftWriter) -> str:
        if spec.answer:
            word, right, wrong = "TRUE", "feedback_if_true", "feedback_if_false"
        else:
            word, right, wrong = "FALSE", "feedback_if_false", "feedback_if_true"
        right_text, wrong_text = getattr(spec, right), getattr(spec, wrong)
        out = word
        if wrong_text or right_text:
            out += "#" + (writer.text(wrong_text, wrong) if wrong_text else "")
        if right_text:
            out += "#" + writer.text(right_text, right)
        return "{" + out + writer.tail + "}"

    def form_value(self, question: AttemptQuestion, answer: Any) -> dict[str, list[str]]:
        return {question.name: ["true" if answer else "false"]}

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        value = one(values, question.name)
        if value == "":
            return None
        if value not in {"true", "false"}:
            raise wrong_answer()
        return value == "true"

    def review_given(self, question: AttemptQuestion, answer: Any) -> list:
        return [_("Juist") if answer else _("Onjuist")]

    def review_correct(self, question: AttemptQuestion) -> list:
        return [_("Juist") if question.spec.answer else _("Onjuist")]


def _true_false_word(body: str, masked: str) -> bool | None:
    """True or False when the block is GIFT's T, TRUE, F or FALSE (before any feedback)."""
    hash_ = masked.find("#")
    word = body[: hash_ if hash_ >= 0 else len(body)].strip(_SPACES).upper()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None


def _read_choices(
    reader: GiftReader, start: int, end: int, opening: int, *, single: bool
) -> tuple[Choice, ...]:
    choices = []
    for number, (marker, a, b) in enumerate(
        reader.segments(start, end, "~=", "een meerkeuzevraag")
    ):
        at = a - 1
        fraction, a = reader.weight(a, b)
        if fraction is None:
            fraction = Decimal(1) if marker == "=" else Decimal(0)
        text_end, feedback = reader.feedback(a, b, f"choices.{number}.feedback")
        text = reader.formatted(a, text_end, f"choices.{number}.text")
        if not text:
            raise GiftProblem(at, "een antwoord zonder tekst in een meerkeuzevraag")
        choices.append(Choice(text, fraction, feedback))
    if len(choices) < 2:
        raise GiftProblem(opening, "een meerkeuzevraag heeft minstens twee antwoorden nodig")
    if single and not any(choice.fraction == 1 for choice in choices):
        raise GiftProblem(
            opening, "meerkeuzevraag zonder goed antwoord: geen antwoord is 100% goed"
        )
    if not single and not any(choice.fraction > 0 for choice in choices):
        raise GiftProblem(
            opening,
            "meerkeuzevraag zonder goed antwoord: markeer het goede antwoord met =, "
            "of geef de goede antwoorden een gewicht zoals ~%50%",
        )
    return tuple(choices)


def _write_choices(choices: Sequence[Choice], writer: GiftWriter, *, single: bool) -> list[str]:
    if len(choices) < 2:
        raise ValueError("een meerkeuzevraag heeft in GIFT minstens twee antwoorden nodig")
    if single and not any(choice.fraction == 1 for choice in choices):
        raise ValueError(
            "een meerkeuzevraag met één antwoord heeft in GIFT een antwoord van 100% nodig"
        )
    # GIFT reads a block with = as single choice and needs a ~ to see a choice at all.
    all_right = all(choice.fraction == 1 for choice in choices)
    lines = []
    for number, choice in enumerate(choices):
        weight = percent(choice.fraction)
        if single and choice.fraction == 1 and not (all_right and number == len(choices) - 1):
            start = "=%100%" if choice.text.startswith("%") else "="
        elif choice.fraction != 0 or choice.text.startswith("%"):
            start = f"~%{weight}%"
        else:
            start = "~"
        lines.append(
            start
            + writer.text(choice.text, f"choices.{number}.text")
            + writer.feedback(choice.feedback, f"choices.{number}.feedback")
        )
    return lines
