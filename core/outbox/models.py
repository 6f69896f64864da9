"""The queued message: one row per message to one user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one user: the in-app notice, its e-mail, and the sent-marker in one row.

    The unique (user, kind, item, about) constraint is what makes a message happen once: a
    job inserts the rows it finds due with `ignore_conflicts`, so a second beat, a rerun or a
    catch-up after downtime inserts nothing new. `data` holds what the texts need, so
    rendering a notice or an e-mail reads no other table. `kind` is the sending app's word
    (the outbox knows none); the table and index names are the ones it had in `lms`.
    """

    class EmailState(models.TextChoices):
        PENDING = "pending", _("wacht op verzenden")
        SENDING = "sending", _("wordt verzonden")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")
        NONE = "none", _("geen e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("gebruiker"),
    )
    kind = models.CharField(_("soort"), max_length=20)
    item = models.CharField(
        _("onderwerp"), max_length=100, help_text="What it is about, e.g. enrollment:3/lesson:7."
    )
    about = models.DateField(
        _("datum"), help_text="The date the message is about (due date, session day…)."
    )
    created_at = models.DateTimeField(_("gemaakt op"))
    data = models.JSONField(_("gegevens"), default=dict)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("verzendpogingen"), default=0)
    email_claimed_at = models.DateTimeField(_("opgepakt om te verzenden op"), null=True, blank=True)
    claim_token = models.CharField(_("verzendclaim"), max_length=32, blank=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "item", "about"], name="notification_once"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["email_state", "email_claimed_at"],
                condition=Q(email_state__in=["pending", "sending"]),
                name="notification_outbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.item} {self.about}"
