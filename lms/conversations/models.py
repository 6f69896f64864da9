"""A conversation per enrolment, its messages, and how far each participant has read."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment


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
        "Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("schrijver"),
    )
    by_learner = models.BooleanField(
        default=False, help_text="Written by the conversation's learner (not a trainer)."
    )
    body = models.TextField(_("bericht"), help_text=_("Markdown."))
    attachment = models.FileField(
        _("bijlage"), upload_to="conversations/%Y/%m/", max_length=300, blank=True
    )
    about_kind = models.CharField(max_length=20, blank=True)
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
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

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_up_to = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField()

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
