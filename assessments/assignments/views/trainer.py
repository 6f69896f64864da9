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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.rendering import render_markdown
from courses.access import edition_for_trainer_or_404, editions_taught_by

from ...models import ConversationAnalysis, Review, SubmissionFile
from .. import reviews as marking
from .. import transcripts
from .learner import (
    BadTime,
    format_time,
    parse_time,
    rubric_rows,
    stored_file_response,
)

NEW_COMMENT_ROWS = 3


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _filters(params) -> dict:
    state = params.get("state") or marking.WAITING
    return {
        "edition": _int(params.get("edition")),
        "assignment": _int(params.get("assignment")),
        "state": state if state in marking.STATES else marking.WAITING,
    }


def _query(filters: dict) -> str:
    return urlencode({k: v for k, v in filters.items() if v})


def item_url(item: marking.QueueItem, query: str = "") -> str:
    """The page that grades a queue item: an assignment's grading page or an essay review."""
    if item.kind == "essay":
        url = reverse("assessments_trainer:review_attempt", args=[item.edition.pk, item.attempt.pk])
        return f"{url}?from=queue"
    url = reverse("assessments_trainer:grade", args=[item.submission.pk])
    return f"{url}?{query}" if query else url


STATE_LABELS = {
    marking.WAITING: gettext_lazy("te beoordelen"),
    marking.READY: gettext_lazy("klaar om vrij te geven"),
    marking.RELEASED: gettext_lazy("vrijgegeven"),
    marking.ALL: gettext_lazy("alles"),
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
    items = marking.grading_queue(
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
    ready = sum(1 for item in items if item.state == marking.READY)
    return render(
        request,
        "assessments/grading/queue.html",
        {
            "rows": rows,
            "editions": editions,
            "assignments": marking.assignments_for_editions(editions_qs),
            "filters": filters,
            "states": [(s, _state_label(s)) for s in marking.STATES],
            "ready_count": ready,
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


def _comment_rows(post) -> tuple[list[marking.NewComment], list[str]]:
    comments, errors = [], []
    for i in range(NEW_COMMENT_ROWS):
        time = post.get(f"comment-{i}-time", "")
        quote = post.get(f"comment-{i}-quote", "")
        note = post.get(f"comment-{i}-note", "")
        if not (time.strip() or quote.strip() or note.strip()):
            continue
        try:
            seconds = parse_time(time)
        except BadTime:
            errors.append(
                _("Opmerking %(n)d: schrijf de tijd als minuten:seconden, bijvoorbeeld 1:24.")
                % {"n": i + 1}
            )
            continue
        comments.append(marking.NewComment(at_seconds=seconds, quote=quote, note=note))
    return comments, errors


def _review_input(post) -> tuple[marking.ReviewInput, list[str]]:
    comments, errors = _comment_rows(post)
    levels = {}
    for key, value in post.items():
        if key.startswith("level-") and key[6:].isdigit() and value.lstrip("-").isdigit():
            levels[int(key[6:])] = int(value)
    complete = {"yes": True, "no": False}.get(post.get("complete", ""))
    lock = _int(post.get("lock_version"))
    data = marking.ReviewInput(
        lock_version=lock if lock is not None else -1,
        levels=levels,
        complete=complete,
        feedback=post.get("feedback", ""),
        state=post.get("state", Review.State.DRAFT),
        reason=post.get("reason", ""),
        new_comments=comments,
        remove_comment_ids={int(v) for v in post.getlist("remove_comment") if v.isdigit()},
        version_id=_int(post.get("version")),
    )
    return data, errors


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def grade(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = marking.submission_for_trainer_or_404(
        user=request.user, submission_id=submission_id
    )
    filters = _filters(request.GET)
    query = _query(filters)
    items = marking.grading_queue(
        user=request.user,
        edition_id=filters["edition"],
        assignment_id=filters["assignment"],
        state=filters["state"],
    )
    previous, following = marking.queue_neighbours(items, f"s{submission.pk}")
    version = submission.latest_version
    errors: list[str] = []
    conflict = new_version = False
    posted = None
    status = 200
    if request.method == "POST":
        data, errors = _review_input(request.POST)
        if not errors:
            try:
                marking.review_save(
                    submission=submission, version=version, data=data, grader=request.user
                )
            except marking.Conflict as exc:
                errors, conflict = list(exc.messages), True
                new_version = isinstance(exc, marking.NewVersion)
            except marking.GradingError as exc:
                errors = list(exc.messages)
            else:
                messages.success(request, _saved_message(data.state))
                if request.POST.get("then_next") and following is not None:
                    return redirect(item_url(following, query))
                url = reverse("assessments_trainer:grade", args=[submission.pk])
                return redirect(f"{url}?{query}" if query else url)
        posted = request.POST
        status = 409 if conflict else 400
    review = marking.review_of(version)
    context = _grade_context(submission, version, review, posted=None if conflict else posted)
    context.update(
        {
            "errors": errors,
            "conflict": conflict,
            "new_version": new_version,
            "conflict_feedback": request.POST.get("feedback", "") if conflict else "",
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


def _grade_context(submission, version, review, *, posted) -> dict:
    assignment = submission.assignment
    rubric_version = (
        review.rubric_version
        if review is not None and review.rubric_version_id
        else (
            assignment.rubric.current_version()
            if assignment.uses_rubric and assignment.rubric_id
            else None
        )
    )
    if posted is not None:
        levels = {k[6:]: v for k, v in posted.items() if k.startswith("level-")}
        complete = posted.get("complete", "")
        feedback = posted.get("feedback", "")
        reason = posted.get("reason", "")
    else:
        levels = review.levels if review else {}
        complete = (
            ""
            if review is None or review.complete is None
            else ("yes" if review.complete else "no")
        )
        feedback = review.feedback if review else ""
        reason = ""
    files = list(version.files.order_by("pk"))
    audio = next((f for f in files if f.kind == SubmissionFile.Kind.AUDIO), None)
    questions = assignment.questions() if isinstance(assignment, ConversationAnalysis) else []
    answers = version.answers or []
    comment_rows = [
        {
            "index": i,
            "time": posted.get(f"comment-{i}-time", "") if posted else "",
            "quote": posted.get(f"comment-{i}-quote", "") if posted else "",
            "note": posted.get(f"comment-{i}-note", "") if posted else "",
        }
        for i in range(NEW_COMMENT_ROWS)
    ]
    learner = submission.enrollment.learner
    annotations = version.annotations or []
    transcript_html, marked = transcripts.transcript_html(
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
        "transcript": transcript_html,
        "answers": [
            {"question": q, "answer": answers[i] if i < len(answers) else ""}
            for i, q in enumerate(questions)
        ],
        "annotations": [
            {**a, "time": format_time(a.get("at_seconds")), "anchor": f"moment-{i}"}
            for i, a in enumerate(annotations, start=1)
        ],
        "marked": marked,
        "files": [f for f in files if f.kind == SubmissionFile.Kind.FILE],
        "audio": audio,
        "player": "recording" if audio else "",
        "review": review,
        # A form shown again with the trainer's input keeps the lock and version it started
        # from: a save in between (a colleague's, or a new version) is then still caught.
        "lock_version": _posted_int(posted, "lock_version", review.lock_version if review else 0),
        "form_version": _posted_int(posted, "version", version.pk),
        "rubric_version": rubric_version,
        "rows": rubric_rows(rubric_version.criteria, levels) if rubric_version else [],
        "complete": complete,
        "feedback": feedback,
        "reason": reason,
        "comments": [{"c": c, "time": format_time(c.at_seconds)} for c in review.comments.all()]
        if review
        else [],
        "comment_rows": comment_rows,
        "history": list(review.changes.select_related("actor").order_by("-created_at", "-pk"))
        if review
        else [],
        "released": review is not None and review.state == Review.State.RELEASED,
        "draft_predates_version": marking.review_predates_version(review, version),
        "previous_review": _previous_review(version),
        "grade_text": marking.grade_text(review),
    }


def _posted_int(posted, name: str, default: int) -> int:
    value = _int(posted.get(name)) if posted is not None else None
    return default if value is None else value


def _previous_review(version) -> dict | None:
    previous = marking.previous_released_review(version) if version.number > 1 else None
    if previous is None:
        return None
    return {"number": previous.version.number, "grade": marking.grade_text(previous)}


@login_required
def grade_file(request: HttpRequest, submission_id: int, file_id: int) -> HttpResponse:
    submission = marking.submission_for_trainer_or_404(
        user=request.user, submission_id=submission_id
    )
    stored = SubmissionFile.objects.filter(pk=file_id, submission=submission).first()
    if stored is None:
        raise Http404
    return stored_file_response(request, stored)


@login_required
@require_POST
def reopen(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = marking.submission_for_trainer_or_404(
        user=request.user, submission_id=submission_id
    )
    marking.submission_reopen(submission=submission, user=request.user)
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
    """Release every ready review of one assignment (in one edition, or all of the trainer's)."""
    if not editions_taught_by(request.user).exists():
        raise Http404
    assignment_id = _int(request.POST.get("assignment"))
    edition_id = _int(request.POST.get("edition"))
    if assignment_id is None:
        messages.error(request, _("Kies eerst een opdracht."))
    else:
        count = marking.reviews_release(
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
    query = _query({"edition": edition_id, "assignment": assignment_id, "state": marking.ALL})
    return redirect(reverse("assessments_trainer:grading_queue") + f"?{query}")
