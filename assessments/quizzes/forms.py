"""The attempt form: one field per question of the attempt, each from its question type.

The form reads a post the way the page sends it: only the questions in the post count (a
question is in it by any of its inputs, or by its `present` marker when nothing is chosen), so
that a save from an old tab or a partial post leaves the other answers as they are. A post
that names a question not in the attempt, or an input a question does not have, is refused as
a whole; nothing is saved here, the view hands the answers to the attempt services.

Speed: every learner opens this page at the exam's start, so its widgets are Jinja2 templates
whose answer-free markup is rendered once per process and shared (see
`assessments.questions.widgets`). Measured for an exam page of 20 questions of the exam bench's
bank (parse the frozen keys, build the form, render every widget; shuffled questions and
options): 0.46 ms when the HTML was built in Python strings, 2.0 ms with a Jinja2 render per
widget, 0.9 ms with the shared renders on a learner's first view, 0.55 ms on a later one.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ..models import Attempt, AttemptGrant, Quiz
from ..questions import specs
from ..questions.registry import registry
from ..questions.types import AttemptQuestion
from ..questions.widgets import UNCHANGED, renderer, wrong_answer
from .regrade import MAX_REASON_LENGTH
from .services import MAX_ANSWER_BYTES

_INPUT = re.compile(r"q([0-9]+)(?:-[a-z][0-9]+)?")
_POSITION = re.compile(r"[0-9]{1,4}")
_FORM_VALUE_ERRORS = (AttributeError, IndexError, KeyError, TypeError, ValueError)


# Every learner of an exam froze the same keys: each is parsed once per process, and told
# apart from an edited one by its JSON (see SpecMemo), so a regraded key is parsed anew.
_KEYS = specs.SpecMemo(max_keys=4096)


def attempt_questions(attempt: Attempt) -> list[AttemptQuestion]:
    """The attempt's frozen questions as the learner sees them: numbered (a text without a
    question gets no number), each with the order its type shows its parts in."""
    questions: list[AttemptQuestion] = []
    number = 0
    for position, frozen in enumerate(attempt.questions):
        data = frozen["spec"]
        question_type = registry.get(data["type"])
        spec = _KEYS(data, frozen.get("question_id"))
        shuffle = partial(_shuffled, attempt_id=attempt.pk, position=position)
        shown_number = None
        if question_type.answerable:
            number += 1
            shown_number = number
        questions.append(
            AttemptQuestion(
                position=position,
                number=shown_number,
                type=question_type,
                spec=spec,
                frozen=frozen,
                order=question_type.shown_order(spec, frozen, shuffle),
            )
        )
    return questions


def _shuffled(count: int, attempt_id: int, position: int) -> list[int]:
    """A fixed order per attempt and question that the learner cannot work out from the page."""
    order = list(range(count))
    random.Random(f"{settings.SECRET_KEY}:{attempt_id}:{position}").shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


@dataclass(frozen=True)
class ShownQuestion:
    """One question as the attempt page shows it: its rendered widget and its error."""

    position: int
    number: int | None
    error: str
    html: SafeString


class AttemptForm(forms.Form):
    """The answers to an attempt's questions. Unbound it shows the saved `answers`; bound to
    a post (a QueryDict: inputs repeat) it cleans to the posted answers (`posted_answers()`).
    `read_only` (the time is up) shows every question disabled.

    Bound, it has a field only for each question the post is about: the page's autosave sends
    the questions that changed since its last save (static/js/attempt.js), so a save reads one
    or two fields, not forty. Unbound (the page) it needs none: the widgets are drawn from the
    questions' types (`QuestionRenderer.render_question`)."""

    default_renderer = renderer

    def __init__(
        self,
        questions: Sequence[AttemptQuestion],
        data: QueryDict | None = None,
        *,
        answers: Mapping[int, Any] | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(data=data)
        self.questions = list(questions)
        self.saved = dict(answers or {})
        self.read_only = read_only
        self.posted_inputs: dict[int, set[str]] = {}
        self._strangers = False
        if data is not None:
            self._read_names(data)
        for question in self.questions:
            if question.type.answerable and question.position in self.posted_inputs:
                self.fields[question.name] = self._field(question)

    @staticmethod
    def _field(question: AttemptQuestion) -> forms.Field:
        return question.type.form_field(question, max_bytes=MAX_ANSWER_BYTES)

    def _read_names(self, data: QueryDict) -> None:
        """Which questions the post is about, by their inputs and `present` markers."""
        count = len(self.questions)
        for name in data:
            match = _INPUT.fullmatch(name)
            if match is None:
                continue
            if len(match[1]) > 5 or int(match[1]) >= count:
                self._strangers = True
                continue
            self.posted_inputs.setdefault(int(match[1]), set()).add(name)
        for value in data.getlist("present"):
            if not _POSITION.fullmatch(value) or int(value) >= count:
                self._strangers = True
                continue
            self.posted_inputs.setdefault(int(value), set())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self._strangers:
            self.add_error(
                None,
                ValidationError(
                    _("Er kwam een antwoord binnen op een vraag die niet in je toets staat."),
                    code="unknown_question",
                ),
            )
        for position, names in sorted(self.posted_inputs.items()):
            question = self.questions[position]
            if not question.type.answerable:
                self.add_error(None, wrong_answer())
            elif not names <= set(question.type.input_names(question)):
                self.add_error(question.name, wrong_answer())
        return cleaned

    def posted_answers(self) -> dict[int, Any]:
        """position: answer, of every question in the post (after `is_valid()`)."""
        return {
            question.position: self.cleaned_data[question.name]
            for question in self.questions
            if self.cleaned_data.get(question.name, UNCHANGED) is not UNCHANGED
        }

    def changed_answers(self) -> dict[int, Any]:
        """The posted answers that differ from the saved ones: what a save has to write."""
        return {
            position: answer
            for position, answer in self.posted_answers().items()
            if answer != self.saved.get(position)
        }

    def answered(self) -> int:
        """How many questions have a saved answer."""
        return sum(1 for q in self.questions if q.number and self.saved.get(q.position) is not None)

    # --- the page -----------------------------------------------------------------------------

    def shown(self) -> list[ShownQuestion]:
        """Every question rendered: a question the post was about shows what was posted when
        the post was refused, any other what is saved."""
        failed = self.is_bound and not self.is_valid()
        language = get_language()  # looked up once, not once a question
        return [self._show(question, failed, language) for question in self.questions]

    def _show(self, question: AttemptQuestion, failed: bool, language: str) -> ShownQuestion:
        errors = self.errors.get(question.name) if failed else None
        error = str(errors[0]) if errors else ""
        values: dict[str, list[str]] = {}
        if question.type.answerable:
            if failed and question.position in self.posted_inputs:
                widget = self.fields[question.name].widget
                values = widget.value_from_datadict(self.data, self.files, question.name) or {}
            else:
                values = self._saved_values(question)
        html = self.renderer.render_question(
            question, values, error=error, disabled=self.read_only, language=language
        )
        return ShownQuestion(
            question.position,
            question.number,
            error,
            mark_safe(html),  # noqa: S308 - rendered by an auto-escaping template
        )

    def _saved_values(self, question: AttemptQuestion) -> dict[str, list[str]]:
        answer = self.saved.get(question.position)
        if answer is None:
            return {}
        try:
            return question.type.form_value(question, answer)
        except _FORM_VALUE_ERRORS:
            return {}  # an answer that no longer fits the key: shown as not given


# --- a trainer's grant ------------------------------------------------------------------------


class AttemptGrantForm(forms.Form):
    """A trainer gives one learner an extra attempt or extra time at one of the course's
    quizzes; the service checks the amounts again and who may."""

    quiz = forms.TypedChoiceField(
        label=gettext_lazy("Toets"),
        coerce=int,
        error_messages={"required": gettext_lazy("Kies een toets.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Wat geef je?"),
        choices=[
            (AttemptGrant.Kind.EXTRA_ATTEMPT, gettext_lazy("Een extra poging")),
            (AttemptGrant.Kind.EXTRA_TIME, gettext_lazy("Extra tijd bij elke poging")),
        ],
        widget=forms.RadioSelect,
        initial=AttemptGrant.Kind.EXTRA_ATTEMPT,
        error_messages={"required": gettext_lazy("Kies een extra poging of extra tijd.")},
    )
    extra_attempts = forms.IntegerField(
        label=gettext_lazy("Aantal extra pogingen"),
        min_value=1,
        max_value=AttemptGrant.MAX_EXTRA_ATTEMPTS,
        initial=1,
        required=False,
        help_text=gettext_lazy("Bij een extra poging. De cursist kan meteen beginnen."),
    )
    extra_time_percent = forms.IntegerField(
        label=gettext_lazy("Extra tijd (procent)"),
        min_value=1,
        max_value=AttemptGrant.MAX_EXTRA_TIME_PERCENT,
        required=False,
        help_text=gettext_lazy(
            "Bij extra tijd, bijvoorbeeld 25 voor een kwart langer. Geldt voor elke poging die "
            "de cursist vanaf nu begint."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        max_length=AttemptGrant._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Komt in het overzicht, met jouw naam en de datum."),
        error_messages={"required": gettext_lazy("Schrijf op waarom je dit geeft.")},
    )

    def __init__(self, *args, quizzes: Sequence[Quiz], **kwargs):
        super().__init__(*args, **kwargs)
        self.quizzes = {quiz.pk: quiz for quiz in quizzes}
        self.fields["quiz"].choices = [
            ("", _("Kies een toets")),
            *((quiz.pk, quiz.title) for quiz in quizzes),
        ]
        if len(quizzes) == 1:
            self.fields["quiz"].initial = quizzes[0].pk

    def clean_quiz(self) -> Quiz:
        return self.quizzes[self.cleaned_data["quiz"]]

    def clean(self) -> dict:
        data = super().clean()
        needed = {
            AttemptGrant.Kind.EXTRA_ATTEMPT: (
                "extra_attempts",
                _("Vul in hoeveel extra pogingen je geeft."),
            ),
            AttemptGrant.Kind.EXTRA_TIME: (
                "extra_time_percent",
                _("Vul in hoeveel procent extra tijd je geeft."),
            ),
        }.get(data.get("kind"))
        if needed and not data.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(*needed)
        return data

    def grant_arguments(self) -> dict:
        """The service's keyword arguments for the amounts of the chosen kind."""
        data = self.cleaned_data
        if data["kind"] == AttemptGrant.Kind.EXTRA_TIME:
            return {"extra_time_percent": data["extra_time_percent"]}
        return {"extra_attempts": data["extra_attempts"]}


class RegradeForm(forms.Form):
    """Why the attempts with a question are scored again (kept with every changed attempt)."""

    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy(
            "Waarom worden de pogingen opnieuw nagekeken? Bijvoorbeeld: 'Antwoord B was ook "
            "goed; sleutel verbeterd.' De reden komt bij elke gewijzigde poging te staan."
        ),
    )
