"""Writes of open work: the learner's draft and hand-in, the trainer's review, its release
and the reopening of work, and the rubrics they grade with.

The learner's side. A draft is saved as the learner works (a button, or the autosave
script). Handing in freezes the draft into a numbered version. Resubmitting is allowed until
the due date (the learner's own extension counts), after it only when the trainer reopened
the work, or once, marked late, when the assignment accepts late work. Every check happens
before anything is written: a refused save or hand-in changes nothing.

The trainer's side. A review moves draft → ready → released; the learner sees it only when
released. Two trainers may open the same work: every review carries a `lock_version`, and a
save that started from an older one is refused with a clear message (optimistic locking)
instead of overwriting. Every change of a grade or of its state leaves a `GradeChange` row
(who, when, old, new, why). When the learner hands in a new version, an unreleased review
goes with it as a draft, scores, feedback and comments kept, for the trainer to check
against the new work; a released review stays with the version it graded, and the new
version gets a review of its own.

Rubrics. A rubric version that graded something (any review, also a draft) is never
changed: saving new criteria then makes the next version (`rubrics.py` parses and scores).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from functools import partial

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import services as course_services
from courses.access import can_teach, editions_taught_by
from courses.models import Course, Enrollment

from .. import signals
from ..models import (
    Annotation,
    AnnotationCategory,
    Assignment,
    ConversationAnalysis,
    GradeChange,
    Review,
    ReviewComment,
    Rubric,
    RubricVersion,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from ..results import services as results
from . import rubrics, uploads
from .selectors import (
    analysis_missing,
    analysis_missing_message,
    assignment_window,
    grade_text,
    rubric_version_used,
    submission_for_learner,
)

MAX_TEXT = 100_000
MAX_ANSWER = 10_000
MAX_NOTE = 2_000
MAX_QUOTE = 500
MAX_ANNOTATIONS = 200
MAX_FEEDBACK = 20_000
MAX_REASON = 1_000


# --- the learner's draft and hand-in ------------------------------------------------------------


class SubmissionError(ValidationError):
    """A save or hand-in that cannot be done; the messages say why, in Dutch. Nothing changed."""


class MinimumNotMet(SubmissionError):
    """A hand-in of a conversation analysis below the lesson's minimum (the draft stays)."""


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
    new_files: list[File] = field(default_factory=list)
    new_audio: File | None = None
    remove_file_ids: set[int] = field(default_factory=set)
    new_annotations: list[NewAnnotation] = field(default_factory=list)
    remove_annotation_ids: set[int] = field(default_factory=set)


def _check_owner(enrollment: Enrollment, user: AbstractUser | None) -> None:
    if user is None or enrollment.learner_id != user.pk:
        raise PermissionDenied


def _head(upload: File) -> bytes:
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


def _check_texts(data: DraftInput, categories: set[int]) -> None:
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


def submission_draft_save(
    *,
    enrollment: Enrollment,
    assignment: Assignment,
    data: DraftInput,
    user: AbstractUser,
    now: datetime | None = None,
) -> Submission:
    """Save the learner's work in progress. Refused (and nothing saved) when the work is
    closed, a file is too big or not of an allowed kind, or a text is too long."""
    now = now or timezone.now()
    _check_owner(enrollment, user)
    if assignment.module.course_id != enrollment.edition.course_id:
        raise PermissionDenied
    existing = submission_for_learner(enrollment=enrollment, assignment=assignment)
    window = assignment_window(
        enrollment=enrollment, assignment=assignment, submission=existing, now=now
    )
    if not window.can_work:
        raise SubmissionError(window.refusal)
    categories = set(
        AnnotationCategory.objects.filter(course_id=enrollment.edition.course_id).values_list(
            "pk", flat=True
        )
    )
    _check_texts(data, categories)
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
    user: AbstractUser,
    now: datetime | None = None,
) -> SubmissionVersion:
    """Hand in the draft as a new version. A second click with nothing changed hands in
    nothing new; an empty draft is refused, and so is a conversation analysis below its
    lesson's minimum (`MinimumNotMet`, naming what is missing; the draft stays as it is). The trainer's unreleased review of the previous
    version moves to the new one (`review_follow_new_version`)."""
    now = now or timezone.now()
    _check_owner(enrollment, user)
    with transaction.atomic():
        submission = _submission_locked(enrollment, assignment)
        if submission.latest_version_id:
            submission.latest_version = SubmissionVersion.objects.get(
                pk=submission.latest_version_id
            )
        window = assignment_window(
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
        missing = analysis_missing(
            assignment, kinds=[a["kind"] for a in annotations], answers=answers
        )
        if missing:
            raise MinimumNotMet(analysis_missing_message(missing))
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
            review_follow_new_version(previous=latest, version=version, now=now)
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


def submission_reopen(
    *, submission: Submission, user: AbstractUser, now: datetime | None = None
) -> None:
    """Let the learner change and hand in the work again, also after the due date."""
    if not can_teach(user, submission.enrollment.edition):
        raise PermissionDenied
    Submission.objects.filter(pk=submission.pk).update(reopened=True)
    course_services.enrollment_touch(enrollment_id=submission.enrollment_id)


# --- the trainer's review ---------------------------------------------------------------------


class GradingError(ValidationError):
    """A review that cannot be saved; the message says why, in Dutch. Nothing was saved."""


class Conflict(GradingError):
    """Someone else saved the review after this trainer opened it."""


class NewVersion(Conflict):
    """The learner handed in a new version after this trainer opened the page."""


@dataclass
class NewComment:
    at_seconds: int | None = None
    quote: str = ""
    note: str = ""


@dataclass
class ReviewInput:
    """What the trainer's form posted. `version_id` is the version the page showed; when it is
    given and is no longer the latest, the save is refused (`NewVersion`)."""

    lock_version: int
    levels: dict[int, int] = field(default_factory=dict)
    complete: bool | None = None
    feedback: str = ""
    state: str = Review.State.DRAFT
    reason: str = ""
    new_comments: list[NewComment] = field(default_factory=list)
    remove_comment_ids: set[int] = field(default_factory=set)
    version_id: int | None = None


def _conflict() -> Conflict:
    return Conflict(
        _(
            "Een collega heeft deze beoordeling net opgeslagen, nadat jij hem opende. Je "
            "wijzigingen zijn niet bewaard, zodat er niets van je collega verloren gaat. "
            "Hieronder zie je de beoordeling zoals die nu is; pas hem zo nodig opnieuw aan."
        )
    )


def _new_version() -> NewVersion:
    return NewVersion(
        _(
            "De cursist heeft een nieuwe versie ingeleverd nadat jij deze pagina opende. Je "
            "wijzigingen zijn niet bewaard. Hieronder zie je de nieuwe versie; controleer je "
            "beoordeling en bewaar hem opnieuw."
        )
    )


def _score(assignment: Assignment, review: Review, data: ReviewInput) -> dict:
    """The grade fields for the review; complete grading needs every part for ready/released."""
    final = data.state != Review.State.DRAFT
    if assignment.uses_rubric:
        version = review.rubric_version
        if version is None:
            raise GradingError(_("Deze opdracht heeft nog geen beoordelingsmodel."))
        criteria = version.criteria
        levels = {}
        for key, value in data.levels.items():
            index, level = int(key), int(value)
            if not 0 <= index < len(criteria) or not 0 <= level < len(criteria[index]["levels"]):
                raise GradingError(
                    _(
                        "Dit niveau bestaat niet in het beoordelingsmodel. Kies een niveau uit de lijst."
                    )
                )
            levels[str(index)] = level
        if len(levels) < len(criteria):
            if final:
                missing = [c["title"] for i, c in enumerate(criteria) if str(i) not in levels]
                raise GradingError(
                    _("Kies nog een niveau bij: %(names)s.") % {"names": ", ".join(missing)}
                )
            return {
                "levels": levels,
                "points": None,
                "max_points": version.max_points,
                "percentage": None,
                "complete": None,
                "sufficient": None,
            }
        score = rubrics.score(criteria, levels)
        return {
            "levels": levels,
            "points": score.points,
            "max_points": score.max_points,
            "percentage": score.percentage,
            "complete": None,
            "sufficient": score.percentage >= assignment.pass_mark,
        }
    if data.complete is None and final:
        raise GradingError(_("Kies of het werk compleet is of niet."))
    return {
        "levels": {},
        "points": None,
        "max_points": None,
        "percentage": None if data.complete is None else Decimal(100 if data.complete else 0),
        "complete": data.complete,
        "sufficient": data.complete,
    }


def review_save(
    *,
    submission: Submission,
    version: SubmissionVersion,
    data: ReviewInput,
    grader: AbstractUser,
    now: datetime | None = None,
) -> Review:
    """Save a trainer's review of the latest version (and release it when asked).

    Refused, with nothing saved: another trainer saved in between (Conflict), the learner
    handed in a new version since the page was opened or `version` is not the latest
    (NewVersion), a level that does not exist, an incomplete grade to release, a change of a
    released grade without a reason."""
    now = now or timezone.now()
    edition = submission.enrollment.edition
    if not can_teach(grader, edition):
        raise PermissionDenied
    if data.state not in Review.State.values:
        raise GradingError(_("Onbekende status."))
    if len(data.feedback) > MAX_FEEDBACK:
        raise GradingError(
            _("De feedback is te lang: hoogstens %(max)d tekens.") % {"max": MAX_FEEDBACK}
        )
    if len(data.reason) > MAX_REASON:
        raise GradingError(_("De reden is te lang."))
    for comment in data.new_comments:
        if not comment.note.strip():
            raise GradingError(_("Schrijf bij elke opmerking wat je wilt zeggen."))
    assignment = submission.assignment

    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.latest_version_id != version.pk or data.version_id not in (None, version.pk):
            raise _new_version()
        review = Review.objects.select_for_update().filter(version=version).first()
        created = review is None
        if created:
            if data.lock_version != 0:
                raise _conflict()
            review = Review(
                version=version,
                submission=submission,
                rubric_version=(
                    assignment.rubric.current_version()
                    if assignment.uses_rubric and assignment.rubric_id
                    else None
                ),
                grader=grader,
                updated_at=now,
                lock_version=0,
            )
        elif review.lock_version != data.lock_version:
            raise _conflict()
        old_state, old_grade = review.state, grade_text(None if created else review)
        was_released = old_state == Review.State.RELEASED
        target = Review.State.RELEASED if was_released else data.state
        for name, value in _score(assignment, review, replace(data, state=target)).items():
            setattr(review, name, value)
        review.feedback = data.feedback.strip()
        review.state = target
        review.grader = grader
        review.updated_at = now
        new_grade = grade_text(review)
        if was_released and new_grade != old_grade and not data.reason.strip():
            raise GradingError(
                _(
                    "Dit cijfer is al vrijgegeven aan de cursist. Schrijf erbij waarom je het "
                    "verandert; niets is bewaard."
                )
            )
        releasing = target == Review.State.RELEASED and not was_released
        if releasing:
            review.released_at = now
        if created:
            review.lock_version = 1
            try:
                with transaction.atomic():
                    review.save()
            except IntegrityError as exc:
                raise _conflict() from exc
        else:
            claimed = Review.objects.filter(pk=review.pk, lock_version=data.lock_version).update(
                rubric_version=review.rubric_version,
                levels=review.levels,
                points=review.points,
                max_points=review.max_points,
                percentage=review.percentage,
                complete=review.complete,
                sufficient=review.sufficient,
                feedback=review.feedback,
                state=review.state,
                grader=grader,
                updated_at=now,
                released_at=review.released_at,
                lock_version=F("lock_version") + 1,
            )
            if not claimed:
                raise _conflict()
            review.lock_version = data.lock_version + 1
        if data.remove_comment_ids:
            review.comments.filter(pk__in=data.remove_comment_ids).delete()
        ReviewComment.objects.bulk_create(
            [
                ReviewComment(
                    review=review,
                    at_seconds=c.at_seconds,
                    quote=c.quote.strip()[:500],
                    note=c.note.strip(),
                    author=grader,
                )
                for c in data.new_comments
            ]
        )
        if new_grade != old_grade or target != old_state or created:
            GradeChange.objects.create(
                review=review,
                actor=grader,
                created_at=now,
                old_grade=old_grade,
                new_grade=new_grade,
                old_state="" if created else old_state,
                new_state=target,
                reason=data.reason.strip(),
            )
        if releasing:
            Submission.objects.filter(pk=submission.pk).update(state=Submission.State.GRADED)
            _announce_release([submission.pk], [submission.enrollment_id])
        elif was_released and new_grade != old_grade:
            course_services.enrollment_touch(enrollment_id=submission.enrollment_id)
            results.course_results_recompute_later([submission.enrollment_id])
    return review


def review_follow_new_version(
    *, previous: SubmissionVersion, version: SubmissionVersion, now: datetime | None = None
) -> Review | None:
    """Move the unreleased review of `previous` to the learner's new `version`, as a draft.

    Called inside the hand-in's transaction (the submission row is locked, as in
    `review_save`). The trainer's levels, feedback and comments stay; a ready review goes
    back to draft, so it is not released for work the trainer has not seen (recorded as a
    state change, without an actor: the hand-in did it, no one changed the grade). The
    lock_version is raised, so a page opened before the hand-in cannot save over it. A
    released review stays with the version it graded. Returns the moved review, if any."""
    now = now or timezone.now()
    review = (
        Review.objects.select_for_update()
        .filter(version=previous)
        .exclude(state=Review.State.RELEASED)
        .first()
    )
    if review is None:
        return None
    old_state = review.state
    Review.objects.filter(pk=review.pk).update(
        version=version, state=Review.State.DRAFT, lock_version=F("lock_version") + 1
    )
    if old_state != Review.State.DRAFT:
        GradeChange.objects.create(
            review=review,
            actor=None,
            created_at=now,
            old_grade=grade_text(review),
            new_grade=grade_text(review),
            old_state=old_state,
            new_state=Review.State.DRAFT,
            reason=_(
                "De cursist heeft versie %(n)d ingeleverd; de beoordeling is terug naar concept."
            )
            % {"n": version.number},
        )
    review.version, review.state = version, Review.State.DRAFT
    review.lock_version += 1
    return review


def _announce_release(submission_ids: list[int], enrollment_ids: Iterable[int]) -> None:
    for enrollment_id in set(enrollment_ids):
        course_services.enrollment_touch(enrollment_id=enrollment_id)
    results.course_results_recompute_later(enrollment_ids)
    transaction.on_commit(
        partial(signals.feedback_released.send, sender=Review, submission_ids=list(submission_ids))
    )


def reviews_release(
    *,
    user: AbstractUser,
    assignment_id: int | None = None,
    edition_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> int:
    """Release every review that is ready, of this assignment or (None) of every assignment,
    in the trainer's editions (or the given ones among them). One `feedback_released` for
    all of them. Returns how many."""
    now = now or timezone.now()
    editions = editions_taught_by(user)
    if edition_ids is not None:
        editions = editions.filter(pk__in=list(edition_ids))
    ready = Review.objects.filter(
        state=Review.State.READY,
        submission__enrollment__edition__in=editions,
        submission__latest_version=F("version"),
    )
    if assignment_id is not None:
        ready = ready.filter(submission__assignment_id=assignment_id)
    with transaction.atomic():
        reviews = list(
            ready.select_for_update(of=("self",)).select_related("submission").order_by("pk")
        )
        if not reviews:
            return 0
        ids = [r.pk for r in reviews]
        Review.objects.filter(pk__in=ids).update(
            state=Review.State.RELEASED,
            released_at=now,
            updated_at=now,
            lock_version=F("lock_version") + 1,
        )
        GradeChange.objects.bulk_create(
            [
                GradeChange(
                    review=r,
                    actor=user,
                    created_at=now,
                    old_grade=grade_text(r),
                    new_grade=grade_text(r),
                    old_state=Review.State.READY,
                    new_state=Review.State.RELEASED,
                    reason=_("samen vrijgegeven"),
                )
                for r in reviews
            ]
        )
        submission_ids = [r.submission_id for r in reviews]
        Submission.objects.filter(pk__in=submission_ids).update(state=Submission.State.GRADED)
        _announce_release(submission_ids, [r.submission.enrollment_id for r in reviews])
    return len(reviews)


# --- rubrics ----------------------------------------------------------------------------------


def rubric_create(
    *, course: Course, title: str, criteria: list[dict], actor: AbstractUser | None = None
) -> Rubric:
    criteria = rubrics.validate(criteria)
    with transaction.atomic():
        rubric = Rubric.objects.create(course=course, title=title.strip())
        RubricVersion.objects.create(
            rubric=rubric,
            number=1,
            criteria=criteria,
            max_points=rubrics.max_points(criteria),
            created_by=actor,
        )
    return rubric


def rubric_save(
    *, rubric: Rubric, criteria: list[dict], actor: AbstractUser | None = None
) -> RubricVersion:
    """Give a rubric new criteria. Unused: the current version changes. Used by any review:
    a new version is made, and the reviews keep the one they were graded with."""
    criteria = rubrics.validate(criteria)
    with transaction.atomic():
        Rubric.objects.select_for_update().filter(pk=rubric.pk).first()
        current = rubric.versions.order_by("-number").first()
        if current is not None and current.criteria == criteria:
            return current
        if current is None or rubric_version_used(version=current):
            number = (rubric.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            return RubricVersion.objects.create(
                rubric=rubric,
                number=number,
                criteria=criteria,
                max_points=rubrics.max_points(criteria),
                created_by=actor,
            )
        current.criteria = criteria
        current.max_points = rubrics.max_points(criteria)
        current.created_by = actor
        current.save(update_fields=["criteria", "max_points", "created_by"])
        return current
