"""A report asked for by a person: its scope and period, where its making stands, and the
two files when done."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("wacht op zijn beurt")
        RUNNING = "running", _("wordt gemaakt")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    scope = models.CharField(_("soort"), max_length=30)
    key = models.CharField(_("sleutel"), max_length=200)
    title = models.CharField(_("titel"), max_length=300)
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("aangevraagd door"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("stappen klaar"), default=0)
    total = models.PositiveIntegerField(_("stappen"), default=0)
    employees = models.PositiveIntegerField(_("inschrijvingen"), default=0)
    xlsx = models.FileField(_("Excel-bestand"), upload_to="reports/%Y/", blank=True)
    pdf = models.FileField(_("pdf"), upload_to="reports/%Y/", blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        indexes = [models.Index(fields=["scope", "key", "-created_at"], name="report_scope_recent")]

    def __str__(self) -> str:
        return f"{self.title} {self.period_start}–{self.period_end}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
