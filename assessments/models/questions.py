"""The question bank: categories per course and polymorphic questions.

A question's key is stored as the JSON of its spec (`questions.specs`), so that an attempt
can freeze the exact question it was taken with. Each shipped type is a small subclass that
names its spec class; what the type does (check the key, grade, GIFT, its form inputs, its
review text) is its `QuestionType` in the registry (`questions.types`). A third party adds
a subclass here the same way, in its own app, and registers its type.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel

from courses.models import Course

from ..questions import specs
from ..quizzes import grading


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
    retired_at = models.DateTimeField(
        _("buiten gebruik sinds"),
        null=True,
        blank=True,
        help_text=_(
            "Een vraag buiten gebruik komt niet meer in willekeurige trekkingen en nieuwe "
            "toetsen, maar blijft in oude pogingen en de analyse staan."
        ),
    )

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


class QuestionVersion(models.Model):
    """A question as it was saved by hand, one row per save: who, when, what changed, and
    the whole question then (its fields and key), so that the question's page can show
    its history. Attempts never read these: they froze their own copy."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    created_at = models.DateTimeField(_("wanneer"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    actor_name = models.CharField(_("door"), max_length=255, blank=True)
    summary = models.TextField(_("wat er veranderde"), blank=True)
    snapshot = models.JSONField(_("de vraag toen"), default=dict)

    class Meta:
        ordering = ["question", "-number"]
        verbose_name = _("versie van een vraag")
        verbose_name_plural = _("versies van vragen")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="question_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


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
