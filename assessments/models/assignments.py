"""Open work: assignments, conversation analyses and reflections, rubrics, submissions and
their reviews. Re-exported from `assessments.models`.

A learner works on one `Submission` per assignment (the draft); handing it in freezes the
draft into a `SubmissionVersion`. A trainer grades a version with a `Review` against the
rubric version it was graded with; the learner sees a review only once it is released.
Every change of a grade leaves a `GradeChange` row.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Enrollment, Lesson

from ..results.gradable import GradedLesson

# --- rubrics ---------------------------------------------------------------------------------


class Rubric(models.Model):
    """A rubric of a course. Its criteria live in versions: a version that graded something is
    never changed; editing it makes a new version (see `assessments.rubrics`)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="rubrics")
    title = models.CharField(_("titel"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "title"]
        verbose_name = _("beoordelingsmodel")
        verbose_name_plural = _("beoordelingsmodellen")

    def __str__(self) -> str:
        return self.title

    def current_version(self) -> RubricVersion | None:
        return self.versions.order_by("-number").first()


class RubricVersion(models.Model):
    """The criteria and levels of a rubric as they were at one moment (plain JSON).

    criteria: [{"title", "description", "levels": [{"points", "description"}]}], points as
    strings (Decimal)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versie"))
    criteria = models.JSONField(default=list)
    max_points = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["rubric", "number"]
        verbose_name = _("versie van een beoordelingsmodel")
        verbose_name_plural = _("versies van beoordelingsmodellen")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="rubric_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rubric} v{self.number}"


# --- conversation model categories -------------------------------------------------------------


class AnnotationCategory(models.Model):
    """A category of the course's model to annotate a conversation with: an emotion (blij,
    bedroefd, bang, boos) or a conversation technique (luisteren, samenvatten, doorvragen)."""

    class Kind(models.TextChoices):
        EMOTION = "emotion", _("emotie")
        TECHNIQUE = "technique", _("gesprekstechniek")

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="annotation_categories"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("naam"), max_length=60)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=1)

    class Meta:
        ordering = ["course", "kind", "order", "pk"]
        verbose_name = _("categorie voor gespreksanalyse")
        verbose_name_plural = _("categorieën voor gespreksanalyse")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "name"], name="annotation_category_unique_per_course"
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- the lesson types --------------------------------------------------------------------------


class Assignment(GradedLesson, Lesson):
    """Open work handed in as text, files and/or an audio recording, graded by a trainer with
    a rubric (or as complete/incomplete)."""

    template_name = "assessments/lessons/assignment.html"
    icon = "assignment"
    manual_completion = False

    class Grading(models.TextChoices):
        RUBRIC = "rubric", _("met een beoordelingsmodel (punten)")
        COMPLETE = "complete", _("compleet of niet compleet")

    instructions = models.TextField(_("opdracht"), blank=True, help_text=_("Markdown."))
    accepts_text = models.BooleanField(_("tekst inleveren"), default=True)
    accepts_files = models.BooleanField(_("bestanden inleveren"), default=False)
    accepts_audio = models.BooleanField(_("geluidsopname inleveren"), default=False)
    allowed_file_types = models.CharField(
        _("toegestane bestandssoorten"),
        max_length=200,
        default="pdf,docx,odt,txt,jpg,png",
        help_text=_("Gescheiden door komma's, bijvoorbeeld: pdf,docx,odt,txt,jpg,png."),
    )
    max_file_mb = models.PositiveSmallIntegerField(
        _("maximale bestandsgrootte (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    max_files = models.PositiveSmallIntegerField(
        _("maximaal aantal bestanden"), default=3, validators=[MaxValueValidator(20)]
    )
    accept_late = models.BooleanField(
        _("te laat inleveren mag"),
        default=False,
        help_text=_(
            "Aan: na de deadline kan de cursist nog één keer inleveren, gemarkeerd als te laat."
        ),
    )
    grading = models.CharField(
        _("beoordeling"), max_length=10, choices=Grading.choices, default=Grading.RUBRIC
    )
    rubric = models.ForeignKey(
        Rubric,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("beoordelingsmodel"),
    )
    pass_mark = models.DecimalField(
        _("voldoende vanaf (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("55"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Het percentage van de punten in het beoordelingsmodel."),
    )

    class Meta:
        verbose_name = _("opdracht")
        verbose_name_plural = _("opdrachten")

    def counts_for_result(self) -> bool:
        return bool(self.is_required)

    @property
    def uses_rubric(self) -> bool:
        return self.grading == self.Grading.RUBRIC

    def file_kinds(self) -> list[str]:
        return [k.strip().lower() for k in self.allowed_file_types.split(",") if k.strip()]


class ConversationAnalysis(Assignment):
    """An assignment about a recorded or transcribed customer conversation: the learner
    annotates moments with a category of the course's model and answers reflection questions."""

    template_name = "assessments/lessons/assignment.html"
    icon = "conversation"

    reflection_questions = models.TextField(
        _("reflectievragen"), blank=True, help_text=_("Eén vraag per regel.")
    )
    # The minimum a learner hands in; a draft may be incomplete (`selectors.analysis_missing`).
    min_annotations = models.PositiveSmallIntegerField(
        _("minimaal aantal aantekeningen"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0: geen minimum."),
    )
    min_technique_annotations = models.PositiveSmallIntegerField(
        _("waarvan minimaal bij een gesprekstechniek"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    min_emotion_annotations = models.PositiveSmallIntegerField(
        _("waarvan minimaal bij een emotie"), default=0, validators=[MaxValueValidator(100)]
    )
    all_questions_required = models.BooleanField(
        _("elke reflectievraag beantwoorden"),
        default=False,
        help_text=_("Aan: inleveren kan pas als elke reflectievraag een antwoord heeft."),
    )

    class Meta:
        verbose_name = _("gespreksanalyse")
        verbose_name_plural = _("gespreksanalyses")

    def clean(self) -> None:
        super().clean()
        if self.min_technique_annotations + self.min_emotion_annotations > self.min_annotations:
            raise ValidationError(
                {
                    "min_annotations": _(
                        "Het minimum moet minstens zo groot zijn als de aantekeningen bij "
                        "gesprekstechnieken en emoties samen."
                    )
                }
            )

    def questions(self) -> list[str]:
        return [line.strip() for line in self.reflection_questions.splitlines() if line.strip()]


class Reflection(Assignment):
    """A journal entry, graded complete or incomplete."""

    template_name = "assessments/lessons/assignment.html"
    icon = "journal"

    class Meta:
        verbose_name = _("reflectie")
        verbose_name_plural = _("reflecties")

    @property
    def uses_rubric(self) -> bool:
        """A reflection is always graded complete or incomplete."""
        return False


# --- submissions -------------------------------------------------------------------------------


class Submission(models.Model):
    """A learner's work on one assignment: the draft they edit, and where grading stands."""

    class State(models.TextChoices):
        DRAFT = "draft", _("concept")
        SUBMITTED = "submitted", _("ingeleverd")
        GRADED = "graded", _("beoordeeld")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="submissions")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    text = models.TextField(blank=True)
    transcript = models.TextField(blank=True)
    answers = models.JSONField(default=list, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    latest_version = models.ForeignKey(
        "SubmissionVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    reopened = models.BooleanField(
        _("heropend"), default=False, help_text=_("De trainer vraagt om een nieuwe versie.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "assignment"], name="submission_unique_per_assignment"
            )
        ]
        indexes = [models.Index(fields=["assignment", "state"])]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.enrollment_id}"


class SubmissionFile(models.Model):
    """An uploaded file or recording. Never served from a public URL; a version keeps the
    files it was handed in with, even when the learner later removes them from the draft."""

    class Kind(models.TextChoices):
        FILE = "file", _("bestand")
        AUDIO = "audio", _("geluidsopname")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.FILE)
    file = models.FileField(upload_to="submissions/%Y/%m/", max_length=300)
    name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    in_draft = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["submission", "uploaded_at", "pk"]
        verbose_name = _("ingeleverd bestand")
        verbose_name_plural = _("ingeleverde bestanden")

    def __str__(self) -> str:
        return self.name


class Annotation(models.Model):
    """A learner's mark in their draft: a moment (seconds) or a quoted span of transcript,
    with a category from the course's model and a note. Frozen into the version on hand-in."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="annotations")
    at_seconds = models.PositiveIntegerField(null=True, blank=True)
    quote = models.CharField(max_length=500, blank=True)
    category = models.ForeignKey(
        AnnotationCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "at_seconds", "pk"]
        verbose_name = _("aantekening")
        verbose_name_plural = _("aantekeningen")

    def __str__(self) -> str:
        return f"{self.submission_id}@{self.at_seconds}"


class SubmissionVersion(models.Model):
    """What the learner handed in, frozen: text, transcript, answers, annotations, files."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versie"))
    submitted_at = models.DateTimeField(_("ingeleverd op"))
    due_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(_("te laat"), default=False)
    text = models.TextField(blank=True)
    transcript = models.TextField(blank=True)
    answers = models.JSONField(default=list, blank=True)
    annotations = models.JSONField(
        default=list, blank=True, help_text="Frozen: at_seconds, quote, category, kind, note."
    )
    files = models.ManyToManyField(SubmissionFile, blank=True, related_name="versions")

    class Meta:
        ordering = ["submission", "number"]
        verbose_name = _("ingeleverde versie")
        verbose_name_plural = _("ingeleverde versies")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="submission_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} v{self.number}"


# --- reviews -----------------------------------------------------------------------------------


class Review(models.Model):
    """A trainer's grading of one handed-in version: levels per criterion (or complete), the
    feedback, and its state. `lock_version` is raised on every save (optimistic locking)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("concept")
        READY = "ready", _("klaar om vrij te geven")
        RELEASED = "released", _("vrijgegeven")

    version = models.OneToOneField(
        SubmissionVersion, on_delete=models.CASCADE, related_name="review"
    )
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    rubric_version = models.ForeignKey(
        RubricVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    levels = models.JSONField(
        default=dict, blank=True, help_text="Criterion index -> chosen level index."
    )
    points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    complete = models.BooleanField(null=True)
    sufficient = models.BooleanField(null=True)
    feedback = models.TextField(_("feedback"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    lock_version = models.PositiveIntegerField(default=1)
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage__isnull=True)
                | (Q(percentage__gte=0) & Q(percentage__lte=100)),
                name="review_percentage_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(state="released") | Q(released_at__isnull=False),
                name="review_released_has_moment",
            ),
        ]
        indexes = [models.Index(fields=["state", "released_at"])]

    def __str__(self) -> str:
        return f"{self.version} ({self.state})"


class ReviewComment(models.Model):
    """A trainer's comment at a moment of the conversation (seconds) or at a quoted span."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    at_seconds = models.PositiveIntegerField(null=True, blank=True)
    quote = models.CharField(max_length=500, blank=True)
    note = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "at_seconds", "pk"]
        verbose_name = _("opmerking van de trainer")
        verbose_name_plural = _("opmerkingen van de trainer")

    def __str__(self) -> str:
        return f"{self.review_id}@{self.at_seconds}"


class GradeChange(models.Model):
    """The audit trail: one row each time a grade or its state changes."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    old_grade = models.CharField(_("oud cijfer"), max_length=100, blank=True)
    new_grade = models.CharField(_("nieuw cijfer"), max_length=100, blank=True)
    old_state = models.CharField(
        _("oude status"), max_length=10, blank=True, choices=Review.State.choices
    )
    new_state = models.CharField(
        _("nieuwe status"), max_length=10, blank=True, choices=Review.State.choices
    )
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        ordering = ["review", "created_at", "pk"]
        verbose_name = _("wijziging van een beoordeling")
        verbose_name_plural = _("wijzigingen van beoordelingen")

    def __str__(self) -> str:
        return f"{self.review_id}: {self.old_grade} → {self.new_grade}"


__all__ = [
    "Annotation",
    "AnnotationCategory",
    "Assignment",
    "ConversationAnalysis",
    "GradeChange",
    "Reflection",
    "Review",
    "ReviewComment",
    "Rubric",
    "RubricVersion",
    "Submission",
    "SubmissionFile",
    "SubmissionVersion",
]
