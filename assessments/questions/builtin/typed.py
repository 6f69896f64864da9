"""Typed answers: short answer (words) and numeric (a number, with tolerance or a range).

- Short answer: case, surrounding and repeated whitespace and Unicode composition are ignored
  (case is kept when the key is case sensitive; spacing and composition never count); `*` in
  an accepted answer matches any run of characters and `\\*` a literal star. The best matching
  answer scores.
- Numeric: an answer accepts the closed range [low, high] when both are set, else
  value +/- tolerance (both ends included); an answer with neither value nor bounds accepts any
  number, like Moodle's `*` answer (GIFT `~#feedback` in a numeric question). A decimal comma
  is read as a decimal point; text that is no number scores 0 (a wrong answer, not a broken
  request).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal, DecimalException
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from ...quizzes import grading
from ...quizzes.grading import MAX_ANSWER_LENGTH, ZERO, GradeResult, InvalidResponse
from .. import display
from ..authoring import NumericKeyForm, ShortAnswerKeyForm
from ..gift import (
    WHITESPACE,
    GiftProblem,
    GiftReader,
    GiftWriter,
    decimal_text,
    percent,
    read_number,
    unescape,
)
from ..specs import (
    Choice,
    NumericAnswer,
    NumericSpec,
    ShortAnswerSpec,
    choice_from_json,
    choice_json,
    dec,
    undec,
)
from ..types import AttemptQuestion, QuestionType
from ..widgets import one, too_long
from .common import top_answers

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


class _TypedType(QuestionType):
    """An answer typed in one text field, at most MAX_ANSWER_LENGTH characters."""

    widget_shared = True

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        value = one(values, question.name)
        if len(value) > MAX_ANSWER_LENGTH:
            raise too_long(MAX_ANSWER_LENGTH)
        return value if value.strip() else None

    def widget_context(self, question: AttemptQuestion, values: dict[str, list[str]]) -> dict:
        return {"max_length": MAX_ANSWER_LENGTH}

    def review_given(self, question: AttemptQuestion, answer: Any) -> list:
        return [str(answer)]


class ShortAnswerType(_TypedType):
    kind = "short_answer"
    authoring_form = ShortAnswerKeyForm
    spec_class = ShortAnswerSpec
    gift_priority = 60

    def example_answer(self, spec: ShortAnswerSpec, *, right: bool = True) -> Any:
        if not right:
            return "weet ik niet"
        best = max((a.fraction for a in spec.answers), default=None)
        return next(
            (a.text for a in spec.answers if a.fraction == best and "*" not in a.text), None
        )

    def to_json(self, spec: ShortAnswerSpec) -> dict:
        return {
            "answers": [choice_json(c) for c in spec.answers],
            "case_sensitive": spec.case_sensitive,
        }

    def from_json(self, data: Mapping[str, Any]) -> ShortAnswerSpec:
        return ShortAnswerSpec(
            tuple(choice_from_json(c) for c in data["answers"]), data.get("case_sensitive", False)
        )

    def key_problems(self, spec: ShortAnswerSpec) -> list[str]:
        problems = grading.choice_problems(spec.answers, "answer")
        if spec.answers:
            problems += grading.full_marks_problems(self.max_fraction(spec), "answer")
        return problems

    def grade(self, spec: ShortAnswerSpec, response: Any) -> GradeResult:
        text = _normalise(
            grading.check_text(response, "a short answer", MAX_ANSWER_LENGTH), spec.case_sensitive
        )
        if not text:
            return grading.result(ZERO)
        found = grading.best(
            spec.answers, lambda a: _wildcard_match(_pattern(a.text, spec.case_sensitive), text)
        )
        if found is None:
            return grading.result(ZERO)
        return grading.result(grading.key_fraction(found.fraction), [found.feedback])

    def max_fraction(self, spec: ShortAnswerSpec) -> Decimal:
        reachable = (
            grading.finish(grading.key_fraction(a.fraction))
            for a in spec.answers
            if _normalise(a.text, spec.case_sensitive)
        )
        return max(reachable, default=ZERO)

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        return bool(body) and body.startswith("=")

    def gift_read(self, reader: GiftReader, start: int, end: int, opening: int) -> ShortAnswerSpec:
        answers = []
        for number, (_marker, a, b) in enumerate(
            reader.segments(start, end, "=", "een kortantwoordvraag")
        ):
            at = a - 1
            fraction, a = reader.weight(a, b)
            text_end, feedback = reader.feedback(a, b, f"answers.{number}.feedback")
            text = reader.formatted(a, text_end, f"answers.{number}.text")
            if not text:
                raise GiftProblem(at, "een antwoord zonder tekst in een kortantwoordvraag")
            answers.append(Choice(text, Decimal(1) if fraction is None else fraction, feedback))
        if not any(answer.fraction == 1 for answer in answers):
            raise GiftProblem(opening, "geen van de antwoorden is 100% goed")
        return ShortAnswerSpec(tuple(answers))

    def gift_write(self, spec: ShortAnswerSpec, writer: GiftWriter) -> str:
        if spec.case_sensitive:
            raise ValueError("GIFT kan een hoofdlettergevoelig kort antwoord niet uitdrukken")
        if not spec.answers:
            raise ValueError("een kortantwoordvraag zonder antwoorden")
        lines = []
        for number, answer in enumerate(spec.answers):
            if "->" in answer.text or "->" in answer.feedback:
                raise ValueError("GIFT leest -> in een kort antwoord als koppelvraag")
            weight = percent(answer.fraction)
            weight = f"%{weight}%" if answer.fraction != 1 or answer.text.startswith("%") else ""
            lines.append(
                "="
                + weight
                + writer.text(answer.text, f"answers.{number}.text")
                + writer.feedback(answer.feedback, f"answers.{number}.feedback")
            )
        return writer.lines_block(lines)

    def review_correct(self, question: AttemptQuestion) -> list:
        """The full-marks answers as a person reads them: a plain answer as it is, a pattern
        with a wildcard in words ("een antwoord dat begint met ‘samenvat’"), never the raw
        pattern; plain answers first, they are the best examples."""
        answers = top_answers(question.spec.answers)
        patterns = [_pattern(a.text, True) for a in answers]
        plain = [pieces[0] for pieces in patterns if len(pieces) == 1]
        described = [_pattern_in_words(pieces) for pieces in patterns if len(pieces) > 1]
        return plain + described


class NumericType(_TypedType):
    kind = "numeric"
    authoring_form = NumericKeyForm
    spec_class = NumericSpec
    gift_priority = 20

    def example_answer(self, spec: NumericSpec, *, right: bool = True) -> Any:
        exact = next((a for a in spec.answers if a.fraction == 1), None)
        if not right or exact is None:
            return None
        return str(exact.value if exact.value is not None else exact.low)

    def to_json(self, spec: NumericSpec) -> dict:
        return {
            "answers": [
                {
                    "value": dec(a.value),
                    "tolerance": str(a.tolerance),
                    "low": dec(a.low),
                    "high": dec(a.high),
                    "fraction": str(a.fraction),
                    "feedback": a.feedback,
                }
                for a in spec.answers
            ]
        }

    def from_json(self, data: Mapping[str, Any]) -> NumericSpec:
        return NumericSpec(
            tuple(
                NumericAnswer(
                    value=undec(a.get("value")),
                    tolerance=Decimal(a.get("tolerance", "0")),
                    low=undec(a.get("low")),
                    high=undec(a.get("high")),
                    fraction=Decimal(a.get("fraction", "1")),
                    feedback=a.get("feedback", ""),
                )
                for a in data["answers"]
            )
        )

    def key_problems(self, spec: NumericSpec) -> list[str]:
        if not spec.answers:
            return ["the question has no answers"]
        problems: list[str] = []
        for number, answer in enumerate(spec.answers, start=1):
            problems += grading.fraction_problems("answer", number, answer.fraction)
            has_low, has_high = answer.low is not None, answer.high is not None
            if has_low != has_high and answer.value is None:
                problems.append(f"answer {number} gives only one end of its range")
            elif (has_low or has_high or answer.value is not None) and _bounds(answer) is None:
                problems.append(f"answer {number} accepts no number (check its range or value)")
            try:
                if grading.to_decimal(answer.tolerance) < 0:
                    problems.append(f"answer {number} has a negative tolerance")
            except (TypeError, ValueError, DecimalException):
                problems.append(f"answer {number} has a tolerance that is not a number")
        return problems + grading.full_marks_problems(self.max_fraction(spec), "answer")

    def grade(self, spec: NumericSpec, response: Any) -> GradeResult:
        number = _parse_number(response)
        if number is None:
            return grading.result(ZERO)
        found = grading.best(spec.answers, lambda a: _numeric_match(a, number))
        if found is None:
            return grading.result(ZERO)
        return grading.result(grading.key_fraction(found.fraction), [found.feedback])

    def max_fraction(self, spec: NumericSpec) -> Decimal:
        reachable = (
            grading.finish(grading.key_fraction(a.fraction))
            for a in spec.answers
            if _bounds(a) is not None
        )
        return max(reachable, default=ZERO)

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        return bool(body) and body.startswith("#")

    def gift_read(self, reader: GiftReader, start: int, end: int, opening: int) -> NumericSpec:
        start += 1  # after the #
        tilde = reader.m.find("~", start, end)
        main_end = end if tilde < 0 else tilde
        equals = [i for i in range(start, main_end) if reader.m[i] == "="]
        first = equals[0] if equals else main_end
        pieces = [(start, first)] if reader.t[start:first].strip(WHITESPACE) else []
        bounds = [*equals, main_end]
        pieces += [(p + 1, bounds[i + 1]) for i, p in enumerate(equals)]
        answers = [_read_numeric_answer(reader, a, b, n) for n, (a, b) in enumerate(pieces)]
        if tilde >= 0:
            # Moodle's "any other answer": `~#feedback`, worth nothing, checked last.
            rest = reader.skip(tilde + 1, end)
            if reader.m.find("~", rest, end) >= 0 or (rest < end and reader.t[rest] != "#"):
                raise GiftProblem(tilde, "na ~ mag in een numerieke vraag alleen #feedback volgen")
            key = f"answers.{len(answers)}.feedback"
            feedback = reader.formatted(rest + 1, end, key) if rest < end else ""
            answers.append(NumericAnswer(fraction=Decimal(0), feedback=feedback))
        if not any(answer.value is not None or answer.low is not None for answer in answers):
            raise GiftProblem(opening, "een numerieke vraag zonder antwoord")
        if not any(answer.fraction == 1 for answer in answers):
            raise GiftProblem(opening, "geen van de antwoorden is 100% goed")
        return NumericSpec(tuple(answers))

    def gift_write(self, spec: NumericSpec, writer: GiftWriter) -> str:
        answers = spec.answers
        if not answers:
            raise ValueError("een numerieke vraag zonder antwoorden")
        lines = []
        for n, answer in enumerate(answers):
            weight = percent(answer.fraction)
            key = f"answers.{n}.feedback"
            ranged = answer.low is not None or answer.high is not None
            if answer.value is None and not ranged:
                if answer.tolerance:
                    raise ValueError("een ‘elk ander antwoord’ heeft geen marge")
                if n == len(answers) - 1 and answer.fraction == 0:
                    lines.append("~" + writer.feedback(answer.feedback, key))
                    continue
                number = "*"
            elif ranged:
                if answer.low is None or answer.high is None or answer.value is not None:
                    raise ValueError("een bereik heeft een onder- en een bovengrens en geen waarde")
                if answer.tolerance or answer.low > answer.high:
                    raise ValueError("een bereik loopt van laag naar hoog, zonder marge")
                number = f"{decimal_text(answer.low)}..{decimal_text(answer.high)}"
            else:
                if answer.tolerance < 0:
                    raise ValueError("een marge is niet negatief")
                number = decimal_text(answer.value)
                if answer.tolerance:
                    number += ":" + decimal_text(answer.tolerance)
            weight = f"%{weight}%" if answer.fraction != 1 else ""
            lines.append("=" + weight + number + writer.feedback(answer.feedback, key))
        return writer.lines_block(lines, "{#")

    def review_correct(self, question: AttemptQuestion) -> list:
        return [_numeric_text(a) for a in top_answers(question.spec.answers)]


# --- short answer -----------------------------------------------------------------------------


def _normalise(text: str, case_sensitive: bool) -> str:
    """Composed Unicode, single spaces, no surrounding space, and (by default) no case:
    differences a learner cannot see or that a trainer would never mark wrong."""
    text = " ".join(grading.nfc(text).split())
    return text if case_sensitive else grading.nfc(text.casefold())


@lru_cache(maxsize=4096)
def _pattern(key: str, case_sensitive: bool) -> tuple[str, ...]:
    """An accepted answer as its literal pieces between wildcards: one piece means no wildcard.

    Parsed rather than turned into a regular expression, because `*a*b*c` against a 10,000
    character answer backtracks for minutes in `re`; matching pieces with `str.find` is linear
    in practice.
    """
    pieces: list[str] = []
    current: list[str] = []
    text = _normalise(key, case_sensitive)
    i = 0
    while i < len(text):
        if text.startswith("\\*", i):
            current.append("*")
            i += 2
            continue
        if text[i] == "*":
            pieces.append("".join(current))
            current = []
        else:
            current.append(text[i])
        i += 1
    pieces.append("".join(current))
    return tuple(pieces)


def _pattern_in_words(pieces: tuple[str, ...]) -> str:
    """A wildcard answer described: what it starts with, holds and ends with."""
    first, *middle, last = pieces
    rules = []
    if first:
        rules.append(_("begint met ‘%(text)s’") % {"text": first})
    rules += [_("‘%(text)s’ bevat") % {"text": piece} for piece in middle if piece]
    if last:
        rules.append(_("eindigt op ‘%(text)s’") % {"text": last})
    if not rules:
        return _("elk antwoord")
    return _("een antwoord dat %(rules)s") % {"rules": _(" en ").join(rules)}


def _wildcard_match(pieces: tuple[str, ...], text: str) -> bool:
    if len(pieces) == 1:
        return pieces[0] == text and text != ""
    first, *middle, last = pieces
    if len(first) + len(last) > len(text) or not (text.startswith(first) and text.endswith(last)):
        return False
    position, end = len(first), len(text) - len(last)
    for piece in middle:
        found = text.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


# --- numeric ----------------------------------------------------------------------------------


def _parse_number(response: Any) -> Decimal | None:
    """The learner's number, or None when there is none or it cannot be read (which scores 0
    rather than failing: "3,14.5" is a wrong answer, not a broken request)."""
    if response is None:
        return None
    if isinstance(response, bool):
        raise InvalidResponse(f"a numeric answer must be a number or text, got {response!r}")
    if isinstance(response, int):
        return Decimal(response)
    if isinstance(response, float):
        return Decimal(repr(response)) if math.isfinite(response) else None
    if isinstance(response, Decimal):
        return response if response.is_finite() else None
    text = grading.check_text(response, "a numeric answer", MAX_ANSWER_LENGTH)
    text = text.strip().replace("\u2212", "-")
    if not _NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", "."))


def _numeric_match(answer: NumericAnswer, number: Decimal) -> bool:
    bounds = _bounds(answer)
    if bounds is None:
        return False
    low, high = bounds
    return (low is None or low <= number) and (high is None or number <= high)


def _bounds(answer: NumericAnswer) -> tuple[Decimal | None, Decimal | None] | None:
    """The closed interval an answer accepts, (None, None) for any number, or None when it
    accepts nothing (a half-given or inverted range, or a non-finite key)."""
    try:
        if answer.low is not None and answer.high is not None:
            low, high = grading.to_decimal(answer.low), grading.to_decimal(answer.high)
        elif answer.value is not None:
            value = grading.to_decimal(answer.value)
            tolerance = abs(grading.to_decimal(answer.tolerance))
            low, high = value - tolerance, value + tolerance
        elif answer.low is None and answer.high is None:
            return None, None
        else:
            return None
    except DecimalException:
        return None
    if not (low.is_finite() and high.is_finite()) or low > high:
        return None
    return low, high


def _numeric_text(answer: NumericAnswer) -> str:
    """An accepted answer in words, for the result page."""
    if answer.low is not None and answer.high is not None:
        return _("tussen %(low)s en %(high)s") % {
            "low": display.number(answer.low),
            "high": display.number(answer.high),
        }
    if answer.value is None:
        return _("elk getal")
    if answer.tolerance:
        return _("%(value)s (het mag %(tolerance)s meer of minder zijn)") % {
            "value": display.number(answer.value),
            "tolerance": display.number(answer.tolerance),
        }
    return display.number(answer.value)


def _read_numeric_answer(reader: GiftReader, start: int, end: int, n: int) -> NumericAnswer:
    fraction, start = reader.weight(start, end)
    fraction = Decimal(1) if fraction is None else fraction
    text_end, feedback = reader.feedback(start, end, f"answers.{n}.feedback")
    start, text_end = reader.trim(start, text_end)
    raw = unescape(reader.t[start:text_end])
    if raw == "*":
        return NumericAnswer(fraction=fraction, feedback=feedback)
    if (dots := raw.find("..", 1)) > 0:
        low = read_number(raw[:dots].strip(WHITESPACE), start)
        high = read_number(raw[dots + 2 :].strip(WHITESPACE), start)
        if low > high:
            raise GiftProblem(start, f"het bereik ‘{raw}’ loopt van hoog naar laag")
        return NumericAnswer(low=low, high=high, fraction=fraction, feedback=feedback)
    value, colon, tolerance = raw.partition(":")
    margin = read_number(tolerance.strip(WHITESPACE), start) if colon else Decimal(0)
    if margin < 0:
        raise GiftProblem(start, f"de marge ‘{tolerance.strip(WHITESPACE)}’ mag niet negatief zijn")
    return NumericAnswer(
        value=read_number(value.strip(WHITESPACE), start),
        tolerance=margin,
        fraction=fraction,
        feedback=feedback,
    )
