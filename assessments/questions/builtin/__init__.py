"""The question types that ship with the LMS: single and multiple choice, true/false, short
answer, numeric, matching, ordering, essay and description. They register in
`assessments.apps` exactly as a third party's types register in theirs."""

from __future__ import annotations

from ..registry import QuestionTypeRegistry
from ..registry import registry as default_registry
from .choice import MultipleResponseType, SingleChoiceType, TrueFalseType
from .essay import DescriptionType, EssayType
from .pairs import MatchingType, OrderingType
from .typed import NumericType, ShortAnswerType

BUILTIN_TYPES = (
    SingleChoiceType,
    MultipleResponseType,
    TrueFalseType,
    ShortAnswerType,
    NumericType,
    MatchingType,
    OrderingType,
    EssayType,
    DescriptionType,
)


def register_builtin_types(registry: QuestionTypeRegistry = default_registry) -> None:
    """Register the shipped types (again: a no-op), as `AssessmentsConfig.ready()` does; also
    for code that grades without Django set up (the pure-core benchmark)."""
    for type_cls in BUILTIN_TYPES:
        registry.register(type_cls)
