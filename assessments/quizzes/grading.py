"""The pure grading core: score a response against a question's key, aggregate an attempt, and
apply a quiz's grading method. Plain values in, plain values out (no database), so that every
rule can be tested exhaustively and a regrade is a plain function call.

How one type of question scores is that type's own business: `grade`, `max_fraction` and
`is_key_consistent` ask the question-type registry (`assessments.questions.types`) for the
type of the spec and run its rule inside this module's exact decimal context. The helpers
below (`result`, `key_fraction`, `check_index`, ...) are the shared vocabulary those rules
use, the shipped types (`assessments.questions.builtin`) as much as a third party's.

Rules worth knowing (they are the ones learners and trainers will ask about):

- Fractions are Decimals, computed without float error, clamped to [0, 1] and quantised to 7
  places (ROUND_HALF_UP). A score within 1e-5 of 1 counts as 1, because GIFT weights such as
  `%33.33333%` x 3 are meant as "full marks" but add up to 0.9999999.
- An unanswered question (None, an empty string or list) scores 0 and is never an error; a
  response of the wrong shape raises `InvalidResponse`, because it can only come from a bug or a
  tampered request and must not be silently scored.
- The rules of each shipped type are written down where the type is
  (`assessments/questions/builtin/`).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DecimalException,
    localcontext,
)
from typing import Any, Protocol, TypeVar

from ..questions.registry import QuestionType, UnknownQuestionType, registry

__all__ = [
    "FULL_MARKS_TOLERANCE",
    "GRADING_METHODS",
    "MAX_ANSWER_LENGTH",
    "AttemptScore",
    "GradeResult",
    "InvalidResponse",
    "attempt_score",
    "final_grade",
    "grade",
    "is_key_consistent",
    "max_fraction",
    "passed",
]

MAX_ANSWER_LENGTH = 10_000
"""Longest short or numeric answer accepted, in characters: no honest answer comes close."""

FULL_MARKS_TOLERANCE = Decimal("0.00001")
"""A fraction this close to 1 is 1: GIFT percentages are written with a few decimals only."""

GRADING_METHODS = ("highest", "last", "first", "average")

ZERO = Decimal(0)
ONE = Decimal(1)
_HUNDRED = Decimal(100)
_FRACTION_QUANTUM = Decimal("0.0000001")
_POINTS_QUANTUM = Decimal("0.01")

# Wide enough that sums of key fractions and `value +/- tolerance` are exact for any sane key.
_CONTEXT = Context(prec=400, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)


class InvalidResponse(ValueError):
    """A response whose shape does not fit its question: a bug or a tampered request."""


@dataclass(frozen=True)
class GradeResult:
    """The score of one response: a fraction of the question's points and the feedback to show.

    The fraction is normalised on construction, so that a manual score (an essay reviewed by a
    trainer) obeys the same rules as an automatic one.
    """

    fraction: Decimal
    feedback: tuple[str, ...] = ()
    needs_review: bool = False
    gradable: bool = True

    def __post_init__(self) -> None:
        fraction = to_decimal(self.fraction)
        if not fraction.is_finite() or not ZERO <= fraction <= ONE:
            raise ValueError(f"a fraction must be between 0 and 1, got {self.fraction!r}")
        object.__setattr__(
            self, "fraction", fraction.quantize(_FRACTION_QUANTUM, rounding=ROUND_HALF_UP)
        )
        object.__setattr__(self, "feedback", tuple(self.feedback))


@dataclass(frozen=True)
class AttemptScore:
    """An attempt's total: points and maximum (2 decimals), percentage 0-100 (2 decimals)."""

    points: Decimal
    max_points: Decimal
    percentage: Decimal
    complete: bool


# --- public API -------------------------------------------------------------------------------


def grade(spec: Any, response: Any) -> GradeResult:
    """Score `response` (a plain JSON value, as stored) against the key in `spec`.

    Raises InvalidResponse when the response has the wrong shape for the question type, and
    TypeError for a spec whose type is not registered.
    """
    question_type = _type_of(spec)
    with localcontext(_CONTEXT):
        return question_type.grade(spec, response)


def max_fraction(spec: Any) -> Decimal:
    """The best fraction any response can get: less than 1 when the key gives nobody full marks,
    which a regrade or a result page must be able to tell."""
    question_type = _type_of(spec)
    with localcontext(_CONTEXT):
        return question_type.max_fraction(spec)


def is_key_consistent(spec: Any) -> list[str]:
    """The problems with a key, in words for the author; an empty list means it is usable.

    A key with problems can still be graded (import may accept it with a warning); this exists
    so that a wrong key is caught before learners are scored against it.
    """
    question_type = _type_of(spec)
    with localcontext(_CONTEXT):
        return question_type.key_problems(spec)


def attempt_score(items: Sequence[tuple[GradeResult, Decimal]]) -> AttemptScore:
    """Add up an attempt from (result, max_points) per question.

    Questions that are not gradable (descriptions) count for nothing. An attempt is complete
    only when no answer waits for review, so that nobody passes or fails on a partial score.
    """
    with localcontext(_CONTEXT):
        points = ZERO
        maximum = ZERO
        complete = True
        for result, max_points in items:
            max_points = to_decimal(max_points)
            if not max_points.is_finite() or max_points < 0:
                raise ValueError(f"max_points must be a finite number >= 0, got {max_points!r}")
            if not result.gradable:
                continue
            points += result.fraction * max_points
            maximum += max_points
            complete = complete and not result.needs_review
        percentage = min(_HUNDRED, points * _HUNDRED / maximum) if maximum else ZERO
        return AttemptScore(
            points=_round_points(points),
            max_points=_round_points(maximum),
            percentage=_round_points(percentage),
            complete=complete,
        )


def final_grade(attempt_percentages: Sequence[Decimal], method: str) -> Decimal | None:
    """The quiz grade from the percentages of the graded attempts, in chronological order.

    None when there is no graded attempt yet (no grade is not a grade of 0). The method is
    checked even then, so that a misspelt setting fails at once rather than at the first attempt.
    """
    if method not in GRADING_METHODS:
        raise ValueError(
            f"unknown grading method {method!r}; expected one of {', '.join(GRADING_METHODS)}"
        )
    values = [to_decimal(p) for p in attempt_percentages]
    if not values:
        return None
    with localcontext(_CONTEXT):
        if method == "highest":
            result = max(values)
        elif method == "first":
            result = values[0]
        elif method == "last":
            result = values[-1]
        else:
            result = sum(values, ZERO) / len(values)
        return _round_points(result)


def passed(percentage: Decimal, pass_mark: Decimal) -> bool:
    """Whether a percentage reaches the pass mark; reaching it exactly is a pass."""
    return to_decimal(percentage) >= to_decimal(pass_mark)


def _type_of(spec: Any) -> QuestionType:
    try:
        return registry.for_spec(spec)
    except UnknownQuestionType:
        raise TypeError(f"no grading rule for {type(spec).__name__}") from None


def _round_points(value: Decimal) -> Decimal:
    return value.quantize(_POINTS_QUANTUM, rounding=ROUND_HALF_UP)


# --- the vocabulary of the types' rules -------------------------------------------------------


def to_decimal(value: Any) -> Decimal:
    """Decimal from a Decimal, int or float; a float goes through its shortest repr, so that
    0.1 stays 0.1 instead of 0.1000000000000000055..."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return Decimal(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def key_fraction(value: Any) -> Decimal:
    """A key's fraction as a finite Decimal; a non-finite one (reported by is_key_consistent)
    counts as 0 rather than breaking the arithmetic of a whole attempt."""
    fraction = to_decimal(value)
    return fraction if fraction.is_finite() else ZERO


def finish(raw: Decimal) -> Decimal:
    """Snap to 1 within the tolerance, clamp to [0, 1], quantise. Monotonic, so that a
    response can never beat max_fraction, which goes through the same steps."""
    if abs(raw - ONE) <= FULL_MARKS_TOLERANCE:
        raw = ONE
    raw = min(ONE, max(ZERO, raw))
    return raw.quantize(_FRACTION_QUANTUM, rounding=ROUND_HALF_UP)


def result(raw: Decimal, feedback: Sequence[str] = ()) -> GradeResult:
    """The GradeResult of a raw score: finished as `finish` does, empty feedback left out."""
    return GradeResult(fraction=finish(raw), feedback=tuple(f for f in feedback if f))


def type_name(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_index(index: Any, count: int) -> int:
    """`index` when it points at one of `count` things, else InvalidResponse."""
    if not is_index(index):
        raise InvalidResponse(f"a choice must be an index (integer), got {type_name(index)}")
    if not 0 <= index < count:
        if count == 0:
            raise InvalidResponse(f"choice {index} does not exist: the question has no choices")
        raise InvalidResponse(f"choice {index} does not exist: expected 0 to {count - 1}")
    return index


def check_text(response: Any, what: str, max_length: int | None) -> str:
    """A text response ("" for None), or InvalidResponse for anything else or too long."""
    if response is None:
        return ""
    if not isinstance(response, str):
        raise InvalidResponse(f"{what} must be text, got {type_name(response)}")
    if max_length is not None and len(response) > max_length:
        raise InvalidResponse(
            f"{what} is too long: {len(response)} characters, at most {max_length} allowed"
        )
    return response


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Weighted(Protocol):
    fraction: Any


_A = TypeVar("_A", bound=_Weighted)


def best(answers: Sequence[_A], matches: Callable[[_A], bool]) -> _A | None:
    """The matching answer with the highest fraction; the first one on a tie, so that the key's
    order decides which feedback is shown."""
    found: _A | None = None
    for answer in answers:
        if (found is None or key_fraction(answer.fraction) > key_fraction(found.fraction)) and (
            matches(answer)
        ):
            found = answer
    return found


def fraction_problems(what: str, number: int, fraction: Any) -> list[str]:
    """What is wrong with the fraction of the `number`th `what` of a key, if anything."""
    try:
        value = to_decimal(fraction)
    except (TypeError, ValueError, DecimalException):
        return [f"{what} {number} has a fraction that is not a number: {fraction!r}"]
    if not value.is_finite():
        return [f"{what} {number} has a fraction that is not a finite number: {fraction!r}"]
    if not -ONE <= value <= ONE:
        return [f"{what} {number} has fraction {value}, outside -1 to 1"]
    return []


def choice_problems(choices: Sequence[Any], what: str) -> list[str]:
    """Empty texts and bad fractions among choices (anything with `text` and `fraction`)."""
    problems: list[str] = []
    if not choices:
        return [f"the question has no {what}s"]
    for number, choice in enumerate(choices, start=1):
        if not choice.text.strip():
            problems.append(f"{what} {number} is empty")
        problems += fraction_problems(what, number, choice.fraction)
    return problems


def duplicates(texts: Sequence[str], what: str) -> list[str]:
    counts = Counter(texts)
    return [f"{what} {text!r} appears {n} times" for text, n in counts.items() if n > 1 and text]


def full_marks_problems(best_fraction: Decimal, what: str) -> list[str]:
    """ "No answer gives full marks", in the words of the shipped types' key checks."""
    if best_fraction <= 0:
        return [f"no {what} gives any marks"]
    if best_fraction < 1:
        return [f"no {what} gives full marks (the best gives {best_fraction.normalize()})"]
    return []
