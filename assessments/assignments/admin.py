"""Admin for open work: the assignment lesson types, the course's annotation categories,
rubrics (edited as plain text, versioned once used), and read-only submissions, reviews and
the audit trail of grade changes."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from courses.admin import LessonChildAdmin
from courses.models import Lesson

from ..models import (
    AnnotationCategory,
    Assignment,
    ConversationAnalysis,
    GradeChange,
    Reflection,
    Review,
    Rubric,
    RubricVersion,
    Submission,
    SubmissionVersion,
)
from . import rubrics, selectors, services


@admin.register(Assignment)
class AssignmentAdmin(LessonChildAdmin):
    base_model = Lesson


@admin.register(ConversationAnalysis)
class ConversationAnalysisAdmin(LessonChildAdmin):
    base_model = Lesson


@admin.register(Reflection)
class ReflectionAdmin(LessonChildAdmin):
    base_model = Lesson


@admin.register(AnnotationCategory)
class AnnotationCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "course", "order")
    list_filter = ("course", "kind")
    list_editable = ("order",)
    list_select_related = ("course",)


class RubricForm(forms.ModelForm):
    criteria_text = forms.CharField(
        label=_("Criteria en niveaus"),
        widget=forms.Textarea(attrs={"rows": 20, "cols": 90}),
        help_text=_(
            "Een criterium begint met #, daaronder eventueel een toelichting, en dan elk "
            "niveau als ‘- punten: omschrijving’. Is het model al gebruikt bij een "
            "beoordeling? Dan maakt opslaan een nieuwe versie; oude beoordelingen houden hun "
            "versie."
        ),
    )

    class Meta:
        model = Rubric
        fields = ("course", "title")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.current_version() if self.instance.pk else None
        if current is not None:
            self.fields["criteria_text"].initial = rubrics.to_text(current.criteria)

    def clean_criteria_text(self):
        try:
            return rubrics.parse_text(self.cleaned_data["criteria_text"])
        except rubrics.RubricError as exc:
            raise forms.ValidationError(exc.messages) from exc


class RubricVersionInline(admin.TabularInline):
    model = RubricVersion
    fields = ("number", "max_points", "created_at", "created_by", "used")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("gebruikt"), boolean=True)
    def used(self, obj):
        return selectors.rubric_version_used(version=obj)


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    form = RubricForm
    list_display = ("title", "course", "created_at")
    list_filter = ("course",)
    search_fields = ("title",)
    inlines = [RubricVersionInline]

    def save_model(self, request, obj, form, change):
        obj.save()
        services.rubric_save(
            rubric=obj, criteria=form.cleaned_data["criteria_text"], actor=request.user
        )


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubmissionVersionInline(_ReadOnly, admin.TabularInline):
    model = SubmissionVersion
    fields = ("number", "submitted_at", "due_at", "late")
    readonly_fields = fields
    extra = 0


@admin.register(Submission)
class SubmissionAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("assignment", "enrollment", "state", "first_submitted_at", "reopened")
    list_filter = ("state", "assignment")
    list_select_related = ("assignment", "enrollment__learner", "enrollment__edition")
    search_fields = ("enrollment__learner__last_name", "enrollment__learner__email")
    inlines = [SubmissionVersionInline]


class GradeChangeInline(_ReadOnly, admin.TabularInline):
    model = GradeChange
    fields = ("created_at", "actor", "old_grade", "new_grade", "old_state", "new_state", "reason")
    readonly_fields = fields
    extra = 0


@admin.register(Review)
class ReviewAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("version", "state", "points", "percentage", "complete", "grader", "released_at")
    list_filter = ("state", "submission__assignment")
    list_select_related = ("version", "grader")
    inlines = [GradeChangeInline]


@admin.register(GradeChange)
class GradeChangeAdmin(_ReadOnly, admin.ModelAdmin):
    """Every change of a grade or its state: who, when, old, new and why. Read-only."""

    list_display = (
        "created_at",
        "learner",
        "assignment",
        "actor",
        "old_grade",
        "new_grade",
        "old_state",
        "new_state",
        "reason",
    )
    list_filter = ("new_state", "review__submission__assignment")
    list_select_related = (
        "actor",
        "review__submission__enrollment__learner",
        "review__submission__assignment",
    )
    search_fields = (
        "reason",
        "review__submission__enrollment__learner__last_name",
        "actor__username",
    )
    date_hierarchy = "created_at"

    @admin.display(description=_("cursist"))
    def learner(self, obj):
        learner = obj.review.submission.enrollment.learner
        return learner.get_full_name() or learner.get_username()

    @admin.display(description=_("opdracht"))
    def assignment(self, obj):
        return obj.review.submission.assignment.title
