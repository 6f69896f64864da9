"""Input of the trajectory pages: the learner's consent, the administrator's funder report."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Trajectory
from courses.trajectories.selectors import Funder
from lms.organisations.forms import ReportRequestForm

GIVE = "give"
REVOKE = "revoke"


class ConsentForm(forms.Form):
    """Give or revoke consent for one of the learner's own trajectories."""

    trajectory = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[(GIVE, _("Toestemming geven")), (REVOKE, _("Toestemming intrekken"))],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, trajectories: list[Trajectory], **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectories = {t.pk: t for t in trajectories}
        self.fields["trajectory"].choices = [(pk, pk) for pk in self.trajectories]

    def chosen(self) -> Trajectory:
        return self.trajectories[self.cleaned_data["trajectory"]]


class FunderReportForm(ReportRequestForm):
    """A funder and a period (last month unless chosen otherwise)."""

    funder = forms.ChoiceField(label=_("Financier"))
    field_order = ["funder", "start", "end"]

    def __init__(self, data=None, *, today: date, funders: list[Funder]):
        super().__init__(data, today=today)
        self.funders = {funder.key: funder for funder in funders}
        self.fields["funder"].choices = [(f.key, f.label) for f in funders]
        self.order_fields(self.field_order)

    def chosen_funder(self) -> Funder:
        return self.funders[self.cleaned_data["funder"]]
