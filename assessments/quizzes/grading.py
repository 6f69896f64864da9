"""The pure grading core: score a response against a question's key, aggregate an attempt, and
apply a quiz's grading method. Plain values in, plain values out (no Django, no database), so
that every rule can be tested exhaustively and a regrade is a plain function call.

Rules worth knowing (they are the ones learners and trainers will ask about):

- Fractions are Decimals, computed without float error, clamped to [0, 1] and quantised to 7
  places (ROUND_HALF_UP). A score within 1e-5 of 1 counts as 1, because GIFT weights such as
  `%33.33333%` x 3 are meant as "full marks" but add up to 0.9999999.
- An unanswered question (None, an empty string or list) scores 0 and is never an error; a
  response of the wrong shape raises `InvalidResponse`, because it can only come from a bug or a
  tampered request and must not be silently scored.
- Short answer: case, surrounding and repeated whitespace and Unicode composition are ignored
  (case is kept when the key is case sensitive; spacing and composition never count); `*` in
  an accepted answer matches any run of characters and `\\*` a literal star.
- Numeric: an answer accepts the closed range [low, high] when both are set, else
  value +/- tolerance (both ends included); an answer with neither value nor bounds accepts any
  number, like Moodle's `*` answer (GIFT `~#feedback` in a numeric question).
- Ordering uses Moodle's "absolute position" method: the share of items at their correct
  position. It is the strictest of Moodle's methods and needs no tuning.
- An essay left empty scores 0 without review, since there is nothing for a trainer to judge
  (Moodle does the same); any other essay waits for a trainer.
"""

from __future__ import annotations

import math
import re
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
from functools import lru_cache, singledispatch
from typing import Any, TypeVar

from ..questions.specs import (
    Choice,
    DescriptionSpec,
    EssaySpec,
    MatchingSpec,
    MultipleResponseSpec,
    NumericAnswer,
    NumericSpec,
    OrderingSpec,
    ShortAnswerSpec,
    SingleChoiceSpec,
    Spec,
    TrueFalseSpec,
)

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

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_FRACTION_QUANTUM = Decimal("0.0000001")
_POINTS_QUANTUM = Decimal("0.01")

# Wide enough that sums of key fractions and `value +/- tolerance` are exact for any sane key.
_CONTEXT = Context(prec=400, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)

_A = TypeVar("_A", Choice, NumericAnswer)

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


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
        fraction = _to_decimal(self.fraction)
        if not fraction.is_finite() or not _ZERO <= fraction <= _ONE:
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


def grade(spec: Spec, response: Any) -> GradeResult:
    """Score `response` (a plain JSON value, as stored) against the key in `spec`.

    Raises InvalidResponse when the response has the wrong shape for the question type, and
    TypeError for a spec type this core does not know.
    """
    with localcontext(_CONTEXT):
        return _grade(spec, response)


def max_fraction(spec: Spec) -> Decimal:
    """The best fraction any response can get: less than 1 when the key gives nobody full marks,
    which a regrade or a result page must be able to tell."""
    with localcontext(_CONTEXT):
        return _max_fraction(spec)


def is_key_consistent(spec: Spec) -> list[str]:
    """The problems with a key, in words for the author; an empty list means it is usable.

    A key with problems can still be graded (import may accept it with a warning); this exists
    so that a wrong key is caught before learners are scored against it.
    """
    with localcontext(_CONTEXT):
        return _key_problems(spec)


def attempt_score(items: Sequence[tuple[GradeResult, Decimal]]) -> AttemptScore:
    """Add up an attempt from (result, max_points) per question.

    Questions that are not gradable (descriptions) count for nothing. An attempt is complete
    only when no answer waits for review, so that nobody passes or fails on a partial score.
    """
    with localcontext(_CONTEXT):
        points = _ZERO
        maximum = _ZERO
        complete = True
        for result, max_points in items:
            max_points = _to_decimal(max_points)
            if not max_points.is_finite() or max_points < 0:
                raise ValueError(f"max_points must be a finite number >= 0, got {max_points!r}")
            if not result.gradable:
                continue
            points += result.fraction * max_points
            maximum += max_points
            complete = complete and not result.needs_review
        percentage = min(_HUNDRED, points * _HUNDRED / maximum) if maximum else _ZERO
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
    values = [_to_decimal(p) for p in attempt_percentages]
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
            result = sum(values, _ZERO) / len(values)
        return _round_points(result)


def passed(percentage: Decimal, pass_mark: Decimal) -> bool:
    """Whether a percentage reaches the pass mark; reaching it exactly is a pass."""
    return _to_decimal(percentage) >= _to_decimal(pass_mark)


# --- shared helpers ---------------------------------------------------------------------------


def _to_decimal(value: Any) -> Decimal:
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


def _key_fraction(value: Any) -> Decimal:
    """A key's fraction as a finite Decimal; a non-finite one (reported by is_key_consistent)
    counts as 0 rather than breaking the arithmetic of a whole attempt."""
    fraction = _to_decimal(value)
    return fraction if fraction.is_finite() else _ZERO


def _finish(raw: Decimal) -> Decimal:
    """Snap to 1 within the tolerance, clamp to [0, 1], quantise. Monotonic, so that a
    response can never beat max_fraction, which goes through the same steps."""
    if abs(raw - _ONE) <= FULL_MARKS_TOLERANCE:
        raw = _ONE
    raw = min(_ONE, max(_ZERO, raw))
    return raw.quantize(_FRACTION_QUANTUM, rounding=ROUND_HALF_UP)


def _round_points(value: Decimal) -> Decimal:
    return value.quantize(_POINTS_QUANTUM, rounding=ROUND_HALF_UP)


def _result(raw: Decimal, feedback: Sequence[str] = ()) -> GradeResult:
    return GradeResult(fraction=_finish(raw), feedback=tuple(f for f in feedback if f))


def _type_name(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def _is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_index(index: Any, count: int) -> int:
    if not _is_index(index):
        raise InvalidResponse(f"a choice must be an index (integer), got {_type_name(index)}")
    if not 0 <= index < count:
        if count == 0:
            raise InvalidResponse(f"choice {index} does not exist: the question has no choices")
        raise InvalidResponse(f"choice {index} does not exist: expected 0 to {count - 1}")
    return index


def _check_text(response: Any, what: str, max_length: int | None) -> str:
    if response is None:
        return ""
    if not isinstance(response, str):
        raise InvalidResponse(f"{what} must be text, got {_type_name(response)}")
    if max_length is not None and len(response) > max_length:
        raise InvalidResponse(
            f"{what} is too long: {len(response)} characters, at most {max_length} allowed"
        )
    return response


# --- grade per type ---------------------------------------------------------------------------


@singledispatch
def _grade(spec: Any, response: Any) -> GradeResult:
    raise TypeError(f"no grading rule for {type(spec).__name__}")


@_grade.register
def _grade_single_choice(spec: SingleChoiceSpec, response: Any) -> GradeResult:
    if response is None:
        return _result(_ZERO)
    choice = spec.choices[_check_index(response, len(spec.choices))]
    return _result(_key_fraction(choice.fraction), [choice.feedback])


@_grade.register
def _grade_multiple_response(spec: MultipleResponseSpec, response: Any) -> GradeResult:
    if response is None:
        return _result(_ZERO)
    if not isinstance(response, list | tuple):
        raise InvalidResponse(
            f"a multiple response answer must be a list of choice indexes, got {_type_name(response)}"
        )
    chosen = sorted({_check_index(i, len(spec.choices)) for i in response})
    choices = [spec.choices[i] for i in chosen]
    total = sum((_key_fraction(c.fraction) for c in choices), _ZERO)
    return _result(total, [c.feedback for c in choices])


@_grade.register
def _grade_true_false(spec: TrueFalseSpec, response: Any) -> GradeResult:
    if response is None:
        return _result(_ZERO)
    if not isinstance(response, bool):
        raise InvalidResponse(f"a true/false answer must be true or false, got {response!r}")
    feedback = spec.feedback_if_true if response else spec.feedback_if_false
    return _result(_ONE if response == spec.answer else _ZERO, [feedback])


@_grade.register
def _grade_short_answer(spec: ShortAnswerSpec, response: Any) -> GradeResult:
    text = _normalise(
        _check_text(response, "a short answer", MAX_ANSWER_LENGTH), spec.case_sensitive
    )
    if not text:
        return _result(_ZERO)
    best = _best(
        spec.answers, lambda a: _wildcard_match(_pattern(a.text, spec.case_sensitive), text)
    )
    return (
        _result(_ZERO) if best is None else _result(_key_fraction(best.fraction), [best.feedback])
    )


@_grade.register
def _grade_numeric(spec: NumericSpec, response: Any) -> GradeResult:
    number = _parse_number(response)
    if number is None:
        return _result(_ZERO)
    best = _best(spec.answers, lambda a: _numeric_match(a, number))
    return (
        _result(_ZERO) if best is None else _result(_key_fraction(best.fraction), [best.feedback])
    )


@_grade.register
def _grade_matching(spec: MatchingSpec, response: Any) -> GradeResult:
    graded = _graded_pairs(spec)
    if not graded:
        return _result(_ZERO)
    answers = _matching_response(response, {left for left, _ in graded})
    correct = sum(1 for left, right in graded if answers.get(left) == right)
    return _result(Decimal(correct) / len(graded))


@_grade.register
def _grade_ordering(spec: OrderingSpec, response: Any) -> GradeResult:
    if response is None or (isinstance(response, list | tuple) and not response):
        return _result(_ZERO)
    if not isinstance(response, list | tuple):
        raise InvalidResponse(
            f"an ordering answer must be a list of the items, got {_type_name(response)}"
        )
    for item in response:
        if not isinstance(item, str):
            raise InvalidResponse(f"an ordering item must be text, got {_type_name(item)}")
    given = [_nfc(item) for item in response]
    expected = [_nfc(item) for item in spec.items]
    if Counter(given) != Counter(expected):
        raise InvalidResponse(
            "an ordering answer must contain each item of the question exactly once"
        )
    in_place = sum(1 for g, e in zip(given, expected, strict=True) if g == e)
    return _result(Decimal(in_place) / len(expected))


@_grade.register
def _grade_essay(spec: EssaySpec, response: Any) -> GradeResult:
    text = _check_text(response, "an essay", None)
    return GradeResult(fraction=_ZERO, needs_review=bool(text.strip()))


@_grade.register
def _grade_description(spec: DescriptionSpec, response: Any) -> GradeResult:
    if response is not None:
        raise InvalidResponse(f"a description takes no answer, got {_type_name(response)}")
    return GradeResult(fraction=_ZERO, gradable=False)


def _best(answers: Sequence[_A], matches: Callable[[_A], bool]) -> _A | None:
    """The matching answer with the highest fraction; the first one on a tie, so that the key's
    order decides which feedback is shown."""
    best: _A | None = None
    for answer in answers:
        if (best is None or _key_fraction(answer.fraction) > _key_fraction(best.fraction)) and (
            matches(answer)
        ):
            best = answer
    return best


# --- short answer -----------------------------------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _normalise(text: str, case_sensitive: bool) -> str:
    """Composed Unicode, single spaces, no surrounding space, and (by default) no case:
    differences a learner cannot see or that a trainer would never mark wrong."""
    text = " ".join(_nfc(text).split())
    return text if case_sensitive else _nfc(text.casefold())


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
    text = _check_text(response, "a numeric answer", MAX_ANSWER_LENGTH)
    text = text.strip().replace("\u2212", "-")
    if not _NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", "."))


def _numeric_match(answer: NumericAnswer, number: Decimal) -> bool:
    bounds = _numeric_bounds(answer)
    if bounds is None:
        return False
    low, high = bounds
    return (low is None or low <= number) and (high is None or number <= high)


def _numeric_bounds(answer: NumericAnswer) -> tuple[Decimal | None, Decimal | None] | None:
    """The closed interval an answer accepts, (None, None) for any number, or None when it
    accepts nothing (a half-given or inverted range, or a non-finite key)."""
    try:
        if answer.low is not None and answer.high is not None:
            low, high = _to_decimal(answer.low), _to_decimal(answer.high)
        elif answer.value is not None:
            value, tolerance = _to_decimal(answer.value), abs(_to_decimal(answer.tolerance))
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


# --- matching ---------------------------------------------------------------------------------


def _graded_pairs(spec: MatchingSpec) -> list[tuple[str, str]]:
    """The pairs that score: a pair with an empty left only adds a distractor on the right."""
    return [(_nfc(left), _nfc(right)) for left, right in spec.pairs if left.strip()]


def _matching_response(response: Any, lefts: set[str]) -> dict[str, str | None]:
    if response is None:
        return {}
    if isinstance(response, dict):
        items = list(response.items())
    elif isinstance(response, list | tuple):
        items = []
        for pair in response:
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise InvalidResponse(
                    f"a matching answer lists [left, right] pairs, got {pair!r:.100}"
                )
            items.append((pair[0], pair[1]))
    else:
        raise InvalidResponse(
            f"a matching answer must map each left item to a right one, got {_type_name(response)}"
        )
    answers: dict[str, str | None] = {}
    for left, right in items:
        if not isinstance(left, str):
            raise InvalidResponse(f"a matching left item must be text, got {_type_name(left)}")
        if right is not None and not isinstance(right, str):
            raise InvalidResponse(f"a matching right item must be text, got {_type_name(right)}")
        left = _nfc(left)
        if left not in lefts:
            raise InvalidResponse(f"{left!r:.100} is not an item of this matching question")
        if left in answers:
            raise InvalidResponse(f"{left!r:.100} is matched more than once")
        answers[left] = None if right is None else _nfc(right)
    return answers


# --- max_fraction -----------------------------------------------------------------------------


@singledispatch
def _max_fraction(spec: Any) -> Decimal:
    raise TypeError(f"no grading rule for {type(spec).__name__}")


@_max_fraction.register
def _max_fraction_single_choice(spec: SingleChoiceSpec) -> Decimal:
    return max((_finish(_key_fraction(c.fraction)) for c in spec.choices), default=_ZERO)


@_max_fraction.register
def _max_fraction_multiple_response(spec: MultipleResponseSpec) -> Decimal:
    fractions = (_key_fraction(c.fraction) for c in spec.choices)
    return _finish(sum((f for f in fractions if f > 0), _ZERO))


@_max_fraction.register
def _max_fraction_true_false(spec: TrueFalseSpec) -> Decimal:
    return _ONE


@_max_fraction.register
def _max_fraction_short_answer(spec: ShortAnswerSpec) -> Decimal:
    reachable = (
        _finish(_key_fraction(a.fraction))
        for a in spec.answers
        if _normalise(a.text, spec.case_sensitive)
    )
    return max(reachable, default=_ZERO)


@_max_fraction.register
def _max_fraction_numeric(spec: NumericSpec) -> Decimal:
    reachable = (
        _finish(_key_fraction(a.fraction)) for a in spec.answers if _numeric_bounds(a) is not None
    )
    return max(reachable, default=_ZERO)


@_max_fraction.register
def _max_fraction_matching(spec: MatchingSpec) -> Decimal:
    graded = _graded_pairs(spec)
    if not graded:
        return _ZERO
    # Each left takes one right, so a left listed twice can score only its most frequent pair.
    best_per_left: dict[str, int] = {}
    for (left, _right), count in Counter(graded).items():
        best_per_left[left] = max(best_per_left.get(left, 0), count)
    return _finish(Decimal(sum(best_per_left.values())) / len(graded))


@_max_fraction.register
def _max_fraction_ordering(spec: OrderingSpec) -> Decimal:
    return _ONE if spec.items else _ZERO


@_max_fraction.register
def _max_fraction_essay(spec: EssaySpec) -> Decimal:
    return _ONE


@_max_fraction.register
def _max_fraction_description(spec: DescriptionSpec) -> Decimal:
    return _ZERO


# --- is_key_consistent ------------------------------------------------------------------------


@singledispatch
def _key_problems(spec: Any) -> list[str]:
    raise TypeError(f"no grading rule for {type(spec).__name__}")


def _fraction_problems(what: str, number: int, fraction: Any) -> list[str]:
    try:
        value = _to_decimal(fraction)
    except (TypeError, ValueError, DecimalException):
        return [f"{what} {number} has a fraction that is not a number: {fraction!r}"]
    if not value.is_finite():
        return [f"{what} {number} has a fraction that is not a finite number: {fraction!r}"]
    if not -_ONE <= value <= _ONE:
        return [f"{what} {number} has fraction {value}, outside -1 to 1"]
    return []


def _choice_problems(choices: Sequence[Choice], what: str) -> list[str]:
    problems: list[str] = []
    if not choices:
        return [f"the question has no {what}s"]
    for number, choice in enumerate(choices, start=1):
        if not choice.text.strip():
            problems.append(f"{what} {number} is empty")
        problems += _fraction_problems(what, number, choice.fraction)
    return problems


def _duplicates(texts: Sequence[str], what: str) -> list[str]:
    counts = Counter(texts)
    return [f"{what} {text!r} appears {n} times" for text, n in counts.items() if n > 1 and text]


@_key_problems.register
def _key_problems_single_choice(spec: SingleChoiceSpec) -> list[str]:
    problems = _choice_problems(spec.choices, "choice")
    problems += _duplicates([" ".join(c.text.split()) for c in spec.choices], "choice")
    if len(spec.choices) == 1:
        problems.append("the question has only one choice")
    if spec.choices:
        best = _max_fraction(spec)
        if best <= 0:
            problems.append("no choice gives any marks")
        elif best < 1:
            problems.append(f"no choice gives full marks (the best gives {best.normalize()})")
    return problems


@_key_problems.register
def _key_problems_multiple_response(spec: MultipleResponseSpec) -> list[str]:
    problems = _choice_problems(spec.choices, "choice")
    problems += _duplicates([" ".join(c.text.split()) for c in spec.choices], "choice")
    positive = sum((f for f in (_key_fraction(c.fraction) for c in spec.choices) if f > 0), _ZERO)
    if spec.choices and positive <= 0:
        problems.append("no choice gives any marks")
    elif spec.choices and abs(positive - _ONE) > FULL_MARKS_TOLERANCE:
        problems.append(f"the positive fractions add up to {positive.normalize()}, not 1 (100%)")
    return problems


@_key_problems.register
def _key_problems_true_false(spec: TrueFalseSpec) -> list[str]:
    if not isinstance(spec.answer, bool):
        return [f"the answer must be true or false, got {spec.answer!r}"]
    return []


@_key_problems.register
def _key_problems_short_answer(spec: ShortAnswerSpec) -> list[str]:
    problems = _choice_problems(spec.answers, "answer")
    if spec.answers:
        best = _max_fraction(spec)
        if best <= 0:
            problems.append("no answer gives any marks")
        elif best < 1:
            problems.append(f"no answer gives full marks (the best gives {best.normalize()})")
    return problems


@_key_problems.register
def _key_problems_numeric(spec: NumericSpec) -> list[str]:
    if not spec.answers:
        return ["the question has no answers"]
    problems: list[str] = []
    for number, answer in enumerate(spec.answers, start=1):
        problems += _fraction_problems("answer", number, answer.fraction)
        has_low, has_high = answer.low is not None, answer.high is not None
        if has_low != has_high and answer.value is None:
            problems.append(f"answer {number} gives only one end of its range")
        elif (has_low or has_high or answer.value is not None) and _numeric_bounds(answer) is None:
            problems.append(f"answer {number} accepts no number (check its range or value)")
        try:
            if _to_decimal(answer.tolerance) < 0:
                problems.append(f"answer {number} has a negative tolerance")
        except (TypeError, ValueError, DecimalException):
            problems.append(f"answer {number} has a tolerance that is not a number")
    best = _max_fraction(spec)
    if best <= 0:
        problems.append("no answer gives any marks")
    elif best < 1:
        problems.append(f"no answer gives full marks (the best gives {best.normalize()})")
    return problems


@_key_problems.register
def _key_problems_matching(spec: MatchingSpec) -> list[str]:
    problems: list[str] = []
    graded = _graded_pairs(spec)
    if len(graded) < 2:
        problems.append("a matching question needs at least two pairs with a left item")
    for number, (left, right) in enumerate(spec.pairs, start=1):
        if not right.strip():
            problems.append(f"pair {number} has an empty right item")
        if not left.strip() and right.strip() in {r.strip() for _, r in graded}:
            problems.append(f"distractor {right!r} is also a correct right item")
    problems += _duplicates([left for left, _ in graded], "left item")
    return problems


@_key_problems.register
def _key_problems_ordering(spec: OrderingSpec) -> list[str]:
    problems: list[str] = []
    if len(spec.items) < 2:
        problems.append("an ordering question needs at least two items")
    problems += [f"item {n} is empty" for n, item in enumerate(spec.items, 1) if not item.strip()]
    problems += _duplicates([_nfc(item) for item in spec.items], "item")
    return problems


@_key_problems.register
def _key_problems_essay(spec: EssaySpec) -> list[str]:
    return []


@_key_problems.register
def _key_problems_description(spec: DescriptionSpec) -> list[str]:
    return []
