"""The trajectories in the Django admin (Dutch labels from the models). Saving goes through
the same service as the app's page, so a new job coach address ends the running consent;
consent itself is the learner's, and read only here, with its history."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Trajectory, TrajectoryConsent
from . import services
from .forms import FIELDS, TrajectoryForm


class TrajectoryConsentInline(admin.TabularInline):
    model = TrajectoryConsent
    extra = 0
    can_delete = False
    fields = ("action", "at", "coach_name", "coach_email", "by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class TrajectoryAdminForm(TrajectoryForm):
    class Meta(TrajectoryForm.Meta):
        fields = ("enrollment", *FIELDS)


@admin.register(Trajectory)
class TrajectoryAdmin(admin.ModelAdmin):
    form = TrajectoryAdminForm
    list_display = (
        "learner_name",
        "edition",
        "funder_type",
        "funder_name",
        "coach_name",
        "starts_on",
        "ends_on",
        "has_consent",
    )
    list_select_related = ("enrollment__learner", "enrollment__edition")
    list_filter = ("funder_type", "funder_name")
    search_fields = (
        "enrollment__learner__first_name",
        "enrollment__learner__last_name",
        "funder_name",
        "coach_name",
        "coach_email",
    )
    autocomplete_fields = ("enrollment",)
    readonly_fields = ("coach", "consent_given_at", "consent_revoked_at", "created_at")
    inlines = [TrajectoryConsentInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # a trajectory stays with its enrolment
            return ("enrollment", *self.readonly_fields)
        return self.readonly_fields

    @admin.display(description=_("cursist"), ordering="enrollment__learner__last_name")
    def learner_name(self, obj: Trajectory) -> str:
        learner = obj.enrollment.learner
        return learner.get_full_name() or learner.get_username()

    @admin.display(description=_("editie"), ordering="enrollment__edition__name")
    def edition(self, obj: Trajectory) -> str:
        return obj.enrollment.edition.name

    @admin.display(description=_("toestemming"), boolean=True)
    def has_consent(self, obj: Trajectory) -> bool:
        return obj.has_consent

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            saved = services.trajectory_save(enrollment=obj.enrollment, by=request.user, **values)
        except ValidationError as exc:  # checked by the form already; a race at most
            self.message_user(request, " ".join(exc.messages), level="error")
            return
        obj.pk = saved.pk
