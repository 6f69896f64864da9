"""Reads of open work: when a learner may work on an assignment, their submission and the
feedback released to them, the trainer's reviews and grading queue, the outcomes the course
result and the gradebook read, and the waiting counts the trainers' notices read.

Writes live in `services.py`; these functions change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import format_when
from core.numbers import plain_decimal
from courses import schedule
from courses import selectors as course_selectors
from courses.access import editions_taught_by
from courses.models import Edition, Enrollment

from ..models import (
    AnnotationCategory,
    Assignment,
    Attempt,
    ConversationAnalysis,
    Review,
    RubricVersion,
    Submission,
    SubmissionVersion,
)
from ..results.gradable import EnrollmentIds, EpochSeconds, Outcome, moment

# --- the learner's side -----------------------------------------------------------------------


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
    return format_when(value, "day_time")


def assignment_window(
    *,
    enrollment: Enrollment,
    assignment: Assignment,
    submission: Submission | None,
    now: datetime | None = None,
) -> Window:
    """May the learner work on the assignment now? Until the due date (their own extension
    counts); after it only when the trainer reopened the work, or, marked late, when the
    assignment accepts late work and nothing was handed in yet. The refusal says why."""
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


def submission_for_learner(*, enrollment: Enrollment, assignment: Assignment) -> Submission | None:
    """The learner's submission of the assignment (draft and latest version), if any."""
    return (
        Submission.objects.filter(enrollment=enrollment, assignment=assignment)
        .select_related("latest_version")
        .first()
    )


def annotation_categories_for_course(*, course_id: int) -> list[AnnotationCategory]:
    """The emotions and conversation techniques a learner can put on a moment."""
    return list(AnnotationCategory.objects.filter(course_id=course_id))


def _and_list(items: Sequence[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def analysis_minimum(assignment: Assignment) -> list[str]:
    """What a conversation analysis asks before it can be handed in, in words (empty: no
    minimum). A draft may always be incomplete."""
    if not isinstance(assignment, ConversationAnalysis):
        return []
    lines = []
    total = assignment.min_annotations
    if total:
        technique, emotion = (
            assignment.min_technique_annotations,
            assignment.min_emotion_annotations,
        )
        kinds = [_("%(n)d bij een gesprekstechniek") % {"n": technique}] if technique else []
        kinds += [_("%(n)d bij een emotie") % {"n": emotion}] if emotion else []
        line = ngettext("Minstens %(n)d aantekening", "Minstens %(n)d aantekeningen", total) % {
            "n": total
        }
        lines.append(f"{line}: {_and_list(kinds)}." if kinds else f"{line}.")
    if assignment.all_questions_required and assignment.questions():
        lines.append(_("Een antwoord op elke reflectievraag."))
    return lines


def analysis_missing(
    assignment: Assignment, *, kinds: Sequence[str], answers: Sequence[str]
) -> list[str]:
    """What the work still lacks for the analysis's minimum, in words (empty: it is met).
    `kinds` is the category kind of each annotation ("" without one), `answers` the answers
    to the reflection questions in order."""
    if not isinstance(assignment, ConversationAnalysis):
        return []
    technique = max(
        0, assignment.min_technique_annotations - kinds.count(AnnotationCategory.Kind.TECHNIQUE)
    )
    emotion = max(
        0, assignment.min_emotion_annotations - kinds.count(AnnotationCategory.Kind.EMOTION)
    )
    other = max(0, assignment.min_annotations - len(kinds)) - technique - emotion
    missing = []
    if technique:
        missing.append(
            ngettext(
                "%(n)d aantekening bij een gesprekstechniek",
                "%(n)d aantekeningen bij een gesprekstechniek",
                technique,
            )
            % {"n": technique}
        )
    if emotion:
        missing.append(
            ngettext(
                "%(n)d aantekening bij een emotie", "%(n)d aantekeningen bij een emotie", emotion
            )
            % {"n": emotion}
        )
    if other > 0:
        missing.append(
            (
                ngettext("%(n)d andere aantekening", "%(n)d andere aantekeningen", other)
                if technique or emotion
                else ngettext("%(n)d aantekening", "%(n)d aantekeningen", other)
            )
            % {"n": other}
        )
    if assignment.all_questions_required:
        open_questions = [
            str(number)
            for number in range(1, len(assignment.questions()) + 1)
            if number > len(answers) or not str(answers[number - 1]).strip()
        ]
        if open_questions:
            missing.append(
                ngettext(
                    "een antwoord op reflectievraag %(numbers)s",
                    "een antwoord op de reflectievragen %(numbers)s",
                    len(open_questions),
                )
                % {"numbers": _and_list(open_questions)}
            )
    return missing


def analysis_missing_message(missing: Sequence[str]) -> str:
    """The refusal of a hand-in that does not meet the minimum yet."""
    return _(
        "Je kunt nog niet inleveren. Nog nodig: %(missing)s. Je werk is wel bewaard als concept."
    ) % {"missing": _and_list(missing)}


def review_released_for_learner(*, submission: Submission | None) -> Review | None:
    """The latest review the learner may read: released ones only, never a draft."""
    if submission is None:
        return None
    return (
        Review.objects.filter(submission=submission, state=Review.State.RELEASED)
        .select_related("rubric_version", "version")
        .prefetch_related("comments")
        .order_by("-version__number")
        .first()
    )


# --- the trainer's side -----------------------------------------------------------------------


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


def submission_for_trainer_or_404(*, user: AbstractUser, submission_id: int) -> Submission:
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


def review_for_version(*, version: SubmissionVersion) -> Review | None:
    return Review.objects.filter(version=version).select_related("rubric_version").first()


def review_rubric_version(*, assignment: Assignment, review: Review | None) -> RubricVersion | None:
    """The rubric a review is (or will be) graded with: its own version once it has one, else
    the assignment's current version; None for work graded complete or not."""
    if review is not None and review.rubric_version_id:
        return review.rubric_version
    if assignment.uses_rubric and assignment.rubric_id:
        return assignment.rubric.current_version()
    return None


def review_predates_version(*, review: Review | None, version: SubmissionVersion) -> bool:
    """True for a draft the trainer last saved before this version was handed in: it came
    along from an older version (`services.review_follow_new_version`) and is not checked."""
    return (
        review is not None
        and review.state == Review.State.DRAFT
        and review.version_id == version.pk
        and review.updated_at < version.submitted_at
    )


def review_previous_released(*, version: SubmissionVersion) -> Review | None:
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


def rubric_version_used(*, version: RubricVersion) -> bool:
    """Has any review (a draft too) been graded with this version? Then it never changes."""
    return Review.objects.filter(rubric_version=version).exists()


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


def _learner_name(user: AbstractUser) -> str:
    return user.get_full_name() or user.get_username()


def _queue_submissions(
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


def grading_queue_list(
    *,
    user: AbstractUser,
    edition_id: int | None = None,
    assignment_id: int | None = None,
    state: str = WAITING,
) -> list[QueueItem]:
    """The work waiting for (or graded by) the trainer, the longest waiting first: handed-in
    assignments and, in the same list, quiz attempts whose essays need a score. Two queries."""
    editions = editions_taught_by(user)
    if edition_id:
        editions = editions.filter(pk=edition_id)
    items: list[QueueItem] = []
    for submission in _queue_submissions(
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
                draft_predates_version=review_predates_version(review=review, version=version),
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


def grading_queue_neighbours(
    *, items: list[QueueItem], key: str
) -> tuple[QueueItem | None, QueueItem | None]:
    """The items before and after `key` in the queue; for an item no longer in it (just
    graded), nothing before and the first one after."""
    keys = [i.key for i in items]
    if key not in keys:
        return None, items[0] if items else None
    index = keys.index(key)
    return (
        items[index - 1] if index > 0 else None,
        items[index + 1] if index + 1 < len(items) else None,
    )


@dataclass(frozen=True)
class AssignmentWork:
    """One assignment in one edition, for the queue's per-assignment section."""

    edition_id: int
    edition_name: str
    assignment_id: int
    title: str
    handed_in: int
    ready: int


def assignment_work_for_trainer(
    *, user: AbstractUser, edition_id: int | None = None
) -> list[AssignmentWork]:
    """Per edition and assignment of the trainer: how many learners handed in and how many
    reviews are ready to release (one query)."""
    editions = editions_taught_by(user)
    if edition_id:
        editions = editions.filter(pk=edition_id)
    rows = (
        Submission.objects.filter(enrollment__edition__in=editions, latest_version__isnull=False)
        .values(
            "enrollment__edition_id",
            "enrollment__edition__name",
            "assignment_id",
            "assignment__title",
        )
        .annotate(
            handed_in=Count("pk"),
            ready=Count("pk", filter=Q(latest_version__review__state=Review.State.READY)),
        )
        .order_by(
            "enrollment__edition__name",
            "assignment__module__order",
            "assignment__order",
            "assignment_id",
        )
    )
    return [
        AssignmentWork(
            edition_id=row["enrollment__edition_id"],
            edition_name=row["enrollment__edition__name"],
            assignment_id=row["assignment_id"],
            title=row["assignment__title"],
            handed_in=row["handed_in"],
            ready=row["ready"],
        )
        for row in rows
    ]


def handins_for_download(*, edition: Edition, assignment_id: int) -> list[SubmissionVersion]:
    """Every handed-in version of an assignment in an edition, with its learner and files,
    by learner and version (two queries)."""
    return list(
        SubmissionVersion.objects.filter(
            submission__assignment_id=assignment_id, submission__enrollment__edition=edition
        )
        .select_related("submission__enrollment__learner")
        .prefetch_related("files")
        .order_by(
            "submission__enrollment__learner__last_name",
            "submission__enrollment__learner__first_name",
            "submission__enrollment_id",
            "number",
        )
    )


def assignment_list_for_editions(*, editions: QuerySet[Edition]) -> list[Assignment]:
    """The assignments of the courses of these editions, for the queue's filter (one query)."""
    return list(
        Assignment.objects.non_polymorphic()
        .filter(module__course__editions__in=editions)
        .select_related("module")
        .distinct()
        .order_by("module__course_id", "module__order", "order", "pk")
    )


def grading_waiting_counts(*, edition_ids: Iterable[int]) -> dict[int, int]:
    """How many pieces of work wait for a trainer's grading, per edition (two queries).

    Counts essay attempts in status needs_review and handed-in assignments whose latest
    version has no released review yet; editions with nothing waiting are absent."""
    ids = list(edition_ids)
    rows = (
        Attempt.objects.filter(enrollment__edition_id__in=ids, status=Attempt.Status.NEEDS_REVIEW)
        .values("enrollment__edition_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment__edition_id", "n")
    )
    counts = dict(rows)
    submissions = (
        Submission.objects.filter(enrollment__edition_id__in=ids, state=Submission.State.SUBMITTED)
        .exclude(latest_version__review__state=Review.State.RELEASED)
        .values("enrollment__edition_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment__edition_id", "n")
    )
    for edition_id, n in submissions:
        counts[edition_id] = counts.get(edition_id, 0) + n
    return counts


# --- outcomes for the course result and the gradebook ------------------------------------------


def outcome_label(*, complete: bool | None, sufficient: bool | None, uses_rubric: bool) -> str:
    if not uses_rubric:
        return _("compleet") if complete else _("niet compleet")
    return _("voldoende") if sufficient else _("onvoldoende")


def assignment_outcomes(
    lessons: Sequence[Assignment], enrollment_ids: EnrollmentIds
) -> dict[tuple[int, int], Outcome]:
    """Outcomes of many assignments and learners in two queries (the outcome provider of the
    assignment types, registered in `AppConfig.ready()`). Only released reviews count as
    graded; the latest released one is the grade."""
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
