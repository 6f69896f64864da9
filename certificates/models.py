"""Certificate templates (per course) and certificates (one current per enrolment)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Enrollment


def default_signatories() -> list[dict]:
    return []


class CertificateTemplate(models.Model):
    """What a course's certificate says and how it is issued."""

    course = models.OneToOneField(
        Course,
        on_delete=models.CASCADE,
        related_name="certificate_template",
        verbose_name=_("cursus"),
    )
    serial_prefix = models.CharField(
        _("voorvoegsel certificaatnummer"),
        max_length=8,
        help_text=_("Hoofdletters, bijvoorbeeld DV: nummers worden dan DV-2026-000123."),
    )
    title = models.CharField(_("titel op het certificaat"), max_length=100, default="Certificaat")
    intro = models.CharField(
        _("aanhef"), max_length=200, default="Hierbij verklaren wij dat", blank=True
    )
    wording = models.TextField(
        _("tekst"),
        default="met goed gevolg de vaardigheidsmodule heeft afgerond",
        help_text=_("Staat onder de naam van de cursist, boven de naam van de cursus."),
    )
    criteria = models.TextField(
        _("eisen"),
        blank=True,
        help_text=_(
            "Wat iemand deed om het certificaat te krijgen (voor het digitale certificaat)."
        ),
    )
    issuer_name = models.CharField(_("uitgegeven door"), max_length=200, blank=True)
    signatories = models.JSONField(
        _("ondertekenaars"),
        default=default_signatories,
        blank=True,
        help_text=_('Een lijst, bijvoorbeeld [{"name": "A. de Vries", "role": "Directeur"}].'),
    )
    logo = models.FileField(_("logo"), upload_to="certificates/logos/", blank=True)
    auto_issue = models.BooleanField(
        _("meteen uitgeven"),
        default=False,
        help_text=_("Uit: een beheerder keurt elk certificaat eerst goed."),
    )

    class Meta:
        verbose_name = _("certificaatsjabloon")
        verbose_name_plural = _("certificaatsjablonen")
        constraints = [
            models.CheckConstraint(
                condition=Q(serial_prefix__regex=r"^[A-Z0-9]{1,8}$"),
                name="certificate_template_prefix_format",
            )
        ]

    def __str__(self) -> str:
        return str(self.course)


class SerialCounter(models.Model):
    """The last number handed out per key (a prefix and year, or a status list): a row
    locked while a number is taken, so numbers are unique and, as the lock is held until
    commit, without gaps."""

    key = models.CharField(_("sleutel"), max_length=40, primary_key=True)
    last = models.PositiveIntegerField(_("laatste nummer"), default=0)

    class Meta:
        verbose_name = _("teller")
        verbose_name_plural = _("tellers")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op goedkeuring")
        ISSUED = "issued", _("uitgegeven")
        REJECTED = "rejected", _("afgewezen")
        REVOKED = "revoked", _("ingetrokken")
        REPLACED = "replaced", _("vervangen")

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("inschrijving"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    verification_code = models.CharField(_("controlecode"), max_length=64, unique=True)
    serial = models.CharField(_("certificaatnummer"), max_length=30, unique=True, null=True)
    status_index = models.PositiveIntegerField(
        _("plaats in de statuslijst"), unique=True, null=True, blank=True
    )

    # What the certificate says, frozen at the moment of issue.
    name = models.CharField(_("naam op het certificaat"), max_length=200, blank=True)
    course_title = models.CharField(_("cursus"), max_length=200, blank=True)
    modules = models.JSONField(_("onderdelen"), default=list, blank=True)
    wording = models.JSONField(_("tekst"), default=dict, blank=True)
    issuer_name = models.CharField(_("uitgegeven door"), max_length=200, blank=True)
    signatories = models.JSONField(_("ondertekenaars"), default=list, blank=True)
    issued_at = models.DateTimeField(_("uitgegeven op"), null=True, blank=True)

    pdf = models.FileField(_("pdf"), upload_to="certificates/pdf/%Y/", blank=True)
    credential = models.JSONField(_("digitaal certificaat"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("pdf gemaakt op"), null=True, blank=True)
    render_failures = models.PositiveSmallIntegerField(_("mislukte pogingen"), default=0)
    render_error = models.TextField(_("laatste fout"), blank=True)
    # When the e-mail was queued in the outbox (core.outbox sends it).
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    revocation_reason = models.TextField(_("reden van intrekking"), blank=True)
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("vervangen door"),
    )
    needs_review = models.BooleanField(_("controleren"), default=False)
    review_note = models.TextField(_("waarom controleren"), blank=True)
    # Set when the holder was erased (lms.privacy): the certificate stays only so that it can
    # be verified, with what it says; it is not rendered, mailed or re-evaluated again.
    holder_erased_at = models.DateTimeField(_("houder gewist op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")
        constraints = [
            # At most one certificate per enrolment that is not replaced: a second approval,
            # a duplicate task or a double click fails here instead of making a second one.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=~Q(status="replaced"),
                name="certificate_one_current_per_enrollment",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "rejected"])
                | (Q(serial__isnull=False) & Q(issued_at__isnull=False)),
                name="certificate_issued_has_serial",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "rendered_at"], name="certificate_status_rendered"),
        ]

    def __str__(self) -> str:
        return self.serial or f"#{self.pk} ({self.get_status_display()})"

    @property
    def is_public(self) -> bool:
        """Issued, revoked and replaced certificates exist for a verifier; pending or
        rejected ones do not."""
        return self.status in (self.Status.ISSUED, self.Status.REVOKED, self.Status.REPLACED)


class CertificateEvent(models.Model):
    """What the certificate's own fields do not keep: each download and each e-mail sent
    again on request, for the history an administrator reads on the certificate's page."""

    class Kind(models.TextChoices):
        PDF_DOWNLOADED = "pdf", _("pdf gedownload")
        CREDENTIAL_DOWNLOADED = "credential", _("digitaal certificaat gedownload")
        EMAILED_AGAIN = "emailed_again", _("e-mail opnieuw gestuurd")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events", verbose_name=_("certificaat")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("op"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        indexes = [models.Index(fields=["certificate", "-at"], name="certificate_event_recent")]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class StatusList(models.Model):
    """The published BitstringStatusList credential (revocation), re-signed on every change."""

    purpose = models.CharField(_("doel"), max_length=20, primary_key=True, default="revocation")
    credential = models.JSONField(_("ondertekende lijst"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=0)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("statuslijst")
        verbose_name_plural = _("statuslijsten")

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version}"


class SigningKey(models.Model):
    """An Ed25519 key the issuer signs credentials with, published in its DID document as
    `<issuer>#key-<number>`. The newest key that is not retired signs; retired keys stay
    published, so that what they signed keeps verifying. Key 1 is the configured key
    (LMS_CERTIFICATE_SIGNING_KEY or its file): its private half is not stored here. Keys made
    by `rotate_certificate_key` are stored encrypted with a key derived from SECRET_KEY, as
    every host must be able to sign with them."""

    number = models.PositiveIntegerField(_("nummer"), unique=True)
    public_key_multibase = models.CharField(_("publieke sleutel"), max_length=64, unique=True)
    private_key_encrypted = models.TextField(_("versleutelde geheime sleutel"), blank=True)
    created_at = models.DateTimeField(_("gemaakt op"))
    retired_at = models.DateTimeField(_("buiten gebruik sinds"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("ondertekensleutel")
        verbose_name_plural = _("ondertekensleutels")

    def __str__(self) -> str:
        return f"key-{self.number}"

    @property
    def fragment(self) -> str:
        return f"key-{self.number}"
