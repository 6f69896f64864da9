"""The gradebook of an edition (page, CSV, XLSX) for its trainers and administrators, and the
learner's own course result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from courses import conf as course_conf
from courses.access import edition_for_trainer_or_404, enrollment_for_learner_or_404
from courses.models import Enrollment

from . import gradebook, selectors
from . import services as results
from .rules import rules_from_json


def _filename(book: gradebook.Gradebook, extension: str) -> str:
    day = timezone.localdate(book.generated_at).isoformat()
    return f"cijferlijst-{slugify(book.edition.name)}-{day}.{extension}"


def _work_url(edition_id: int):
    """The address of a cell's work, made by reverse() once and filled in per cell."""
    marks = (987654321, 123456789)
    pattern = reverse("assessments_trainer:gradebook_work", args=[edition_id, *marks])
    prefix, _mark, rest = pattern.partition(str(marks[0]))
    middle, _mark, suffix = rest.partition(str(marks[1]))

    def url(enrollment_id: int, lesson_id: int) -> str:
        return f"{prefix}{enrollment_id}{middle}{lesson_id}{suffix}"

    return url


@login_required
@require_GET
def gradebook_page(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = edition_for_trainer_or_404(request.user, edition_id)
    with gradebook.collector_paused():
        book = gradebook.gradebook_for_edition(edition, work_url=_work_url(edition.pk))
        rows = gradebook.page_rows(
            book,
            learner_url=lambda e: reverse("courses:trainer_learner", args=[edition.pk, e.pk]),
        )
        return render(
            request,
            "assessments/trainer/gradebook.html",
            {"edition": edition, "course": edition.course, "book": book, "rows": rows},
        )


@login_required
@require_GET
def gradebook_work(
    request: HttpRequest, edition_id: int, enrollment_id: int, lesson_id: int
) -> HttpResponse:
    """A gradebook cell's link: to the grading page of the hand-in, the essays waiting for
    review, or else the learner's page in the edition (where their work and dates are)."""
    edition = edition_for_trainer_or_404(request.user, edition_id)
    enrollment = get_object_or_404(Enrollment, pk=enrollment_id, edition=edition)
    work = selectors.work_behind_cell(enrollment=enrollment, lesson_id=lesson_id)
    if work is not None and work[0] == "submission":
        return redirect("assessments_trainer:grade", work[1])
    if work is not None:
        url = reverse("assessments_trainer:review_attempt", args=[edition.pk, work[1]])
        return redirect(f"{url}?from=queue")
    return redirect(reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk]))


@login_required
@require_GET
def gradebook_csv(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = edition_for_trainer_or_404(request.user, edition_id)
    with gradebook.collector_paused():
        book = gradebook.gradebook_for_edition(edition)
        text = gradebook.gradebook_csv(book)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(book, "csv")}"'
    return response


@login_required
@require_GET
def gradebook_xlsx(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = edition_for_trainer_or_404(request.user, edition_id)
    with gradebook.collector_paused():
        book = gradebook.gradebook_for_edition(edition)
        workbook = gradebook.gradebook_xlsx(book)
    response = HttpResponse(
        workbook,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(book, "xlsx")}"'
    return response


@login_required
@require_GET
def course_result(request: HttpRequest, edition_id: int) -> HttpResponse:
    """What the learner still has to do to pass, rule by rule, in plain words."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    result, rules = selectors.course_result_for(enrollment=enrollment)
    if result is None or result.computed_at is None:
        result = results.course_result_recompute(enrollment=enrollment)
        rules = rules_from_json(result.rules)
    return render(
        request,
        "assessments/course_result.html",
        {
            "enrollment": enrollment,
            "edition": enrollment.edition,
            "course": enrollment.edition.course,
            "result": result,
            "rules": rules,
            "todo": [rule for rule in rules if not rule.met],
            "conversation_url": course_conf.learner_conversation_url(enrollment.pk),
        },
    )
