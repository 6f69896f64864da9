"""Reads about quizzes and attempts, and the rules that answer from them.

Each rule has one place here, and every caller asks it instead of deciding for itself:
`quiz_access` (what a learner may do with a quiz now, and why: regular attempts, the extra
attempts a trainer granted, resits after a fail, and what happens next; asked by the start
service, the quiz's lesson body and the result page), `attempt_deadline` (when an attempt begun
now must be handed in, with the learner's extra time), `feedback_release` (when a graded
attempt shows its feedback and key per question). Whether an attempt's time is up is
`Attempt.is_time_up`. The compiled queries of the attempt services live here too: compiled
queries belong in selectors.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import NotSupportedError
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FilteredRelation,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.compiled import CompiledQuery
from core.dates import format_when
from courses import selectors as course_selectors
from courses.models import Enrollment

from ..models import Attempt, AttemptGrant, Question, QuestionCategory, Quiz, QuizSlot, Response
from ..results.gradable import EnrollmentIds, EpochSeconds, Outcome, moment
from . import grading


def _moment(value: datetime) -> str:
    """A moment as the quiz pages write it: "dinsdag 4 oktober 2022, 13:00", local time."""
    return format_when(value, "day_time")


# --- when a quiz is open ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizWindow:
    """When a quiz is open to one learner: its lesson's opening and due date, with their
    extension. Either end may be open (None)."""

    opens_at: datetime | None
    closes_at: datetime | None

    def is_open(self, now: datetime) -> bool:
        return (self.opens_at is None or now >= self.opens_at) and (
            self.closes_at is None or now <= self.closes_at
        )


_LOOK_UP = object()


def quiz_window(*, enrollment: Enrollment, quiz: Quiz, extension=_LOOK_UP) -> QuizWindow:
    """When the quiz is open to this learner; `extension` is their due date for it (or None)
    when the caller has already read it."""
    if extension is _LOOK_UP:
        dates = course_selectors.lesson_dates_for_enrollment(enrollment, quiz)
    else:
        dates = course_selectors.lesson_dates_with_extension(enrollment, quiz, extension)
    return QuizWindow(dates.opens_at, dates.due_at)


# --- what a learner may do with a quiz now ----------------------------------------------------


class QuizAccessStatus(enum.StrEnum):
    """What a learner may do with a quiz now. The values are what the quiz's lesson template
    compares its `state` with."""

    START = "can_start"
    RESUME = "in_progress"
    NONE_LEFT = "no_attempts_left"
    CLOSED = "closed"
    NOT_YET_OPEN = "not_open"
    RESIT_LATER = "resit_later"


class Standing(enum.StrEnum):
    """Where the learner stands on the quiz by its grading method: what a resit hangs on."""

    NOTHING = "nothing"  # nothing handed in (or nothing with a score)
    PENDING = "pending"  # a handed-in attempt still waits for its grade
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class QuizGrants:
    """What a trainer granted this learner for the quiz, revoked grants left out."""

    extra_attempts: int = 0
    extra_time_percent: int = 0


NO_GRANTS = QuizGrants()


@dataclass(frozen=True)
class QuizAccess:
    """The answer of `quiz_access`: what the learner may do, the reason in their words, and
    the facts it was decided from (so that a caller need not read them again)."""

    status: QuizAccessStatus
    reason: str
    window: QuizWindow
    attempts_used: int  # the highest attempt number taken, the one in progress included
    attempts_left: int | None  # regular and extra attempts; None: as many as the learner likes
    attempt_id: int | None = None  # RESUME: the attempt in progress
    kind: str = Attempt.Kind.REGULAR  # START: the kind of attempt it begins
    closes_at: datetime | None = None  # START: no attempt begun now runs past this moment
    resit_opens_at: datetime | None = None  # RESIT_LATER: when the resit opens
    standing: Standing = Standing.NOTHING
    grants: QuizGrants = NO_GRANTS
    next_step: str = ""  # after a fail: what happens now, in the learner's words

    @property
    def next_number(self) -> int:
        """The number a new attempt gets."""
        return self.attempts_used + 1


class TakenAttempt(NamedTuple):
    """An attempt as far as the access rule needs it."""

    pk: int
    status: str
    number: int
    kind: str = Attempt.Kind.REGULAR
    percentage: Decimal | None = None
    submitted_at: datetime | None = None


def _day_or_moment(value: datetime) -> str:
    """A moment at the start of a day as that day ("dinsdag 15 december 2026"), any other
    with its time."""
    local = timezone.localtime(value)
    if local.time() == time.min:
        return format_when(local, "day")
    return _moment(value)


def _standing(quiz: Quiz, taken: list[TakenAttempt]) -> Standing:
    handed_in = [a for a in taken if a.status != Attempt.Status.IN_PROGRESS]
    if not handed_in:
        return Standing.NOTHING
    if any(a.status != Attempt.Status.GRADED for a in handed_in):
        return Standing.PENDING
    final = grading.final_grade(
        [a.percentage for a in handed_in if a.percentage is not None], quiz.grading_method
    )
    if final is None:
        return Standing.NOTHING
    return Standing.PASSED if grading.passed(final, quiz.pass_mark) else Standing.FAILED


def resit_period(
    *, quiz: Quiz, taken: Iterable[TakenAttempt]
) -> tuple[datetime | None, datetime | None]:
    """When a resit may begin (None: at once) and until when (None: no end): the quiz's fixed
    resit window, or its waiting time counted in days from the last hand-in, from the start of
    that day. The quiz's own closing does not hold for a resit: that is why it exists."""
    opens_at = quiz.resit_opens_at
    if opens_at is None and quiz.resit_wait_days is not None:
        last = max((a.submitted_at for a in taken if a.submitted_at is not None), default=None)
        if last is not None:
            day = timezone.localdate(last) + timedelta(days=quiz.resit_wait_days)
            opens_at = timezone.make_aware(datetime.combine(day, time.min))
    return opens_at, quiz.resit_closes_at


def _again(quiz: Quiz) -> str:
    if quiz.is_exam:
        return _("Je kunt het examen opnieuw maken.")
    return _("Je kunt de toets opnieuw maken.")


def _again_from(quiz: Quiz, when: datetime) -> str:
    if quiz.is_exam:
        return _("Je kunt het examen opnieuw maken vanaf %(date)s.") % {
            "date": _day_or_moment(when)
        }
    return _("Je kunt de toets opnieuw maken vanaf %(date)s.") % {"date": _day_or_moment(when)}


def _trainer_decides() -> str:
    return _("Je trainer bespreekt met je wat de volgende stap is.")


def quiz_access_from(
    *,
    quiz: Quiz,
    window: QuizWindow,
    taken: Iterable[TakenAttempt],
    now: datetime,
    grants: QuizGrants = NO_GRANTS,
) -> QuizAccess:
    """The access rule itself, from facts already read.

    - An attempt in progress is resumed, whether or not the quiz is still open.
    - A regular attempt starts inside the window while regular attempts are left
      (`attempts_allowed` 0: no limit).
    - Then an extra attempt a trainer granted: from the opening, also after the closing.
    - Then, for a learner who failed (by the quiz's grading method, every attempt graded), a
      resit, once the regular attempts are used or the window has closed: inside the resit's
      period (`resit_period`), while resits are left. Whoever passed gets no resit.
    - Else the quiz is closed, or no attempts are left; after a fail the trainer decides.
    """
    taken = sorted(taken, key=lambda a: a.number)
    used = max((attempt.number for attempt in taken), default=0)
    by_kind = Counter(attempt.kind for attempt in taken)
    allowed = quiz.attempts_allowed
    regular_left = max(0, allowed - by_kind[Attempt.Kind.REGULAR]) if allowed else None
    extra_left = max(0, grants.extra_attempts - by_kind[Attempt.Kind.EXTRA])
    resits_left = max(0, quiz.resits_allowed - by_kind[Attempt.Kind.RESIT])
    standing = _standing(quiz, taken)
    left = None if regular_left is None else regular_left + extra_left

    def access(status: QuizAccessStatus, reason: str, **facts) -> QuizAccess:
        if standing == Standing.FAILED and status in (
            QuizAccessStatus.NONE_LEFT,
            QuizAccessStatus.CLOSED,
        ):
            facts.setdefault("next_step", _trainer_decides())
        return QuizAccess(
            status, reason, window, used, left, standing=standing, grants=grants, **facts
        )

    current = next((a for a in taken if a.status == Attempt.Status.IN_PROGRESS), None)
    if current is not None:
        return access(
            QuizAccessStatus.RESUME,
            _("Je bent bezig met poging %(n)s. De antwoorden die je hebt bewaard, staan er nog.")
            % {"n": current.number},
            attempt_id=current.pk,
        )
    regular_open = window.closes_at is None or now <= window.closes_at
    if regular_open and window.opens_at is not None and now < window.opens_at:
        return access(
            QuizAccessStatus.NOT_YET_OPEN,
            _("Deze toets gaat open op %(date)s.") % {"date": _moment(window.opens_at)},
        )
    if regular_open and regular_left != 0:
        return access(
            QuizAccessStatus.START,
            _("Dit wordt poging %(n)s.") % {"n": used + 1},
            closes_at=window.closes_at,
        )
    if extra_left and (window.opens_at is None or now >= window.opens_at):
        step = ""
        if standing == Standing.FAILED:
            granted = _("Je trainer heeft je een extra poging gegeven.")
            step = f"{granted} {_again(quiz)}"
        return access(
            QuizAccessStatus.START,
            _("Dit wordt poging %(n)s: de extra poging die je trainer je gaf.") % {"n": used + 1},
            kind=Attempt.Kind.EXTRA,
            next_step=step,
        )
    if resits_left and standing == Standing.FAILED:
        opens_at, closes_at = resit_period(quiz=quiz, taken=taken)
        if opens_at is not None and now < opens_at:
            later = _again_from(quiz, opens_at)
            return access(
                QuizAccessStatus.RESIT_LATER, later, resit_opens_at=opens_at, next_step=later
            )
        if closes_at is None or now <= closes_at:
            reason = _("Dit wordt poging %(n)s: je herkansing.") % {"n": used + 1}
            step = _again(quiz)
            if closes_at is not None:
                until = _("Dat kan tot %(date)s.") % {"date": _moment(closes_at)}
                step = f"{step} {until}"
            return access(
                QuizAccessStatus.START,
                reason,
                kind=Attempt.Kind.RESIT,
                closes_at=closes_at,
                next_step=step,
            )
        return access(
            QuizAccessStatus.CLOSED,
            _("De herkansing is gesloten sinds %(date)s.") % {"date": _moment(closes_at)},
        )
    if resits_left and standing == Standing.PENDING:
        return access(
            QuizAccessStatus.NONE_LEFT,
            _(
                "Je poging wordt nog nagekeken. Is hij niet voldoende, dan zie je hier wanneer "
                "je een herkansing kunt doen."
            ),
        )
    if not regular_open:
        return access(
            QuizAccessStatus.CLOSED,
            _("Deze toets is gesloten sinds %(date)s. Je kunt hem niet meer maken.")
            % {"date": _moment(window.closes_at)},
        )
    return access(
        QuizAccessStatus.NONE_LEFT,
        ngettext(
            "Je hebt je poging voor deze toets gebruikt. Je kunt hem niet nog een keer maken.",
            "Je hebt alle %(n)s pogingen voor deze toets gebruikt. Je kunt hem niet nog een keer maken.",
            allowed,
        )
        % {"n": allowed},
    )


# The enrolment's attempts at the quiz, the learner's extension of its due date (at most one)
# and the grants of their trainer that stand, in one query compiled once: every learner starts
# the exam at once. (A row per attempt and grant: a handful.) Nothing is locked: two starts at
# once are settled by the attempt table's unique constraints (see services.attempt_start).
# (PostgreSQL would not re-read the joined attempts of a row lock it waited for, so a lock on
# the enrolment did not keep two starts apart.)
_ATTEMPTS_AND_EXTENSION = CompiledQuery(
    lambda enrollment_id, quiz_id, lesson_id, granted_quiz_id: (
        Enrollment.objects.filter(pk=enrollment_id)
        .annotate(
            taken=FilteredRelation("attempts", condition=Q(attempts__quiz_id=quiz_id)),
            extended=FilteredRelation("extensions", condition=Q(extensions__lesson_id=lesson_id)),
            granted=FilteredRelation(
                "attempt_grants",
                condition=Q(
                    attempt_grants__quiz_id=granted_quiz_id,
                    attempt_grants__revoked_at__isnull=True,
                ),
            ),
        )
        .order_by()
        .values_list(
            "taken__pk",
            "taken__status",
            "taken__number",
            "extended__due_at",
            "taken__kind",
            "taken__percentage",
            "taken__submitted_at",
            "granted__pk",
            "granted__extra_attempts",
            "granted__extra_time_percent",
            "granted__granted_at",
        )
    ),
    arity=4,
)


def _grants_from(rows: Iterable[tuple]) -> QuizGrants:
    """The grants that stand: their extra attempts add up; the latest extra time holds."""
    extra_attempts = 0
    latest_time: tuple | None = None
    for pk, attempts, percent, granted_at in rows:
        extra_attempts += attempts
        if percent and (latest_time is None or (granted_at, pk) > latest_time[:2]):
            latest_time = (granted_at, pk, percent)
    return QuizGrants(extra_attempts, latest_time[2] if latest_time else 0)


def quiz_access(*, enrollment: Enrollment, quiz: Quiz, now: datetime | None = None) -> QuizAccess:
    """What this learner may do with the quiz now (start, resume, a resit later, none left,
    closed, not yet open), with the reason: in one query, and the edition's schedule
    (cached)."""
    now = now or timezone.now()
    rows = _ATTEMPTS_AND_EXTENSION.rows(enrollment.pk, quiz.pk, quiz.pk, quiz.pk)
    window = quiz_window(enrollment=enrollment, quiz=quiz, extension=rows[0][3] if rows else None)
    taken = {
        row[0]: TakenAttempt(row[0], row[1], row[2], row[4], row[5], row[6])
        for row in rows
        if row[0] is not None
    }
    granted = {row[7]: row[7:] for row in rows if row[7] is not None}
    return quiz_access_from(
        quiz=quiz,
        window=window,
        taken=taken.values(),
        now=now,
        grants=_grants_from(granted.values()),
    )


def attempt_time_limit(*, quiz: Quiz, grants: QuizGrants = NO_GRANTS) -> timedelta | None:
    """How long an attempt may take: the quiz's time limit, lengthened by the learner's extra
    time (whole seconds, rounded up); None without a limit."""
    if not quiz.time_limit_minutes:
        return None
    seconds = quiz.time_limit_minutes * 60 * (100 + grants.extra_time_percent)
    return timedelta(seconds=math.ceil(seconds / 100))


def attempt_deadline(*, quiz: Quiz, access: QuizAccess, now: datetime) -> datetime | None:
    """When an attempt that `access` lets begin at `now` must be handed in: at the end of its
    time limit (with the learner's extra time), and never after its closing."""
    deadline = access.closes_at
    limit = attempt_time_limit(quiz=quiz, grants=access.grants)
    if limit is not None:
        deadline = min(deadline, now + limit) if deadline else now + limit
    return deadline


# --- a trainer's grants -------------------------------------------------------------------------


def attempt_grants_for_enrollment(*, enrollment: Enrollment) -> list[AttemptGrant]:
    """Every grant for the learner, revoked ones too (the record), newest first."""
    return list(
        AttemptGrant.objects.filter(enrollment=enrollment)
        .select_related("quiz", "granted_by", "revoked_by")
        .order_by("-granted_at", "-pk")
    )


def quizzes_for_grants(*, course_id: int) -> list[Quiz]:
    """The course's quizzes a grant can change: those with a number of attempts or a time
    limit, the exam first."""
    return list(
        Quiz.objects.non_polymorphic()
        .select_related("module")
        .filter(module__course_id=course_id)
        .filter(Q(attempts_allowed__gt=0) | Q(time_limit_minutes__gt=0))
        .order_by("-is_exam", "module__order", "order", "pk")
    )


# --- an attempt's time --------------------------------------------------------------------------


def attempt_seconds_left(*, attempt: Attempt, now: datetime) -> int | None:
    """Whole seconds until the attempt's deadline (rounded up, never below 0); None without a
    deadline. The attempt page's clock counts down from this, so it never runs ahead of the
    server: the page hands in at zero, inside the grace of `Attempt.is_time_up`."""
    if attempt.deadline_at is None:
        return None
    return max(0, math.ceil((attempt.deadline_at - now).total_seconds()))


def attempt_ran_out_of_time(attempt: Attempt) -> bool:
    """Whether the attempt was handed in because its time ran out: by the page at zero, by a
    hand-in after the deadline, or by the sweep."""
    if attempt.auto_submitted:
        return True
    return (
        attempt.deadline_at is not None
        and attempt.submitted_at is not None
        and attempt.submitted_at >= attempt.deadline_at
    )


# --- when feedback shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRelease:
    """When a graded attempt shows its feedback and the right answers per question (its
    score always shows), and the note that tells the learner so."""

    never: bool
    after: datetime | None  # shown once this moment has passed; None: at once (unless never)
    note: str

    def visible(self, now: datetime) -> bool:
        return not self.never and (self.after is None or now > self.after)


def _feedback_after_resits(quiz: Quiz, closes_at: datetime | None) -> FeedbackRelease:
    """With resits, the questions come back after the close: the answers wait until the
    resit has closed too, and without a resit closing date they never show."""
    if closes_at is None or quiz.resit_closes_at is None:
        return FeedbackRelease(
            never=True,
            after=None,
            note=_(
                "Je ziet meteen je resultaat. De goede antwoorden per vraag zie je niet: de "
                "vragen kunnen terugkomen in de herkansing."
            ),
        )
    after = max(closes_at, quiz.resit_closes_at)
    return FeedbackRelease(
        never=False,
        after=after,
        note=_(
            "Je ziet meteen je resultaat. De goede antwoorden en de uitleg per vraag zie je "
            "na %(date)s, als ook de herkansing gesloten is."
        )
        % {"date": _moment(after)},
    )


def feedback_release(*, quiz: Quiz, closes_at: datetime | None) -> FeedbackRelease:
    """The quiz's feedback policy for a learner whose window closes at `closes_at`. The exam,
    like an after-close quiz, keeps the answers until the quiz has closed: without a closing
    date, never; with resits, until the resit has closed too."""
    if quiz.feedback_policy == Quiz.FeedbackPolicy.NEVER:
        return FeedbackRelease(
            never=True,
            after=None,
            note=_("Bij deze toets zie je alleen je resultaat, niet de antwoorden per vraag."),
        )
    if quiz.feedback_policy == Quiz.FeedbackPolicy.AFTER_CLOSE or quiz.is_exam:
        if quiz.resits_allowed:
            return _feedback_after_resits(quiz, closes_at)
        if closes_at is None:
            return FeedbackRelease(
                never=True, after=None, note=_("Bij deze toets zie je alleen je resultaat.")
            )
        return FeedbackRelease(
            never=False,
            after=closes_at,
            note=_(
                "Je ziet meteen je resultaat. De goede antwoorden en de uitleg per vraag zie je "
                "na %(date)s, als de toets gesloten is."
            )
            % {"date": _moment(closes_at)},
        )
    return FeedbackRelease(
        never=False,
        after=None,
        note=_("Na het nakijken zie je per vraag wat goed was, met uitleg."),
    )


# --- grades -------------------------------------------------------------------------------------


def final_result(*, enrollment: Enrollment, quiz: Quiz) -> Decimal | None:
    """The quiz's grade for a learner by its grading method, over finished attempts."""
    percentages = list(
        Attempt.objects.filter(enrollment=enrollment, quiz=quiz, status=Attempt.Status.GRADED)
        .order_by("number")
        .values_list("percentage", flat=True)
    )
    return grading.final_grade(percentages, quiz.grading_method)


def quiz_outcomes(lessons, enrollment_ids: EnrollmentIds) -> dict[tuple[int, int], Outcome]:
    """Each learner's grade by the quiz's grading method, from one query over attempts."""
    quizzes = {q.pk: q for q in lessons}
    rows = (
        Attempt.objects.filter(quiz_id__in=quizzes, enrollment_id__in=enrollment_ids)
        .order_by("number")
        .values_list(
            "quiz_id", "enrollment_id", "status", "percentage", EpochSeconds("submitted_at")
        )
    )
    graded: dict[tuple[int, int], list[Decimal]] = {}
    waiting: set[tuple[int, int]] = set()
    in_progress: set[tuple[int, int]] = set()
    first_submitted: dict[tuple[int, int], object] = {}
    for quiz_id, enrollment_id, status, percentage, submitted_at in rows:
        key = (quiz_id, enrollment_id)
        if status == Attempt.Status.IN_PROGRESS:
            in_progress.add(key)
            continue
        first_submitted.setdefault(key, submitted_at)
        if status == Attempt.Status.GRADED:
            graded.setdefault(key, []).append(percentage)
        else:
            waiting.add(key)
    outcomes: dict[tuple[int, int], Outcome] = {}
    for key in set(first_submitted) | in_progress:
        quiz = quizzes[key[0]]
        final = grading.final_grade(graded.get(key, []), quiz.grading_method)
        if final is not None:
            outcomes[key] = Outcome(
                status="graded",
                percentage=final,
                sufficient=grading.passed(final, quiz.pass_mark),
                submitted_at=moment(first_submitted.get(key)),
            )
        elif key in waiting:
            outcomes[key] = Outcome(
                status="submitted", submitted_at=moment(first_submitted.get(key))
            )
        else:
            outcomes[key] = Outcome(status="in_progress")
    return outcomes


# --- what the attempt services read -----------------------------------------------------------


# A question of the bank as an attempt freezes it: (pk, content type id, name, text, text
# format, general feedback, key as its JSON text). Plain tuples: an exam start reads dozens.
BankQuestion = tuple[int, int, str, str, str, str, str]


class SlotToDraw(NamedTuple):
    """A place in a quiz: its fixed question, or `count` questions drawn from a category."""

    fixed: BankQuestion | None
    category_id: int | None
    count: int
    points: Decimal


_QUESTION_FIELDS = ("polymorphic_ctype_id", "name", "text", "text_format", "general_feedback")

# A quiz's slots, each with the question it fixes or, one row each, the questions of the
# category it draws from: everything a start needs from the bank in one query, compiled once
# per process. A key comes as its text (see services._frozen_spec).
_DRAWABLE = CompiledQuery(
    lambda quiz_id: (
        QuizSlot.objects.filter(quiz_id=quiz_id)
        .order_by("order", "pk", "category__questions__pk")
        .values_list(
            "pk",
            "question_id",
            "category_id",
            "count",
            "points",
            *(f"question__{name}" for name in _QUESTION_FIELDS),
            Cast("question__key", output_field=TextField()),
            "category__questions__pk",
            *(f"category__questions__{name}" for name in _QUESTION_FIELDS),
            Cast("category__questions__key", output_field=TextField()),
            "category__questions__retired_at",
        )
    )
)


def quiz_slots_to_draw(quiz_id: int) -> tuple[list[SlotToDraw], dict[int, list[BankQuestion]]]:
    """The quiz's slots in order, and the questions of each category they draw from (in
    primary key order, each once, none that is retired), from one query."""
    slots: dict[int, SlotToDraw] = {}
    pools: dict[int, dict[int, BankQuestion]] = {}
    for row in _DRAWABLE.rows(quiz_id):
        question_id, category_id = row[1], row[2]
        fixed = (question_id, *row[5:11]) if question_id else None
        slots.setdefault(row[0], SlotToDraw(fixed, category_id, row[3], row[4]))
        if row[11] is not None and row[18] is None:  # a retired question is never drawn
            pools.setdefault(category_id, {})[row[11]] = row[11:18]
    return list(slots.values()), {category: list(pool.values()) for category, pool in pools.items()}


# No ordering, so no joins: the lock holds the attempt's row and nothing else.
_LOCKED_STATUS = CompiledQuery(
    lambda attempt_id: (
        Attempt.objects.select_for_update().filter(pk=attempt_id).order_by().values_list("status")
    )
)


def attempt_status_locked(attempt_id: int) -> str | None:
    """The attempt's status as committed now, its row locked until the transaction ends (call
    it inside one): a hand-in from another tab either committed before or waits. None when
    there is no such attempt."""
    rows = _LOCKED_STATUS.rows(attempt_id)
    return rows[0][0] if rows else None


# Whether a grading message has anything to do: its own attempt, or, grading in batches, any
# other that a batch would take (see services.attempts_grade). Compiled once per process.
_OWN_WAITING = CompiledQuery(
    lambda attempt_id: (
        Attempt.objects.filter(pk=attempt_id, status=Attempt.Status.SUBMITTED)
        .order_by()
        .values_list("pk")[:1]
    )
)
_WAITING = CompiledQuery(
    lambda attempt_id: (
        Attempt.objects.filter(status=Attempt.Status.SUBMITTED)
        .filter(Q(pk=attempt_id) | Q(grading_failures=0))
        .order_by()
        .values_list("pk")[:1]
    )
)


def attempt_grading_has_work(*, attempt_id: int, batching: bool) -> bool:
    """Whether grading `attempt_id` (and, `batching`, others that wait) has anything to do:
    one read without a transaction or lock, so that a message for work already done is
    cheap."""
    return bool((_WAITING if batching else _OWN_WAITING).rows(attempt_id))


def attempt_grading_queue_length() -> int:
    """How many handed-in attempts wait for the grading worker."""
    return Attempt.objects.filter(status=Attempt.Status.SUBMITTED).count()


# Every learner starts the exam at once: the quiz with its module by key, compiled once.
_QUIZ_IN_COURSE = CompiledQuery(
    lambda quiz_id, course_id: (
        Quiz.objects.select_related("module")
        .filter(pk=quiz_id, module__course_id=course_id)
        .order_by()
    ),
    arity=2,
)


class _AnswerPairs(Aggregate):
    """Saved answers as one JSON array of [position, answer] pairs, so that they come in the
    same query as their attempt."""

    output_field = JSONField()

    def __init__(self) -> None:
        super().__init__(F("position"), F("answer"))

    def _pairs(self, compiler, template: str):
        position, answer = (compiler.compile(e) for e in self.get_source_expressions()[:2])
        return template % (position[0], answer[0]), (*position[1], *answer[1])

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("saved answers as JSON: PostgreSQL and SQLite")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._pairs(compiler, "JSONB_AGG(JSONB_BUILD_ARRAY(%s, %s))")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._pairs(compiler, "JSON_GROUP_ARRAY(JSON_ARRAY(%s, JSON(%s)))")


# The attempt page and its saves come from every learner at once when the exam starts: the
# attempt, with its enrolment (edition, course), quiz (module) and saved answers, in one query
# compiled once per process, which is also the access check.
_LEARNER_ATTEMPT = CompiledQuery(
    lambda attempt_id, learner_id, edition_id: (
        Attempt.objects.select_related("enrollment__edition__course", "quiz__module")
        .filter(
            pk=attempt_id,
            enrollment__learner_id=learner_id,
            enrollment__edition_id=edition_id,
            enrollment__status__in=Enrollment.SHOWN_STATUSES,
        )
        .annotate(
            saved_pairs=Subquery(
                Response.objects.filter(attempt_id=OuterRef("pk"))
                .order_by()
                .values("attempt_id")
                .annotate(pairs=_AnswerPairs())
                .values("pairs")
            )
        )
        .order_by()
    ),
    arity=3,
)


def quiz_in_course(*, quiz_id: int, course_id: int) -> Quiz | None:
    """The quiz with its module, if it belongs to the course."""
    found = _QUIZ_IN_COURSE.objects(quiz_id, course_id)
    return found[0] if found else None


def attempt_of_learner(*, user, edition_id: int, attempt_id: int) -> Attempt | None:
    """The learner's own attempt, through their active or completed enrolment in this edition,
    with its saved answers as `saved_pairs`; None for anyone else's."""
    found = (
        _LEARNER_ATTEMPT.objects(attempt_id, user.pk, edition_id) if user.is_authenticated else []
    )
    if not found:
        return None
    attempt = found[0]
    attempt.enrollment.learner = user
    return attempt


# --- the quiz builder ------------------------------------------------------------------------


def course_quizzes(*, course_id: int) -> list[Quiz]:
    """The course's quizzes in course order, each with its number of places (`slot_count`)
    and whether anyone took it (`has_attempts`), in one query."""
    return list(
        Quiz.objects.filter(module__course_id=course_id)
        .annotate(
            slot_count=Count("slots", distinct=True),
            has_attempts=Exists(Attempt.objects.filter(quiz_id=OuterRef("pk"))),
        )
        .select_related("module")
        .order_by("module__order", "order", "pk")
    )


@dataclass(frozen=True)
class BuilderChoices:
    """What a place in a quiz may hold: the course's questions that are not retired (and
    those already in the quiz), and its categories with how many questions each can give."""

    questions: list[tuple[int, str]]
    categories: list[tuple[int, str]]
    drawable: dict[int, int]
    question_ids: frozenset[int]
    category_ids: frozenset[int]


def builder_choices(*, course_id: int, quiz: Quiz) -> BuilderChoices:
    """The builder's choices for every place of the quiz, in two queries."""
    in_quiz = QuizSlot.objects.filter(quiz_id=quiz.pk, question_id__isnull=False).values(
        "question_id"
    )
    questions = list(
        Question.objects.non_polymorphic()
        .filter(category__course_id=course_id)
        .filter(Q(retired_at__isnull=True) | Q(pk__in=in_quiz))
        .order_by("category__name", "name", "pk")
        .values_list("pk", "name", "category__name")
    )
    categories = list(
        QuestionCategory.objects.filter(course_id=course_id)
        .annotate(
            drawable=Count("questions", filter=Q(questions__retired_at__isnull=True)),
        )
        .order_by("name")
        .values_list("pk", "name", "drawable")
    )
    return BuilderChoices(
        questions=[(pk, f"{category} · {name}") for pk, name, category in questions],
        categories=[
            (
                pk,
                ngettext("%(name)s (%(count)d vraag)", "%(name)s (%(count)d vragen)", n)
                % {"name": name, "count": n},
            )
            for pk, name, n in categories
        ],
        drawable={pk: n for pk, _name, n in categories},
        question_ids=frozenset(pk for pk, _name, _category in questions),
        category_ids=frozenset(pk for pk, _name, _n in categories),
    )
