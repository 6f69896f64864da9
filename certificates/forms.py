from django import forms
from django.utils.translation import gettext_lazy as _

MAX_CREDENTIAL_BYTES = 256 * 1024


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


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
