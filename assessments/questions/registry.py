"""The one registry of question types, filled in `AppConfig.ready()`.

A type is known by its `kind` (the `"type"` of a key's JSON, as frozen into every attempt, so
a kind never changes once stored) and by the class of its spec. The shipped types register
here exactly as a third party's do (`assessments.apps`, `assessments.questions.builtin`).
Plain Python, no Django: the pure grading core and GIFT ask it too.
"""

from __future__ import annotations

from typing import Any, TypeVar

# The registry holds `types.QuestionType` instances; it imports nothing of this package, so
# that the grading core, GIFT and the types can all ask it without importing each other.
QuestionType = Any
_Class = TypeVar("_Class", bound=type)


class UnknownQuestionType(LookupError):
    """No registered type has this kind or spec class."""


class QuestionTypeRegistry:
    """Question types by kind and by spec class, in the order they were registered."""

    def __init__(self) -> None:
        self._by_kind: dict[str, QuestionType] = {}
        self._by_spec: dict[type, QuestionType] = {}

    def register(self, type_cls: _Class) -> _Class:
        """Add a type (a `QuestionType` subclass; usable as a class decorator). Registering
        the same class again changes nothing, so that `ready()` may run twice; another class
        with a kind or spec class already taken is a mistake that must not pass silently."""
        kind, spec_class = type_cls.kind, type_cls.spec_class
        if not kind or spec_class is None:
            raise ValueError(f"{type_cls.__qualname__} needs a kind and a spec_class")
        for taken in (self._by_kind.get(kind), self._by_spec.get(spec_class)):
            if taken is not None and type(taken) is not type_cls:
                raise ValueError(
                    f"{type_cls.__qualname__} clashes with the registered "
                    f"{type(taken).__qualname__} (kind {taken.kind!r})"
                )
        if kind not in self._by_kind:
            question_type = type_cls()
            self._by_kind[kind] = question_type
            self._by_spec[spec_class] = question_type
        return type_cls

    def get(self, kind: str) -> QuestionType:
        try:
            return self._by_kind[kind]
        except (KeyError, TypeError):
            raise UnknownQuestionType(f"unknown question type {kind!r}") from None

    def for_spec(self, spec: Any) -> QuestionType:
        try:
            return self._by_spec[type(spec)]
        except KeyError:
            raise UnknownQuestionType(f"no question type for {type(spec).__name__}") from None

    def all(self) -> list[QuestionType]:
        return list(self._by_kind.values())

    def __contains__(self, kind: object) -> bool:
        return kind in self._by_kind


registry = QuestionTypeRegistry()
