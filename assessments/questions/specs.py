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


# --- JSON: specs are frozen into attempts as JSON, so a later edit changes no past attempt ---

_TYPES: dict[str, type] = {
    "single_choice": SingleChoiceSpec,
    "multiple_response": MultipleResponseSpec,
    "true_false": TrueFalseSpec,
    "short_answer": ShortAnswerSpec,
    "numeric": NumericSpec,
    "matching": MatchingSpec,
    "ordering": OrderingSpec,
    "essay": EssaySpec,
    "description": DescriptionSpec,
}
_NAMES = {cls: name for name, cls in _TYPES.items()}


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _choice_json(choice: Choice) -> dict:
    return {"text": choice.text, "fraction": str(choice.fraction), "feedback": choice.feedback}


def _choice(data: dict) -> Choice:
    return Choice(data["text"], Decimal(data["fraction"]), data.get("feedback", ""))


def spec_to_json(spec: Spec) -> dict:
    """A JSON-able dict that `spec_from_json` turns back into an equal spec (Decimals as text)."""
    kind = _NAMES[type(spec)]
    if isinstance(spec, SingleChoiceSpec | MultipleResponseSpec):
        body: dict = {"choices": [_choice_json(c) for c in spec.choices]}
    elif isinstance(spec, ShortAnswerSpec):
        body = {
            "answers": [_choice_json(c) for c in spec.answers],
            "case_sensitive": spec.case_sensitive,
        }
    elif isinstance(spec, TrueFalseSpec):
        body = {
            "answer": spec.answer,
            "feedback_if_true": spec.feedback_if_true,
            "feedback_if_false": spec.feedback_if_false,
        }
    elif isinstance(spec, NumericSpec):
        body = {
            "answers": [
                {
                    "value": _dec(a.value),
                    "tolerance": str(a.tolerance),
                    "low": _dec(a.low),
                    "high": _dec(a.high),
                    "fraction": str(a.fraction),
                    "feedback": a.feedback,
                }
                for a in spec.answers
            ]
        }
    elif isinstance(spec, MatchingSpec):
        body = {"pairs": [list(pair) for pair in spec.pairs]}
    elif isinstance(spec, OrderingSpec):
        body = {"items": list(spec.items)}
    elif isinstance(spec, EssaySpec):
        body = {"guidance": spec.guidance}
    else:
        body = {}
    return {"type": kind, **body}


def spec_from_json(data: dict) -> Spec:
    kind = data.get("type")
    if kind not in _TYPES:
        raise ValueError(f"unknown question type {kind!r}")
    if kind in {"single_choice", "multiple_response"}:
        return _TYPES[kind](tuple(_choice(c) for c in data["choices"]))
    if kind == "short_answer":
        return ShortAnswerSpec(
            tuple(_choice(c) for c in data["answers"]), data.get("case_sensitive", False)
        )
    if kind == "true_false":
        return TrueFalseSpec(
            bool(data["answer"]),
            data.get("feedback_if_true", ""),
            data.get("feedback_if_false", ""),
        )
    if kind == "numeric":
        return NumericSpec(
            tuple(
                NumericAnswer(
                    value=_undec(a.get("value")),
                    tolerance=Decimal(a.get("tolerance", "0")),
                    low=_undec(a.get("low")),
                    high=_undec(a.get("high")),
                    fraction=Decimal(a.get("fraction", "1")),
                    feedback=a.get("feedback", ""),
                )
                for a in data["answers"]
            )
        )
    if kind == "matching":
        return MatchingSpec(tuple((left, right) for left, right in data["pairs"]))
    if kind == "ordering":
        return OrderingSpec(tuple(data["items"]))
    if kind == "essay":
        return EssaySpec(data.get("guidance", ""))
    return DescriptionSpec()


class SpecMemo:
    """`spec_from_json` for many attempts at once: attempts that froze the same question get one
    spec, parsed once. Equal JSON gives an equal spec, so a key frozen before an edit and one
    frozen after are told apart by their JSON, not by the question they came from."""

    def __init__(self) -> None:
        self._seen: dict[object, list[tuple[dict, Spec]]] = {}

    def __call__(self, data: dict, key: object = None) -> Spec:
        """The spec of `data`; `key` (a question id) only narrows the search."""
        seen = self._seen.setdefault(key, [])
        for known, spec in seen:
            if known == data:
                return spec
        spec = spec_from_json(data)
        seen.append((data, spec))
        return spec
