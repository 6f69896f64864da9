"""The trainer's grading pages: one queue for handed-in assignments and quiz essays, and the
page that grades one learner's work with the rubric, with next and previous learner.

Only the trainer's own editions are reachable (administrators see all); anything else is a
404. Files are served through a permission-checked view, never from a public URL.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.files import archive_response
from core.rendering import render_markdown
from courses.access import edition_for_trainer_or_404, editions_taught_by

from ...models import (
    Assignment,
    ConversationAnalysis,
    Review,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from .. import handins, selectors, services, transcripts
from ..forms import QueueFilterForm, ReviewForm, format_time
from .learner import rubric_rows, stored_file_response


def _filters(params) -> dict:
    return QueueFilterForm(params).filters()


def _query(filters: dict) -> str:
    return urlencode({k: v for k, v in filters.items() if v})


def item_url(item: selectors.QueueItem, query: str = "") -> str:
    """The page that grades a queue item: an assignment's grading page or an essay review."""
    if item.kind == "essay":
        url = reverse("assessments_trainer:review_attempt", args=[item.edition.pk, item.attempt.pk])
        return f"{url}?from=queue"
    url = reverse("assessments_trainer:grade", args=[item.submission.pk])
    return f"{url}?{query}" if query else url


STATE_LABELS = {
    selectors.WAITING: gettext_lazy("te beoordelen"),
    selectors.READY: gettext_lazy("klaar om vrij te geven"),
    selectors.RELEASED: gettext_lazy("vrijgegeven"),
    selectors.ALL: gettext_lazy("alles"),
}


def _state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@login_required
def grading_queue(request: HttpRequest) -> HttpResponse:
    editions_qs = editions_taught_by(request.user)
    editions = list(editions_qs.select_related("course").order_by("course__title", "name"))
    if not editions:
        raise Http404
    filters = _filters(request.GET)
    items = selectors.grading_queue_list(
        user=request.user,
        edition_id=filters["edition"],
        assignment_id=filters["assignment"],
        state=filters["state"],
    )
    query = _query(filters)
    rows = [
        {"item": item, "url": item_url(item, query), "state_label": _state_label(item.state)}
        for item in items
    ]
    work = selectors.assignment_work_for_trainer(user=request.user, edition_id=filters["edition"])
    return render(
        request,
        "assessments/grading/queue.html",
        {
            "rows": rows,
            "editions": editions,
            "assignments": selectors.assignment_list_for_editions(editions=editions_qs),
            "filters": filters,
            "states": [(s, _state_label(s)) for s in selectors.STATES],
            "work": work,
            "ready_total": sum(row.ready for row in work),
            "query": query,
        },
    )


@login_required
def grading_for_edition(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The queue, filtered on one edition (the link on the trainer's edition page)."""
    edition = edition_for_trainer_or_404(request.user, edition_id)
    return redirect(
        reverse("assessments_trainer:grading_queue") + "?" + _query({"edition": edition.pk})
    )


def _review_form(
    submission: Submission, review: Review | None, data=None, *, version: SubmissionVersion
) -> ReviewForm:
    """The grading form: posted, or as the page opens (the review as it is saved)."""
    rubric_version = selectors.review_rubric_version(
        assignment=submission.assignment, review=review
    )
    return ReviewForm(
        data,
        criteria=rubric_version.criteria if rubric_version else [],
        initial=ReviewForm.initial_for(review, version_id=version.pk),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def grade(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = selectors.submission_for_trainer_or_404(
        user=request.user, submission_id=submission_id
    )
    filters = _filters(request.GET)
    query = _query(filters)
    items = selectors.grading_queue_list(
        user=request.user,
        edition_id=filters["edition"],
        assignment_id=filters["assignment"],
        state=filters["state"],
    )
    previous, following = selectors.grading_queue_neighbours(items=items, key=f"s{submission.pk}")
    version = submission.latest_version
    review = selectors.review_for_version(version=version)
    posted = request.method == "POST"
    form = _review_form(submission, review, request.POST if posted else None, version=version)
    errors: list[str] = []
    conflict = new_version = False
    conflict_feedback = ""
    if posted and form.is_valid():
        data = form.review_input()
        try:
            services.review_save(
                submission=submission, version=version, data=data, grader=request.user
            )
        except services.Conflict as exc:
            # Someone saved in between: the review as it is now, in a fresh form, and the
            # trainer's own feedback beside it to copy from.
            conflict, new_version = True, isinstance(exc, services.NewVersion)
            conflict_feedback, errors = data.feedback, list(exc.messages)
            review = selectors.review_for_version(version=version)
            form = _review_form(submission, review, version=version)
        except services.GradingError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _saved_message(data.state))
            if form.cleaned_data["then_next"]:
                if following is not None:
                    return redirect(item_url(following, query))
                messages.info(
                    request,
                    _("Dat was de laatste in deze lijst. Hier is het overzicht van je nakijkwerk."),
                )
                return redirect(
                    reverse("assessments_trainer:grading_queue") + (f"?{query}" if query else "")
                )
            url = reverse("assessments_trainer:grade", args=[submission.pk])
            return redirect(f"{url}?{query}" if query else url)
    if posted and not conflict:
        errors = form.messages()
    status = 409 if conflict else 400 if posted else 200
    context = _grade_context(submission, version, review, form=form)
    context.update(
        {
            "errors": errors,
            "conflict": conflict,
            "new_version": new_version,
            "conflict_feedback": conflict_feedback,
            "previous": previous and {"item": previous, "url": item_url(previous, query)},
            "next": following and {"item": following, "url": item_url(following, query)},
            "query": query,
            "queue_url": reverse("assessments_trainer:grading_queue")
            + (f"?{query}" if query else ""),
            "position": next(
                (n for n, i in enumerate(items, 1) if i.key == f"s{submission.pk}"), None
            ),
            "total": len(items),
        }
    )
    return render(request, "assessments/grading/grade.html", context, status=status)


def _saved_message(state: str) -> str:
    if state == Review.State.RELEASED:
        return _("De beoordeling is vrijgegeven. De cursist kan de feedback nu lezen.")
    if state == Review.State.READY:
        return _("De beoordeling staat klaar om vrij te geven.")
    return _("Je beoordeling is bewaard als concept. De cursist ziet die nog niet.")


def _grade_context(
    submission: Submission, version: SubmissionVersion, review: Review | None, *, form: ReviewForm
) -> dict:
    assignment = submission.assignment
    rubric_version = selectors.review_rubric_version(assignment=assignment, review=review)
    files = list(version.files.order_by("pk"))
    audio = next((f for f in files if f.kind == SubmissionFile.Kind.AUDIO), None)
    questions = assignment.questions() if isinstance(assignment, ConversationAnalysis) else []
    answers = version.answers or []
    learner = submission.enrollment.learner
    annotations = version.annotations or []
    transcript = transcripts.mark_moments(
        version.transcript or "",
        [
            transcripts.Moment(
                quote=a.get("quote") or "",
                label=" – ".join(x for x in (a.get("category"), a.get("note")) if x),
                anchor=f"moment-{i}",
            )
            for i, a in enumerate(annotations, start=1)
        ],
    )
    return {
        "submission": submission,
        "assignment": assignment,
        "edition": submission.enrollment.edition,
        "learner_name": learner.get_full_name() or learner.get_username(),
        "version": version,
        "older_versions": list(submission.versions.exclude(pk=version.pk).order_by("-number")),
        "text_html": render_markdown(version.text) if version.text else "",
        "transcript": transcript,
        "answers": [
            {"question": q, "answer": answers[i] if i < len(answers) else ""}
            for i, q in enumerate(questions)
        ],
        "annotations": [
            {**a, "time": format_time(a.get("at_seconds")), "anchor": f"moment-{i}"}
            for i, a in enumerate(annotations, start=1)
        ],
        "files": [f for f in files if f.kind == SubmissionFile.Kind.FILE],
        "audio": audio,
        "player": "recording" if audio else "",
        "review": review,
        "form": form,
        "rubric_version": rubric_version,
        "rows": _criterion_rows(form, rubric_version.criteria) if rubric_version else [],
        # for the plural of "punt": 1 point, else points (also 2,5 punten)
        "max_points_count": 1 if rubric_version and rubric_version.max_points == 1 else 2,
        "comments": [{"c": c, "time": format_time(c.at_seconds)} for c in review.comments.all()]
        if review
        else [],
        "history": list(review.changes.select_related("actor").order_by("-created_at", "-pk"))
        if review
        else [],
        "released": review is not None and review.state == Review.State.RELEASED,
        "draft_predates_version": selectors.review_predates_version(review=review, version=version),
        "previous_review": _previous_review(version),
        "grade_text": selectors.grade_text(review),
    }


def _criterion_rows(form: ReviewForm, criteria: list[dict]) -> list[dict]:
    """Each criterion of the rubric with its levels, each level beside its radio button."""
    rows = []
    for row, (_criterion, field) in zip(
        rubric_rows(criteria, {}), form.criterion_rows(), strict=True
    ):
        rows.append(
            {
                "title": row.title,
                "description": row.description,
                "field": field,
                "levels": list(zip(row.levels, field, strict=True)),
            }
        )
    return rows


def _previous_review(version: SubmissionVersion) -> dict | None:
    previous = selectors.review_previous_released(version=version) if version.number > 1 else None
    if previous is None:
        return None
    return {"number": previous.version.number, "grade": selectors.grade_text(previous)}


@login_required
def grade_file(request: HttpRequest, submission_id: int, file_id: int) -> HttpResponse:
    submission = selectors.submission_for_trainer_or_404(
        user=request.user, submission_id=submission_id
    )
    stored = SubmissionFile.objects.filter(pk=file_id, submission=submission).first()
    if stored is None:
        raise Http404
    return stored_file_response(request, stored)


@login_required
@require_POST
def reopen(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = selectors.submission_for_trainer_or_404(
        user=request.user, submission_id=submission_id
    )
    services.submission_reopen(submission=submission, user=request.user)
    messages.success(
        request,
        _(
            "De opdracht staat weer open voor de cursist, ook na de deadline, tot die opnieuw inlevert."
        ),
    )
    query = _query(_filters(request.GET))
    url = reverse("assessments_trainer:grade", args=[submission.pk])
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_POST
def release_all(request: HttpRequest) -> HttpResponse:
    """Release every ready review: of one assignment, or of all of them (in one edition, or
    all of the trainer's)."""
    if not editions_taught_by(request.user).exists():
        raise Http404
    chosen = _filters(request.POST)
    assignment_id, edition_id = chosen["assignment"], chosen["edition"]
    count = services.reviews_release(
        user=request.user,
        assignment_id=assignment_id,
        edition_ids=[edition_id] if edition_id else None,
    )
    if count:
        messages.success(
            request,
            ngettext(
                "%(n)d beoordeling is vrijgegeven.",
                "%(n)d beoordelingen zijn vrijgegeven.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.info(request, _("Er stond geen beoordeling klaar om vrij te geven."))
    query = _query({"edition": edition_id, "assignment": assignment_id, "state": selectors.ALL})
    return redirect(reverse("assessments_trainer:grading_queue") + f"?{query}")


@login_required
@require_GET
def handins_download(request: HttpRequest, edition_id: int, assignment_id: int) -> HttpResponse:
    """Every hand-in of one assignment in one edition as a zip, for the edition's trainer."""
    edition = edition_for_trainer_or_404(request.user, edition_id)
    assignment = (
        Assignment.objects.filter(pk=assignment_id, module__course_id=edition.course_id)
        .select_related("module")
        .first()
    )
    if assignment is None:
        raise Http404
    versions = selectors.handins_for_download(edition=edition, assignment_id=assignment.pk)
    name = f"inzendingen-{slugify(assignment.title)}-{slugify(edition.name)}.zip"
    return archive_response(name, handins.handin_members(assignment=assignment, versions=versions))
