"""The audit of erasures and the erasures proposed by the retention rule (re-exported from
`lms.models`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    """That a person was erased: by whom, when and why, under a reference that says nothing
    about them (it is also in the anonymised account's username). Never changed or deleted."""

    class Reason(models.TextChoices):
        REQUEST = "request", _("door een beheerder (bijvoorbeeld op verzoek)")
        RETENTION = "retention", _("bewaartermijn verlopen")

    reference = models.CharField(_("referentie"), max_length=20, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geanonimiseerd account"),
    )
    erased_at = models.DateTimeField(_("gewist op"))
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewist door"),
    )
    # Kept as text too: the audit outlives the administrator's own account.
    erased_by_username = models.CharField(_("gewist door (gebruikersnaam)"), max_length=150)
    reason = models.CharField(_("reden"), max_length=10, choices=Reason.choices)
    summary = models.JSONField(
        _("wat er is gewist"), default=dict, blank=True, help_text=_("Aantallen, geen inhoud.")
    )

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("gewiste persoon")
        verbose_name_plural = _("gewiste personen")

    def __str__(self) -> str:
        return self.reference


class ErasureProposal(models.Model):
    """A person whose retention term has passed, waiting for an administrator to approve
    (erase) or dismiss. One per person and basis: the daily job proposes nobody twice, and
    a dismissed proposal stays dismissed until the person's basis moves (they come back)."""

    class State(models.TextChoices):
        OPEN = "open", _("wacht op een beslissing")
        APPROVED = "approved", _("goedgekeurd: gewist")
        DISMISSED = "dismissed", _("afgewezen: blijft bewaard")

    class Basis(models.TextChoices):
        ENROLLMENT = "enrollment", _("einde van de laatste cursus")
        TEACHING = "teaching", _("laatste lesdag als trainer")
        LOGIN = "login", _("laatste keer ingelogd")
        ACCOUNT = "account", _("account aangemaakt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("persoon"),
    )
    basis_date = models.DateField(_("bewaartermijn loopt sinds"))
    basis = models.CharField(_("sinds"), max_length=12, choices=Basis.choices)
    created_at = models.DateTimeField(_("voorgesteld op"))
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("voorstel om te wissen")
        verbose_name_plural = _("voorstellen om te wissen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "basis_date"], name="erasure_proposal_once_per_basis"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(state="open"), name="erasure_proposal_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.basis_date})"
