"""Quizzes and the exam (a lesson type), their slots, attempts, saved responses and the
grading log."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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
    resits_allowed = models.PositiveSmallIntegerField(
        _("aantal herkansingen"),
        default=0,
        help_text=_(
            "Hoe vaak een cursist die gezakt is de toets nog mag maken, als de gewone pogingen "
            "op zijn of de toets gesloten is. Wie geslaagd is, krijgt geen herkansing. "
            "0 is geen herkansing."
        ),
    )
    resit_wait_days = models.PositiveSmallIntegerField(
        _("wachttijd voor de herkansing (dagen)"),
        null=True,
        blank=True,
        help_text=_(
            "De herkansing opent dit aantal dagen na de gezakte poging, aan het begin van die "
            "dag. Vul dit in of een vaste periode hieronder, niet allebei. Leeg laten en geen "
            "periode: de herkansing kan meteen."
        ),
    )
    resit_opens_at = models.DateTimeField(
        _("herkansing opent op"),
        null=True,
        blank=True,
        help_text=_("Een vaste periode voor de herkansing, voor iedereen dezelfde."),
    )
    resit_closes_at = models.DateTimeField(
        _("herkansing sluit op"),
        null=True,
        blank=True,
        help_text=_(
            "Na dit moment kan niemand de herkansing nog beginnen. Mag ook samen met een "
            "wachttijd. De sluitingsdatum van de toets zelf geldt niet voor een herkansing."
        ),
    )

    class Meta:
        verbose_name = _("toets")
        verbose_name_plural = _("toetsen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resit_wait_days__isnull=True)
                | models.Q(resit_opens_at__isnull=True),
                name="quiz_resit_wait_or_window",
            ),
            models.CheckConstraint(
                condition=models.Q(resit_opens_at__isnull=True)
                | models.Q(resit_closes_at__isnull=True)
                | models.Q(resit_closes_at__gt=models.F("resit_opens_at")),
                name="quiz_resit_window_in_order",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.resit_wait_days is not None and self.resit_opens_at is not None:
            raise ValidationError(
                {
                    "resit_wait_days": _(
                        "Kies een wachttijd of een vaste periode voor de herkansing, niet allebei."
                    )
                }
            )
        if (
            self.resit_opens_at is not None
            and self.resit_closes_at is not None
            and self.resit_closes_at <= self.resit_opens_at
        ):
            raise ValidationError(
                {"resit_closes_at": _("De herkansing moet sluiten na het moment dat hij opent.")}
            )

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

    class Kind(models.TextChoices):
        """Which allowance an attempt was taken under (see `selectors.quiz_access_from`)."""

        REGULAR = "regular", _("gewone poging")
        EXTRA = "extra", _("extra poging van de trainer")
        RESIT = "resit", _("herkansing")

    # No index of its own: attempt_number_unique (enrollment, quiz, number) starts with it.
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="attempts", db_index=False
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("poging"))
    kind = models.CharField(
        _("soort poging"), max_length=8, choices=Kind.choices, default=Kind.REGULAR
    )
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


# What one grant may give: a few attempts, at most three times the time.
MAX_EXTRA_ATTEMPTS = 5
MAX_EXTRA_TIME_PERCENT = 200


class AttemptGrant(models.Model):
    """A trainer's grant to one learner for one quiz: extra attempts, or extra time on every
    attempt started from now on (an accommodation). Never deleted: revoking keeps the record
    of who granted what, when and why."""

    class Kind(models.TextChoices):
        EXTRA_ATTEMPT = "extra_attempt", _("extra poging")
        EXTRA_TIME = "extra_time", _("extra tijd")

    MAX_EXTRA_ATTEMPTS = MAX_EXTRA_ATTEMPTS
    MAX_EXTRA_TIME_PERCENT = MAX_EXTRA_TIME_PERCENT

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="attempt_grants",
        verbose_name=_("inschrijving"),
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="grants", verbose_name=_("toets")
    )
    kind = models.CharField(_("soort"), max_length=13, choices=Kind.choices)
    extra_attempts = models.PositiveSmallIntegerField(
        _("extra pogingen"), default=0, validators=[MaxValueValidator(MAX_EXTRA_ATTEMPTS)]
    )
    extra_time_percent = models.PositiveSmallIntegerField(
        _("extra tijd (%)"), default=0, validators=[MaxValueValidator(MAX_EXTRA_TIME_PERCENT)]
    )
    reason = models.CharField(_("reden"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gegeven door"),
    )
    granted_at = models.DateTimeField(_("gegeven op"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["enrollment", "-granted_at", "-pk"]
        verbose_name = _("extra poging of extra tijd")
        verbose_name_plural = _("extra pogingen en extra tijd")
        indexes = [models.Index(fields=["enrollment", "quiz"], name="attemptgrant_enrollment_quiz")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="extra_attempt",
                        extra_attempts__gte=1,
                        extra_attempts__lte=MAX_EXTRA_ATTEMPTS,
                        extra_time_percent=0,
                    )
                    | models.Q(
                        kind="extra_time",
                        extra_attempts=0,
                        extra_time_percent__gte=1,
                        extra_time_percent__lte=MAX_EXTRA_TIME_PERCENT,
                    )
                ),
                name="attemptgrant_amount_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.enrollment_id} {self.kind}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


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
