"""The administrator's form of a trajectory: in the app and in the Django admin."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import DATE_WIDGET
from ..models import Trajectory

FIELDS = ("funder_type", "funder_name", "coach_name", "coach_email", "starts_on", "ends_on")


class TrajectoryForm(forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = FIELDS
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}
        help_texts = {
            "coach_email": _(
                "De jobcoach krijgt pas toegang als de cursist toestemming geeft. Een ander "
                "adres vraagt om nieuwe toestemming."
            ),
            "ends_on": _("Na deze datum ziet de jobcoach niets meer. Leeg: geen einddatum."),
        }

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("De einddatum ligt voor de begindatum."))
        enrollment = data.get("enrollment") or (
            self.instance.enrollment if self.instance.enrollment_id else None
        )
        email = (data.get("coach_email") or "").strip().casefold()
        if enrollment is not None and email == (enrollment.learner.email or "").casefold():
            self.add_error("coach_email", _("Dit is het e-mailadres van de cursist zelf."))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}
