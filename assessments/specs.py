"""Plain values that describe a question and its key, shared by the grading core, GIFT
import/export and the question models. No database, no Django.

A fraction is a Decimal share of a question's points: 1 is full marks, 0.5 half,
negative values subtract (multiple response), as in GIFT's `~%-50%wrong`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Choice:
    text: str
    fraction: Decimal = Decimal(0)
    feedback: str = ""


@dataclass(frozen=True)
class SingleChoiceSpec:
    """One answer is picked; its fraction is the score (usually one at 1, the rest 0)."""

    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class MultipleResponseSpec:
    """Several answers may be picked; their fractions add up, the total is clamped to [0, 1]."""

    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class TrueFalseSpec:
    answer: bool
    feedback_if_true: str = ""  # shown when the learner answers "true"
    feedback_if_false: str = ""


@dataclass(frozen=True)
class ShortAnswerSpec:
    """Accepted answers with their fractions; `*` is a wildcard; case and spacing ignored
    unless case_sensitive."""

    answers: tuple[Choice, ...]
    case_sensitive: bool = False


@dataclass(frozen=True)
class NumericAnswer:
    """Accepts `value ± tolerance`, or the closed range [low, high] when both are set."""

    value: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    low: Decimal | None = None
    high: Decimal | None = None
    fraction: Decimal = Decimal(1)
    feedback: str = ""


@dataclass(frozen=True)
class NumericSpec:
    answers: tuple[NumericAnswer, ...]


@dataclass(frozen=True)
class MatchingSpec:
    """Pairs (left, right); a response maps each left to a right. Extra rights are distractors
    (GIFT: a pair with an empty left)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OrderingSpec:
    """Items in their correct order."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class EssaySpec:
    """Graded by hand."""

    guidance: str = ""


@dataclass(frozen=True)
class DescriptionSpec:
    """Text only, no score."""


Spec = (
    SingleChoiceSpec
    | MultipleResponseSpec
    | TrueFalseSpec
    | ShortAnswerSpec
    | NumericSpec
    | MatchingSpec
    | OrderingSpec
    | EssaySpec
    | DescriptionSpec
)


@dataclass(frozen=True)
class QuestionData:
    """A whole question as plain data: what GIFT import produces and export consumes."""

    name: str
    text: str
    spec: Spec
    text_format: str = "moodle"  # GIFT's [html], [markdown], [plain] or [moodle]
    general_feedback: str = ""
    category: str | None = None  # from a preceding `$CATEGORY:` line
    line: int = 0  # 1-based line in the source file where the question starts
    extra: dict = field(default_factory=dict, compare=False)
