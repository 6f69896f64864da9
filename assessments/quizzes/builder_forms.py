"""The quiz builder's forms: a quiz's settings (a ModelForm) and its places (a formset of
`QuizSlot`: one fixed question, or a number drawn at random from a category).

The choices of questions and categories are read once per page and shared by every place's
form, so that the page takes the same number of queries for 5 places as for 50.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Question, QuestionCategory, Quiz, QuizSlot
from .selectors import BuilderChoices

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class QuizSettingsForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = [
            "time_limit_minutes",
            "attempts_allowed",
            "grading_method",
            "pass_mark",
            "feedback_policy",
            "shuffle_questions",
            "shuffle_options",
            "resits_allowed",
            "resit_wait_days",
            "resit_opens_at",
            "resit_closes_at",
        ]
        widgets = {
            "resit_opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "resit_closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
        }
        labels = {
            "feedback_policy": gettext_lazy("Feedback en goede antwoorden tonen"),
            "grading_method": gettext_lazy("Welke poging telt"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("resit_opens_at", "resit_closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        self.fields["pass_mark"].max_value = 100


class SlotForm(forms.ModelForm):
    class Meta:
        model = QuizSlot
        fields = ["order", "question", "category", "count", "points"]
        labels = {
            "question": gettext_lazy("Vaste vraag"),
            "category": gettext_lazy("Of willekeurig uit categorie"),
            "count": gettext_lazy("Aantal vragen"),
            "points": gettext_lazy("Punten per vraag"),
        }

    def __init__(self, *args, choices: BuilderChoices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        question, category = self.fields["question"], self.fields["category"]
        question.queryset = Question.objects.non_polymorphic().filter(pk__in=choices.question_ids)
        category.queryset = QuestionCategory.objects.filter(pk__in=choices.category_ids)
        question.choices = [("", "—"), *choices.questions]
        category.choices = [("", "—"), *choices.categories]
        self.fields["count"].min_value = 1
        self.fields["points"].min_value = 0

    def clean(self):
        data = super().clean()
        question, category = data.get("question"), data.get("category")
        if question is not None and category is not None:
            raise forms.ValidationError(
                _("Kies een vaste vraag of een categorie, niet allebei."), code="both"
            )
        if question is None and category is None:
            raise forms.ValidationError(
                _("Kies een vaste vraag of een categorie om uit te trekken."), code="neither"
            )
        if category is not None:
            available = self.choices.drawable.get(category.pk, 0)
            if (data.get("count") or 0) > available:
                self.add_error(
                    "count",
                    _(
                        "In ‘%(category)s’ staan maar %(available)d vragen die getrokken kunnen "
                        "worden."
                    )
                    % {"category": category.name, "available": available},
                )
        else:
            data["count"] = 1
        return data


class BaseSlotFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        fixed = [
            form.cleaned_data["question"].pk
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("question") is not None
        ]
        if len(fixed) != len(set(fixed)):
            raise forms.ValidationError(_("Dezelfde vaste vraag staat twee keer in de toets."))


SlotFormSet = forms.inlineformset_factory(
    Quiz,
    QuizSlot,
    form=SlotForm,
    formset=BaseSlotFormSet,
    extra=1,
    can_delete=True,
    max_num=200,
)


class ConfirmForm(forms.Form):
    """The second step of saving a quiz that already has attempts."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


def slot_formset(data=None, *, quiz: Quiz, choices: BuilderChoices) -> SlotFormSet:
    """The quiz's places in order, and one open place to add."""
    return SlotFormSet(
        data,
        instance=quiz,
        prefix="slots",
        form_kwargs={"choices": choices},
        queryset=QuizSlot.objects.filter(quiz=quiz).order_by("order", "pk"),
    )
