"""A person's data in `assessments` (AVG): quiz and exam attempts with their answers, the open
work they handed in with its files, the reviews released to them and their course results;
and its erasure. Published for lms (`lms.privacy`).

The export reads a fixed number of queries, whatever the number of attempts, answers or
files (plus one look at the schedule per quiz, for whether its answers may be shown yet).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.privacy import PersonalFile, archive_name, files_delete_after_commit

from .models import (
    Annotation,
    Attempt,
    CourseResult,
    Response,
    Review,
    ReviewComment,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from .questions import display
from .questions.registry import UnknownQuestionType
from .quizzes import selectors as quiz_selectors
from .quizzes.forms import attempt_questions

FILES_FOLDER = "bestanden/opdrachten"

PARTS = {
    "toetsen": _(
        "Je pogingen bij toetsen en het examen: wanneer je begon en inleverde, je antwoorden "
        "en je score. De punten en uitleg per vraag staan erbij zodra je die ook in de "
        "leeromgeving mag zien."
    ),
    "opdrachten": _(
        "Je opdrachten: je concept, elke versie die je inleverde (tekst, antwoorden, "
        "aantekeningen) en welke bestanden erbij hoorden."
    ),
    "beoordelingen": _(
        "De beoordelingen en feedback van je trainers die aan jou zijn vrijgegeven, met de "
        "opmerkingen per moment in een gesprek."
    ),
    "resultaten": _("Per cursus: of je geslaagd bent en hoe je ervoor staat per eis."),
    FILES_FOLDER + "/": _(
        "De bestanden en geluidsopnamen die je bij je opdrachten uploadde, per opdracht."
    ),
}


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _decimal(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _plain(item: Any) -> str:
    return html.unescape(strip_tags(str(item))).strip()


def _file_path(file: SubmissionFile, submission: Submission) -> str:
    folder = f"{submission.pk}-{archive_name(submission.assignment.title, fallback='opdracht')}"
    return f"{FILES_FOLDER}/{folder}/{file.pk}-{archive_name(file.name)}"


# --- quizzes and the exam --------------------------------------------------------------------


def _answers(attempt: Attempt, *, scores: bool) -> list[dict]:
    """The answers of an attempt, per question as the learner saw it; with the points and
    feedback per question only when the quiz shows those to the learner by now."""
    responses = {r.position: r for r in attempt.responses.all()}
    try:
        questions = attempt_questions(attempt)
    except (UnknownQuestionType, AttributeError, KeyError, TypeError, ValueError):
        # A question type that is no longer installed: the answers as they were saved.
        return [
            {"position": r.position, "answer": r.answer, "saved_at": r.saved_at}
            for r in responses.values()
        ]
    items = []
    for question in questions:
        if question.number is None:
            continue
        response = responses.get(question.position)
        answer = response.answer if response else None
        words: list[str] = []
        if answer not in (None, "", []):
            try:
                words = [_plain(w) for w in question.type.review_given(question, answer)]
            except (AttributeError, IndexError, KeyError, TypeError, ValueError):
                words = []
        item = {
            "number": question.number,
            "question": display.plain(question.frozen.get("text", ""), question.text_format),
            "answer": answer,
            "answer_in_words": words,
            "saved_at": response.saved_at if response else None,
        }
        if scores:
            item["points"] = response.points if response else None
            item["max_points"] = _decimal(question.points)
            item["feedback"] = [
                display.plain(text, question.text_format)
                for text in (response.feedback if response else [])
                if text
            ]
        items.append(item)
    return items


def _attempts(user, now) -> list[dict]:
    attempts = list(
        Attempt.objects.filter(enrollment__learner=user)
        .select_related("enrollment__edition__course", "quiz")
        .prefetch_related(Prefetch("responses", queryset=Response.objects.order_by("position")))
        .order_by("started_at", "pk")
    )
    shown: dict[tuple[int, int], bool] = {}
    rows = []
    for attempt in attempts:
        key = (attempt.enrollment_id, attempt.quiz_id)
        if key not in shown:
            window = quiz_selectors.quiz_window(enrollment=attempt.enrollment, quiz=attempt.quiz)
            release = quiz_selectors.feedback_release(quiz=attempt.quiz, closes_at=window.closes_at)
            shown[key] = release.visible(now)
        graded = attempt.status == Attempt.Status.GRADED
        rows.append(
            {
                "course": attempt.enrollment.edition.course.title,
                "edition": attempt.enrollment.edition.name,
                "quiz": attempt.quiz.title,
                "is_exam": attempt.quiz.is_exam,
                "attempt": attempt.number,
                "status": _label(Attempt.Status, attempt.status),
                "started_at": attempt.started_at,
                "deadline_at": attempt.deadline_at,
                "submitted_at": attempt.submitted_at,
                "handed_in_when_time_ran_out": attempt.auto_submitted,
                "graded_at": attempt.graded_at,
                "points": attempt.points if graded else None,
                "max_points": attempt.max_points if graded else None,
                "percentage": attempt.percentage if graded else None,
                "passed": attempt.passed if graded else None,
                "answers": _answers(attempt, scores=graded and shown[key]),
            }
        )
    return rows


# --- open work -------------------------------------------------------------------------------


def _annotation(a: Annotation) -> dict:
    return {
        "at_seconds": a.at_seconds,
        "quote": a.quote,
        "category": a.category.name if a.category else "",
        "note": a.note,
    }


def _submissions(user) -> list[dict]:
    submissions = (
        Submission.objects.filter(enrollment__learner=user)
        .select_related("enrollment__edition__course", "assignment")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=SubmissionVersion.objects.order_by("number").prefetch_related(
                    Prefetch("files", queryset=SubmissionFile.objects.order_by("pk"))
                ),
            ),
            Prefetch("files", queryset=SubmissionFile.objects.order_by("uploaded_at", "pk")),
            Prefetch(
                "annotations",
                queryset=Annotation.objects.select_related("category").order_by("at_seconds", "pk"),
            ),
        )
        .order_by("created_at", "pk")
    )
    rows = []
    for s in submissions:
        files = list(s.files.all())
        rows.append(
            {
                "course": s.enrollment.edition.course.title,
                "edition": s.enrollment.edition.name,
                "assignment": s.assignment.title,
                "state": _label(Submission.State, s.state),
                "first_submitted_at": s.first_submitted_at,
                "reopened_for_a_new_version": s.reopened,
                "draft": {
                    "text": s.text,
                    "transcript": s.transcript,
                    "answers": s.answers,
                    "saved_at": s.draft_saved_at,
                    "annotations": [_annotation(a) for a in s.annotations.all()],
                    "files": [_file_path(f, s) for f in files if f.in_draft],
                },
                "versions": [
                    {
                        "number": v.number,
                        "submitted_at": v.submitted_at,
                        "due_at": v.due_at,
                        "late": v.late,
                        "text": v.text,
                        "transcript": v.transcript,
                        "answers": v.answers,
                        "annotations": v.annotations,
                        "files": [_file_path(f, s) for f in v.files.all()],
                    }
                    for v in s.versions.all()
                ],
                "files": [
                    {
                        "name": f.name,
                        "kind": _label(SubmissionFile.Kind, f.kind),
                        "content_type": f.content_type,
                        "size": f.size,
                        "uploaded_at": f.uploaded_at,
                        "in_draft": f.in_draft,
                        "file_in_this_zip": _file_path(f, s),
                    }
                    for f in files
                ],
            }
        )
    return rows


def _rubric(review: Review) -> list[dict]:
    if review.rubric_version is None:
        return []
    chosen = {str(k): v for k, v in (review.levels or {}).items()}
    rows = []
    for index, criterion in enumerate(review.rubric_version.criteria or []):
        levels = criterion.get("levels") or []
        level = chosen.get(str(index))
        picked = levels[level] if isinstance(level, int) and 0 <= level < len(levels) else None
        rows.append(
            {
                "criterion": criterion.get("title", ""),
                "level": picked.get("description", "") if picked else None,
                "points": picked.get("points") if picked else None,
            }
        )
    return rows


def _reviews(user) -> list[dict]:
    """Released reviews only: a draft or a review waiting to be released is the trainer's."""
    reviews = (
        Review.objects.filter(submission__enrollment__learner=user, state=Review.State.RELEASED)
        .select_related(
            "version", "rubric_version", "submission__assignment", "submission__enrollment__edition"
        )
        .prefetch_related(
            Prefetch("comments", queryset=ReviewComment.objects.order_by("at_seconds", "pk"))
        )
        .order_by("released_at", "pk")
    )
    return [
        {
            "edition": r.submission.enrollment.edition.name,
            "assignment": r.submission.assignment.title,
            "version": r.version.number,
            "released_at": r.released_at,
            "points": r.points,
            "max_points": r.max_points,
            "percentage": r.percentage,
            "complete": r.complete,
            "sufficient": r.sufficient,
            "feedback": r.feedback,
            "rubric": _rubric(r),
            "comments": [
                {"at_seconds": c.at_seconds, "quote": c.quote, "note": c.note}
                for c in r.comments.all()
            ],
        }
        for r in reviews
    ]


def _results(user) -> list[dict]:
    return [
        {
            "course": r.enrollment.edition.course.title,
            "edition": r.enrollment.edition.name,
            "passed": r.passed,
            "passed_at": r.passed_at,
            "requirements_met": r.rules_met,
            "requirements": r.rules_total,
            "per_requirement": r.rules,
            "computed_at": r.computed_at,
        }
        for r in CourseResult.objects.filter(enrollment__learner=user)
        .select_related("enrollment__edition__course")
        .order_by("enrollment__enrolled_at", "pk")
    ]


# --- the published functions -----------------------------------------------------------------


def personal_data(user, *, now=None) -> dict[str, list | dict]:
    """Everything `assessments` holds about the person, as plain values."""
    now = now or timezone.now()
    return {
        "toetsen": _attempts(user, now),
        "opdrachten": _submissions(user),
        "beoordelingen": _reviews(user),
        "resultaten": _results(user),
    }


def files(user) -> Iterable[PersonalFile]:
    """Every file the person uploaded to their work (also ones they took out of a draft)."""
    for f in (
        SubmissionFile.objects.filter(submission__enrollment__learner=user)
        .select_related("submission__assignment")
        .order_by("submission_id", "pk")
    ):
        if f.file:
            yield PersonalFile(_file_path(f, f.submission), f.file)


def erasure_summary(user) -> list[tuple[str, int]]:
    return [
        (
            _("pogingen bij toetsen en examens"),
            Attempt.objects.filter(enrollment__learner=user).count(),
        ),
        (_("opdrachten"), Submission.objects.filter(enrollment__learner=user).count()),
        (
            _("ingeleverde bestanden"),
            SubmissionFile.objects.filter(submission__enrollment__learner=user).count(),
        ),
        (
            _("beoordelingen van dat werk"),
            Review.objects.filter(submission__enrollment__learner=user).count(),
        ),
    ]


def erase(user) -> dict[str, int]:
    """Remove the person's attempts (with their answers and grading log), their work (drafts,
    versions, annotations, reviews of it and their audit trail) and the files in storage (after
    the erasure commits), and their course results. Runs inside lms's erasure transaction."""
    uploads = SubmissionFile.objects.filter(submission__enrollment__learner=user)
    names = list(uploads.values_list("file", flat=True))
    reviews = Review.objects.filter(submission__enrollment__learner=user).count()
    submissions = Submission.objects.filter(enrollment__learner=user).delete()[1]
    attempts = Attempt.objects.filter(enrollment__learner=user).delete()[1]
    results = CourseResult.objects.filter(enrollment__learner=user).delete()[1]
    files_delete_after_commit(SubmissionFile._meta.get_field("file").storage, names)
    return {
        "attempts": attempts.get(Attempt._meta.label, 0),
        "responses": attempts.get(Response._meta.label, 0),
        "submissions": submissions.get(Submission._meta.label, 0),
        "submission_files": len(names),
        "reviews": reviews,
        "course_results": results.get(CourseResult._meta.label, 0),
    }
