"""Item analysis for the trainers of an edition: the course's quizzes, and per quiz the figures
of every question (page with chart, CSV, XLSX), for this edition or for every edition of the
course the trainer teaches (an administrator: all). Anyone else gets a 404."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from courses.access import (
    can_author,
    edition_for_trainer_or_404,
    editions_taught_by,
    is_administrator,
)
from courses.models import Edition

from .. import analysis, selectors

THIS, ALL = "this", "all"


class ScopeForm(forms.Form):
    """Which attempts count: this edition's, or those of every edition the trainer teaches."""

    editions = forms.ChoiceField(
        choices=[(THIS, _("deze editie")), (ALL, _("alle edities"))], required=False
    )

    def scope(self) -> str:
        return (self.is_valid() and self.cleaned_data["editions"]) or THIS


def _editions(request: HttpRequest, edition: Edition, scope: str) -> list[Edition]:
    if scope == ALL:
        return list(
            editions_taught_by(request.user).filter(course_id=edition.course_id).order_by("name")
        )
    return [edition]


def _analysis(request: HttpRequest, edition_id: int, quiz_id: int):
    edition = edition_for_trainer_or_404(request.user, edition_id)
    quiz = selectors.quiz_in_course(quiz_id=quiz_id, course_id=edition.course_id)
    if quiz is None:
        raise Http404
    scope = ScopeForm(request.GET).scope()
    editions = _editions(request, edition, scope)
    return edition, scope, analysis.quiz_item_analysis(quiz=quiz, editions=editions)


@login_required
@require_GET
def item_analysis_index(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = edition_for_trainer_or_404(request.user, edition_id)
    return render(
        request,
        "assessments/analysis/index.html",
        {
            "edition": edition,
            "course": edition.course,
            "quizzes": analysis.quizzes_with_attempts(
                course_id=edition.course_id, editions=[edition]
            ),
        },
    )


@login_required
@require_GET
def item_analysis(request: HttpRequest, edition_id: int, quiz_id: int) -> HttpResponse:
    edition, scope, figures = _analysis(request, edition_id, quiz_id)
    is_author = can_author(request.user, edition.course)
    query = "" if scope == THIS else f"?editions={ALL}"
    return render(
        request,
        "assessments/analysis/quiz.html",
        {
            "edition": edition,
            "course": edition.course,
            "quiz": figures.quiz,
            "analysis": figures,
            "chart": analysis.chart(figures.items),
            "scope": scope,
            "scopes": [
                (THIS, _("Alleen %(edition)s") % {"edition": edition.name}, ""),
                (
                    ALL,
                    _("Alle edities")
                    if is_administrator(request.user)
                    else _("Alle edities die je geeft"),
                    f"?editions={ALL}",
                ),
            ],
            "query": query,
            "is_author": is_author,
            "thresholds": {
                "hard": round(analysis.TOO_HARD_BELOW * 100),
                "easy": round(analysis.TOO_EASY_ABOVE * 100),
                "options": analysis.MIN_ATTEMPTS_FOR_OPTIONS,
            },
            "explained": {
                "facility": analysis.FACILITY_EXPLAINED,
                "discrimination": analysis.DISCRIMINATION_EXPLAINED,
                "time": analysis.TIME_EXPLAINED,
            },
        },
    )


def _filename(figures: analysis.QuizAnalysis, scope: str, extension: str) -> str:
    day = timezone.localdate(figures.generated_at).isoformat()
    who = "alle-edities" if scope == ALL else slugify(figures.editions[0].name)
    return f"analyse-{slugify(figures.quiz.title)}-{who}-{day}.{extension}"


@login_required
@require_GET
def item_analysis_csv(request: HttpRequest, edition_id: int, quiz_id: int) -> HttpResponse:
    _edition, scope, figures = _analysis(request, edition_id, quiz_id)
    response = HttpResponse(analysis.analysis_csv(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(figures, scope, "csv")}"'
    return response


@login_required
@require_GET
def item_analysis_xlsx(request: HttpRequest, edition_id: int, quiz_id: int) -> HttpResponse:
    _edition, scope, figures = _analysis(request, edition_id, quiz_id)
    response = HttpResponse(
        analysis.analysis_xlsx(figures),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(figures, scope, "xlsx")}"'
    return response
