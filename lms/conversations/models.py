"""A conversation per enrolment, its messages, and how far each participant has read; planned
coaching moments and announcements."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Submission
from courses.models import CoachingNote, Course, Edition, Enrollment


class Conversation(models.Model):
    """The learner of one enrolment and the trainers of its edition, talking. Created with
    its first message; the last message is kept on the row, so that the trainers' inbox is
    one ordered query (newest first, or only those waiting for an answer)."""

    enrollment = models.OneToOneField(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="conversation",
        verbose_name=_("inschrijving"),
    )
    created_at = models.DateTimeField(_("begonnen op"))
    last_message = models.ForeignKey(
        "Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laatste bericht"),
    )
    last_message_at = models.DateTimeField(_("laatste bericht"), null=True, blank=True)
    unanswered = models.BooleanField(
        _("wacht op antwoord"),
        default=False,
        help_text=_("Het laatste bericht is van de cursist."),
    )

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        indexes = [models.Index(fields=["-last_message_at", "-id"], name="conversation_recent")]

    def __str__(self) -> str:
        return f"{self.enrollment_id}"


class Message(models.Model):
    """One message: Markdown text (rendered through core.rendering, sanitised), an optional
    attachment (checked like a hand-in, served only through a permission-checked view) and,
    optionally, the work it is about.

    The work it is about is a loose reference: `about_kind` names an entry of the registry in
    `lms.conversations.about` (released feedback, a coaching note), `about_id` that row's key
    and `about_title` a snapshot of its title, shown even after the work is gone."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("gesprek"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("schrijver"),
    )
    by_learner = models.BooleanField(
        _("door de cursist"),
        default=False,
        help_text="Written by the conversation's learner (not a trainer).",
    )
    body = models.TextField(_("bericht"), help_text=_("Markdown."))
    attachment = models.FileField(
        _("bijlage"), upload_to="conversations/%Y/%m/", max_length=300, blank=True
    )
    about_kind = models.CharField(_("soort werk"), max_length=20, blank=True)
    about_id = models.PositiveBigIntegerField(_("nummer van het werk"), null=True, blank=True)
    about_title = models.CharField(_("over"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("verstuurd op"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bericht in een gesprek")
        verbose_name_plural = _("berichten in gesprekken")
        indexes = [models.Index(fields=["conversation", "by_learner", "id"], name="message_unread")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(about_kind="") & Q(about_id__isnull=True))
                | (~Q(about_kind="") & Q(about_id__isnull=False)),
                name="message_about_kind_and_id_together",
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.body[:40]}"

    @property
    def attachment_name(self) -> str:
        return PurePath(self.attachment.name).name if self.attachment else ""


class ConversationRead(models.Model):
    """How far one participant has read a conversation: every message up to and including
    `read_up_to` (a message's key; keys only grow). No row: nothing read yet."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="reads", verbose_name=_("gesprek")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    read_up_to = models.PositiveBigIntegerField(_("gelezen tot en met bericht"), default=0)
    read_at = models.DateTimeField(_("gelezen op"))

    class Meta:
        verbose_name = _("leesmarkering")
        verbose_name_plural = _("leesmarkeringen")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="conversation_read_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id} {self.user_id} {self.read_up_to}"


class CoachingMoment(models.Model):
    """A planned 1:1 coaching conversation between a trainer of the edition and one learner:
    when, where (a place or phone number, or a video link), about what, and optionally the
    work the learner handed in that they will listen to together ("meeluisteren").

    `sequence` rises with every change the learner's calendar must follow (moved, changed,
    cancelled), so the feed's event keeps its UID and replaces the old one. Afterwards the
    trainer's coaching note (courses.CoachingNote) is linked here and the learner may add
    their own reflection."""

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="coaching_moments",
        verbose_name=_("inschrijving"),
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("trainer"),
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    location = models.CharField(_("plaats of telefoonnummer"), max_length=200, blank=True)
    video_url = models.URLField(_("videolink"), max_length=300, blank=True)
    topic = models.CharField(_("onderwerp"), max_length=200)
    submission = models.ForeignKey(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingeleverd werk om samen te bespreken"),
    )
    sequence = models.PositiveIntegerField(_("wijzigingsnummer"), default=0)
    cancelled_at = models.DateTimeField(_("afgezegd op"), null=True, blank=True)
    coaching_note = models.ForeignKey(
        CoachingNote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coachingsnotitie"),
    )
    reflection = models.TextField(_("reflectie van de cursist"), blank=True)
    reflection_at = models.DateTimeField(_("reflectie geschreven op"), null=True, blank=True)
    created_at = models.DateTimeField(_("gepland op"))
    updated_at = models.DateTimeField(_("gewijzigd op"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("coachingsgesprek")
        verbose_name_plural = _("coachingsgesprekken")
        indexes = [
            models.Index(fields=["enrollment", "starts_at"], name="coaching_enrollment"),
            models.Index(fields=["starts_at"], name="coaching_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="coaching_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class Announcement(models.Model):
    """A message from a trainer or an administrator to the learners of one edition, or of
    every edition of a course: on their dashboards until it expires, and once as a notice
    (with an e-mail where they want it)."""

    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cursus (alle edities)"),
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("editie"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("schrijver"),
    )
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"), help_text=_("Markdown."))
    expires_on = models.DateField(_("zichtbaar tot en met"), null=True, blank=True)
    posted_at = models.DateTimeField(_("geplaatst op"))
    edited_at = models.DateTimeField(_("bijgewerkt op"), null=True, blank=True)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("mededeling")
        verbose_name_plural = _("mededelingen")
        indexes = [models.Index(fields=["-posted_at"], name="announcement_recent")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(course__isnull=True) & Q(edition__isnull=False))
                | (Q(course__isnull=False) & Q(edition__isnull=True)),
                name="announcement_edition_or_course",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    """A learner's answers to the course evaluation, kept apart from who gave them: the row
    names the edition, never the learner (the receipt below says only *that* they answered).
    Trainers see an edition's answers together, and only from `EVALUATION_MIN_SHOWN` on."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", verbose_name=_("editie")
    )
    course_rating = models.PositiveSmallIntegerField(_("de cursus (1–5)"))
    trainer_rating = models.PositiveSmallIntegerField(_("de trainer (1–5)"))
    module_ratings = models.JSONField(
        _("oordeel per onderdeel"),
        default=dict,
        help_text="Per module key: its rating 1–5 (modules the learner rated).",
    )
    recommend = models.PositiveSmallIntegerField(_("aanbevelen (0–10)"))
    best = models.TextField(_("wat was goed"), blank=True)
    better = models.TextField(_("wat kan beter"), blank=True)
    submitted_on = models.DateField(_("ingevuld op"))

    class Meta:
        verbose_name = _("cursusevaluatie")
        verbose_name_plural = _("cursusevaluaties")
        constraints = [
            models.CheckConstraint(
                condition=Q(course_rating__range=(1, 5))
                & Q(trainer_rating__range=(1, 5))
                & Q(recommend__range=(0, 10)),
                name="evaluation_ratings_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.submitted_on}"


class EvaluationReceipt(models.Model):
    """That a learner answered the evaluation (once per enrolment), without the answers."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="+", verbose_name=_("inschrijving")
    )
    submitted_at = models.DateTimeField(_("ingevuld op"))

    class Meta:
        verbose_name = _("ingevulde evaluatie")
        verbose_name_plural = _("ingevulde evaluaties")

    def __str__(self) -> str:
        return f"{self.enrollment_id}"
