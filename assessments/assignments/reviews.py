"""The trainer's side of open work: grade a handed-in version, release it, reopen the work.

A review moves draft → ready → released; the learner sees it only when released. Two trainers
may open the same work: every review carries a `lock_version`, and a save that started from
an older one is refused with a clear message (optimistic locking) instead of overwriting.
Every change of a grade or of its state leaves a `GradeChange` row (who, when, old, new, why).

When the learner hands in a new version, an unreleased review goes with it as a draft, scores,
feedback and comments kept, for the trainer to check against the new work; a released review
stays with the version it graded, and the new version gets a review of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from core.numbers import plain_decimal
from courses import services as course_services
from courses.access import can_teach, editions_taught_by
from courses.models import Edition

from .. import signals
from ..models import (
    Assignment,
    Attempt,
    GradeChange,
    Review,
    ReviewComment,
    Submission,
    SubmissionVersion,
)
from ..results import services as results
from . import rubrics

MAX_FEEDBACK = 20_000
MAX_REASON = 1_000


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


def grade_text(review: Review | None) -> str:
    """A grade as the audit trail and the trainer read it: "12/16 (75%)" or "compleet"."""
    if review is None:
        return ""
    if review.complete is not None:
        return _("compleet") if review.complete else _("niet compleet")
    if review.points is None:
        return ""
    points = localize(plain_decimal(review.points))
    top = localize(plain_decimal(review.max_points))
    percentage = localize(plain_decimal(review.percentage))
    return f"{points}/{top} ({percentage}%)"


# --- reads ------------------------------------------------------------------------------------


def submission_for_trainer_or_404(*, user, submission_id: int) -> Submission:
    """A submission of a learner in one of the trainer's editions; anything else is a 404."""
    submission = (
        Submission.objects.filter(
            pk=submission_id, enrollment__edition__in=editions_taught_by(user)
        )
        .exclude(latest_version__isnull=True)
        .select_related(
            "enrollment__learner",
            "enrollment__edition__course",
            "latest_version",
        )
        .first()
    )
    if submission is None:
        raise Http404
    submission.assignment = Assignment.objects.select_related("module", "rubric").get(
        pk=submission.assignment_id
    )
    return submission


def review_of(version: SubmissionVersion) -> Review | None:
    return Review.objects.filter(version=version).select_related("rubric_version").first()


def review_predates_version(review: Review | None, version: SubmissionVersion) -> bool:
    """True for a draft the trainer last saved before this version was handed in: it came
    along from an older version (`review_follow_new_version`) and is not checked yet."""
    return (
        review is not None
        and review.state == Review.State.DRAFT
        and review.version_id == version.pk
        and review.updated_at < version.submitted_at
    )


def previous_released_review(version: SubmissionVersion) -> Review | None:
    """The latest released review of an older version of the same work, for context."""
    return (
        Review.objects.filter(
            submission_id=version.submission_id,
            state=Review.State.RELEASED,
            version__number__lt=version.number,
        )
        .select_related("version")
        .order_by("-version__number")
        .first()
    )


# --- writes -----------------------------------------------------------------------------------


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
    grader,
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
        fields = _score(assignment, review, ReviewInput(**{**data.__dict__, "state": target}))
        for name, value in fields.items():
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
    user,
    assignment_id: int,
    edition_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> int:
    """Release every review that is ready for this assignment, in the trainer's editions (or
    the given ones among them). One `feedback_released` for all of them. Returns how many."""
    now = now or timezone.now()
    editions = editions_taught_by(user)
    if edition_ids is not None:
        editions = editions.filter(pk__in=list(edition_ids))
    with transaction.atomic():
        reviews = list(
            Review.objects.select_for_update(of=("self",))
            .filter(
                state=Review.State.READY,
                submission__assignment_id=assignment_id,
                submission__enrollment__edition__in=editions,
                submission__latest_version=F("version"),
            )
            .select_related("submission")
            .order_by("pk")
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


def submission_reopen(*, submission: Submission, user, now: datetime | None = None) -> None:
    """Let the learner change and hand in the work again, also after the due date."""
    if not can_teach(user, submission.enrollment.edition):
        raise PermissionDenied
    Submission.objects.filter(pk=submission.pk).update(reopened=True)
    course_services.enrollment_touch(enrollment_id=submission.enrollment_id)


# --- the grading queue ------------------------------------------------------------------------

WAITING, READY, RELEASED, ALL = "waiting", "ready", "released", "all"
STATES = (WAITING, READY, RELEASED, ALL)


@dataclass
class QueueItem:
    key: str  # "s<submission id>" or "a<attempt id>"
    kind: str  # "submission" or "essay"
    learner_name: str
    edition: Edition
    title: str
    submitted_at: datetime | None
    late: bool
    state: str  # WAITING, READY or RELEASED
    version: int | None = None
    submission: Submission | None = None
    attempt: Attempt | None = None
    grade: str = ""
    draft_predates_version: bool = False


def _learner_name(user) -> str:
    return user.get_full_name() or user.get_username()


def queue_submissions(
    *, editions: QuerySet[Edition], assignment_id: int | None, state: str
) -> QuerySet[Submission]:
    qs = Submission.objects.filter(
        enrollment__edition__in=editions, latest_version__isnull=False
    ).select_related(
        "enrollment__learner",
        "enrollment__edition",
        "assignment",
        "latest_version__review",
    )
    if assignment_id:
        qs = qs.filter(assignment_id=assignment_id)
    no_review = Q(latest_version__review__isnull=True)
    if state == WAITING:
        qs = qs.filter(no_review | Q(latest_version__review__state=Review.State.DRAFT))
    elif state == READY:
        qs = qs.filter(latest_version__review__state=Review.State.READY)
    elif state == RELEASED:
        qs = qs.filter(latest_version__review__state=Review.State.RELEASED)
    return qs.order_by("latest_version__submitted_at", "pk")


def grading_queue(
    *, user, edition_id: int | None = None, assignment_id: int | None = None, state: str = WAITING
) -> list[QueueItem]:
    """The work waiting for (or graded by) the trainer, the longest waiting first: handed-in
    assignments and, in the same list, quiz attempts whose essays need a score. Two queries."""
    editions = editions_taught_by(user)
    if edition_id:
        editions = editions.filter(pk=edition_id)
    items: list[QueueItem] = []
    for submission in queue_submissions(
        editions=editions, assignment_id=assignment_id, state=state
    ):
        version = submission.latest_version
        review = getattr(version, "review", None)
        if review is None or review.state == Review.State.DRAFT:
            item_state = WAITING
        else:
            item_state = review.state
        items.append(
            QueueItem(
                key=f"s{submission.pk}",
                kind="submission",
                learner_name=_learner_name(submission.enrollment.learner),
                edition=submission.enrollment.edition,
                title=submission.assignment.title,
                submitted_at=version.submitted_at,
                late=version.late,
                state=item_state,
                version=version.number,
                submission=submission,
                grade=grade_text(review) if review else "",
                draft_predates_version=review_predates_version(review, version),
            )
        )
    if state in (WAITING, ALL) and not assignment_id:
        for attempt in (
            Attempt.objects.filter(
                enrollment__edition__in=editions, status=Attempt.Status.NEEDS_REVIEW
            )
            .select_related("enrollment__learner", "enrollment__edition", "quiz")
            .order_by("submitted_at", "pk")
        ):
            items.append(
                QueueItem(
                    key=f"a{attempt.pk}",
                    kind="essay",
                    learner_name=_learner_name(attempt.enrollment.learner),
                    edition=attempt.enrollment.edition,
                    title=attempt.quiz.title,
                    submitted_at=attempt.submitted_at,
                    late=False,
                    state=WAITING,
                    version=attempt.number,
                    attempt=attempt,
                )
            )
    far = timezone.now()
    items.sort(key=lambda i: (i.submitted_at or far, i.key))
    return items


def queue_neighbours(items: list[QueueItem], key: str) -> tuple[QueueItem | None, QueueItem | None]:
    keys = [i.key for i in items]
    if key not in keys:
        return None, items[0] if items else None
    index = keys.index(key)
    return (
        items[index - 1] if index > 0 else None,
        items[index + 1] if index + 1 < len(items) else None,
    )


def assignments_for_editions(editions: QuerySet[Edition]) -> list[Assignment]:
    """The assignments of the courses of these editions, for the queue's filter (one query)."""
    return list(
        Assignment.objects.non_polymorphic()
        .filter(module__course__editions__in=editions)
        .select_related("module")
        .distinct()
        .order_by("module__course_id", "module__order", "order", "pk")
    )


__all__ = [
    "Conflict",
    "GradingError",
    "NewComment",
    "NewVersion",
    "QueueItem",
    "ReviewInput",
    "grade_text",
    "grading_queue",
    "previous_released_review",
    "queue_neighbours",
    "review_follow_new_version",
    "review_predates_version",
    "review_save",
    "reviews_release",
    "submission_for_trainer_or_404",
    "submission_reopen",
]
