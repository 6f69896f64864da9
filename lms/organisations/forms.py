from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.reports.data import Period

from .monthly import last_month

LONGEST = timedelta(days=3 * 366)


class ReportRequestForm(forms.Form):
    """The period of a report (last month unless chosen otherwise)."""

    start = forms.DateField(label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, today: date):
        period = last_month(today)
        super().__init__(data, initial={"start": period.start, "end": period.end})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("De einddatum ligt voor de begindatum."))
            if end - start > LONGEST:
                raise forms.ValidationError(_("Kies een periode van hoogstens drie jaar."))
        return cleaned

    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


class EmployeeSearchForm(forms.Form):
    """Find an employee on the organisation's page by (part of) their name or address."""

    q = forms.CharField(label=_("Zoek een medewerker"), max_length=100, required=False)

    def query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
