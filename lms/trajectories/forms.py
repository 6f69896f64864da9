"""Input of the trajectory pages: the learner's consent."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Trajectory

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
