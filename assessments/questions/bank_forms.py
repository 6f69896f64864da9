"""The question bank's forms: its filters (a GET form) and the GIFT export of a category."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

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
