"""The question bank: categories per course and polymorphic questions.

A question's key is stored as the JSON of its spec (`assessments.specs`), so that an
attempt can freeze the exact question it was taken with. Each shipped type is a small
subclass; a third party adds a type the same way, with its own `grade()`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel

from courses.models import Course, Enrollment, Lesson

from . import grading, specs
from .gradable import EpochSeconds, GradedLesson, Outcome, moment


class QuestionCategory(models.Model):
    """A folder of the question bank of one course; nested names use "/" (as GIFT does)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="question_categories")
    name = models.CharField(_("naam"), max_length=255)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["course", "name"]
        verbose_name = _("vragencategorie")
        verbose_name_plural = _("vragencategorieën")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "name"], name="question_category_unique_per_course"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Question(PolymorphicModel):
    """A question in the bank. Subclasses say which spec they hold and how to grade."""

    spec_class: type | None = None

    class TextFormat(models.TextChoices):
        MOODLE = "moodle", "Moodle"
        HTML = "html", "HTML"
        MARKDOWN = "markdown", "Markdown"
        PLAIN = "plain", _("platte tekst")

    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="questions"
    )
    name = models.CharField(_("naam"), max_length=255)
    text = models.TextField(_("vraag"))
    text_format = models.CharField(
        _("opmaak"), max_length=10, choices=TextFormat.choices, default=TextFormat.MOODLE
    )
    general_feedback = models.TextField(_("algemene feedback"), blank=True)
    default_points = models.DecimalField(
        _("punten"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    key = models.JSONField(_("antwoordsleutel"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "name", "pk"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_points__gte=0), name="question_points_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def spec(self) -> specs.Spec:
        """The answer key, checked against the question's type. Works on a base row read
        with `non_polymorphic()` too (its type comes from the content type, cached)."""
        spec = specs.spec_from_json(self.key)
        spec_class = self.spec_class
        if spec_class is None and type(self) is Question:
            spec_class = getattr(self.get_real_instance_class(), "spec_class", None)
        if spec_class is not None and not isinstance(spec, spec_class):
            raise ValidationError(_("De antwoordsleutel past niet bij dit soort vraag."))
        return spec

    def grade(self, answer) -> grading.GradeResult:
        return grading.grade(self.spec(), answer)

    def clean(self) -> None:
        try:
            problems = grading.is_key_consistent(self.spec())
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                {"key": _("De antwoordsleutel is niet leesbaar: %s") % exc}
            ) from exc
        if problems:
            raise ValidationError({"key": "; ".join(problems)})


class SingleChoiceQuestion(Question):
    spec_class = specs.SingleChoiceSpec

    class Meta:
        verbose_name = _("meerkeuzevraag (één antwoord)")


class MultipleResponseQuestion(Question):
    spec_class = specs.MultipleResponseSpec

    class Meta:
        verbose_name = _("meerkeuzevraag (meer antwoorden)")


class TrueFalseQuestion(Question):
    spec_class = specs.TrueFalseSpec

    class Meta:
        verbose_name = _("juist/onjuist-vraag")


class ShortAnswerQuestion(Question):
    spec_class = specs.ShortAnswerSpec

    class Meta:
        verbose_name = _("kort antwoord")


class NumericQuestion(Question):
    spec_class = specs.NumericSpec

    class Meta:
        verbose_name = _("getalvraag")


class MatchingQuestion(Question):
    spec_class = specs.MatchingSpec

    class Meta:
        verbose_name = _("koppelvraag")


class OrderingQuestion(Question):
    spec_class = specs.OrderingSpec

    class Meta:
        verbose_name = _("volgordevraag")


class EssayQuestion(Question):
    spec_class = specs.EssaySpec

    class Meta:
        verbose_name = _("open vraag")


class DescriptionQuestion(Question):
    spec_class = specs.DescriptionSpec

    class Meta:
        verbose_name = _("beschrijving (geen vraag)")


QUESTION_CLASS_FOR_SPEC: dict[type, type[Question]] = {
    cls.spec_class: cls
    for cls in (
        SingleChoiceQuestion,
        MultipleResponseQuestion,
        TrueFalseQuestion,
        ShortAnswerQuestion,
        NumericQuestion,
        MatchingQuestion,
        OrderingQuestion,
        EssayQuestion,
        DescriptionQuestion,
    )
}


# --- quizzes and attempts -----------------------------------------------------------------


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

    @classmethod
    def outcomes_for(cls, lessons, enrollment_ids) -> dict[tuple[int, int], Outcome]:
        """Each learner's grade by the quiz's grading method, from one query over attempts."""
        quizzes = {q.pk: q for q in lessons}
        rows = (
            Attempt.objects.filter(quiz_id__in=quizzes, enrollment_id__in=enrollment_ids)
            .order_by("number")
            .values_list(
                "quiz_id", "enrollment_id", "status", "percentage", EpochSeconds("submitted_at")
            )
        )
        graded: dict[tuple[int, int], list[Decimal]] = {}
        waiting: set[tuple[int, int]] = set()
        in_progress: set[tuple[int, int]] = set()
        first_submitted: dict[tuple[int, int], object] = {}
        for quiz_id, enrollment_id, status, percentage, submitted_at in rows:
            key = (quiz_id, enrollment_id)
            if status == Attempt.Status.IN_PROGRESS:
                in_progress.add(key)
                continue
            first_submitted.setdefault(key, submitted_at)
            if status == Attempt.Status.GRADED:
                graded.setdefault(key, []).append(percentage)
            else:
                waiting.add(key)
        outcomes: dict[tuple[int, int], Outcome] = {}
        for key in set(first_submitted) | in_progress:
            quiz = quizzes[key[0]]
            final = grading.final_grade(graded.get(key, []), quiz.grading_method)
            if final is not None:
                outcomes[key] = Outcome(
                    status="graded",
                    percentage=final,
                    sufficient=grading.passed(final, quiz.pass_mark),
                    submitted_at=moment(first_submitted.get(key)),
                )
            elif key in waiting:
                outcomes[key] = Outcome(
                    status="submitted", submitted_at=moment(first_submitted.get(key))
                )
            else:
                outcomes[key] = Outcome(status="in_progress")
        return outcomes

    def get_body_context(self, *, request, enrollment) -> dict:
        """The settings in words, the learner's attempts and whether they can start one."""
        from .views_attempts import quiz_body_context  # the views import this module

        return quiz_body_context(quiz=self, enrollment=enrollment)


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


# --- course results -----------------------------------------------------------------------


class CourseResult(models.Model):
    """Where a learner stands against the course's pass rules: recomputed by
    `assessments.results` whenever a grade, an attendance or a rule changes."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="course_result"
    )
    passed = models.BooleanField(_("geslaagd"), default=False)
    rules = models.JSONField(
        default=list, help_text="Each pass rule with its state (see assessments.results.Rule)."
    )
    # How many of the rules are met, of how many: kept beside `rules` so that a gradebook of
    # hundreds of learners need not read and decode every learner's rules.
    rules_met = models.PositiveSmallIntegerField(default=0)
    rules_total = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    passed_at = models.DateTimeField(_("geslaagd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("cursusresultaat")
        verbose_name_plural = _("cursusresultaten")
        indexes = [models.Index(fields=["computed_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {'passed' if self.passed else 'not passed'}"


# --- open work: assignments, rubrics, submissions and reviews (their own module) -----------

from .models_assignments import *  # noqa: E402, F403
