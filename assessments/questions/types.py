"""Question types as plugins: one class per type carries everything about it.

A type says how its key is written as JSON and checked, how a response scores, how it reads
and writes GIFT (if GIFT has a form for it), which inputs it puts in the attempt form and how
they become an answer, which template draws those inputs, and how the result page says "your
answer" and "the right answer". Code that handles questions asks the registry for the type and
never switches on a type's name.

A third party adds a type in its own app, without changing this one:

    class GapsType(QuestionType):
        kind = "gaps"               # stored in every key and frozen attempt: never change it
        spec_class = GapsSpec
        ...

    class MyAppConfig(AppConfig):
        def ready(self):
            registry.register(GapsType)

plus a `Question` subclass (its model, `spec_class = GapsSpec`) and a widget template
`assessments/questions/gaps.html` in the app's `templates/`. The shipped types
(`assessments.questions.builtin`) are registered the same way, from `assessments.apps`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..quizzes import grading
from .authoring import KeyForm, default_form_class
from .registry import UnknownQuestionType, registry
from .widgets import UNCHANGED, one, too_long, wrong_answer
from .widgets import renderer as widget_renderer

if TYPE_CHECKING:
    from .gift import GiftReader, GiftWriter

__all__ = [
    "AnswerField",
    "AnswerWidget",
    "AttemptQuestion",
    "QuestionType",
    "UnknownQuestionType",
    "registry",
]


@dataclass(frozen=True)
class AttemptQuestion:
    """One frozen question as an attempt shows it: its place, its number (none for a text
    without a question), its type and parsed key, the frozen JSON, and the order in which
    this attempt shows the question's parts (shown position -> position in the key; what the
    parts are is the type's business)."""

    position: int
    number: int | None
    type: QuestionType
    spec: Any
    frozen: Mapping[str, Any]
    order: tuple[int, ...] = field(default=())

    @property
    def name(self) -> str:
        """The form name of its answer, and the prefix of its inputs' names."""
        return f"q{self.position}"

    @property
    def text_format(self) -> str:
        return self.frozen.get("text_format") or "moodle"

    @property
    def points(self) -> str:
        return str(self.frozen.get("points", "1"))


class QuestionType:
    """The base of every question type; a subclass sets `kind` and `spec_class` and overrides
    what its kind of question does differently. Instances are stateless singletons, created
    by the registry."""

    kind: ClassVar[str] = ""
    """The type's name in the key's JSON (`"type"`), in frozen attempts and in templates."""

    spec_class: ClassVar[type | None] = None
    """The frozen dataclass that holds a key of this type."""

    answerable: ClassVar[bool] = True
    """False for a text without a question: no inputs, no number, no score."""

    graded_by_hand: ClassVar[bool] = False
    """True when a trainer scores the answers (an essay): a changed key scores nothing again."""

    review_ordered: ClassVar[bool] = False
    """Whether the result page lists answers as an ordered list (their order matters)."""

    widget_shared: ClassVar[bool] = False
    """True when the widget's template shows the learner's state only through the `answer`
    helpers (`answer.value(name)`, `answer.checked(name, value)`, `answer.selected(name,
    value)`) and its markup depends only on the frozen key (a hashable spec), text, points and
    shown order: then it is rendered once for every learner, with placeholders that each page
    fills in (see `widgets`). `widget_context` then gets no values, and `question.position`
    and `.number` are placeholders there: text to put in the markup, not numbers."""

    gift_priority: ClassVar[int | None] = None
    """Where the type comes when GIFT reading asks "whose answer block is this?" (lower
    first); None when GIFT has no form for it."""

    authoring_form: ClassVar[type[KeyForm] | None] = None
    """The form that writes this type's key in the bank (`authoring.KeyForm`); None gives
    the default: a field per field of a plain spec, else the key as JSON."""

    authoring_labels: ClassVar[Mapping[str, Any]] = {}
    """Labels for the default form's fields, by the spec's field names."""

    def key_form_class(self) -> type[KeyForm]:
        """The form for this type's key on the bank's edit page."""
        return self.authoring_form or default_form_class(self.spec_class)

    def key_form(self, data=None, *, spec: Any = None) -> KeyForm:
        """The key form, bound to a post or showing `spec` (None: a new question's)."""
        form_class = self.key_form_class()
        initial = form_class.initial_from_spec(self, spec) if spec is not None else {}
        return form_class(data, question_type=self, initial=initial)

    @property
    def template_name(self) -> str:
        """The widget template: overridable per project at the same path."""
        return f"assessments/questions/{self.kind}.html"

    # --- the key as JSON: specs are frozen into attempts, so the format stays readable -------

    def to_json(self, spec: Any) -> dict:
        """The key's fields as JSON values (Decimals as text), without the `"type"`."""
        raise NotImplementedError

    def from_json(self, data: Mapping[str, Any]) -> Any:
        """The spec from what `to_json` wrote (and from older, shorter JSON of the type)."""
        raise NotImplementedError

    # --- the key and the score (pure: plain values, no database) ------------------------------

    def key_problems(self, spec: Any) -> list[str]:
        """What is wrong with a key, in words for its author; [] when it is usable."""
        return []

    def grade(self, spec: Any, response: Any) -> grading.GradeResult:
        """Score a response (plain JSON, None when unanswered): see `grading.grade`. Runs inside
        the grading core's exact decimal context; raises `grading.InvalidResponse` for a
        response of the wrong shape."""
        raise NotImplementedError

    def max_fraction(self, spec: Any) -> Decimal:
        """The best fraction any response can get."""
        return Decimal(1)

    # --- GIFT ---------------------------------------------------------------------------------

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        """Whether an answer block (its text, and its text with escapes blanked out) is this
        type's; `body` is None for a question without an answer block."""
        return False

    def gift_read(self, reader: GiftReader, start: int, end: int, opening: int) -> Any:
        """The spec from the answer block between `start` and `end` (`opening` is its `{`);
        raises `gift.GiftProblem` for what cannot be read."""
        raise NotImplementedError

    def gift_write(self, spec: Any, writer: GiftWriter) -> str | None:
        """The answer block (`{...}`, with `writer.tail` inside it) or None for a question
        written without one; ValueError for what GIFT cannot express."""
        raise ValueError(f"GIFT kent geen vraagsoort ‘{self.kind}’")

    # --- the attempt form ---------------------------------------------------------------------

    def shown_order(
        self, spec: Any, frozen: Mapping[str, Any], shuffle: Callable[[int], list[int]]
    ) -> tuple[int, ...]:
        """The order an attempt shows the question's parts in; `shuffle(n)` gives a fixed,
        unguessable order of n things per attempt and question."""
        return ()

    def input_names(self, question: AttemptQuestion) -> list[str]:
        """The names of the question's inputs, all starting with `question.name`."""
        return [question.name]

    def form_value(self, question: AttemptQuestion, answer: Any) -> dict[str, list[str]]:
        """A saved answer (never None) as the posted values that show it."""
        return {question.name: [str(answer)]}

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        """The answer JSON from the posted values of the question's inputs (None when left
        open); raises ValidationError with a message for the learner."""
        value = one(values, question.name)
        return value if value.strip() else None

    def widget_context(self, question: AttemptQuestion, values: dict[str, list[str]]) -> dict:
        """What the widget template gets besides `name` and `values` (the posted values; none
        for a `widget_shared` type, whose template asks `answer` instead)."""
        return {"value": (values.get(question.name) or [""])[0]}

    def form_field(self, question: AttemptQuestion, **kwargs: Any) -> forms.Field:
        """The question's field in the attempt form (kwargs from the form, e.g. `max_bytes`)."""
        return AnswerField(question, **kwargs)

    def example_answer(self, spec: Any, *, right: bool = True) -> Any:
        """An answer in the shape the attempt form saves: one with full marks, or (with
        `right=False`) a wrong one; None where the type cannot make one (an essay). For
        previews, demo data and tests."""
        return None

    # --- the result page ----------------------------------------------------------------------

    def review_given(self, question: AttemptQuestion, answer: Any) -> list[str | SafeString]:
        """The learner's answer in words (escaped text or sanitised HTML), one item a line."""
        return []

    def review_correct(self, question: AttemptQuestion) -> list[str | SafeString]:
        """The key in words: what a full-marks answer looks like ([] to show none)."""
        return []

    def review_correct_label(
        self, question: AttemptQuestion, correct: Sequence[str | SafeString]
    ) -> str:
        """The heading above `review_correct`."""
        if len(correct) < 2:
            return _("Het goede antwoord")
        return _("Goede antwoorden (één ervan is genoeg)")


# --- the attempt form's field and widget, as every type gets them ------------------------------


class AnswerWidget(forms.Widget):
    """The inputs of one question, named and shown by its type."""

    def __init__(self, question: AttemptQuestion) -> None:
        super().__init__()
        self.question = question
        self.template_name = question.type.template_name

    def value_from_datadict(self, data, files, name: str) -> dict[str, list[str]] | None:
        """Every posted value of the question's inputs; None when the post leaves the question
        out altogether (no input of it and no `present` marker), so that its saved answer
        stays as it is."""
        question = self.question
        names = question.type.input_names(question)
        values = {n: data.getlist(n) for n in names if n in data}
        if not values and str(question.position) not in data.getlist("present"):
            return None
        return {n: values.get(n, []) for n in names}

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return self.value_from_datadict(data, files, name) is None

    def render(self, name: str, value: Any, attrs=None, renderer=None) -> SafeString:
        """The question's widget with `value` (its inputs' values) in it, as the attempt page
        draws it (`QuestionRenderer.render_question`)."""
        html = widget_renderer.render_question(self.question, value or {})
        return mark_safe(html)  # noqa: S308 - rendered by an auto-escaping template


class AnswerField(forms.Field):
    """A question's answer: its type turns the posted values into the answer JSON the grading
    core takes, and the grading core then checks that the answer fits the key."""

    def __init__(self, question: AttemptQuestion, *, max_bytes: int | None = None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", AnswerWidget(question))
        super().__init__(**kwargs)
        self.question = question
        self.max_bytes = max_bytes

    def clean(self, value: dict[str, list[str]] | None) -> Any:
        if value is None:
            return UNCHANGED
        question = self.question
        limit = self.max_bytes
        if limit is not None and sum(len(v) for given in value.values() for v in given) > limit:
            raise too_long(limit)
        answer = question.type.answer_from_form(question, value)
        if limit is not None and len(json.dumps(answer)) > limit:
            raise too_long(limit)
        try:
            grading.grade(question.spec, answer)
        except grading.InvalidResponse as exc:
            raise wrong_answer() from exc
        return answer
