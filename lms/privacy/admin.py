"""The administrator's side of privacy: "Persoon wissen" on users (with a confirmation page
that says what goes and what stays), the proposals of the retention rule (approve or
dismiss), and the audit of erasures (read only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import ErasureProposal, ErasureRecord
from .erasure import ErasureRefused, erasure_preview, person_erase
from .retention import erasure_proposals_approve, erasure_proposals_dismiss

User = get_user_model()
CONFIRMATION_TEMPLATE = "admin/lms/erase_confirmation.html"


def _confirmation(modeladmin, request, queryset, users, *, action_name: str) -> TemplateResponse:
    opts = modeladmin.model._meta
    previews = erasure_preview(users=users, by=request.user)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Personen wissen"),
        "opts": opts,
        "previews": previews,
        "can_erase": any(p.refusal is None and p.erased is None for p in previews),
        "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action_name": action_name,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, CONFIRMATION_TEMPLATE, context)


def _confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def _report(modeladmin, request, records: list[ErasureRecord], refused) -> None:
    if records:
        kept = sum(r.summary.get("certificates_kept", 0) for r in records)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d persoon gewist (referentie %(refs)s).",
                "%(count)d personen gewist (referenties %(refs)s).",
                len(records),
            )
            % {"count": len(records), "refs": ", ".join(r.reference for r in records)},
            messages.SUCCESS,
        )
        if kept:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d certificaat blijft controleerbaar, met alleen wat erop staat.",
                    "%(count)d certificaten blijven controleerbaar, met alleen wat erop staat.",
                    kept,
                )
                % {"count": kept},
                messages.INFO,
            )
    for user, reason in refused:
        modeladmin.message_user(
            request,
            _("%(person)s is niet gewist: %(reason)s")
            % {"person": user.get_username(), "reason": reason},
            messages.ERROR,
        )


# --- users -------------------------------------------------------------------------------------

_Registered = (
    type(admin.site.get_model_admin(User)) if admin.site.is_registered(User) else UserAdmin
)


class PersonAdmin(_Registered):
    """The user admin as it was, with "Persoon wissen"."""

    actions = [*(_Registered.actions or []), "erase_persons"]

    @admin.action(description=gettext_lazy("Persoon wissen (AVG)"), permissions=["delete"])
    def erase_persons(self, request, queryset):
        users = list(queryset.order_by("pk"))
        if not _confirmed(request):
            return _confirmation(self, request, queryset, users, action_name="erase_persons")
        records, refused = [], []
        for user in users:
            try:
                records.append(person_erase(user=user, by=request.user))
            except ErasureRefused as exc:
                refused.append((user, str(exc)))
        _report(self, request, records, refused)
        return None


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, PersonAdmin)


# --- proposals of the retention rule ------------------------------------------------------------


@admin.register(ErasureProposal)
class ErasureProposalAdmin(admin.ModelAdmin):
    list_display = ["person", "basis_date", "basis", "created_at", "state", "decided_by"]
    list_filter = ["state", "basis"]
    list_select_related = ["user", "decided_by"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    actions = ["approve", "dismiss"]
    readonly_fields = [
        "user",
        "basis_date",
        "basis",
        "created_at",
        "state",
        "decided_at",
        "decided_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # proposals come from the daily retention job

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("persoon"), ordering="user__last_name")
    def person(self, obj: ErasureProposal) -> str:
        user = obj.user
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()

    @admin.action(
        description=gettext_lazy("Goedkeuren: deze personen wissen"), permissions=["change"]
    )
    def approve(self, request, queryset):
        erasing = f"{User._meta.app_label}.delete_{User._meta.model_name}"
        if not request.user.has_perm(erasing):
            self.message_user(
                request,
                _("Je mag geen personen wissen: daarvoor heb je meer rechten nodig."),
                messages.ERROR,
            )
            return None
        open_ = queryset.filter(state=ErasureProposal.State.OPEN).select_related("user")
        if not _confirmed(request):
            users = [p.user for p in open_.order_by("pk")]
            return _confirmation(self, request, open_, users, action_name="approve")
        outcome = erasure_proposals_approve(
            proposal_ids=list(open_.values_list("pk", flat=True)), by=request.user
        )
        _report(self, request, outcome.erased, outcome.refused)
        return None

    @admin.action(
        description=gettext_lazy("Afwijzen: deze personen bewaren"), permissions=["change"]
    )
    def dismiss(self, request, queryset):
        count = erasure_proposals_dismiss(
            proposal_ids=list(queryset.values_list("pk", flat=True)), by=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d voorstel afgewezen: die persoon blijft bewaard.",
                "%(count)d voorstellen afgewezen: die personen blijven bewaard.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


# --- the audit ----------------------------------------------------------------------------------


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    list_display = ["reference", "erased_at", "erased_by_username", "reason"]
    list_filter = ["reason"]
    search_fields = ["reference"]
    readonly_fields = [
        "reference",
        "user",
        "erased_at",
        "erased_by",
        "erased_by_username",
        "reason",
        "summary",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
