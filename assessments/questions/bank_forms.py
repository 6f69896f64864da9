"""The question bank's forms: its filters (a GET form), the GIFT export of a category and a
question's own fields on its edit page."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Question, QuestionCategory
from .selectors import CategoryNode, QuestionKind


def _category_choices(folders: Sequence[CategoryNode]) -> list[tuple[str, str]]:
    return [(node.path, node.path.replace("/", " / ")) for node in folders]


class BankFilterForm(forms.Form):
    """Filters of the bank's list. Every field may be left open; a value that is not (or no
    longer) a choice is ignored, and said so, rather than showing an empty list."""

    q = forms.CharField(label=_("Zoek in naam en tekst"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Categorie"), required=False)
    only = forms.BooleanField(label=_("Zonder subcategorieën"), required=False)
    type = forms.ChoiceField(label=_("Soort vraag"), required=False)

    def __init__(
        self,
        data=None,
        *,
        folders: Sequence[CategoryNode],
        kinds: Sequence[QuestionKind],
    ) -> None:
        super().__init__(data)
        self.kinds = {kind.kind: kind for kind in kinds}
        self.fields["category"].choices = [
            ("", _("alle categorieën")),
            *_category_choices(folders),
        ]
        self.fields["type"].choices = [
            ("", _("alle soorten")),
            *((kind.kind, kind.label) for kind in kinds),
        ]

    def filters(self) -> dict:
        """The valid filters: `q`, `category`, `only` and `type` ("" or False when open)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": " ".join(data.get("q", "").split()),
            "category": data.get("category") or "",
            "only": bool(data.get("only")),
            "type": data.get("type") or "",
        }

    def ctype_id(self) -> int | None:
        kind = self.kinds.get(self.filters()["type"])
        return kind.ctype_id if kind is not None else None

    def query(self, **extra) -> str:
        """The filters as a query string, to carry them to a preview and back."""
        values = {**self.filters(), **extra}
        return urlencode({name: ("1" if v is True else v) for name, v in values.items() if v})


class GiftExportForm(forms.Form):
    category = forms.ChoiceField(label=_("Categorie"))
    subcategories = forms.BooleanField(
        label=_("Met de subcategorieën"), required=False, initial=True
    )

    def __init__(self, data=None, *, folders: Sequence[CategoryNode], **kwargs) -> None:
        super().__init__(data, prefix="export", **kwargs)
        self.fields["category"].choices = _category_choices(folders)


QUESTION_FIELDS = ["name", "text", "text_format", "general_feedback", "default_points"]


class QuestionForm(forms.Form):
    """A question's own fields on the bank's edit page (its key is the type's `KeyForm`):
    the model's fields, and a category of the course or a new one by name."""

    category = forms.TypedChoiceField(label=_("Categorie"), coerce=int, required=False)
    new_category = forms.CharField(
        label=_("Of een nieuwe categorie"),
        required=False,
        max_length=255,
        help_text=_("Een naam met “/” zet de categorie in een andere, zoals “Examen/Emoties”."),
    )

    def __init__(self, *args, categories: Sequence[QuestionCategory], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(
            Question,
            fields=QUESTION_FIELDS,
            widgets={
                "text": forms.Textarea(attrs={"rows": 5}),
                "general_feedback": forms.Textarea(attrs={"rows": 3}),
            },
        )
        self.fields = {"name": model_fields.pop("name"), **self.fields, **model_fields}
        self.categories = {c.pk: c for c in categories}
        self.fields["category"].choices = [
            ("", "—"),
            *((c.pk, c.name.replace("/", " / ")) for c in categories),
        ]

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        return {
            "category": question.category_id,
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
        }

    def clean_new_category(self) -> str:
        parts = self.cleaned_data["new_category"].split("/")
        return "/".join(part.strip() for part in parts if part.strip())

    def clean(self):
        data = super().clean()
        if data.get("new_category"):
            data["category"] = None
        elif data.get("category") in self.categories:
            data["category"] = self.categories[data["category"]]
        else:
            self.add_error("category", _("Kies een categorie of geef een nieuwe een naam."))
        return data


class BankBulkForm(forms.Form):
    """The questions ticked in the bank's list, and what to do with them: move them to a
    category, or remove them (delete what nothing uses, retire the rest)."""

    MOVE, REMOVE = "move", "remove"

    questions = forms.TypedMultipleChoiceField(label=_("Vragen"), coerce=int)
    target = forms.TypedChoiceField(label=_("Naar categorie"), coerce=int, required=False)
    action = forms.ChoiceField(choices=[(MOVE, MOVE), (REMOVE, REMOVE)])
    back = forms.CharField(required=False, max_length=2000)

    def __init__(self, data=None, *, question_ids, categories: Sequence[QuestionCategory]):
        super().__init__(data)
        self.fields["questions"].choices = [(pk, pk) for pk in question_ids]
        self.categories = {c.pk: c for c in categories}
        self.fields["target"].choices = [
            ("", "—"),
            *((c.pk, c.name.replace("/", " / ")) for c in categories),
        ]

    def clean(self):
        data = super().clean()
        if data.get("action") == self.MOVE:
            if data.get("target") not in self.categories:
                self.add_error("target", _("Kies de categorie waar de vragen naartoe gaan."))
            else:
                data["target"] = self.categories[data["target"]]
        return data
