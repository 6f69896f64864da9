"""The learner's way through open work: the assignment's page (a lesson body), saving the
draft, handing it in, downloading what they handed in, reading released feedback.

Every step is a plain multipart form post, so the whole way works without JavaScript; the
autosave script and the in-browser recorder only add to it. A refused save shows the lesson
page again with the bound form: everything the learner typed is still in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.dates import format_when
from core.files import file_response, media_response
from core.numbers import plain_decimal
from core.uploads import MB, upload_limits, upload_refusals
from courses.access import enrollment_for_learner_or_404
from courses.models import Enrollment
from courses.views.learner import lesson_page

from ...models import (
    Assignment,
    ConversationAnalysis,
    Reflection,
    Review,
    Submission,
    SubmissionFile,
)
from .. import selectors, services, uploads
from ..forms import DraftForm, RowsForm, format_time

# --- the lesson body ---------------------------------------------------------------------------


@dataclass
class RubricRow:
    title: str
    description: str
    levels: list[dict]  # points, description, chosen


def _points_label(points: str) -> str:
    value = plain_decimal(Decimal(points))
    return ngettext("%(n)s punt", "%(n)s punten", 1 if value == 1 else 2) % {
        "n": formats.localize(value)
    }


def rubric_rows(criteria: list[dict], levels: dict) -> list[RubricRow]:
    """The rubric with the chosen level of each criterion marked, for showing a grade."""
    rows = []
    for index, criterion in enumerate(criteria):
        chosen = levels.get(str(index), levels.get(index))
        rows.append(
            RubricRow(
                title=criterion["title"],
                description=criterion.get("description", ""),
                levels=[
                    {
                        "index": n,
                        "points": level["points"],
                        "points_label": _points_label(level["points"]),
                        "description": level["description"],
                        "chosen": chosen is not None and int(chosen) == n,
                    }
                    for n, level in enumerate(criterion["levels"])
                ],
            )
        )
    return rows


def _datetime(value) -> str:
    return format_when(value, "day_time")


def _draft_form(
    assignment: Assignment, *, submission: Submission | None, categories: list, rows: int | None
) -> DraftForm:
    """The form as the page opens: the learner's saved draft, and `rows` blank annotation
    rows (after the "add a row" button)."""
    initial = {}
    if submission is not None:
        initial = {"text": submission.text, "transcript": submission.transcript}
        for i, answer in enumerate(submission.answers or []):
            initial[f"answer-{i}"] = answer
    return DraftForm(assignment=assignment, categories=categories, initial=initial, rows=rows)


def assignment_body_context(
    assignment: Assignment,
    *,
    request: HttpRequest,
    enrollment: Enrollment,
    form: DraftForm | None = None,
) -> dict:
    """Everything the assignment's body shows: the task, the learner's draft in a form (or
    why it is closed), the versions handed in, and released feedback only. `form` is the
    learner's refused post, shown again as it was typed."""
    now = timezone.now()
    submission = selectors.submission_for_learner(enrollment=enrollment, assignment=assignment)
    window = selectors.assignment_window(
        enrollment=enrollment, assignment=assignment, submission=submission, now=now
    )
    files, audio, annotations, versions = [], None, [], []
    if submission is not None:
        draft_files = list(submission.files.filter(in_draft=True).order_by("pk"))
        files = [f for f in draft_files if f.kind == SubmissionFile.Kind.FILE]
        audio = next(
            (f for f in reversed(draft_files) if f.kind == SubmissionFile.Kind.AUDIO), None
        )
        annotations = list(submission.annotations.select_related("category"))
        versions = list(submission.versions.order_by("-number"))
    is_conversation = isinstance(assignment, ConversationAnalysis)
    if form is None and window.can_work:
        categories = (
            selectors.annotation_categories_for_course(course_id=assignment.module.course_id)
            if is_conversation
            else []
        )
        form = _draft_form(
            assignment,
            submission=submission,
            categories=categories,
            rows=RowsForm(request.GET).rows(),
        )
    review = selectors.review_released_for_learner(submission=submission)
    edition_id = enrollment.edition_id
    latest = versions[0] if versions else None
    waiting = latest is not None and (review is None or review.version_id != latest.pk)
    review_comments = list(review.comments.all()) if review else []
    review_audio = (
        review.version.files.filter(kind=SubmissionFile.Kind.AUDIO).order_by("pk").first()
        if any(c.at_seconds is not None for c in review_comments)
        else None
    )
    missing = (
        selectors.analysis_missing(
            assignment,
            kinds=[a.category.kind if a.category else "" for a in annotations],
            answers=(submission.answers or []) if submission else [],
        )
        if is_conversation and window.can_work
        else []
    )
    draft_player = (
        "draft-recording"
        if is_conversation and assignment.accepts_audio and audio and window.can_work
        else ""
    )
    return {
        "assignment": assignment,
        "submission": submission,
        "window": window,
        "due": _datetime(window.due_at),
        "is_conversation": is_conversation,
        "is_reflection": isinstance(assignment, Reflection),
        "minimum": selectors.analysis_minimum(assignment),
        "missing": missing,
        "form": form,
        "errors": form.messages() if form is not None and form.is_bound else [],
        "files": files,
        "audio": audio,
        "annotations": [{"a": a, "time": format_time(a.at_seconds)} for a in annotations],
        "versions": versions,
        "latest": latest,
        "waiting": waiting,
        "review": review,
        "review_rows": rubric_rows(review.rubric_version.criteria, review.levels)
        if review and review.rubric_version
        else [],
        "review_grade": _grade_for_learner(review),
        "review_comments": [{"c": c, "time": format_time(c.at_seconds)} for c in review_comments],
        "review_audio": review_audio,
        "feedback_player": "feedback-recording" if review_audio else "",
        "draft_player": draft_player,
        "file_kinds": uploads.labels(assignment.file_kinds()),
        "save_url": reverse("assessments:assignment_save", args=[edition_id, assignment.pk]),
        "submit_url": reverse("assessments:assignment_submit", args=[edition_id, assignment.pk]),
        "file_url_name": "assessments:assignment_file",
        "edition_id": edition_id,
    }


def _grade_for_learner(review: Review | None) -> str:
    if review is None:
        return ""
    if review.complete is not None:
        return _("Compleet") if review.complete else _("Nog niet compleet")
    return _("%(points)s van %(max)s punten: %(verdict)s") % {
        "points": formats.localize(plain_decimal(review.points)),
        "max": formats.localize(plain_decimal(review.max_points)),
        "verdict": _("voldoende") if review.sufficient else _("nog niet voldoende"),
    }


# --- the views ---------------------------------------------------------------------------------


def _assignment_or_404(enrollment: Enrollment, lesson_id: int) -> Assignment:
    assignment = (
        Assignment.objects.select_related("module")
        .filter(pk=lesson_id, module__course_id=enrollment.edition.course_id)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def _autosave(request: HttpRequest) -> bool:
    """The autosave script's post (texts only; it wants a status, not a page)."""
    return request.headers.get("X-Requested-With") == "fetch"


def _upload_caps(request: HttpRequest, edition_id: int, lesson_id: int) -> dict | None:
    """The assignment's own caps for the upload handler, read before the body arrives: its
    file size, and its number of files plus a recording."""
    caps = Assignment.objects.filter(pk=lesson_id).values_list("max_file_mb", "max_files").first()
    if caps is None:
        return None
    max_file_mb, max_files = caps
    return {"max_file_bytes": max_file_mb * MB, "max_files": max_files + 1}


def _posted_form(request: HttpRequest, assignment: Assignment) -> DraftForm:
    categories = (
        selectors.annotation_categories_for_course(course_id=assignment.module.course_id)
        if isinstance(assignment, ConversationAnalysis)
        else []
    )
    form = DraftForm(
        request.POST,
        request.FILES,
        assignment=assignment,
        categories=categories,
        texts_only=_autosave(request),
    )
    for refusal in upload_refusals(request):
        form.add_error(None, uploads.refusal_message(refusal))
    return form


def _saved(form: DraftForm, *, enrollment: Enrollment, assignment: Assignment, user) -> bool:
    """Save the posted draft; False, with the reasons on the form, when it was refused."""
    if not form.is_valid():
        return False
    try:
        services.submission_draft_save(
            enrollment=enrollment, assignment=assignment, data=form.draft_input(), user=user
        )
    except services.SubmissionError as exc:
        form.add_error(None, exc)
        return False
    return True


def _show_again(
    request: HttpRequest, enrollment: Enrollment, assignment: Assignment, form: DraftForm
) -> HttpResponse:
    """The lesson page again, with the learner's posted form and what went wrong."""
    if _autosave(request):
        return HttpResponse(
            " ".join(form.messages()), status=400, content_type="text/plain; charset=utf-8"
        )
    if request.FILES:
        form.add_error(
            None, _("Er is niets bewaard. Kies je bestanden opnieuw als je ze wilt inleveren.")
        )
    return lesson_page(
        request, enrollment=enrollment, lesson=assignment, body={"form": form}, status=400
    )


@upload_limits(_upload_caps)
@login_required
@require_POST
def assignment_save(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    """Save the draft (the "Bewaar" button, or the autosave script)."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    assignment = _assignment_or_404(enrollment, lesson_id)
    form = _posted_form(request, assignment)
    if not _saved(form, enrollment=enrollment, assignment=assignment, user=request.user):
        return _show_again(request, enrollment, assignment, form)
    if _autosave(request):
        return HttpResponse(status=204)
    url = assignment.get_absolute_url_for(edition_id)
    if rows := form.rows_after_save():
        messages.success(request, _("Je werk is bewaard. Er staat een nieuwe regel voor je klaar."))
        return redirect(f"{url}?rijen={rows}#new-{rows - 1}-title")
    messages.success(
        request,
        _("Je werk is bewaard om %(time)s. Je kunt verder gaan of inleveren.")
        % {"time": formats.time_format(timezone.localtime(), "H:i")},
    )
    return redirect(url + "#werk")


@upload_limits(_upload_caps)
@login_required
@require_POST
def assignment_submit(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    """Save what was posted, then hand it in as a new version."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    assignment = _assignment_or_404(enrollment, lesson_id)
    form = _posted_form(request, assignment)
    if not _saved(form, enrollment=enrollment, assignment=assignment, user=request.user):
        return _show_again(request, enrollment, assignment, form)
    try:
        version = services.submission_submit(
            enrollment=enrollment, assignment=assignment, user=request.user
        )
    except services.MinimumNotMet as exc:  # the draft is saved: the page as it is now
        messages.error(request, exc.message)
        return redirect(assignment.get_absolute_url_for(edition_id) + "#werk")
    except services.SubmissionError as exc:
        form.add_error(None, exc)
        return _show_again(request, enrollment, assignment, form)
    if version.late:
        messages.warning(
            request,
            _(
                "Je hebt versie %(n)d ingeleverd, na de deadline. Je trainer ziet dat het te laat is."
            )
            % {"n": version.number},
        )
    else:
        messages.success(
            request,
            _("Goed gedaan! Je hebt versie %(n)d ingeleverd. Je trainer gaat ernaar kijken.")
            % {"n": version.number},
        )
    return redirect(assignment.get_absolute_url_for(edition_id))


@login_required
def assignment_file(
    request: HttpRequest, edition_id: int, lesson_id: int, file_id: int
) -> HttpResponse:
    """A file the learner uploaded themselves; anyone else's is a 404."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    stored = (
        SubmissionFile.objects.filter(
            pk=file_id,
            submission__enrollment=enrollment,
            submission__assignment_id=lesson_id,
        )
        .only("file", "name", "kind")
        .first()
    )
    if stored is None:
        raise Http404
    return stored_file_response(request, stored)


def stored_file_response(request: HttpRequest, stored: SubmissionFile) -> HttpResponse:
    """A handed-in file after the permission check: a recording inline with byte ranges (a
    player can seek in it), anything else as a download."""
    if stored.kind != SubmissionFile.Kind.AUDIO:
        return file_response(stored.file, as_attachment=True)
    return media_response(request, stored.file)
