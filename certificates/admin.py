from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Certificate, CertificateTemplate


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(admin.ModelAdmin):
    list_display = ["course", "serial_prefix", "issuer_name", "auto_issue"]
    list_filter = ["auto_issue"]
    search_fields = ["course__title", "serial_prefix"]
    fieldsets = [
        (None, {"fields": ["course", "serial_prefix", "auto_issue"]}),
        (
            _("Tekst"),
            {
                "fields": [
                    "title",
                    "intro",
                    "wording",
                    "criteria",
                    "issuer_name",
                    "signatories",
                    "logo",
                ]
            },
        ),
    ]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "name",
        "course_title",
        "status",
        "issued_at",
        "pdf_ready",
        "needs_review",
    ]
    list_filter = ["status", "needs_review", "enrollment__edition__course"]
    search_fields = [
        "serial",
        "name",
        "enrollment__learner__username",
        "enrollment__learner__email",
    ]
    list_select_related = ["enrollment__learner"]
    raw_id_fields = ["enrollment", "replaced_by"]
    actions = ["approve", "render_again"]
    readonly_fields = [
        "status",
        "serial",
        "verification_code",
        "status_index",
        "name",
        "course_title",
        "modules",
        "wording",
        "issuer_name",
        "signatories",
        "issued_at",
        "pdf_link",
        "credential",
        "rendered_at",
        "render_failures",
        "render_error",
        "emailed_at",
        "created_at",
        "decided_by",
        "decided_at",
        "rejection_reason",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "replaced_by",
        "needs_review",
        "review_note",
        "holder_erased_at",
        "manage_link",
    ]
    # The PDF file itself is never served from MEDIA_URL (the FileField's own link would
    # answer 404): it is downloaded through the protected view, which checks who asks.
    exclude = ["enrollment", "pdf"]

    def has_add_permission(self, request) -> bool:
        return False  # certificates come from results and approval, never typed in

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(boolean=True, description=_("pdf klaar"))
    def pdf_ready(self, obj: Certificate) -> bool:
        return obj.rendered_at is not None

    @admin.display(description=_("pdf"))
    def pdf_link(self, obj: Certificate):
        public = obj.status in {
            Certificate.Status.ISSUED,
            Certificate.Status.REVOKED,
            Certificate.Status.REPLACED,
        }
        if obj.rendered_at is None or not obj.pdf or not public:  # no pdf: its holder was erased
            return "—"
        url = reverse("certificates:pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("PDF downloaden"))

    @admin.display(description=_("intrekken of naam verbeteren"))
    def manage_link(self, obj: Certificate):
        url = reverse("certificates:manage", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Naar de beheerpagina"))

    @admin.action(description=_("Geselecteerde certificaten goedkeuren en uitgeven"))
    def approve(self, request, queryset):
        issued = services.certificate_approve(
            certificate_ids=list(queryset.values_list("pk", flat=True)), by=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d certificaat uitgegeven.",
                "%(count)d certificaten uitgegeven.",
                len(issued),
            )
            % {"count": len(issued)},
            messages.SUCCESS,
        )

    @admin.action(description=_("PDF opnieuw laten maken (als die ontbreekt)"))
    def render_again(self, request, queryset):
        ids = list(queryset.filter(rendered_at__isnull=True).values_list("pk", flat=True))
        services.certificate_render_later(ids)
        self.message_user(request, _("Opnieuw in de wachtrij gezet."), messages.SUCCESS)
