from django import forms
from django.utils.translation import gettext_lazy as _


class GiftImportForm(forms.Form):
    course = forms.ModelChoiceField(queryset=None, label=_("Cursus"), empty_label=None)
    category = forms.CharField(
        label=_("Categorie"),
        max_length=200,
        help_text=_("Bijvoorbeeld ‘Examen/Emoties’. Een nieuwe categorie wordt aangemaakt."),
    )
    file = forms.FileField(
        label=_("GIFT-bestand"),
        help_text=_("Een tekstbestand in Moodle’s GIFT-opmaak, hoogstens 2 MB."),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
