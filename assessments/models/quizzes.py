"""Quizzes and the exam (a lesson type), their slots, attempts, saved responses and the
grading log."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment, Lesson

from ..results.gradable import GradedLesson
from .questions import Question, QuestionCategory


class Quiz(GradedLesson, Lesson):
    """A quiz or the exam, as a lesson. It opens and closes by the lesson's schedule rules
    (opening date, due date = close)."""

    template_name = "assessments/lessons/quiz.html"
    icon = "quiz"
    manual_completion = False

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("hoogste poging")
        LAST = "last", _("laatste poging")
        FIRST = "first", _("eerste poging")
        AVERAGE = "average", _("gemiddelde van de pogingen")

    class FeedbackPolicy(models.TextChoices):
        IMMEDIATE = "immediate", _("na elke inzending")
        AFTER_CLOSE = "after_close", _("na de sluitingsdatum")
        NEVER = "never", _("nooit")

    intro = models.TextField(_("inleiding"), blank=True, help_text=_("Markdown."))
    is_exam = models.BooleanField(_("dit is het examen"), default=False)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("tijdslimiet (minuten)"), null=True, blank=True
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("aantal pogingen"), default=1, help_text=_("0 is onbeperkt.")
    )
    grading_method = models.CharField(
        _("cijfer uit"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    pass_mark = models.DecimalField(
        _("geslaagd vanaf (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("55"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    shuffle_questions = models.BooleanField(_("vragen in willekeurige volgorde"), default=False)
    shuffle_options = models.BooleanField(_("antwoorden in willekeurige volgorde"), default=False)
    feedback_policy = models.CharField(
        _("feedback tonen"),
        max_length=12,
        choices=FeedbackPolicy.choices,
        default=FeedbackPolicy.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("toets")
        verbose_name_plural = _("toetsen")

    def counts_for_result(self) -> bool:
        """The exam is a pass rule; practice quizzes are not."""
        return self.is_exam


class QuizSlot(models.Model):
    """A place in a quiz: one fixed question, or N questions drawn from a category."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    order = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("aantal vragen uit de categorie"), default=1)
    points = models.DecimalField(
        _("punten per vraag"), max_digits=6, decimal_places=2, default=Decimal("1")
    )

    class Meta:
        ordering = ["quiz", "order", "pk"]
        verbose_name = _("plek in de toets")
        verbose_name_plural = _("plekken in de toets")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(question__isnull=False) & models.Q(category__isnull=True))
                | (models.Q(question__isnull=True) & models.Q(category__isnull=False)),
                name="quizslot_question_or_category",
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=0), name="quizslot_points_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}#{self.order}"


class Attempt(models.Model):
    """One learner's try at a quiz, with the exact questions and key it was taken with."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("bezig")
        SUBMITTED = "submitted", _("ingeleverd, wordt nagekeken")
        NEEDS_REVIEW = "needs_review", _("wacht op beoordeling door de trainer")
        GRADED = "graded", _("nagekeken")
        NEEDS_ATTENTION = "needs_attention", _("vraagt aandacht van een beheerder")

    # No index of its own: attempt_number_unique (enrollment, quiz, number) starts with it.
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="attempts", db_index=False
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("poging"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    questions = models.JSONField(
        default=list, help_text="Frozen: question id, name, text, spec, points."
    )
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    graded_at = models.DateTimeField(null=True, blank=True)
    points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)
    grading_failures = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["enrollment", "quiz", "number"]
        verbose_name = _("poging")
        verbose_name_plural = _("pogingen")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "quiz", "number"], name="attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["enrollment", "quiz"],
                condition=models.Q(status="in_progress"),
                name="attempt_one_in_progress",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["status", "deadline_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.enrollment_id}#{self.number}"

    # Network slack for an answer sent at the last moment: the time is up only this long
    # after the deadline.
    GRACE = timedelta(seconds=5)

    def is_time_up(self, now: datetime) -> bool:
        """Whether the attempt's time ran out (its deadline and the grace after it have
        passed): the one rule for refusing saves, closing the form and the expiry sweep."""
        return self.deadline_at is not None and now > self.deadline_at + self.GRACE

    @classmethod
    def time_up(cls, now: datetime) -> models.Q:
        """`is_time_up` as a filter, for finding every attempt whose time ran out at once."""
        return models.Q(deadline_at__lt=now - cls.GRACE)


class Response(models.Model):
    """The answer to one frozen question of an attempt, saved as the learner gives it."""

    # No index of its own: response_unique_per_position (attempt, position) starts with it.
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    answer = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField()
    fraction = models.DecimalField(max_digits=9, decimal_places=7, null=True, blank=True)
    points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    feedback = models.JSONField(default=list, blank=True)
    needs_review = models.BooleanField(default=False)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="response_unique_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.position}"


class GradingEvent(models.Model):
    """One row each time an attempt's score is written: graded once, regraded on purpose."""

    class Kind(models.TextChoices):
        GRADED = "graded", _("nagekeken")
        REGRADED = "regraded", _("opnieuw nagekeken")
        REVIEWED = "reviewed", _("beoordeeld door trainer")

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="grading_events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    old_percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    new_percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["attempt", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt"], condition=models.Q(kind="graded"), name="attempt_graded_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} {self.kind}"
