"""Plain values that describe a question and its key, shared by the grading core, GIFT
import/export and the question models. No database, no Django.

These are the keys of the shipped types; a third party's type brings its own spec class
(any frozen dataclass), registered with its type in the question-type registry.

A fraction is a Decimal share of a question's points: 1 is full marks, 0.5 half,
negative values subtract (multiple response), as in GIFT's `~%-50%wrong`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .registry import UnknownQuestionType, registry


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


# The shipped types' specs; a registered third-party spec is as good as these everywhere.
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


# --- JSON: specs are frozen into attempts as JSON, so a later edit changes no past attempt ---
# How each type writes its key is the type's own (`assessments.questions.types`); these are
# the two doors every caller uses, and the small pieces the shipped types share.


def spec_to_json(spec: Spec) -> dict:
    """A JSON-able dict that `spec_from_json` turns back into an equal spec (Decimals as text)."""
    question_type = registry.for_spec(spec)
    return {"type": question_type.kind, **question_type.to_json(spec)}


def spec_from_json(data: dict) -> Spec:
    """The spec of a key's JSON, by its `"type"`; ValueError for a type nobody registered."""
    try:
        question_type = registry.get(data.get("type"))
    except UnknownQuestionType as exc:
        raise ValueError(str(exc)) from None
    return question_type.from_json(data)


def dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def undec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def choice_json(choice: Choice) -> dict:
    return {"text": choice.text, "fraction": str(choice.fraction), "feedback": choice.feedback}


def choice_from_json(data: dict) -> Choice:
    return Choice(data["text"], Decimal(data["fraction"]), data.get("feedback", ""))


class SpecMemo:
    """`spec_from_json` for many attempts at once: attempts that froze the same question get one
    spec, parsed once. Equal JSON gives an equal spec, so a key frozen before an edit and one
    frozen after are told apart by their JSON, not by the question they came from."""

    def __init__(self, *, max_keys: int | None = None) -> None:
        self._seen: dict[object, list[tuple[dict, Spec]]] = {}
        self._max_keys = max_keys  # kept by a process: forget everything past this many

    def __call__(self, data: dict, key: object = None) -> Spec:
        """The spec of `data`; `key` (a question id) only narrows the search."""
        if self._max_keys is not None and len(self._seen) >= self._max_keys:
            self._seen = {}
        seen = self._seen.setdefault(key, [])
        for known, spec in seen:
            if known == data:
                return spec
        spec = spec_from_json(data)
        seen.append((data, spec))
        return spec
