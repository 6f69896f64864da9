"""Attempts at quizzes and the exam: start, save answers, submit, grade exactly once.

The database is the truth: a submission is saved before any grading is enqueued, grading
claims the attempt with a conditional update inside one transaction, and a periodic sweep
re-enqueues what a lost message left behind. Who may start and when comes from
`selectors.quiz_access`, whether the time is up from `Attempt.is_time_up`: these writes ask
the rules, they do not restate them.
"""

from __future__ import annotations

import contextlib
import json
import random
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Q, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core import bulk
from courses import access as course_access
from courses import services as course_services
from courses.models import Enrollment

from .. import signals
from ..models import Attempt, AttemptGrant, GradingEvent, QuestionCategory, Quiz, Response
from ..questions import specs
from ..questions.services import quiz_slots_change
from ..results import services as results
from . import grading, selectors, tasks

MAX_ANSWER_BYTES = 64 * 1024
MAX_GRADING_FAILURES = 5


class AttemptError(ValidationError):
    """A request about an attempt that cannot be honoured; the message says why, in Dutch."""


NO_ACCESS = "no_access"
"""The code of an AttemptError whose message is `selectors.quiz_access`'s reason: the one
the quiz's page states itself."""


@lru_cache(maxsize=4096)
def _frozen_spec(ctype_id: int, key: str) -> str:
    """A stored key as the JSON text an attempt freezes: checked against the question's type
    and written the way `specs.spec_to_json` writes it. Pure, so memoised per process: a bank's
    keys are parsed once, not at every start (an edited key is another text, so a miss)."""
    spec = specs.spec_from_json(json.loads(key))
    question_class = ContentType.objects.get_for_id(ctype_id).model_class()
    spec_class = getattr(question_class, "spec_class", None)
    if spec_class is not None and not isinstance(spec, spec_class):
        raise ValidationError(_("De antwoordsleutel past niet bij dit soort vraag."))
    return json.dumps(specs.spec_to_json(spec))


def _freeze(quiz: Quiz, rng: random.Random) -> list[dict]:
    """The attempt's questions as plain JSON: what the learner sees and the key it is graded by."""
    frozen: list[dict] = []
    slots, pools = selectors.quiz_slots_to_draw(quiz.pk)
    for fixed, category_id, count, points in slots:
        if fixed:
            picked = [fixed]
        else:
            pool = pools.get(category_id, [])
            if len(pool) < count:
                name = QuestionCategory.objects.get(pk=category_id).name
                raise AttemptError(
                    _("De toets is nog niet klaar: er zijn te weinig vragen in ‘%(name)s’.")
                    % {"name": name}
                )
            picked = rng.sample(pool, count)
        for pk, ctype_id, name, text, text_format, general_feedback, key in picked:
            spec = json.loads(_frozen_spec(ctype_id, key))  # a fresh copy for each attempt
            entry = {
                "question_id": pk,
                "name": name,
                "text": text,
                "text_format": text_format,
                "general_feedback": general_feedback,
                "spec": spec,
                "points": str(points),
                "option_order": None,
            }
            options = spec.get("choices")
            if quiz.shuffle_options and options:
                order = list(range(len(options)))
                rng.shuffle(order)
                entry["option_order"] = order
            frozen.append(entry)
    if quiz.shuffle_questions:
        rng.shuffle(frozen)
    if not frozen:
        raise AttemptError(_("Deze toets heeft nog geen vragen."))
    return frozen


def quiz_draw(quiz: Quiz, rng: random.Random) -> list[dict]:
    """The questions an attempt begun now would freeze (for a preview: nothing is stored);
    AttemptError when the quiz cannot be drawn yet."""
    return _freeze(quiz, rng)


_START_LOOKS = 3


def attempt_start(*, enrollment: Enrollment, quiz: Quiz, now: datetime | None = None) -> Attempt:
    """Start an attempt, or return the one in progress. The deadline is fixed here, on the
    server (`selectors.attempt_deadline`: the time limit with the learner's extra time).

    Refused, with the reason the quiz's page gives, unless `selectors.quiz_access` says
    start or resume. A second start at the same moment (another tab, a double click) may take
    the attempt's number first: then the insert takes nothing, and a fresh look finds that
    start's attempt in progress and returns it. So both get the same one attempt instead of
    an error."""
    now = now or timezone.now()
    if quiz.module.course_id != enrollment.edition.course_id:
        raise AttemptError(_("Deze toets hoort niet bij jouw cursus."))
    for _look in range(_START_LOOKS):
        access = selectors.quiz_access(enrollment=enrollment, quiz=quiz, now=now)
        if access.status == selectors.QuizAccessStatus.RESUME:
            return Attempt.objects.get(pk=access.attempt_id)
        if access.status != selectors.QuizAccessStatus.START:
            raise AttemptError(access.reason, code=NO_ACCESS)
        attempt = Attempt(
            enrollment=enrollment,
            quiz=quiz,
            number=access.next_number,
            kind=access.kind,
            questions=_freeze(quiz, random.Random()),
            started_at=now,
            deadline_at=selectors.attempt_deadline(quiz=quiz, access=access, now=now),
        )
        if bulk.insert_unless_conflict(attempt):
            return attempt
    raise AttemptError(_("Je poging kon niet beginnen. Probeer het nog een keer."))


# --- a trainer's grants: extra attempts and extra time ----------------------------------------


def attempt_grant_create(
    *,
    enrollment: Enrollment,
    quiz: Quiz,
    kind: str,
    actor,
    reason: str,
    extra_attempts: int = 0,
    extra_time_percent: int = 0,
    now: datetime | None = None,
) -> AttemptGrant:
    """Give one learner extra attempts at a quiz, or extra time on every attempt they start
    from now on (an accommodation), with the reason, recorded with who and when. Only a
    trainer of the learner's edition or an administrator may. New extra time replaces the
    extra time that stood: that grant stays on record, revoked."""
    now = now or timezone.now()
    if not course_access.can_teach(actor, enrollment.edition):
        raise PermissionDenied
    if quiz.module.course_id != enrollment.edition.course_id:
        raise ValidationError({"quiz": _("Deze toets hoort niet bij de cursus van deze cursist.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf op waarom je dit geeft.")})
    if kind == AttemptGrant.Kind.EXTRA_ATTEMPT:
        if not quiz.attempts_allowed:
            raise ValidationError(
                {"quiz": _("Deze toets mag al zo vaak gemaakt worden als de cursist wil.")}
            )
        if not 1 <= extra_attempts <= AttemptGrant.MAX_EXTRA_ATTEMPTS:
            raise ValidationError(
                {
                    "extra_attempts": _("Geef 1 tot en met %(max)s extra pogingen.")
                    % {"max": AttemptGrant.MAX_EXTRA_ATTEMPTS}
                }
            )
        extra_time_percent = 0
    elif kind == AttemptGrant.Kind.EXTRA_TIME:
        if not quiz.time_limit_minutes:
            raise ValidationError(
                {"quiz": _("Deze toets heeft geen tijdslimiet. Extra tijd is dan niet nodig.")}
            )
        if not 1 <= extra_time_percent <= AttemptGrant.MAX_EXTRA_TIME_PERCENT:
            raise ValidationError(
                {
                    "extra_time_percent": _("Geef 1 tot en met %(max)s procent extra tijd.")
                    % {"max": AttemptGrant.MAX_EXTRA_TIME_PERCENT}
                }
            )
        extra_attempts = 0
    else:
        raise ValidationError({"kind": _("Kies een extra poging of extra tijd.")})
    with transaction.atomic():
        if kind == AttemptGrant.Kind.EXTRA_TIME:
            AttemptGrant.objects.filter(
                enrollment=enrollment,
                quiz=quiz,
                kind=AttemptGrant.Kind.EXTRA_TIME,
                revoked_at__isnull=True,
            ).update(revoked_at=now, revoked_by=actor)
        return AttemptGrant.objects.create(
            enrollment=enrollment,
            quiz=quiz,
            kind=kind,
            extra_attempts=extra_attempts,
            extra_time_percent=extra_time_percent,
            reason=reason,
            granted_by=actor,
            granted_at=now,
        )


def attempt_grant_revoke(*, grant: AttemptGrant, actor, now: datetime | None = None) -> bool:
    """Take back a grant from now on (an attempt already started keeps its deadline). Returns
    False when it was revoked already. The record stays, with who revoked it and when."""
    now = now or timezone.now()
    if not course_access.can_teach(actor, grant.enrollment.edition):
        raise PermissionDenied
    revoked = AttemptGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )
    if revoked:
        grant.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return bool(revoked)


def _check_owner(attempt: Attempt, user) -> None:
    if attempt.enrollment.learner_id != user.pk:
        raise PermissionDenied


@cache
def _upsert_open_responses_sql() -> str:
    """PostgreSQL: save answers to an attempt that is still in progress, in one statement.

    The attempt's row is read FOR SHARE in the same statement: a hand-in (which takes it FOR
    UPDATE) either waits for the save to commit, or commits first, and then the status no
    longer matches and nothing is written. So a save is all or nothing and never lands after a
    hand-in, without the round trips of BEGIN, a separate lock and COMMIT. A new row gets the
    model's defaults for the scores (none yet, no feedback, no review)."""
    q = connection.ops.quote_name
    response, attempt = Response._meta, Attempt._meta
    return (
        f"INSERT INTO {q(response.db_table)} ({q('attempt_id')}, {q('position')}, {q('answer')},"
        f" {q('saved_at')}, {q('fraction')}, {q('points')}, {q('feedback')}, {q('needs_review')})"
        f" SELECT open.{q('id')}, given.position, given.answer, %s, NULL, NULL, '[]'::jsonb, false"
        f" FROM (SELECT {q('id')} FROM {q(attempt.db_table)}"
        f" WHERE {q('id')} = %s AND {q('status')} = %s FOR SHARE) AS open,"
        " jsonb_to_recordset(%s::jsonb) AS given(position smallint, answer jsonb)"
        f" ON CONFLICT ({q('attempt_id')}, {q('position')}) DO UPDATE"
        f" SET {q('answer')} = EXCLUDED.{q('answer')}, {q('saved_at')} = EXCLUDED.{q('saved_at')}"
        f" RETURNING {q('position')}, {q('id')}"
    )


def _handed_in() -> AttemptError:
    return AttemptError(_("Deze poging is al ingeleverd. Je antwoord is niet meer veranderd."))


def responses_save(
    *, attempt: Attempt, answers: dict[int, Any], user, now: datetime | None = None
) -> list[Response]:
    """Save answers (position: answer) as the learner gives them: all or none, in one statement.
    Refused after submission or after the deadline."""
    now = now or timezone.now()
    _check_owner(attempt, user)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise _handed_in()
    if attempt.is_time_up(now):
        raise AttemptError(_("De tijd is om. Antwoorden die nu nog binnenkomen tellen niet mee."))
    questions = attempt.questions
    for position, answer in answers.items():
        if not 0 <= position < len(questions):
            raise AttemptError(_("Deze vraag hoort niet bij je poging."))
        if len(json.dumps(answer)) > MAX_ANSWER_BYTES:
            raise AttemptError(_("Je antwoord is te lang."))
        try:
            grading.grade(specs.spec_from_json(questions[position]["spec"]), answer)
        except grading.InvalidResponse as exc:
            raise AttemptError(_("Dit antwoord past niet bij de vraag.")) from exc
    rows = [
        Response(attempt=attempt, position=position, answer=answer, saved_at=now)
        for position, answer in sorted(answers.items())
    ]
    if not rows:
        return rows
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _upsert_open_responses_sql(),
                [
                    now,
                    attempt.pk,
                    Attempt.Status.IN_PROGRESS,
                    json.dumps([{"position": r.position, "answer": r.answer} for r in rows]),
                ],
            )
            saved = dict(cursor.fetchall())  # position: id
        if not saved:
            raise _handed_in()
        for row in rows:
            row.pk = saved[row.position]
        return rows
    with transaction.atomic():
        # Re-read the status under a lock: a hand-in from another tab may have just committed.
        if selectors.attempt_status_locked(attempt.pk) != Attempt.Status.IN_PROGRESS:
            raise _handed_in()
        # INSERT … ON CONFLICT (attempt, position) DO UPDATE: one statement, no savepoints.
        Response.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["attempt", "position"],
            update_fields=["answer", "saved_at"],
        )
    return rows


def response_save(
    *, attempt: Attempt, position: int, answer, user, now: datetime | None = None
) -> Response:
    """Save one answer as the learner gives it. Refused after submission or after the deadline."""
    return responses_save(attempt=attempt, answers={position: answer}, user=user, now=now)[0]


def attempt_submit(
    *, attempt: Attempt, user=None, now: datetime | None = None, auto: bool = False
) -> bool:
    """Hand in an attempt. Twice (two tabs, a double click) has the effect of once.

    Returns True when this call handed it in. Grading is enqueued after the commit."""
    now = now or timezone.now()
    if user is not None:
        _check_owner(attempt, user)
    with transaction.atomic():
        changed = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
            status=Attempt.Status.SUBMITTED, submitted_at=now, auto_submitted=auto
        )
        if changed:
            _mark_quiz_done(attempt, now)
            # robust: with the broker away the learner's hand-in still stands; the sweep
            # enqueues the grading later.
            transaction.on_commit(lambda: tasks.attempt_grade.delay(attempt.pk), robust=True)
    attempt.refresh_from_db()
    return bool(changed)


def _mark_quiz_done(attempt: Attempt, now: datetime) -> None:
    """Handing in a quiz completes its lesson on the learner's study path."""
    # A quiz that is no longer open: the hand-in stands, the study path stays as it was.
    with contextlib.suppress(ValidationError):
        course_services.lesson_mark_done(
            enrollment=attempt.enrollment, lesson=attempt.quiz, now=now
        )


def attempt_grade(*, attempt_id: int, now: datetime | None = None, batch: int = 1) -> bool:
    """Grade a submitted attempt exactly once. Returns False when there was nothing to do.

    With `batch` > 1 the same transaction also grades up to `batch - 1` other attempts that
    wait, oldest first, which no other worker holds (SKIP LOCKED): under a rush of hand-ins
    one task does the work of many and their own messages find nothing left to do.

    Such a message costs one read without a transaction or lock: the attempt is no longer
    submitted (a committed status), and no other attempt waits that it could take on."""
    batching = batch > 1 and connection.features.has_select_for_update_skip_locked
    if not selectors.attempt_grading_has_work(attempt_id=attempt_id, batching=batching):
        return False
    return attempt_id in attempts_grade(attempt_id=attempt_id, extra=batch - 1, now=now)


def attempts_grade(*, attempt_id: int, extra: int = 0, now: datetime | None = None) -> list[int]:
    """Grade `attempt_id` and up to `extra` other waiting attempts; returns the graded ids.

    Exactly once: the rows are locked and re-checked as submitted inside the transaction, and
    a GradingEvent unique per graded attempt makes a second grading fail and roll back."""
    now = now or timezone.now()
    batching = extra > 0 and connection.features.has_select_for_update_skip_locked
    with transaction.atomic():
        locked = Attempt.objects.select_for_update(of=("self",), skip_locked=batching)
        if batching:
            # One query: this task's own attempt first when it still waits, then the oldest
            # others that wait. A row another task holds is that task's to grade: skipped,
            # not waited for. (An attempt that failed before is left to its own task.)
            batch = list(
                locked.filter(status=Attempt.Status.SUBMITTED)
                .filter(Q(pk=attempt_id) | Q(grading_failures=0))
                .annotate(_own=Case(When(pk=attempt_id, then=Value(0)), default=Value(1)))
                .order_by("_own", "submitted_at", "pk")[: extra + 1]
            )
        else:
            batch = list(locked.filter(pk=attempt_id, status=Attempt.Status.SUBMITTED))
        if not batch:
            return []
        # A batch is mostly one quiz: read it once, not joined onto every attempt.
        quizzes = Quiz.objects.in_bulk({a.quiz_id for a in batch})
        for attempt in batch:
            attempt.quiz = quizzes[attempt.quiz_id]
        # Answers as their JSON text: many learners give the same answer, decoded and scored
        # once per batch (see _Scorer).
        answers: dict[int, dict[int, tuple[int, str | None]]] = {a.pk: {} for a in batch}
        for pk, owner, position, answer in Response.objects.filter(
            attempt_id__in=answers
        ).values_list("pk", "attempt_id", "position", Cast("answer", output_field=TextField())):
            answers[owner][position] = (pk, answer)
        graded: list[Attempt] = []
        missing: list[Response] = []
        changed: list[tuple] = []
        scorer = _Scorer()
        for attempt in batch:
            try:
                scored = _score(attempt, answers[attempt.pk], scorer)
            except Exception:
                if attempt.pk == attempt_id:
                    raise  # the task records the failure and retries or parks the attempt
                continue  # another's broken key: its own task records that
            missing += scored[0]
            changed += scored[1]
            attempt.status = (
                Attempt.Status.GRADED if attempt._complete else Attempt.Status.NEEDS_REVIEW
            )
            attempt.graded_at = now
            graded.append(attempt)
        # A handful of statements for the whole batch, not one per question or attempt.
        Response.objects.bulk_create(missing, batch_size=1000)
        bulk.update_rows(Response, _SCORE_FIELDS, changed)
        attempt_fields = ["status", "graded_at", "points", "max_points", "percentage", "passed"]
        bulk.update_rows(
            Attempt,
            attempt_fields,
            [(a.pk, *(getattr(a, name) for name in attempt_fields)) for a in graded],
        )
        try:
            with transaction.atomic():
                GradingEvent.objects.bulk_create(
                    GradingEvent(
                        attempt=attempt,
                        kind=GradingEvent.Kind.GRADED,
                        new_percentage=attempt.percentage,
                    )
                    for attempt in graded
                )
        except IntegrityError:
            transaction.set_rollback(True)
            return []
        announcements = [(a.pk, a.enrollment_id, a.quiz.counts_for_result()) for a in graded]
        transaction.on_commit(lambda: _announce_graded(announcements))
    return [a.pk for a in graded]


_SCORE_FIELDS = ["fraction", "points", "feedback", "needs_review"]


def _announce_graded(announcements: list[tuple[int, int, bool]]) -> None:
    """One result_changed per graded attempt; the course results they touch are recomputed
    by one task for the batch, not one per attempt."""
    with results.coalesced_recomputes():
        for attempt_id, enrollment_id, counts in announcements:
            signals.result_changed.send(
                sender=Attempt,
                enrollment_id=enrollment_id,
                attempt_id=attempt_id,
                counts_for_result=counts,
            )


class _Scorer:
    """Scores for one batch. Attempts that froze the same question share its parsed key, and
    an answer (its JSON text) already scored against that key shares the score: grading is a
    pure function of the two, so this changes no score, only how often it is computed."""

    _HUNDREDTH = Decimal("0.01")

    def __init__(self) -> None:
        self.specs = specs.SpecMemo()
        self._scores: dict[tuple[int, str | None, str], tuple] = {}

    def score(self, frozen: dict, answer: str | None) -> tuple:
        """(result, points, score row values) of an answer (JSON text, None when unanswered)
        to a frozen question; raises what parsing the key or grading raises."""
        spec = self.specs(frozen["spec"], frozen.get("question_id"))
        key = (id(spec), answer, frozen["points"])  # the memo holds the spec: its id is fixed
        known = self._scores.get(key)
        if known is None:
            try:
                result = grading.grade(spec, None if answer is None else json.loads(answer))
            except grading.InvalidResponse:
                result = grading.GradeResult(fraction=Decimal(0))
            points = Decimal(frozen["points"])
            values = (
                result.fraction,
                (result.fraction * points).quantize(self._HUNDREDTH),
                list(result.feedback),
                result.needs_review,
            )
            known = self._scores[key] = (result, points, values)
        return known


def _score(
    attempt: Attempt, answers: dict[int, tuple[int, str | None]], scorer: _Scorer | None = None
) -> tuple[list[Response], list]:
    """Score every frozen question from the saved answers (position: (response id, answer as
    JSON text)); sets the points on the attempt and returns the responses to create
    (unanswered questions) and the score rows (response id, *_SCORE_FIELDS) to write."""
    scorer = scorer or _Scorer()
    items = []
    missing: list[Response] = []
    changed: list[tuple] = []
    for position, frozen in enumerate(attempt.questions):
        saved = answers.get(position)
        result, points, values = scorer.score(frozen, saved[1] if saved else None)
        items.append((result, points))
        if saved is None:
            fraction, scored_points, feedback, needs_review = values
            missing.append(
                Response(
                    attempt=attempt,
                    position=position,
                    answer=None,
                    saved_at=attempt.submitted_at,
                    fraction=fraction,
                    points=scored_points,
                    feedback=list(feedback),
                    needs_review=needs_review,
                )
            )
        else:
            changed.append((saved[0], *values))
    total = grading.attempt_score(items)
    attempt.points, attempt.max_points, attempt.percentage = (
        total.points,
        total.max_points,
        total.percentage,
    )
    attempt._complete = total.complete
    attempt.passed = (
        grading.passed(total.percentage, attempt.quiz.pass_mark) if total.complete else None
    )
    return missing, changed


def attempt_record_failure(*, attempt_id: int, error: str, park: bool = False) -> bool:
    """Count a failed grading try; park the attempt for an administrator after too many, or
    at once with `park` (an error that grading again would only repeat)."""
    attempt = Attempt.objects.filter(pk=attempt_id, status=Attempt.Status.SUBMITTED).first()
    if attempt is None:
        return False
    failures = attempt.grading_failures + 1
    parked = park or failures >= MAX_GRADING_FAILURES
    Attempt.objects.filter(pk=attempt_id, status=Attempt.Status.SUBMITTED).update(
        grading_failures=failures,
        last_error=error[:2000],
        status=Attempt.Status.NEEDS_ATTENTION if parked else Attempt.Status.SUBMITTED,
    )
    return parked


def attempts_close_expired(*, now: datetime | None = None) -> int:
    """Hand in every attempt whose time ran out, with what was saved."""
    now = now or timezone.now()
    count = 0
    for attempt in Attempt.objects.filter(
        Attempt.time_up(now), status=Attempt.Status.IN_PROGRESS
    ).only("pk", "status"):
        count += attempt_submit(attempt=attempt, now=now, auto=True)
    return count


def attempts_sweep_ungraded(
    *, older_than: timedelta = timedelta(minutes=2), now: datetime | None = None
) -> list[int]:
    """Re-enqueue attempts submitted a while ago but not graded (a lost message costs minutes)."""
    now = now or timezone.now()
    ids = list(
        Attempt.objects.filter(
            status=Attempt.Status.SUBMITTED, submitted_at__lt=now - older_than
        ).values_list("pk", flat=True)[:1000]
    )
    for attempt_id in ids:
        tasks.attempt_grade.delay(attempt_id)
    return ids


__all__ = [
    "AttemptError",
    "attempt_grade",
    "attempt_grant_create",
    "attempt_grant_revoke",
    "attempt_record_failure",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired",
    "attempts_sweep_ungraded",
    "response_save",
    "responses_save",
]


# --- the quiz builder --------------------------------------------------------------------------


def quiz_build_save(*, quiz: Quiz, settings_form, slot_formset, actor) -> None:
    """Save the builder's valid settings form and places formset, all or nothing. Only an
    author of the course or an administrator may; changed places of an exam are audited
    (`questions.services.quiz_slots_change`). Attempts already taken keep what they froze:
    their questions, keys and points, and their score."""
    with quiz_slots_change(quiz=quiz, actor=actor):
        settings_form.save()
        slot_formset.save()
