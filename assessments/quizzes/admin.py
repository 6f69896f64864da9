import json

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from polymorphic.admin import PolymorphicChildModelAdmin, PolymorphicParentModelAdmin

from courses.admin import LessonChildAdmin
from courses.models import Lesson

from ..models import (
    Attempt,
    AttemptGrant,
    GradingEvent,
    Question,
    QuestionBankChange,
    QuestionCategory,
    Quiz,
    QuizSlot,
    Response,
)
from ..questions.registry import registry
from ..questions.services import (
    question_delete,
    question_save,
    questions_delete,
    quiz_slots_change,
)
from .forms import RegradeForm
from .regrade import (
    RegradeError,
    attempts_regrade,
    attempts_requeue,
)


@admin.register(QuestionCategory)
class QuestionCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "course")
    list_filter = ("course",)
    search_fields = ("name",)
    list_select_related = ("course",)


class QuestionChildAdmin(PolymorphicChildModelAdmin):
    base_model = Question
    list_select_related = ("category",)
    fields = (
        "category",
        "name",
        "text",
        "text_format",
        "general_feedback",
        "default_points",
        "key",
    )

    # Saved and deleted through the bank's services: they check `can_author` and record the
    # change (an administrator always may; see courses.access).
    def save_model(self, request, obj, form, change):
        question_save(question=obj, actor=request.user, changed_fields=form.changed_data)

    def delete_model(self, request, obj):
        question_delete(question=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        questions_delete(questions=queryset, actor=request.user)


def _question_models() -> list[type[Question]]:
    """Every question model, a third party's too: each model below `Question` with a spec
    class (all models are loaded when the admin registers, before the types are)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Question) and getattr(model, "spec_class", None) is not None
    ]


def question_models_by_type() -> list[type[Question]]:
    """The question models of the registered types, in the registry's order."""
    by_spec = {model.spec_class: model for model in _question_models()}
    return [by_spec[t.spec_class] for t in registry.all() if t.spec_class in by_spec]


for _model in _question_models():
    admin.site.register(_model, QuestionChildAdmin)


# --- regrade ---------------------------------------------------------------------------------


@admin.action(description=_("Opnieuw nakijken"), permissions=["change"])
def regrade_questions(modeladmin, request, queryset):
    """Ask for a reason on an intermediate page, then regrade every attempt with the chosen
    questions against their current keys."""
    form = RegradeForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        for question in queryset:
            try:
                report = attempts_regrade(
                    question=question, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except RegradeError as exc:
                modeladmin.message_user(
                    request,
                    gettext("‘%(name)s’ is niet opnieuw nagekeken: %(error)s")
                    % {"name": question.name, "error": " ".join(exc.messages)},
                    messages.ERROR,
                )
            else:
                modeladmin.message_user(request, report.message(question.name), messages.SUCCESS)
        return None
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Opnieuw nakijken"),
        "opts": opts,
        "questions": list(queryset),
        "form": form,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "action_name": "regrade_questions",
        "media": modeladmin.media + form.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/assessments/question/regrade.html", context)


@admin.register(Question)
class QuestionAdmin(PolymorphicParentModelAdmin):
    base_model = Question

    def get_child_models(self) -> list[type[Question]]:
        """Asked when first used, after every app registered its question types."""
        return question_models_by_type()

    list_display = ("name", "polymorphic_ctype", "category")
    list_filter = ("category__course", "category")
    search_fields = ("name", "text")
    list_select_related = ("category", "polymorphic_ctype")
    actions = [regrade_questions]

    def delete_queryset(self, request, queryset):
        questions_delete(questions=queryset, actor=request.user)


# --- quizzes, attempts, grading events --------------------------------------------------------


class QuizSlotInline(admin.TabularInline):
    model = QuizSlot
    fields = ("order", "question", "category", "count", "points")
    autocomplete_fields = ("question", "category")
    extra = 0
    ordering = ("order", "pk")


CHANGES_SHOWN = 20
RESIT_FIELDS = ("resits_allowed", "resit_wait_days", ("resit_opens_at", "resit_closes_at"))


@admin.register(Quiz)
class QuizAdmin(LessonChildAdmin):
    """The quiz's own fields come under "Inhoud"; its questions are the slots below. An exam
    shows the latest changes to its questions."""

    base_model = Lesson
    inlines = [QuizSlotInline]

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_exam:
            fields += ("question_bank_changes",)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                title,
                {
                    **options,
                    "fields": _without(options["fields"], "question_bank_changes", *RESIT_FIELDS),
                },
            )
            for title, options in super().get_fieldsets(request, obj)
        ]
        fieldsets.append(
            (
                _("Herkansing"),
                {
                    "fields": RESIT_FIELDS,
                    "description": _(
                        "Een herkansing komt pas na een onvoldoende, als de gewone pogingen op "
                        "zijn of de toets gesloten is. De cursist ziet deze regels bij de toets. "
                        "Welke poging telt, staat bij ‘cijfer uit’."
                    ),
                },
            )
        )
        if obj is not None and obj.is_exam:
            fieldsets.append(
                (
                    _("Wijzigingen aan de vragen van dit examen"),
                    {"fields": ("question_bank_changes",)},
                )
            )
        return fieldsets

    def save_related(self, request, form, formsets, change):
        """The slots are saved here: through the service that checks who may and records
        what changed."""
        with quiz_slots_change(quiz=form.instance, actor=request.user):
            super().save_related(request, form, formsets, change)

    @admin.display(description=_("laatste wijzigingen"))
    def question_bank_changes(self, obj: Quiz) -> str:
        changes = list(
            QuestionBankChange.objects.filter(quiz=obj).order_by("-created_at", "-pk")[
                : CHANGES_SHOWN + 1
            ]
        )
        return render_to_string(
            "admin/assessments/quiz/question_bank_changes.html",
            {
                "changes": changes[:CHANGES_SHOWN],
                "more": len(changes) > CHANGES_SHOWN,
                "all_url": reverse("admin:assessments_questionbankchange_changelist")
                + f"?quiz__exact={obj.pk}",
            },
        )


def _without(fields, *names: str) -> tuple:
    return tuple(field for field in fields if field not in names)


class ResponseInline(admin.TabularInline):
    model = Response
    fields = ("position", "answer", "points", "fraction", "needs_review", "feedback", "saved_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("position",)

    def has_add_permission(self, request, obj=None):
        return False


class GradingEventInline(admin.TabularInline):
    model = GradingEvent
    fields = ("created_at", "kind", "actor", "old_percentage", "new_percentage", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description=_("Opnieuw in de wachtrij"), permissions=["change"])
def requeue_attempts(modeladmin, request, queryset):
    """Send parked attempts ("needs attention") back to the grading workers."""
    requeued = attempts_requeue(attempt_ids=queryset.values_list("pk", flat=True))
    skipped = queryset.count() - len(requeued)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d poging staat weer in de wachtrij om nagekeken te worden.",
            "%(count)d pogingen staan weer in de wachtrij om nagekeken te worden.",
            len(requeued),
        )
        % {"count": len(requeued)},
        messages.SUCCESS,
    )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d poging vroeg geen aandacht en is overgeslagen.",
                "%(count)d pogingen vroegen geen aandacht en zijn overgeslagen.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Attempts are written by the attempt services only: everything here is read-only, and
    a parked attempt goes back to the workers with an action."""

    list_display = (
        "pk",
        "learner",
        "quiz",
        "number",
        "status",
        "percentage",
        "passed",
        "submitted_at",
        "graded_at",
        "grading_failures",
    )
    list_display_links = ("pk", "learner")
    list_filter = ("status", "quiz", "enrollment__edition")
    list_select_related = ("enrollment__learner", "quiz")
    search_fields = (
        "enrollment__learner__username",
        "enrollment__learner__first_name",
        "enrollment__learner__last_name",
        "enrollment__learner__email",
    )
    date_hierarchy = "submitted_at"
    actions = [requeue_attempts]
    inlines = [ResponseInline, GradingEventInline]
    fields = (
        "enrollment",
        "quiz",
        ("number", "kind"),
        "status",
        ("started_at", "deadline_at"),
        ("submitted_at", "auto_submitted"),
        "graded_at",
        ("points", "max_points", "percentage", "passed"),
        ("grading_failures", "last_error"),
        "frozen_questions",
    )
    readonly_fields = tuple(
        name for row in fields for name in (row if isinstance(row, tuple) else (row,))
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("cursist"), ordering="enrollment__learner__last_name")
    def learner(self, obj: Attempt) -> str:
        learner = obj.enrollment.learner
        return learner.get_full_name() or learner.get_username()

    @admin.display(description=_("vragen zoals bevroren bij de start"))
    def frozen_questions(self, obj: Attempt) -> str:
        return render_to_string(
            "admin/assessments/attempt/frozen_questions.html",
            {"questions": json.dumps(obj.questions, indent=2, ensure_ascii=False)},
        )


@admin.register(GradingEvent)
class GradingEventAdmin(admin.ModelAdmin):
    """Every time a score was written: who, when, from what to what, and why. Read-only."""

    list_display = (
        "created_at",
        "kind",
        "attempt",
        "learner",
        "quiz",
        "actor",
        "old_percentage",
        "new_percentage",
        "reason",
    )
    list_filter = ("kind", "attempt__quiz")
    list_select_related = ("attempt__enrollment__learner", "attempt__quiz", "actor")
    search_fields = (
        "reason",
        "attempt__enrollment__learner__last_name",
        "attempt__enrollment__learner__email",
        "actor__username",
    )
    date_hierarchy = "created_at"
    fields = (
        "attempt",
        "kind",
        "created_at",
        "actor",
        "old_percentage",
        "new_percentage",
        "reason",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("cursist"), ordering="attempt__enrollment__learner__last_name")
    def learner(self, obj: GradingEvent) -> str:
        learner = obj.attempt.enrollment.learner
        return learner.get_full_name() or learner.get_username()

    @admin.display(description=_("toets"), ordering="attempt__quiz__title")
    def quiz(self, obj: GradingEvent):
        return obj.attempt.quiz


@admin.register(QuestionBankChange)
class QuestionBankChangeAdmin(admin.ModelAdmin):
    """Who changed a course's question bank or its exam's questions, when and what. Written by
    the services that make those changes; read-only here."""

    list_display = (
        "created_at",
        "action",
        "course",
        "quiz",
        "category",
        "actor_name",
        "question_count",
        "affects_exam",
        "summary",
    )
    list_filter = ("course", "action", "affects_exam")
    list_select_related = ("course", "quiz", "category")
    search_fields = ("summary", "actor_name", "actor__username", "category__name", "quiz__title")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "action",
        "actor",
        "actor_name",
        "course",
        "quiz",
        "category",
        "affects_exam",
        "question_ids",
        "summary",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("aantal vragen"))
    def question_count(self, obj: QuestionBankChange) -> int:
        return len(obj.question_ids or ())


@admin.register(AttemptGrant)
class AttemptGrantAdmin(admin.ModelAdmin):
    """Extra attempts and extra time that trainers gave, with who, when and why. Given and
    revoked on the trainer's page of the learner (through the services that check who may);
    read-only here."""

    list_display = (
        "granted_at",
        "learner",
        "quiz",
        "kind",
        "extra_attempts",
        "extra_time_percent",
        "granted_by",
        "reason",
        "revoked_at",
    )
    list_filter = ("kind", "quiz", "enrollment__edition")
    list_select_related = ("enrollment__learner", "quiz", "granted_by")
    search_fields = (
        "reason",
        "enrollment__learner__last_name",
        "enrollment__learner__email",
        "granted_by__username",
    )
    date_hierarchy = "granted_at"
    fields = (
        "enrollment",
        "quiz",
        "kind",
        "extra_attempts",
        "extra_time_percent",
        "reason",
        ("granted_by", "granted_at"),
        ("revoked_by", "revoked_at"),
    )
    readonly_fields = tuple(
        name for row in fields for name in (row if isinstance(row, tuple) else (row,))
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("cursist"), ordering="enrollment__learner__last_name")
    def learner(self, obj: AttemptGrant) -> str:
        learner = obj.enrollment.learner
        return learner.get_full_name() or learner.get_username()
