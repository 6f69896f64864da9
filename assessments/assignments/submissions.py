"""The learner's side of open work: save a draft, hand it in, see where it stands.

A draft is saved as the learner works (a button, or the autosave script). Handing in freezes
the draft into a numbered version. Resubmitting is allowed until the due date (the learner's
own extension counts), after it only when the trainer reopened the work, or once, marked
late, when the assignment accepts late work. Every check happens before anything is written:
a refused save or hand-in changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses import schedule
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import Enrollment

from ..models import (
    Annotation,
    AnnotationCategory,
    Assignment,
    ConversationAnalysis,
    Review,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from ..results import services as results
from ..results.gradable import EnrollmentIds, EpochSeconds, Outcome, moment
from . import reviews as marking
from . import uploads

MAX_TEXT = 100_000
MAX_ANSWER = 10_000
MAX_NOTE = 2_000
MAX_QUOTE = 500
MAX_ANNOTATIONS = 200


class SubmissionError(ValidationError):
    """A save or hand-in that cannot be done; the messages say why, in Dutch. Nothing changed."""


@dataclass
class NewAnnotation:
    at_seconds: int | None = None
    quote: str = ""
    category_id: int | None = None
    note: str = ""


@dataclass
class DraftInput:
    """What the learner's form posted; None for a part that was not posted (left as it is)."""

    text: str | None = None
    transcript: str | None = None
    answers: list[str] | None = None
    new_files: list = field(default_factory=list)
    new_audio: object | None = None
    remove_file_ids: set[int] = field(default_factory=set)
    new_annotations: list[NewAnnotation] = field(default_factory=list)
    remove_annotation_ids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Window:
    """Whether the learner may change and hand in the work now, and whether it is late."""

    opens_at: datetime | None
    due_at: datetime | None
    extended: bool
    can_work: bool
    late: bool
    refusal: str = ""


def _datetime(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "l j F Y, H:i")


def hand_in_window(
    *,
    enrollment: Enrollment,
    assignment: Assignment,
    submission: Submission | None,
    now: datetime | None = None,
) -> Window:
    now = now or timezone.now()
    dates = course_selectors.lesson_dates_for_enrollment(enrollment, assignment)
    base = {"opens_at": dates.opens_at, "due_at": dates.due_at, "extended": dates.extended}
    if schedule.lesson_state(dates, now=now, completed=False) == schedule.LessonState.LOCKED:
        return Window(
            **base,
            can_work=False,
            late=False,
            refusal=_("Deze opdracht is nog niet open. Hij gaat open op %(date)s.")
            % {"date": _datetime(dates.opens_at)},
        )
    if dates.due_at is None or now <= dates.due_at:
        return Window(**base, can_work=True, late=False)
    if submission is not None and submission.reopened:
        return Window(**base, can_work=True, late=True)
    handed_in = submission is not None and submission.latest_version_id is not None
    if assignment.accept_late and not handed_in:
        return Window(**base, can_work=True, late=True)
    if handed_in:
        return Window(
            **base,
            can_work=False,
            late=True,
            refusal=_(
                "De deadline was %(date)s. Je werk is ingeleverd; je kunt het nu niet meer "
                "veranderen. Wil je toch nog iets aanpassen? Vraag het je trainer."
            )
            % {"date": _datetime(dates.due_at)},
        )
    return Window(
        **base,
        can_work=False,
        late=True,
        refusal=_(
            "De deadline was %(date)s. Je kunt nu niets meer veranderen of inleveren. "
            "Heb je meer tijd nodig? Vraag je trainer om uitstel."
        )
        % {"date": _datetime(dates.due_at)},
    )


def submission_for(*, enrollment: Enrollment, assignment: Assignment) -> Submission | None:
    return (
        Submission.objects.filter(enrollment=enrollment, assignment=assignment)
        .select_related("latest_version")
        .first()
    )


def _check_owner(enrollment: Enrollment, user) -> None:
    if user is None or enrollment.learner_id != user.pk:
        raise PermissionDenied


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(uploads.HEAD_BYTES)
    upload.seek(0)
    return head


def _check_uploads(assignment: Assignment, data: DraftInput, kept_files: int) -> list[tuple]:
    """Each new upload with its kind; every problem at once, in plain Dutch."""
    errors: list[str] = []
    checked: list[tuple] = []
    max_bytes = assignment.max_file_mb * 1024 * 1024
    if data.new_files and not assignment.accepts_files:
        errors.append(_("Bij deze opdracht lever je geen bestanden in."))
    elif data.new_files:
        if kept_files + len(data.new_files) > assignment.max_files:
            errors.append(
                _(
                    "Je kunt hoogstens %(max)d bestanden inleveren. Haal eerst een bestand weg, "
                    "of voeg minder bestanden toe."
                )
                % {"max": assignment.max_files}
            )
        for upload in data.new_files:
            try:
                kind = uploads.check(
                    name=upload.name,
                    size=upload.size,
                    head=_head(upload),
                    allowed=assignment.file_kinds(),
                    max_bytes=max_bytes,
                )
            except uploads.UploadRefused as exc:
                errors.append(str(exc))
            else:
                checked.append((upload, kind, SubmissionFile.Kind.FILE))
    if data.new_audio is not None:
        if not assignment.accepts_audio:
            errors.append(_("Bij deze opdracht lever je geen geluidsopname in."))
        else:
            try:
                kind = uploads.check(
                    name=data.new_audio.name,
                    size=data.new_audio.size,
                    head=_head(data.new_audio),
                    allowed=list(uploads.AUDIO_KINDS),
                    max_bytes=max_bytes,
                )
            except uploads.UploadRefused as exc:
                errors.append(str(exc))
            else:
                checked.append((data.new_audio, kind, SubmissionFile.Kind.AUDIO))
    if errors:
        raise SubmissionError(errors)
    return checked


def _check_texts(assignment: Assignment, data: DraftInput, categories: set[int]) -> None:
    errors: list[str] = []
    if data.text is not None and len(data.text) > MAX_TEXT:
        errors.append(_("Je tekst is te lang: hoogstens %(max)d tekens.") % {"max": MAX_TEXT})
    if data.transcript is not None and len(data.transcript) > MAX_TEXT:
        errors.append(_("Het transcript is te lang: hoogstens %(max)d tekens.") % {"max": MAX_TEXT})
    for number, answer in enumerate(data.answers or [], start=1):
        if len(answer) > MAX_ANSWER:
            errors.append(
                _("Je antwoord op vraag %(n)d is te lang: hoogstens %(max)d tekens.")
                % {"n": number, "max": MAX_ANSWER}
            )
    for item in data.new_annotations:
        if item.at_seconds is None and not item.quote.strip():
            errors.append(
                _("Geef bij elke aantekening een tijd of een stukje tekst uit het gesprek.")
            )
        if item.category_id is not None and item.category_id not in categories:
            errors.append(_("Kies een categorie uit de lijst."))
        if item.category_id is None and not item.note.strip():
            errors.append(_("Kies bij elke aantekening een categorie of schrijf een notitie."))
        if len(item.note) > MAX_NOTE or len(item.quote) > MAX_QUOTE:
            errors.append(_("Een aantekening is te lang."))
    if errors:
        raise SubmissionError(list(dict.fromkeys(errors)))


def draft_save(
    *,
    enrollment: Enrollment,
    assignment: Assignment,
    data: DraftInput,
    user,
    now: datetime | None = None,
) -> Submission:
    """Save the learner's work in progress. Refused (and nothing saved) when the work is
    closed, a file is too big or not of an allowed kind, or a text is too long."""
    now = now or timezone.now()
    _check_owner(enrollment, user)
    if assignment.module.course_id != enrollment.edition.course_id:
        raise PermissionDenied
    existing = submission_for(enrollment=enrollment, assignment=assignment)
    window = hand_in_window(
        enrollment=enrollment, assignment=assignment, submission=existing, now=now
    )
    if not window.can_work:
        raise SubmissionError(window.refusal)
    categories = set(
        AnnotationCategory.objects.filter(course_id=enrollment.edition.course_id).values_list(
            "pk", flat=True
        )
    )
    _check_texts(assignment, data, categories)
    kept = 0
    if existing is not None:
        kept = (
            existing.files.filter(in_draft=True, kind=SubmissionFile.Kind.FILE)
            .exclude(pk__in=data.remove_file_ids)
            .count()
        )
        if data.new_annotations:
            count = existing.annotations.exclude(pk__in=data.remove_annotation_ids).count()
            if count + len(data.new_annotations) > MAX_ANNOTATIONS:
                raise SubmissionError(
                    _("Je kunt hoogstens %(max)d aantekeningen maken.") % {"max": MAX_ANNOTATIONS}
                )
    checked = _check_uploads(assignment, data, kept)

    with transaction.atomic():
        submission = _submission_locked(enrollment, assignment)
        changed = []
        if data.text is not None and assignment.accepts_text:
            submission.text = data.text
            changed.append("text")
        if data.transcript is not None and isinstance(assignment, ConversationAnalysis):
            submission.transcript = data.transcript
            changed.append("transcript")
        if data.answers is not None:
            submission.answers = list(data.answers)
            changed.append("answers")
        submission.draft_saved_at = now
        submission.save(update_fields=[*changed, "draft_saved_at"])
        if data.remove_file_ids:
            submission.files.filter(pk__in=data.remove_file_ids).update(in_draft=False)
        if any(kind == SubmissionFile.Kind.AUDIO for _u, _k, kind in checked):
            submission.files.filter(kind=SubmissionFile.Kind.AUDIO).update(in_draft=False)
        for upload, kind, role in checked:
            SubmissionFile.objects.create(
                submission=submission,
                kind=role,
                file=upload,
                name=upload.name[-200:],
                content_type=kind.content_type,
                size=upload.size,
                uploaded_at=now,
            )
        if data.remove_annotation_ids:
            submission.annotations.filter(pk__in=data.remove_annotation_ids).delete()
        Annotation.objects.bulk_create(
            [
                Annotation(
                    submission=submission,
                    at_seconds=item.at_seconds,
                    quote=item.quote.strip(),
                    category_id=item.category_id,
                    note=item.note.strip(),
                )
                for item in data.new_annotations
            ]
        )
    return submission


def _submission_locked(enrollment: Enrollment, assignment: Assignment) -> Submission:
    try:
        with transaction.atomic():
            Submission.objects.get_or_create(enrollment=enrollment, assignment=assignment)
    except IntegrityError:  # created by a parallel request: fine, it exists now
        pass
    submission = Submission.objects.select_for_update().get(
        enrollment=enrollment, assignment=assignment
    )
    submission.enrollment = enrollment
    submission.assignment = assignment
    return submission


def _frozen_annotations(submission: Submission) -> list[dict]:
    return [
        {
            "at_seconds": a.at_seconds,
            "quote": a.quote,
            "category": a.category.name if a.category else "",
            "kind": a.category.kind if a.category else "",
            "note": a.note,
        }
        for a in submission.annotations.select_related("category").order_by("at_seconds", "pk")
    ]


def submission_submit(
    *,
    enrollment: Enrollment,
    assignment: Assignment,
    user,
    now: datetime | None = None,
) -> SubmissionVersion:
    """Hand in the draft as a new version. A second click with nothing changed hands in
    nothing new; an empty draft is refused. The trainer's unreleased review of the previous
    version moves to the new one (`marking.review_follow_new_version`)."""
    now = now or timezone.now()
    _check_owner(enrollment, user)
    with transaction.atomic():
        submission = _submission_locked(enrollment, assignment)
        if submission.latest_version_id:
            submission.latest_version = SubmissionVersion.objects.get(
                pk=submission.latest_version_id
            )
        window = hand_in_window(
            enrollment=enrollment, assignment=assignment, submission=submission, now=now
        )
        if not window.can_work:
            raise SubmissionError(window.refusal)
        files = list(submission.files.filter(in_draft=True).order_by("pk"))
        annotations = _frozen_annotations(submission)
        answers = [a for a in (submission.answers or []) if isinstance(a, str)]
        empty = not (
            submission.text.strip()
            or submission.transcript.strip()
            or files
            or annotations
            or any(a.strip() for a in answers)
        )
        if empty:
            raise SubmissionError(
                _(
                    "Je inzending is nog leeg. Schrijf iets of voeg een bestand toe, "
                    "en lever dan in."
                )
            )
        latest = submission.latest_version
        if (
            latest is not None
            and not submission.reopened
            and latest.text == submission.text
            and latest.transcript == submission.transcript
            and latest.answers == submission.answers
            and latest.annotations == annotations
            and sorted(latest.files.values_list("pk", flat=True)) == [f.pk for f in files]
        ):
            return latest  # nothing new: a double click, or a second tab
        number = (submission.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = SubmissionVersion.objects.create(
            submission=submission,
            number=number,
            submitted_at=now,
            due_at=window.due_at,
            late=window.late,
            text=submission.text,
            transcript=submission.transcript,
            answers=submission.answers,
            annotations=annotations,
        )
        version.files.set(files)
        if latest is not None:
            marking.review_follow_new_version(previous=latest, version=version, now=now)
        submission.latest_version = version
        submission.state = Submission.State.SUBMITTED
        submission.reopened = False
        submission.first_submitted_at = submission.first_submitted_at or now
        submission.save(update_fields=["latest_version", "state", "reopened", "first_submitted_at"])
        # Handing in completes the lesson on the study path (reminders see it handed in).
        with contextlib.suppress(ValidationError):
            course_services.lesson_mark_done(enrollment=enrollment, lesson=assignment, now=now)
        course_services.enrollment_touch(enrollment_id=enrollment.pk)
        results.course_results_recompute_later([enrollment.pk])
    return version


# --- reads for the gradebook and the course result ---------------------------------------------


def outcome_label(*, complete: bool | None, sufficient: bool | None, uses_rubric: bool) -> str:
    if not uses_rubric:
        return _("compleet") if complete else _("niet compleet")
    return _("voldoende") if sufficient else _("onvoldoende")


def outcomes_for_assignments(
    lessons: Sequence[Assignment], enrollment_ids: EnrollmentIds
) -> dict[tuple[int, int], Outcome]:
    """Outcomes of many assignments and learners in two queries. Only released reviews count
    as graded; the latest released one is the grade."""
    by_id = {lesson.pk: lesson for lesson in lessons}
    if not by_id:
        return {}  # (no learners: `enrollment_id__in=[]` answers nothing without a query)
    submissions = Submission.objects.filter(
        assignment_id__in=list(by_id), enrollment_id__in=enrollment_ids
    ).values_list(
        "assignment_id",
        "enrollment_id",
        "state",
        EpochSeconds("first_submitted_at"),
        "latest_version__late",
    )
    released = (
        Review.objects.filter(
            state=Review.State.RELEASED,
            submission__assignment_id__in=list(by_id),
            submission__enrollment_id__in=enrollment_ids,
        )
        .order_by("version__number")
        .values_list(
            "submission__assignment_id",
            "submission__enrollment_id",
            "percentage",
            "complete",
            "sufficient",
        )
    )
    grades = {(a, e): (p, c, s) for a, e, p, c, s in released}
    labels = {  # translated once, not once per cell
        (complete, sufficient, uses_rubric): outcome_label(
            complete=complete, sufficient=sufficient, uses_rubric=uses_rubric
        )
        for complete in (True, False, None)
        for sufficient in (True, False, None)
        for uses_rubric in (True, False)
    }
    draft_label, late_label, handed_in_label = (
        _("concept"),
        _("te laat ingeleverd"),
        _("ingeleverd"),
    )
    outcomes: dict[tuple[int, int], Outcome] = {}
    for assignment_id, enrollment_id, state, submitted_at, late in submissions:
        key = (assignment_id, enrollment_id)
        lesson = by_id[assignment_id]
        if key in grades:
            percentage, complete, sufficient = grades[key]
            outcomes[key] = Outcome(
                status="graded",
                percentage=percentage,
                sufficient=bool(sufficient),
                submitted_at=moment(submitted_at),
                label=labels[(complete, sufficient, lesson.uses_rubric)],
            )
        elif state == Submission.State.DRAFT:
            outcomes[key] = Outcome(status="in_progress", label=draft_label)
        else:
            outcomes[key] = Outcome(
                status="submitted",
                submitted_at=moment(submitted_at),
                label=late_label if late else handed_in_label,
            )
    return outcomes


__all__ = [
    "DraftInput",
    "NewAnnotation",
    "SubmissionError",
    "Window",
    "draft_save",
    "hand_in_window",
    "outcomes_for_assignments",
    "submission_for",
    "submission_submit",
]
