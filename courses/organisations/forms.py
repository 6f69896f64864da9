import calendar
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import EnrollmentInvoice, Organisation, OrganisationContact


class ContactAddForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), max_length=150)
    wants_monthly_report = forms.BooleanField(
        label=_("Stuur elke maand een overzicht per e-mail"), required=False, initial=True
    )


class ContactRemoveForm(forms.Form):
    contact = forms.ModelChoiceField(queryset=OrganisationContact.objects.none())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = OrganisationContact.objects.filter(
            organisation=organisation
        )


class MonthlyReportForm(forms.Form):
    wants_monthly_report = forms.BooleanField(
        label=_("Stuur mij elke maand een overzicht per e-mail"), required=False
    )


def _this_quarter(today: date) -> tuple[date, date]:
    first_month = 3 * ((today.month - 1) // 3) + 1
    last_month = first_month + 2
    last_day = calendar.monthrange(today.year, last_month)[1]
    return date(today.year, first_month, 1), date(today.year, last_month, last_day)


class InvoiceFilterForm(forms.Form):
    """Which lines: one organisation (or all) and a period of first classroom days."""

    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Alle organisaties"),
    )
    start = forms.DateField(
        label=_("Eerste lesdag vanaf"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("tot en met"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, today: date):
        start, end = _this_quarter(today)
        merged = {"start": start.isoformat(), "end": end.isoformat()}
        if data:
            merged.update({k: v for k, v in data.items() if v})
        super().__init__(merged)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum."))
        return cleaned


class InvoiceStatusForm(forms.Form):
    """Set the invoice status of the ticked enrolments at once."""

    enrollment = forms.TypedMultipleChoiceField(
        label=_("Inschrijvingen"),
        coerce=int,
        choices=(),
        error_messages={"required": _("Kies eerst een of meer inschrijvingen.")},
    )
    status = forms.ChoiceField(
        label=_("Nieuwe factuurstatus"), choices=EnrollmentInvoice.Status.choices
    )
    number = forms.CharField(label=_("Factuurnummer"), max_length=50, required=False)
    invoiced_on = forms.DateField(
        label=_("Factuurdatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    credited_on = forms.DateField(
        label=_("Gecrediteerd op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, enrollment_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].choices = [(pk, pk) for pk in enrollment_ids]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == EnrollmentInvoice.Status.INVOICED:
            if not cleaned.get("number"):
                self.add_error("number", _("Vul het factuurnummer in."))
            if not cleaned.get("invoiced_on"):
                self.add_error("invoiced_on", _("Vul de factuurdatum in."))
        if status == EnrollmentInvoice.Status.CREDITED and not cleaned.get("credited_on"):
            self.add_error("credited_on", _("Vul de datum van de creditering in."))
        return cleaned
