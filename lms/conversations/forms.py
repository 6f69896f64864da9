"""The forms of conversations: a message, what it replies to, and the inbox's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import about
from .services import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Je bericht"),
        required=False,
        max_length=MAX_BODY,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": "message-body-help"}),
    )
    attachment = forms.FileField(
        label=_("Bijlage (hoeft niet)"),
        required=False,
        widget=forms.FileInput(attrs={"aria-describedby": "message-attachment-help"}),
    )
    about = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    item = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body") and not cleaned.get("attachment") and not self.errors:
            raise forms.ValidationError(_("Schrijf eerst je bericht, of voeg een bijlage toe."))
        return cleaned


class ConversationQueryForm(forms.Form):
    """The conversation page's query: what a "Reageer" link says the new message is about
    (`?about=feedback&item=12`), and older messages (`?voor=<message>`). Anything odd in it
    is left out."""

    about = forms.ChoiceField(required=False, choices=())
    item = forms.IntegerField(required=False, min_value=1)
    voor = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "")] + [(key, key) for key in about.ABOUT]

    def value(self, name: str):
        """A cleaned value, or None when it was missing or not valid."""
        self.is_valid()  # cleans once; cleaned_data then holds the fields that were valid
        return self.cleaned_data.get(name) or None


class InboxFilterForm(forms.Form):
    edition = forms.TypedChoiceField(
        label=_("Editie"), required=False, coerce=int, empty_value=None, choices=()
    )
    unanswered = forms.BooleanField(label=_("Alleen wat op antwoord wacht"), required=False)

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [("", _("Alle edities"))] + [
            (edition.pk, f"{edition.course.title} – {edition.name}") for edition in editions
        ]
