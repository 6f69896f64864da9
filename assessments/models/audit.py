"""The audit trail of the question bank and the exam: who changed which questions, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course

from .questions import QuestionCategory
from .quizzes import Quiz


class QuestionBankChange(models.Model):
    """One row per change to a course's question bank or an exam's questions, written by the
    service that made the change. The actor's name is kept as it was, so the row still says
    who did it after the account is gone."""

    class Action(models.TextChoices):
        IMPORTED = "imported", _("vragen geïmporteerd")
        QUESTION_ADDED = "question_added", _("vraag toegevoegd")
        QUESTION_CHANGED = "question_changed", _("vraag gewijzigd")
        QUESTION_DELETED = "question_deleted", _("vraag verwijderd")
        QUESTION_MOVED = "question_moved", _("vragen verplaatst")
        QUESTION_RETIRED = "question_retired", _("vraag buiten gebruik gezet")
        QUESTION_RESTORED = "question_restored", _("vraag weer in gebruik")
        REGRADED = "regraded", _("opnieuw nagekeken")
        SLOTS_CHANGED = "slots_changed", _("vragen van het examen gewijzigd")

    created_at = models.DateTimeField(_("wanneer"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    actor_name = models.CharField(_("door"), max_length=255, blank=True)
    action = models.CharField(_("wat"), max_length=20, choices=Action.choices)
    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        related_name="question_bank_changes",
        verbose_name=_("cursus"),
    )
    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="question_bank_changes",
        verbose_name=_("examen"),
        help_text=_("Het examen waarvan de vragen hierdoor veranderden."),
    )
    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("categorie"),
    )
    affects_exam = models.BooleanField(_("raakt het examen"), default=False)
    question_ids = models.JSONField(_("vragen (id's)"), default=list, blank=True)
    summary = models.TextField(_("samenvatting"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("wijziging in vragenbank of examen")
        verbose_name_plural = _("wijzigingen in vragenbank en examen")
        indexes = [models.Index(fields=["course", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} ({self.course_id})"


__all__ = ["QuestionBankChange"]
