from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Certificate, CertificateTemplate, SigningKey


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
    """Read only: certificates are approved, revoked and corrected in the app's register
    (each action there checks the state, re-signs the status list and tells the learner);
    every row links to its page there."""

    list_display = [
        "__str__",
        "name",
        "course_title",
        "status",
        "issued_at",
        "pdf_ready",
        "needs_review",
        "register_link",
    ]
    list_filter = ["status", "needs_review", "enrollment__edition__course"]
    search_fields = [
        "serial",
        "name",
        "enrollment__learner__username",
        "enrollment__learner__email",
    ]
    list_select_related = ["enrollment__learner"]
    actions = None
    fields = readonly_fields = [
        "register_link",
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
    ]

    def has_add_permission(self, request) -> bool:
        return False  # certificates come from results and approval, never typed in

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(boolean=True, description=_("pdf klaar"))
    def pdf_ready(self, obj: Certificate) -> bool:
        return obj.rendered_at is not None

    @admin.display(description=_("pdf"))
    def pdf_link(self, obj: Certificate):
        # Through the protected download, which checks who asks: never the file's MEDIA_URL
        # (uploads are not served from a public URL).
        if obj.rendered_at is None or not obj.pdf or not obj.is_public:  # holder erased: none
            return "—"
        url = reverse("certificates:pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("PDF downloaden"))

    @admin.display(description=_("in het register"))
    def register_link(self, obj: Certificate):
        url = reverse("certificates:manage", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Openen in het certificaatregister"))


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    """Read only: keys are made by `manage.py rotate_certificate_key` and never removed, since
    the DID document must keep publishing every key that signed a credential."""

    list_display = ["__str__", "public_key_multibase", "created_at", "retired_at"]
    fields = ["number", "public_key_multibase", "created_at", "retired_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
