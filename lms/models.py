"""Per-user settings and the kinds of message lms sends (notices, e-mail, calendar)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The messages themselves live in the outbox below every app (core.outbox); lms decides their
# kinds, texts and the user's preferences. Re-exported: `from lms.models import Notification`.
from core.outbox.models import Notification

from .conversations.models import (
    Announcement,
    CoachingMoment,
    Conversation,
    ConversationRead,
    Evaluation,
    EvaluationReceipt,
    Message,
)
from .privacy.models import ErasureProposal, ErasureRecord
from .reports.models import Report

__all__ = [
    "ALWAYS_ON",
    "Announcement",
    "CoachingMoment",
    "Conversation",
    "ConversationRead",
    "ErasureProposal",
    "ErasureRecord",
    "Evaluation",
    "EvaluationReceipt",
    "Kind",
    "Message",
    "MutedKind",
    "Notification",
    "Profile",
    "Report",
]


class Kind(models.TextChoices):
    NEW_WORK = "new_work", _("Nieuw werk staat klaar (één overzicht per dag)")
    DUE_SOON = "due_soon", _("Herinnering twee dagen voor een deadline")
    OVERDUE = "overdue", _("Bericht als een deadline voorbij is")
    SESSION_SOON = "session_soon", _("Herinnering twee dagen voor een lesdag")
    FEEDBACK = "feedback", _("Feedback van je trainer")
    CERTIFICATE = "certificate", _("Je certificaat")
    SCHEDULE_CHANGED = "schedule_changed", _("Gewijzigde datums")
    TRAINER_DIGEST = "trainer_digest", _("Dagelijks overzicht per editie (trainers)")
    INVITATION = "invitation", _("Uitnodiging om je wachtwoord te kiezen")
    NEW_MESSAGE = "new_message", _("Nieuw bericht in je gesprekken")
    CERTIFICATE_REVOKED = "certificate_revoked", _("Je certificaat is ingetrokken")
    SIGNUP = "signup", _("Je aanmelding voor een cursus")
    COACHING = "coaching", _("Een coachingsgesprek is gepland, verplaatst of afgezegd")
    COACHING_SOON = "coaching_soon", _("Herinnering de dag voor een coachingsgesprek")
    ANNOUNCEMENT = "announcement", _("Mededelingen per e-mail (op je startpagina zie je ze altijd)")
    EVALUATION = "evaluation", _("De vraag om de cursus te beoordelen")
    ORGANISATION_REPORT = (
        "organisation_report",
        _("Maandoverzicht van je organisatie (contactpersonen)"),
    )
    TRAJECTORY = "trajectory", _("Een cursist geeft je toegang (jobcoaches)")


# Kinds a user cannot switch off: a classroom day that moved, the certificate (its e-mail,
# written by the certificates app, is how the learner learns they passed and where to
# download it; a learner who wants fewer reminders still needs that one), and the invitation
# (written by the courses app: without it a person enrolled without a password cannot log in).
# A revoked certificate is always told too (its holder may still be showing it to employers),
# and what happens with a sign-up (written by the courses app: it answers the person's form).
ALWAYS_ON = frozenset(
    {
        Kind.SCHEDULE_CHANGED,
        Kind.CERTIFICATE,
        Kind.INVITATION,
        Kind.CERTIFICATE_REVOKED,
        Kind.SIGNUP,
    }
)


class Profile(models.Model):
    """What a user chose for themselves: language and the secret of their calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lms_profile",
        verbose_name=_("gebruiker"),
    )
    language = models.CharField(
        _("taal"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    calendar_token = models.CharField(
        _("geheime code van de agenda"), max_length=64, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")

    def __str__(self) -> str:
        return str(self.user)


class MutedKind(models.Model):
    """A kind of message a user switched off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="muted_kinds",
        verbose_name=_("gebruiker"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)

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
