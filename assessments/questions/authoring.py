"""The forms that write a question's key, one per question type (`QuestionType.authoring_form`).

A key form is shown under the question's common fields (name, text, feedback, points) on the
bank's edit page. It starts from a spec (`from_spec`) and, once valid, gives the spec back
(`spec()`); whether the key is usable is then the type's `key_problems`, checked by the page.

A type that brings no form of its own gets `DataclassKeyForm`: one field per field of its spec
when they are all plain (text, yes/no, a number), else the key as JSON (`JsonKeyForm`). A
plugin's type therefore has a working form without writing one, and may write a better one.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .specs import Choice, NumericAnswer

MAX_KEY_JSON = 64 * 1024
TEXTAREA = {"rows": 3}


class KeyForm(forms.Form):
    """The base of every key form: `question_type` is the registered type it writes for."""

    question_type: Any = None

    def __init__(self, *args, question_type, **kwargs) -> None:
        kwargs.setdefault("prefix", "key")
        super().__init__(*args, **kwargs)
        self.question_type = question_type

    @classmethod
    def initial_from_spec(cls, question_type, spec: Any) -> dict:
        """The form's initial values for an existing key."""
        return {}

    def spec(self) -> Any:
        """The key from the cleaned data (call after `is_valid()`)."""
        raise NotImplementedError

    @property
    def rows(self) -> list[list[forms.BoundField]]:
        """Repeated rows (choices, pairs) for a template that lays them out; [] when none."""
        return []


class JsonKeyForm(KeyForm):
    """The key as its JSON, as the type writes it (without its `"type"`): the default for a
    type whose key has lists or nested values."""

    key = forms.CharField(
        label=gettext_lazy("Antwoordsleutel (JSON)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=MAX_KEY_JSON,
        help_text=gettext_lazy("De sleutel zoals deze soort vraag hem bewaart."),
    )

    @classmethod
    def initial_from_spec(cls, question_type, spec: Any) -> dict:
        return {"key": json.dumps(question_type.to_json(spec), indent=2, ensure_ascii=False)}

    def clean_key(self) -> Any:
        try:
            data = json.loads(self.cleaned_data["key"])
            if not isinstance(data, dict):
                raise TypeError("not an object")
            return self.question_type.from_json(data)
        except (ValueError, TypeError, KeyError, InvalidOperation) as exc:
            raise ValidationError(
                _("Deze sleutel is niet leesbaar: %(error)s") % {"error": exc}
            ) from exc

    def spec(self) -> Any:
        return self.cleaned_data["key"]


def _plain_field(name: str, hint: Any, label: str) -> forms.Field | None:
    if hint is str:
        return forms.CharField(
            label=label, required=False, widget=forms.Textarea(attrs=TEXTAREA), strip=False
        )
    if hint is bool:
        return forms.BooleanField(label=label, required=False)
    if hint is int:
        return forms.IntegerField(label=label)
    if hint is Decimal:
        return forms.DecimalField(label=label, max_digits=12, decimal_places=6)
    return None


class DataclassKeyForm(KeyForm):
    """One field per field of a spec whose fields are all plain; the labels come from the
    type's `authoring_labels` (else the field's name)."""

    def __init__(self, *args, question_type, **kwargs) -> None:
        super().__init__(*args, question_type=question_type, **kwargs)
        labels = getattr(question_type, "authoring_labels", {}) or {}
        for name, hint in plain_fields(question_type.spec_class).items():
            self.fields[name] = _plain_field(
                name, hint, str(labels.get(name, name.replace("_", " ")))
            )

    @classmethod
    def initial_from_spec(cls, question_type, spec: Any) -> dict:
        return {name: getattr(spec, name) for name in plain_fields(question_type.spec_class)}

    def spec(self) -> Any:
        return self.question_type.spec_class(**self.cleaned_data)


def plain_fields(spec_class: type) -> dict[str, Any]:
    """The spec's fields and their types when every one is plain text, yes/no or a number;
    {} for a spec without fields; raises TypeError when a field is not plain."""
    hints = typing.get_type_hints(spec_class)
    fields = {f.name: hints.get(f.name) for f in dataclasses.fields(spec_class)}
    for name, hint in fields.items():
        if hint not in (str, bool, int, Decimal):
            raise TypeError(f"{spec_class.__name__}.{name} is not a plain field")
    return fields


def default_form_class(spec_class: type) -> type[KeyForm]:
    """`DataclassKeyForm` for a spec of plain fields, `JsonKeyForm` for any other."""
    try:
        plain_fields(spec_class)
    except (TypeError, NameError):
        return JsonKeyForm
    return DataclassKeyForm


# --- rows: the shipped types' keys are lists of choices, answers or pairs ---------------------

EMPTY_ROWS = 2  # open rows under the filled ones, for adding a choice
MIN_ROWS = 4


def percent_text(fraction: Decimal) -> Decimal:
    """A fraction as a percentage without trailing zeros (and without an exponent)."""
    value = (fraction * 100).quantize(Decimal("0.00001")).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


class RowsKeyForm(KeyForm):
    """A key of repeated rows; a subclass names a row's fields (`row_fields`) and turns the
    filled rows into a spec. The number of rows is the key's plus a few open ones (as many as
    the post brings when bound)."""

    row_fields: ClassVar[tuple[str, ...]] = ()
    row_label: ClassVar[Any] = gettext_lazy("Antwoord %(n)d")

    def __init__(self, *args, question_type, row_count: int | None = None, **kwargs) -> None:
        super().__init__(*args, question_type=question_type, **kwargs)
        if row_count is None:
            initial = kwargs.get("initial") or {}
            row_count = initial.get("rows", 0)
            if self.is_bound:
                row_count = max(row_count, self._posted_rows())
            else:
                row_count = max(row_count + EMPTY_ROWS, MIN_ROWS)
        self.row_count = min(row_count, 50)
        for n in range(self.row_count):
            for name, field in self.row_field_objects(n).items():
                self.fields[f"{name}_{n}"] = field

    def _posted_rows(self) -> int:
        count = 0
        first = self.row_fields[0]
        while self.add_prefix(f"{first}_{count}") in self.data and count < 50:
            count += 1
        return count

    def row_field_objects(self, n: int) -> dict[str, forms.Field]:
        raise NotImplementedError

    @property
    def rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"{name}_{n}"] for name in self.row_fields] for n in range(self.row_count)]

    # Which fields of a row make it count (an empty row is left out); None: any field.
    filled_by: ClassVar[tuple[str, ...] | None] = ("text",)

    def filled_rows(self) -> list[dict]:
        """The rows with something in them, each as {field name: cleaned value}."""
        data = self.cleaned_data
        rows = [
            {name: data.get(f"{name}_{n}") for name in self.row_fields}
            for n in range(self.row_count)
        ]
        names = self.filled_by or self.row_fields
        return [row for row in rows if any(str(row[name] or "").strip() for name in names)]


def _text(label: str, *, required: bool = False, area: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 2}) if area else forms.TextInput()
    return forms.CharField(label=label, required=required, widget=widget, max_length=5000)


def _percent(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=9,
        decimal_places=5,
        min_value=Decimal(-100),
        max_value=Decimal(100),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class ChoicesKeyForm(RowsKeyForm):
    """Choices (single choice, multiple response) or accepted answers (short answer): each a
    text, a share of the points in percent and feedback."""

    row_fields = ("text", "percent", "feedback")
    case_option = False

    def __init__(self, *args, question_type, **kwargs) -> None:
        super().__init__(*args, question_type=question_type, **kwargs)
        if self.case_option:
            self.fields["case_sensitive"] = forms.BooleanField(
                label=gettext_lazy("Let op hoofdletters"), required=False
            )

    def row_field_objects(self, n: int) -> dict[str, forms.Field]:
        label = self.row_label % {"n": n + 1}
        return {
            "text": _text(label),
            "percent": _percent(_("%(label)s: deel van de punten (%%)") % {"label": label}),
            "feedback": _text(_("%(label)s: feedback") % {"label": label}, area=True),
        }

    @classmethod
    def initial_from_spec(cls, question_type, spec: Any) -> dict:
        items = getattr(spec, "choices", None)
        if items is None:
            items = spec.answers
        initial: dict[str, Any] = {"rows": len(items)}
        for n, item in enumerate(items):
            initial[f"text_{n}"] = item.text
            initial[f"percent_{n}"] = percent_text(item.fraction)
            initial[f"feedback_{n}"] = item.feedback
        if cls.case_option:
            initial["case_sensitive"] = spec.case_sensitive
        return initial

    def spec(self) -> Any:
        choices = tuple(
            Choice(
                row["text"].strip(),
                (row["percent"] or Decimal(0)) / 100,
                (row["feedback"] or "").strip(),
            )
            for row in self.filled_rows()
        )
        if self.case_option:
            return self.question_type.spec_class(
                choices, case_sensitive=self.cleaned_data.get("case_sensitive", False)
            )
        return self.question_type.spec_class(choices)


class ShortAnswerKeyForm(ChoicesKeyForm):
    case_option = True
    row_label = gettext_lazy("Goed antwoord %(n)d")


class MatchingKeyForm(RowsKeyForm):
    """Pairs; a pair without a left side is a distractor on the right."""

    row_fields = ("left", "right")
    row_label = gettext_lazy("Paar %(n)d")

    def row_field_objects(self, n: int) -> dict[str, forms.Field]:
        label = self.row_label % {"n": n + 1}
        return {
            "left": _text(_("%(label)s: links") % {"label": label}),
            "right": _text(_("%(label)s: rechts") % {"label": label}),
        }

    @classmethod
    def initial_from_spec(cls, question_type, spec: Any) -> dict:
        initial: dict[str, Any] = {"rows": len(spec.pairs)}
        for n, (left, right) in enumerate(spec.pairs):
            initial[f"left_{n}"] = left
            initial[f"right_{n}"] = right
        return initial

    filled_by = None

    def spec(self) -> Any:
        pairs = tuple(
            ((row["left"] or "").strip(), (row["right"] or "").strip())
            for row in self.filled_rows()
        )
        return self.question_type.spec_class(pairs)


class LinesKeyForm(KeyForm):
    """Items in their right order, one a line (an ordering question)."""

    items = forms.CharField(
        label=gettext_lazy("De onderdelen in de goede volgorde, één per regel"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )

    @classmethod
    def initial_from_spec(cls, question_type, spec: Any) -> dict:
        return {"items": "\n".join(spec.items)}

    def spec(self) -> Any:
        lines = self.cleaned_data["items"].splitlines()
        return self.question_type.spec_class(tuple(line.strip() for line in lines if line.strip()))


class TrueFalseKeyForm(KeyForm):
    answer = forms.TypedChoiceField(
        label=gettext_lazy("Het goede antwoord"),
        choices=[("true", gettext_lazy("juist")), ("false", gettext_lazy("onjuist"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    feedback_if_true = forms.CharField(
        label=gettext_lazy("Feedback bij ‘juist’"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    feedback_if_false = forms.CharField(
        label=gettext_lazy("Feedback bij ‘onjuist’"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    @classmethod
    def initial_from_spec(cls, question_type, spec: Any) -> dict:
        return {
            "answer": "true" if spec.answer else "false",
            "feedback_if_true": spec.feedback_if_true,
            "feedback_if_false": spec.feedback_if_false,
        }

    def spec(self) -> Any:
        data = self.cleaned_data
        return self.question_type.spec_class(
            data["answer"], data["feedback_if_true"], data["feedback_if_false"]
        )


def _number(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=30,
        decimal_places=15,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class NumericKeyForm(RowsKeyForm):
    """Accepted numbers: a value with a margin, or a range from low to high; a row with
    neither is "any other number" (usually with feedback and no points)."""

    row_fields = ("value", "tolerance", "low", "high", "percent", "feedback")

    def row_field_objects(self, n: int) -> dict[str, forms.Field]:
        label = self.row_label % {"n": n + 1}
        return {
            "value": _number(_("%(label)s: getal") % {"label": label}),
            "tolerance": _number(_("%(label)s: marge (meer of minder)") % {"label": label}),
            "low": _number(_("%(label)s: of vanaf") % {"label": label}),
            "high": _number(_("%(label)s: tot en met") % {"label": label}),
            "percent": _percent(_("%(label)s: deel van de punten (%%)") % {"label": label}),
            "feedback": _text(_("%(label)s: feedback") % {"label": label}, area=True),
        }

    @classmethod
    def initial_from_spec(cls, question_type, spec: Any) -> dict:
        initial: dict[str, Any] = {"rows": len(spec.answers)}
        for n, answer in enumerate(spec.answers):
            initial[f"value_{n}"] = answer.value
            initial[f"tolerance_{n}"] = answer.tolerance or None
            initial[f"low_{n}"] = answer.low
            initial[f"high_{n}"] = answer.high
            initial[f"percent_{n}"] = percent_text(answer.fraction)
            initial[f"feedback_{n}"] = answer.feedback
        return initial

    filled_by = None

    def spec(self) -> Any:
        answers = []
        for row in self.filled_rows():
            numbered = any(row[name] is not None for name in ("value", "low", "high"))
            percent = row["percent"]
            if percent is None:
                percent = Decimal(100) if numbered else Decimal(0)
            answers.append(
                NumericAnswer(
                    value=row["value"],
                    tolerance=row["tolerance"] or Decimal(0),
                    low=row["low"],
                    high=row["high"],
                    fraction=percent / 100,
                    feedback=(row["feedback"] or "").strip(),
                )
            )
        return self.question_type.spec_class(tuple(answers))
