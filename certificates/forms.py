from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Edition, Organisation

from . import selectors
from .models import Certificate

MAX_CREDENTIAL_BYTES = 256 * 1024


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ApprovalForm(forms.Form):
    """An administrator's decision on an edition's approval page: which certificates, and
    whether to issue or reject them. Issuing needs nothing else; rejecting needs a reason.

    The page has one form with two buttons: the reason's textarea is `required` in HTML for
    the reject button, and the issue button has `formnovalidate`, so that issuing is one
    click. The reason is checked here as well, for "reject" only."""

    APPROVE = "approve"
    REJECT = "reject"

    certificate = forms.ModelMultipleChoiceField(
        queryset=Certificate.objects.none(),
        error_messages={
            "required": _("Kies eerst een of meer cursisten."),
            "invalid_choice": _("Een gekozen certificaat hoort niet bij deze editie."),
            "invalid_pk_value": _("Een gekozen certificaat hoort niet bij deze editie."),
        },
    )
    action = forms.ChoiceField(choices=[(APPROVE, _("Uitgeven")), (REJECT, _("Afwijzen"))])
    reason = forms.CharField(
        label=_("Reden (de cursist ziet deze niet; je collega's wel)"),
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Every certificate of the edition, not only those pending: one a colleague issued a
        # moment ago is skipped by the service and counted, not refused as a stranger.
        self.fields["certificate"].queryset = Certificate.objects.filter(
            enrollment__edition=edition
        ).only("pk")

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Geef een reden op als je afwijst."))
        return data

    def selected_ids(self) -> list[int]:
        return [certificate.pk for certificate in self.cleaned_data["certificate"]]

    def posted_ids(self) -> set[str]:
        """The boxes that were ticked, to tick them again when the page comes back."""
        return set(self.data.getlist("certificate")) if self.is_bound else set()


class NameCorrectionForm(forms.Form):
    name = forms.CharField(label=_("Naam zoals die op het certificaat moet staan"), max_length=200)


class CredentialCheckForm(forms.Form):
    credential = forms.CharField(
        label=_("Plak het digitale certificaat (JSON)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        required=False,
        max_length=MAX_CREDENTIAL_BYTES,
    )
    file = forms.FileField(label=_("Of kies het bestand"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_CREDENTIAL_BYTES:
                raise forms.ValidationError(_("Dit bestand is te groot voor een certificaat."))
            try:
                data["credential"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("Dit bestand is geen tekst (JSON).")) from exc
        if not (data.get("credential") or "").strip():
            raise forms.ValidationError(_("Plak het certificaat of kies een bestand."))
        return data


class EditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Edition) -> str:
        return f"{obj.course.title} · {obj.name}"


class RegisterFilterForm(forms.Form):
    """The register's search and filters (GET). A field that does not parse is left out of
    the filter and shown with its error; the others still apply."""

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=200,
        help_text=_("Naam op het certificaat, certificaatnummer of e-mailadres"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    course = forms.ModelChoiceField(
        label=_("Cursus"), queryset=Course.objects.none(), required=False, empty_label=_("alle")
    )
    edition = EditionChoiceField(
        label=_("Editie"), queryset=Edition.objects.none(), required=False, empty_label=_("alle")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("alle"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("alle")), *Certificate.Status.choices], required=False
    )
    issued_from = forms.DateField(
        label=_("Uitgegeven vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    issued_to = forms.DateField(
        label=_("Uitgegeven tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = selectors.register_courses()
        self.fields["edition"].queryset = selectors.register_editions()
        self.fields["organisation"].queryset = selectors.register_organisations()

    def clean(self):
        data = super().clean()
        start, end = data.get("issued_from"), data.get("issued_to")
        if start and end and start > end:
            self.add_error("issued_to", _("Deze datum ligt voor de begindatum."))
        return data

    def filters(self) -> dict:
        """The keyword arguments of `selectors.certificate_register`: what parsed."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name not in self.errors
        }


class CertificateActionForm(forms.Form):
    """Which action a button on a certificate's page asks for; each action's own form
    parses its fields."""

    REVOKE = "revoke"
    RENAME = "rename"
    EMAIL = "email"
    KEEP = "keep"

    action = forms.ChoiceField(
        choices=[
            (REVOKE, _("Intrekken")),
            (RENAME, _("Naam verbeteren")),
            (EMAIL, _("E-mail opnieuw sturen")),
            (KEEP, _("Blijft geldig")),
        ]
    )
