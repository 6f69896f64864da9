"""The quiz builder and the preview attempt, for a course's quizzes.

The course's authors and administrators build a quiz: its places (fixed questions and "n at
random from a category", in order, with points) and its settings. Its trainers see the list
and take a preview attempt, which is kept in their session only: it is no `Attempt`, so no
result, gradebook or item analysis ever counts it. Anyone else gets a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from courses.models import Course

from ...models import Attempt, Quiz
from ...questions import selectors as bank_selectors
from .. import preview, selectors, services
from ..builder_forms import ConfirmForm, QuizSettingsForm, slot_formset
from ..forms import AttemptForm
from .learner import review_questions


def _quiz_or_404(course: Course, quiz_id: int) -> Quiz:
    quiz = selectors.quiz_in_course(quiz_id=quiz_id, course_id=course.pk)
    if quiz is None:
        raise Http404
    return quiz


@login_required
@require_safe
def quiz_list(request: HttpRequest, course_id: int) -> HttpResponse:
    course, may_author = bank_selectors.bank_course_or_404(request.user, course_id)
    return render(
        request,
        "assessments/quizzes/list.html",
        {
            "course": course,
            "may_author": may_author,
            "quizzes": selectors.course_quizzes(course_id=course.pk),
            "bank_url": reverse("assessments_trainer:question_bank", args=[course.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def quiz_builder(request: HttpRequest, course_id: int, quiz_id: int) -> HttpResponse:
    """The quiz's places and settings. Saving a quiz that has attempts asks first: the change
    holds for new attempts only."""
    course, may_author = bank_selectors.bank_course_or_404(request.user, course_id)
    if not may_author:
        raise Http404
    quiz = _quiz_or_404(course, quiz_id)
    choices = selectors.builder_choices(course_id=course.pk, quiz=quiz)
    has_attempts = Attempt.objects.filter(quiz_id=quiz.pk).exists()
    confirming = False
    if request.method == "POST":
        settings_form = QuizSettingsForm(request.POST, instance=quiz, prefix="settings")
        formset = slot_formset(request.POST, quiz=quiz, choices=choices)
        confirm = ConfirmForm(request.POST)
        confirm.is_valid()
        if settings_form.is_valid() and formset.is_valid():
            changed = settings_form.has_changed() or formset.has_changed()
            if not changed:
                messages.info(request, _("Er was niets veranderd."))
                return redirect("assessments_trainer:quiz_builder", course.pk, quiz.pk)
            if has_attempts and not confirm.cleaned_data.get("confirmed"):
                confirming = True
            else:
                services.quiz_build_save(
                    quiz=quiz,
                    settings_form=settings_form,
                    slot_formset=formset,
                    actor=request.user,
                )
                messages.success(
                    request,
                    _("‘%(title)s’ is bewaard.") % {"title": quiz.title}
                    + (
                        " " + _("De pogingen die al gemaakt zijn, blijven zoals ze waren.")
                        if has_attempts
                        else ""
                    ),
                )
                return redirect("assessments_trainer:quiz_builder", course.pk, quiz.pk)
    else:
        settings_form = QuizSettingsForm(instance=quiz, prefix="settings")
        formset = slot_formset(quiz=quiz, choices=choices)
    return render(
        request,
        "assessments/quizzes/builder.html",
        {
            "course": course,
            "quiz": quiz,
            "settings_form": settings_form,
            "formset": formset,
            "has_attempts": has_attempts,
            "confirming": confirming,
            "list_url": reverse("assessments_trainer:quiz_list", args=[course.pk]),
            "preview_url": reverse("assessments_trainer:quiz_preview", args=[course.pk, quiz.pk]),
        },
        status=400 if request.method == "POST" and not confirming else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def quiz_preview(request: HttpRequest, course_id: int, quiz_id: int) -> HttpResponse:
    """Try the quiz as a learner would: questions drawn and shuffled as for an attempt,
    handed in and scored, with the right answers. Nothing of it is stored but in the
    session; "Begin opnieuw" draws again."""
    course, _may_author = bank_selectors.bank_course_or_404(request.user, course_id)
    quiz = _quiz_or_404(course, quiz_id)
    context = {
        "course": course,
        "quiz": quiz,
        "list_url": reverse("assessments_trainer:quiz_list", args=[course.pk]),
        "preview_url": reverse("assessments_trainer:quiz_preview", args=[course.pk, quiz.pk]),
    }
    if request.method == "POST" and "again" in request.POST:
        preview.forget(request.session, quiz)
        return redirect("assessments_trainer:quiz_preview", course.pk, quiz.pk)
    try:
        questions = preview.questions(request.session, quiz)
    except services.AttemptError as exc:
        context["problem"] = " ".join(exc.messages)
        return render(request, "assessments/quizzes/preview.html", context)
    if request.method == "POST":
        form = AttemptForm(questions, request.POST)
        if form.is_valid():
            result = preview.score(questions, form.posted_answers())
            context["result"] = result
            context["review"] = review_questions(questions, result.responses)
            return render(request, "assessments/quizzes/preview.html", context)
        context["form_error"] = True
    else:
        form = AttemptForm(questions)
    context["shown"] = form.shown()
    return render(request, "assessments/quizzes/preview.html", context)
