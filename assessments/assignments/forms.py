"""The forms of open work: the learner's draft and the trainer's review.

Both take moments of a conversation: blank rows, each a time in the recording (or a bit of
the transcript) with what is said about it, the learner's annotations and the trainer's
comments. They are one formset (`MomentFormSet`); rows left blank are skipped. The learner
adds rows as needed, with a script or, without one, with a button that saves and shows one
more row. The forms parse and check what was posted; the rules of the work (deadlines, file
kinds, lengths, who may do what) are the services' (`services.py`), whose refusals the view
adds to the form, so that the page shows everything that was typed again, with every message
at the top.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.translation import gettext_lazy as _

from ..models import AnnotationCategory, Assignment, ConversationAnalysis, Review
from . import uploads
from .selectors import STATES, WAITING
from .services import DraftInput, NewAnnotation, NewComment, ReviewInput

NEW_ROWS = 3  # the trainer's blank comment rows
MAX_NEW_ROWS = 30  # the most new annotations one save takes
_TIME = re.compile(r"^\s*(?:(\d{1,2}):)?(\d{1,3}):(\d{2})\s*$|^\s*(\d{1,5})\s*$")


def parse_time(value: str) -> int | None:
    """ "1:24" → 84, "1:02:03" → 3723, "90" → 90, "" → None; ValueError for anything else."""
    if not value or not value.strip():
        return None
    match = _TIME.match(value)
    if not match:
        raise ValueError(value)
    if match.group(4) is not None:
        return int(match.group(4))
    hours = int(match.group(1) or 0)
    minutes, seconds = int(match.group(2)), int(match.group(3))
    if seconds >= 60 or (match.group(1) and minutes >= 60):
        raise ValueError(value)
    return hours * 3600 + minutes * 60 + seconds


def format_time(seconds: int | None) -> str:
    """A moment as people write it: 84 → "1:24", 3723 → "1:02:03"."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# --- fields ------------------------------------------------------------------------------------


class MomentTimeField(forms.CharField):
    """A moment of the recording as written ("1:24", "1:02:03", "90"), cleaned to seconds or
    None when left blank. Shown again as typed when it is not a time."""

    widget = forms.TextInput(
        attrs={"inputmode": "numeric", "size": 8, "placeholder": "1:24", "class": "time-input"}
    )

    def to_python(self, value: Any) -> int | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_time(text)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class IdsField(forms.Field):
    """The primary keys of ticked checkboxes ("weghalen"); anything not a number is ignored.
    The services only touch rows of the poster's own submission or review."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, initial=(), **kwargs)

    def to_python(self, value: Any) -> set[int]:
        return {int(v) for v in value or () if str(v).isdigit()}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class UploadsField(forms.Field):
    """Files as posted, not yet checked: `services.submission_draft_save` checks each by its
    content and size (`uploads.check`), with its own plain messages. A file input left empty
    posts no file."""

    def __init__(self, *, multiple: bool = False, **kwargs: Any) -> None:
        self.multiple = multiple
        kwargs.setdefault("widget", MultipleFileInput if multiple else forms.FileInput)
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> Any:
        posted = value if isinstance(value, list | tuple) else [value] if value else []
        files = [f for f in posted if getattr(f, "name", "")]
        if self.multiple:
            return files
        return files[-1] if files else None


# --- moments: the learner's annotations and the trainer's comments -------------------------------


class MomentForm(forms.Form):
    """One moment: a time or a bit of the text, and what is said about it."""

    invalid_time = _("Opmerking %(n)d: schrijf de tijd als minuten:seconden, bijvoorbeeld 1:24.")

    time = MomentTimeField(label=_("Tijd"), required=False)
    quote = forms.CharField(
        label=_("of een stukje tekst"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 500}),
    )
    note = forms.CharField(
        label=_("Opmerking"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, number: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["time"].error_messages["invalid"] = self.invalid_time % {"n": number}


def category_choices(categories: Iterable[AnnotationCategory]) -> list:
    """The categories grouped as emotions and conversation techniques, after a blank choice."""
    groups = [
        (_("Emoties"), AnnotationCategory.Kind.EMOTION),
        (_("Gesprekstechnieken"), AnnotationCategory.Kind.TECHNIQUE),
    ]
    categories = list(categories)
    choices: list = [("", _("kies…"))]
    for label, kind in groups:
        members = [(c.pk, c.name) for c in categories if c.kind == kind]
        if members:
            choices.append((label, members))
    return choices


class AnnotationForm(MomentForm):
    """A learner's moment of the conversation, with a category (an emotion or a technique)."""

    invalid_time = _("Aantekening %(n)d: schrijf de tijd als minuten:seconden, bijvoorbeeld 1:24.")
    field_order = ("time", "quote", "category", "note")

    category = forms.TypedChoiceField(
        label=_("Categorie"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Kies een categorie uit de lijst.")},
    )
    note = forms.CharField(
        label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, categories: Sequence[AnnotationCategory] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(categories)


class MomentFormSet(forms.BaseFormSet):
    """Blank rows of moments; a row left blank is skipped. The page opens with `rows` blank
    rows (the class's `extra` when not given); a row is added by a script from `empty_form`,
    or without one by a button that saves the draft and opens the page with one more row.
    A post without the management form (the beacon of a closing page, a page opened before
    this form had one) is read as the rows it posted, rather than refused: the texts posted
    with it are never lost over it. Unbound (the autosave script's texts-only post), it has
    no rows and nothing to refuse."""

    def __init__(
        self, data: Any = None, files: Any = None, *, prefix: str, rows: int | None = None, **kwargs
    ):
        if rows is not None:
            self.extra = max(1, min(rows, self.absolute_max))
        if data is not None and f"{prefix}-{TOTAL_FORM_COUNT}" not in data:
            data = data.copy()
            data[f"{prefix}-{TOTAL_FORM_COUNT}"] = str(self._posted_rows(data, prefix))
            data[f"{prefix}-{INITIAL_FORM_COUNT}"] = "0"
        super().__init__(data, files, prefix=prefix, auto_id="%s", **kwargs)

    def _posted_rows(self, data: Any, prefix: str) -> int:
        pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)-")
        indexes = [int(m.group(1)) for key in data if (m := pattern.match(key))]
        return min(max(indexes, default=-1) + 1, self.absolute_max)

    def get_form_kwargs(self, index: int | None) -> dict:
        return {**super().get_form_kwargs(index), "number": 0 if index is None else index + 1}

    def is_valid(self) -> bool:
        return not self.is_bound or super().is_valid()

    def rows(self) -> list[dict]:
        """The cleaned rows that were filled in (call after `is_valid()`)."""
        if not self.is_bound:
            return []
        return [form.cleaned_data for form in self.forms if form.has_changed()]

    def blank_rows(self) -> int:
        """How many rows were posted blank (call after `is_valid()`)."""
        return len(self.forms) - len(self.rows()) if self.is_bound else self.total_form_count()

    def messages(self) -> list[str]:
        found = list(self.non_form_errors()) if self.is_bound else []
        for form in self.forms:
            for errors in form.errors.values():
                found.extend(errors)
        return found


AnnotationFormSet = forms.formset_factory(
    AnnotationForm,
    formset=MomentFormSet,
    extra=1,
    max_num=MAX_NEW_ROWS,
    absolute_max=MAX_NEW_ROWS,
)
CommentFormSet = forms.formset_factory(
    MomentForm, formset=MomentFormSet, extra=NEW_ROWS, max_num=NEW_ROWS, absolute_max=NEW_ROWS
)


class WithMoments:
    """A form with a formset of moments (`self.moments`): valid when both are, and every
    problem of the two as one list, for the message at the top of the page."""

    moments: MomentFormSet

    def messages(self) -> list[str]:
        found: list[str] = []
        for name, errors in self.errors.items():
            if name != NON_FIELD_ERRORS:
                found.extend(errors)
        found.extend(self.moments.messages())
        found.extend(self.non_field_errors())
        return list(dict.fromkeys(found))

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.moments.is_valid() and valid


# --- the learner's draft -----------------------------------------------------------------------


def _file_accept(assignment: Assignment) -> str:
    return ",".join(
        "." + extension
        for key in assignment.file_kinds()
        if key in uploads.KINDS
        for extension in uploads.KINDS[key].extensions
    )


class DraftForm(WithMoments, forms.Form):
    """The learner's work in progress: texts, answers to the reflection questions, files and a
    recording to add or take away, and new annotations.

    `texts_only` is the autosave script's post: the texts and answers only; files and new
    annotations go with a button."""

    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"id": "text-input", "rows": 12, "aria-describedby": "text-help"}
        ),
    )
    transcript = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"id": "transcript-input", "rows": 12, "aria-describedby": "transcript-help"}
        ),
    )
    files = UploadsField(
        multiple=True,
        widget=MultipleFileInput(attrs={"id": "files-input", "aria-describedby": "files-help"}),
    )
    audio = UploadsField(
        widget=forms.FileInput(
            attrs={"id": "audio-input", "accept": "audio/*", "aria-describedby": "audio-help"}
        )
    )
    remove_file = IdsField()
    remove_annotation = IdsField()
    add_row = forms.BooleanField(required=False)

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        assignment: Assignment,
        categories: Sequence[AnnotationCategory] = (),
        texts_only: bool = False,
        rows: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, files, auto_id="%s", **kwargs)
        self.texts_only = texts_only
        questions = assignment.questions() if isinstance(assignment, ConversationAnalysis) else []
        self.answer_names = [f"answer-{i}" for i in range(len(questions))]
        for name, question in zip(self.answer_names, questions, strict=True):
            self.fields[name] = forms.CharField(
                label=question,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.fields["files"].widget.attrs["accept"] = _file_accept(assignment)
        self.moments = AnnotationFormSet(
            None if texts_only else data,
            prefix="new",
            rows=rows,
            form_kwargs={"categories": categories},
        )

    def rows_after_save(self) -> int | None:
        """With the "add a row" button: the blank rows to show once saved, one more than were
        posted blank (call after `is_valid()`); None for an ordinary save."""
        if not self.cleaned_data.get("add_row"):
            return None
        return min(self.moments.blank_rows() + 1, MAX_NEW_ROWS)

    def answers(self) -> list[forms.BoundField]:
        return [self[name] for name in self.answer_names]

    def draft_input(self) -> DraftInput:
        """What to save (call after `is_valid()`); a text that was not posted stays as it is."""
        data, cleaned = self.data, self.cleaned_data
        draft = DraftInput(
            text=cleaned["text"] if "text" in data else None,
            transcript=cleaned["transcript"] if "transcript" in data else None,
            answers=[cleaned[name] for name in self.answer_names]
            if any(name in data for name in self.answer_names)
            else None,
        )
        if self.texts_only:
            return draft
        draft.new_files = cleaned["files"]
        draft.new_audio = cleaned["audio"]
        draft.remove_file_ids = cleaned["remove_file"]
        draft.remove_annotation_ids = cleaned["remove_annotation"]
        draft.new_annotations = [
            NewAnnotation(
                at_seconds=row["time"],
                quote=row["quote"],
                category_id=row["category"],
                note=row["note"],
            )
            for row in self.moments.rows()
        ]
        return draft


class RowsForm(forms.Form):
    """The page's query string: how many blank annotation rows to show (`?rijen=2`, after
    the "add a row" button); anything else is the default."""

    rijen = forms.IntegerField(required=False, min_value=1, max_value=MAX_NEW_ROWS)

    def rows(self) -> int | None:
        return self.cleaned_data.get("rijen") if self.is_valid() else None


# --- the trainer's review ----------------------------------------------------------------------


def _yes(value: str) -> bool:
    return value == "yes"


class ReviewForm(WithMoments, forms.Form):
    """A trainer's grade of one version: a level per criterion of the rubric (or complete or
    not), feedback, comments at moments, and the state to save it in. The hidden lock and
    version are those the page was opened with, so that a save in between is caught."""

    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    complete = forms.TypedChoiceField(
        choices=[("yes", _("Compleet")), ("no", _("Nog niet compleet"))],
        required=False,
        coerce=_yes,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"id": "feedback-input", "rows": 8, "aria-describedby": "feedback-help"}
        ),
    )
    reason = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"id": "reason-input", "rows": 2}),
    )
    state = forms.ChoiceField(
        choices=Review.State.choices,
        required=False,
        error_messages={"invalid_choice": _("Onbekende status.")},
    )
    remove_comment = IdsField()
    then_next = forms.BooleanField(required=False, initial=True)

    def __init__(self, data: Any = None, *, criteria: Sequence[dict] = (), **kwargs: Any) -> None:
        super().__init__(data, auto_id="%s", **kwargs)
        self.criteria = list(criteria)
        for index, criterion in enumerate(self.criteria):
            self.fields[f"level-{index}"] = forms.TypedChoiceField(
                label=criterion["title"],
                choices=[(n, level["description"]) for n, level in enumerate(criterion["levels"])],
                required=False,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _(
                        "Dit niveau bestaat niet in het beoordelingsmodel. Kies een niveau uit de lijst."
                    )
                },
            )
        self.moments = CommentFormSet(data, prefix="comment")

    @staticmethod
    def initial_for(review: Review | None, *, version_id: int) -> dict:
        """The form as the page opens: the review as it is saved (or empty), and the lock and
        version it starts from."""
        initial: dict = {"lock_version": 0, "version": version_id}
        if review is None:
            return initial
        initial["lock_version"] = review.lock_version
        initial["feedback"] = review.feedback
        if review.complete is not None:
            initial["complete"] = "yes" if review.complete else "no"
        for key, level in (review.levels or {}).items():
            initial[f"level-{key}"] = level
        return initial

    def criterion_rows(self) -> list[tuple[dict, forms.BoundField]]:
        return [(c, self[f"level-{i}"]) for i, c in enumerate(self.criteria)]

    def review_input(self) -> ReviewInput:
        """What to save (call after `is_valid()`); a form without its lock always conflicts."""
        cleaned = self.cleaned_data
        levels = {}
        for index in range(len(self.criteria)):
            if cleaned[f"level-{index}"] is not None:
                levels[index] = cleaned[f"level-{index}"]
        lock = cleaned["lock_version"]
        return ReviewInput(
            lock_version=lock if lock is not None else -1,
            levels=levels,
            complete=cleaned["complete"],
            feedback=cleaned["feedback"],
            state=cleaned["state"] or Review.State.DRAFT,
            reason=cleaned["reason"],
            new_comments=[
                NewComment(at_seconds=row["time"], quote=row["quote"], note=row["note"])
                for row in self.moments.rows()
            ],
            remove_comment_ids=cleaned["remove_comment"],
            version_id=cleaned["version"],
        )


# --- the grading queue -------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """The grading queue's filters (from the query string) and the bulk release's choice of
    assignment and edition (posted); a value that is not one of them means no filter."""

    edition = forms.IntegerField(required=False, min_value=1)
    assignment = forms.IntegerField(required=False, min_value=1)
    state = forms.ChoiceField(choices=[(state, state) for state in STATES], required=False)

    def filters(self) -> dict:
        self.is_valid()
        cleaned = self.cleaned_data  # a field that did not clean is left out
        return {
            "edition": cleaned.get("edition"),
            "assignment": cleaned.get("assignment"),
            "state": cleaned.get("state") or WAITING,
        }
