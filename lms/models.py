"""Per-user settings and the messages the schedule sends (notices, e-mail, calendar)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_WORK = "new_work", _("Nieuw werk staat klaar (één overzicht per dag)")
    DUE_SOON = "due_soon", _("Herinnering twee dagen voor een deadline")
    OVERDUE = "overdue", _("Bericht als een deadline voorbij is")
    SESSION_SOON = "session_soon", _("Herinnering twee dagen voor een lesdag")
    FEEDBACK = "feedback", _("Feedback van je trainer")
    CERTIFICATE = "certificate", _("Je certificaat")
    SCHEDULE_CHANGED = "schedule_changed", _("Gewijzigde datums")
    TRAINER_DIGEST = "trainer_digest", _("Dagelijks overzicht per editie (trainers)")


# Kinds a user cannot switch off, and kinds that never go by e-mail (the certificates app
# e-mails the certificate itself, with the PDF).
ALWAYS_ON = frozenset({Kind.SCHEDULE_CHANGED, Kind.CERTIFICATE})
IN_APP_ONLY = frozenset({Kind.CERTIFICATE})


class Profile(models.Model):
    """What a user chose for themselves: language and the secret of their calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lms_profile"
    )
    language = models.CharField(
        _("taal"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")

    def __str__(self) -> str:
        return str(self.user)


class MutedKind(models.Model):
    """A kind of message a user switched off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_kinds"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("uitgezette melding")
        verbose_name_plural = _("uitgezette meldingen")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="muted_kind_unique_per_user"),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in ALWAYS_ON)),
                name="muted_kind_not_always_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class Notification(models.Model):
    """One message to one user: the in-app notice, its e-mail, and the sent-marker in one row.

    The unique (user, kind, item, about) constraint is what makes a message happen once: a
    job inserts the rows it finds due with `ignore_conflicts`, so a second beat, a rerun or a
    catch-up after downtime inserts nothing new. `data` holds what the texts need, so
    rendering a notice or an e-mail reads no other table.
    """

    class EmailState(models.TextChoices):
        PENDING = "pending", _("wacht op verzenden")
        SENDING = "sending", _("wordt verzonden")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")
        NONE = "none", _("geen e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    item = models.CharField(
        max_length=100, help_text="What it is about, e.g. enrollment:3/lesson:7."
    )
    about = models.DateField(help_text="The date the message is about (due date, session day…).")
    created_at = models.DateTimeField(_("gemaakt op"))
    data = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

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
