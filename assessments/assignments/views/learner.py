"""The learner's way through open work: the assignment's page (a lesson body), saving the
draft, handing it in, downloading what they handed in, reading released feedback.

Every step is a plain multipart form post, so the whole way works without JavaScript; the
autosave script and the in-browser recorder only add to it. A refused save shows the page
again with everything the learner typed still in the form.
"""

from __future__ import annotations

import re
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

from core.files import file_response, media_response
from core.numbers import plain_decimal
from courses.access import enrollment_for_learner_or_404
from courses.models import Enrollment
from courses.views.learner import lesson_detail

from ...models import (
    AnnotationCategory,
    Assignment,
    ConversationAnalysis,
    Reflection,
    Review,
    Submission,
    SubmissionFile,
)
from .. import submissions, uploads

NEW_ROWS = 3
_TIME = re.compile(r"^\s*(?:(\d{1,2}):)?(\d{1,3}):(\d{2})\s*$|^\s*(\d{1,5})\s*$")


class BadTime(ValueError):
    pass


def parse_time(value: str) -> int | None:
    """ "1:24" → 84, "1:02:03" → 3723, "90" → 90, "" → None."""
    if not value or not value.strip():
        return None
    match = _TIME.match(value)
    if not match:
        raise BadTime(value)
    if match.group(4) is not None:
        return int(match.group(4))
    hours = int(match.group(1) or 0)
    minutes, seconds = int(match.group(2)), int(match.group(3))
    if seconds >= 60 or (match.group(1) and minutes >= 60):
        raise BadTime(value)
    return hours * 3600 + minutes * 60 + seconds


def format_time(seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _ids(values: list[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit()}


def draft_input_from_post(
    request: HttpRequest, assignment: Assignment, *, autosave: bool = False
) -> tuple[submissions.DraftInput, list[str]]:
    """The form's fields as a DraftInput, plus problems the form itself shows (a bad time).

    The autosave script sends only the texts: files and new annotations go with a button."""
    post = request.POST
    errors: list[str] = []
    data = submissions.DraftInput()
    if "text" in post:
        data.text = post.get("text", "")
    if "transcript" in post:
        data.transcript = post.get("transcript", "")
    if isinstance(assignment, ConversationAnalysis):
        questions = assignment.questions()
        if any(f"answer-{i}" in post for i in range(len(questions))):
            data.answers = [post.get(f"answer-{i}", "") for i in range(len(questions))]
    if autosave:
        return data, errors
    data.new_files = [f for f in request.FILES.getlist("files") if f.name]
    audio = request.FILES.get("audio")
    data.new_audio = audio if audio and audio.name else None
    data.remove_file_ids = _ids(post.getlist("remove_file"))
    data.remove_annotation_ids = _ids(post.getlist("remove_annotation"))
    for i in range(NEW_ROWS):
        time = post.get(f"new-{i}-time", "")
        quote = post.get(f"new-{i}-quote", "")
        category = post.get(f"new-{i}-category", "")
        note = post.get(f"new-{i}-note", "")
        if not (time.strip() or quote.strip() or category or note.strip()):
            continue
        try:
            seconds = parse_time(time)
        except BadTime:
            errors.append(
                _("Aantekening %(n)d: schrijf de tijd als minuten:seconden, bijvoorbeeld 1:24.")
                % {"n": i + 1}
            )
            continue
        data.new_annotations.append(
            submissions.NewAnnotation(
                at_seconds=seconds,
                quote=quote,
                category_id=int(category) if category.isdigit() else None,
                note=note,
            )
        )
    return data, errors


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


def _released_review(submission: Submission | None) -> Review | None:
    if submission is None:
        return None
    return (
        Review.objects.filter(submission=submission, state=Review.State.RELEASED)
        .select_related("rubric_version", "version")
        .prefetch_related("comments")
        .order_by("-version__number")
        .first()
    )


def _datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "l j F Y, H:i") if value else ""


def assignment_body_context(assignment: Assignment, *, request, enrollment: Enrollment) -> dict:
    """Everything the assignment's body shows: the task, the learner's draft in a form (or
    why it is closed), the versions handed in, and released feedback only."""
    now = timezone.now()
    submission = submissions.submission_for(enrollment=enrollment, assignment=assignment)
    window = submissions.hand_in_window(
        enrollment=enrollment, assignment=assignment, submission=submission, now=now
    )
    posted = getattr(request, "_assignment_posted", None)
    values = posted["values"] if posted else None
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
    categories = (
        list(AnnotationCategory.objects.filter(course_id=assignment.module.course_id))
        if is_conversation
        else []
    )
    questions = assignment.questions() if is_conversation else []
    saved_answers = (submission.answers if submission else None) or []
    answers = []
    for i, question in enumerate(questions):
        if values is not None:
            answer = values.get(f"answer-{i}", "")
        else:
            answer = saved_answers[i] if i < len(saved_answers) else ""
        answers.append({"index": i, "question": question, "answer": answer})
    review = _released_review(submission)
    edition_id = enrollment.edition_id
    new_rows = [
        {
            "index": i,
            "time": values.get(f"new-{i}-time", "") if values else "",
            "quote": values.get(f"new-{i}-quote", "") if values else "",
            "category": values.get(f"new-{i}-category", "") if values else "",
            "note": values.get(f"new-{i}-note", "") if values else "",
        }
        for i in range(NEW_ROWS)
    ]
    latest = versions[0] if versions else None
    waiting = latest is not None and (review is None or review.version_id != latest.pk)
    review_comments = list(review.comments.all()) if review else []
    review_audio = (
        review.version.files.filter(kind=SubmissionFile.Kind.AUDIO).order_by("pk").first()
        if any(c.at_seconds is not None for c in review_comments)
        else None
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
        "text": values.get("text", "")
        if values is not None
        else (submission.text if submission else ""),
        "transcript": values.get("transcript", "")
        if values is not None
        else (submission.transcript if submission else ""),
        "files": files,
        "audio": audio,
        "annotations": [{"a": a, "time": format_time(a.at_seconds)} for a in annotations],
        "categories": categories,
        "emotions": [c for c in categories if c.kind == AnnotationCategory.Kind.EMOTION],
        "techniques": [c for c in categories if c.kind == AnnotationCategory.Kind.TECHNIQUE],
        "answers": answers,
        "new_rows": new_rows,
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
        "errors": posted["errors"] if posted else [],
        "file_kinds": uploads.labels(assignment.file_kinds()),
        "file_accept": ",".join(
            "." + ext
            for k in assignment.file_kinds()
            if k in uploads.KINDS
            for ext in uploads.KINDS[k].extensions
        ),
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


def _show_again(
    request, edition_id: int, assignment: Assignment, errors: list[str]
) -> HttpResponse:
    """The lesson page again, with the learner's posted texts in the form and what went wrong."""
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(" ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    if request.FILES:
        errors = [
            *errors,
            _("Er is niets bewaard. Kies je bestanden opnieuw als je ze wilt inleveren."),
        ]
    request._assignment_posted = {"values": request.POST, "errors": errors}
    response = lesson_detail(request, edition_id=edition_id, lesson_id=assignment.pk)
    response.status_code = 400
    return response


def _save(request, enrollment, assignment) -> list[str]:
    autosave = request.headers.get("X-Requested-With") == "fetch"
    data, errors = draft_input_from_post(request, assignment, autosave=autosave)
    if errors:
        return errors
    try:
        submissions.draft_save(
            enrollment=enrollment, assignment=assignment, data=data, user=request.user
        )
    except submissions.SubmissionError as exc:
        return list(exc.messages)
    return []


@login_required
@require_POST
def assignment_save(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    """Save the draft (the "Bewaar" button, or the autosave script)."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    assignment = _assignment_or_404(enrollment, lesson_id)
    errors = _save(request, enrollment, assignment)
    if errors:
        return _show_again(request, edition_id, assignment, errors)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    messages.success(
        request,
        _("Je werk is bewaard om %(time)s. Je kunt verder gaan of inleveren.")
        % {"time": formats.time_format(timezone.localtime(), "H:i")},
    )
    return redirect(assignment.get_absolute_url_for(edition_id) + "#werk")


@login_required
@require_POST
def assignment_submit(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    """Save what was posted, then hand it in as a new version."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    assignment = _assignment_or_404(enrollment, lesson_id)
    errors = _save(request, enrollment, assignment)
    if errors:
        return _show_again(request, edition_id, assignment, errors)
    try:
        version = submissions.submission_submit(
            enrollment=enrollment, assignment=assignment, user=request.user
        )
    except submissions.SubmissionError as exc:
        return _show_again(request, edition_id, assignment, list(exc.messages))
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
