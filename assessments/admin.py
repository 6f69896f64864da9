from django.contrib import admin
from polymorphic.admin import PolymorphicChildModelAdmin, PolymorphicParentModelAdmin

from .models import QUESTION_CLASS_FOR_SPEC, Question, QuestionCategory


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


for _model in QUESTION_CLASS_FOR_SPEC.values():
    admin.site.register(_model, QuestionChildAdmin)


@admin.register(Question)
class QuestionAdmin(PolymorphicParentModelAdmin):
    base_model = Question
    child_models = tuple(QUESTION_CLASS_FOR_SPEC.values())
    list_display = ("name", "polymorphic_ctype", "category")
    list_filter = ("category__course", "category")
    search_fields = ("name", "text")
    list_select_related = ("category", "polymorphic_ctype")
