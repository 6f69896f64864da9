"""Attempts at quizzes and the exam: start, save answers, submit, grade exactly once.

The database is the truth: a submission is saved before any grading is enqueued, grading
claims the attempt with a conditional update inside one transaction, and a periodic sweep
re-enqueues what a lost message left behind.
"""

from __future__ import annotations

import contextlib
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import Enrollment

from . import grading, signals, specs
from .models import Attempt, GradingEvent, Question, Quiz, Response

MAX_ANSWER_BYTES = 64 * 1024
GRACE = timedelta(seconds=5)  # network slack for an answer sent at the last moment
MAX_GRADING_FAILURES = 5


class AttemptError(ValidationError):
    """A request about an attempt that cannot be honoured; the message says why, in Dutch."""


@dataclass(frozen=True)
class QuizWindow:
    opens_at: datetime | None
    closes_at: datetime | None

    def is_open(self, now: datetime) -> bool:
        return (self.opens_at is None or now >= self.opens_at) and (
            self.closes_at is None or now <= self.closes_at
        )


def feedback_visible(*, quiz: Quiz, closes_at: datetime | None, now: datetime) -> bool:
    """Whether a graded attempt shows its feedback and key per question. The score is always
    shown; the exam, like an after-close quiz, keeps the rest until the quiz has closed."""
    if quiz.feedback_policy == Quiz.FeedbackPolicy.NEVER:
        return False
    if quiz.feedback_policy == Quiz.FeedbackPolicy.AFTER_CLOSE or quiz.is_exam:
        return closes_at is not None and now > closes_at
    return True


def quiz_window(*, enrollment: Enrollment, quiz: Quiz) -> QuizWindow:
    dates = course_selectors.lesson_dates_for_enrollment(enrollment, quiz)
    return QuizWindow(dates.opens_at, dates.due_at)


def _freeze(quiz: Quiz, rng: random.Random) -> list[dict]:
    """The attempt's questions as plain JSON: what the learner sees and the key it is graded by."""
    frozen: list[dict] = []
    slots = list(quiz.slots.select_related("category").order_by("order", "pk"))
    # Every question the slots can draw from, in one query: freezing needs only the base
    # row (the key is stored there), not one more query per question type present.
    fixed = {slot.question_id for slot in slots if slot.question_id}
    categories = {slot.category_id for slot in slots if slot.category_id}
    bank = list(
        Question.objects.non_polymorphic()
        .filter(Q(pk__in=fixed) | Q(category_id__in=categories))
        .order_by("pk")
    )
    by_pk = {question.pk: question for question in bank}
    pools: dict[int, list[Question]] = {}
    for question in bank:
        pools.setdefault(question.category_id, []).append(question)
    for slot in slots:
        if slot.question_id:
            picked = [by_pk[slot.question_id]]
        else:
            pool = pools.get(slot.category_id, [])
            if len(pool) < slot.count:
                raise AttemptError(
                    _("De toets is nog niet klaar: er zijn te weinig vragen in ‘%(name)s’.")
                    % {"name": slot.category.name}
                )
            picked = rng.sample(pool, slot.count)
        for question in picked:
            spec = question.spec()
            entry = {
                "question_id": question.pk,
                "name": question.name,
                "text": question.text,
                "text_format": question.text_format,
                "general_feedback": question.general_feedback,
                "spec": specs.spec_to_json(spec),
                "points": str(slot.points),
                "option_order": None,
            }
            options = getattr(spec, "choices", None)
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


def attempt_start(*, enrollment: Enrollment, quiz: Quiz, now: datetime | None = None) -> Attempt:
    """Start an attempt, or return the one in progress. The deadline is fixed here, on the server."""
    now = now or timezone.now()
    if quiz.module.course_id != enrollment.edition.course_id:
        raise AttemptError(_("Deze toets hoort niet bij jouw cursus."))
    window = quiz_window(enrollment=enrollment, quiz=quiz)
    current = Attempt.objects.filter(
        enrollment=enrollment, quiz=quiz, status=Attempt.Status.IN_PROGRESS
    ).first()
    if current is not None:
        return current
    if not window.is_open(now):
        raise AttemptError(_("Deze toets is nu niet open."))
    with transaction.atomic():
        Enrollment.objects.select_for_update().filter(
            pk=enrollment.pk
        ).first()  # one start at a time
        # Under the lock, once more: an attempt in progress (a second tab won the race) and
        # how many attempts were used, from one query.
        taken = list(
            Attempt.objects.filter(enrollment=enrollment, quiz=quiz).values_list(
                "pk", "status", "number"
            )
        )
        current_id = next(
            (pk for pk, status, _n in taken if status == Attempt.Status.IN_PROGRESS), None
        )
        if current_id is not None:
            return Attempt.objects.get(pk=current_id)
        used = max((number for _pk, _status, number in taken), default=0)
        if quiz.attempts_allowed and used >= quiz.attempts_allowed:
            raise AttemptError(_("Je hebt al je pogingen voor deze toets gebruikt."))
        deadline = window.closes_at
        if quiz.time_limit_minutes:
            limit = now + timedelta(minutes=quiz.time_limit_minutes)
            deadline = min(deadline, limit) if deadline else limit
        attempt = Attempt.objects.create(
            enrollment=enrollment,
            quiz=quiz,
            number=used + 1,
            questions=_freeze(quiz, random.Random()),
            started_at=now,
            deadline_at=deadline,
        )
    return attempt


def _check_owner(attempt: Attempt, user) -> None:
    if attempt.enrollment.learner_id != user.pk:
        raise PermissionDenied


def response_save(
    *, attempt: Attempt, position: int, answer, user, now: datetime | None = None
) -> Response:
    """Save one answer as the learner gives it. Refused after submission or after the deadline."""
    now = now or timezone.now()
    _check_owner(attempt, user)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise AttemptError(_("Deze poging is al ingeleverd. Je antwoord is niet meer veranderd."))
    if attempt.deadline_at and now > attempt.deadline_at + GRACE:
        raise AttemptError(_("De tijd is om. Antwoorden die nu nog binnenkomen tellen niet mee."))
    if not 0 <= position < len(attempt.questions):
        raise AttemptError(_("Deze vraag hoort niet bij je poging."))
    if len(json.dumps(answer)) > MAX_ANSWER_BYTES:
        raise AttemptError(_("Je antwoord is te lang."))
    spec = specs.spec_from_json(attempt.questions[position]["spec"])
    try:
        grading.grade(spec, answer)
    except grading.InvalidResponse as exc:
        raise AttemptError(_("Dit antwoord past niet bij de vraag.")) from exc
    with transaction.atomic():
        # Re-read the status under a lock: a hand-in from another tab may have just committed.
        status = (
            Attempt.objects.select_for_update()
            .filter(pk=attempt.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status != Attempt.Status.IN_PROGRESS:
            raise AttemptError(
                _("Deze poging is al ingeleverd. Je antwoord is niet meer veranderd.")
            )
        response, _created = Response.objects.update_or_create(
            attempt=attempt, position=position, defaults={"answer": answer, "saved_at": now}
        )
    return response


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
            from .tasks import attempt_grade

            _mark_quiz_done(attempt, now)
            # robust: with the broker away the learner's hand-in still stands; the sweep
            # enqueues the grading later.
            transaction.on_commit(lambda: attempt_grade.delay(attempt.pk), robust=True)
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
    one task does the work of many and their own messages find nothing left to do."""
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
                locked.select_related("quiz")
                .filter(status=Attempt.Status.SUBMITTED)
                .filter(Q(pk=attempt_id) | Q(grading_failures=0))
                .annotate(_own=Case(When(pk=attempt_id, then=Value(0)), default=Value(1)))
                .order_by("_own", "submitted_at", "pk")[: extra + 1]
            )
        else:
            batch = list(
                locked.select_related("quiz").filter(pk=attempt_id, status=Attempt.Status.SUBMITTED)
            )
        if not batch:
            return []
        answers: dict[int, dict[int, tuple[int, Any]]] = {a.pk: {} for a in batch}
        for pk, owner, position, answer in Response.objects.filter(
            attempt_id__in=answers
        ).values_list("pk", "attempt_id", "position", "answer"):
            answers[owner][position] = (pk, answer)
        graded: list[Attempt] = []
        missing: list[Response] = []
        changed: list[tuple] = []
        for attempt in batch:
            try:
                scored = _score(attempt, answers[attempt.pk])
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
        _update_rows(Response, _SCORE_FIELDS, changed)
        attempt_fields = ["status", "graded_at", "points", "max_points", "percentage", "passed"]
        _update_rows(
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


def _update_rows(model, field_names: list[str], rows: list[tuple]) -> None:
    """Write `field_names` of many rows in one statement: `rows` are (pk, *values).

    On PostgreSQL one UPDATE … FROM unnest(column arrays): a handful of parameters whatever
    the number of rows, so neither Django nor psycopg walks thousands of placeholders.
    Elsewhere one prepared statement for all rows (executemany). QuerySet.bulk_update builds
    a CASE expression per row and field, which costs far more than the database's work."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    pk = model._meta.pk
    quote = connection.ops.quote_name
    prepared = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row[1:], strict=True)
        ]
        for row in rows
    ]
    if connection.vendor == "postgresql":
        columns = [[values[i] for values in prepared] for i in range(len(fields))]
        columns.append([row[0] for row in rows])
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in [*fields, pk])
        names = [f"c{i}" for i in range(len(fields))] + ["pk"]
        sql = (
            "UPDATE {table} AS t SET {sets} FROM unnest({arrays}) AS v ({names})"
            " WHERE t.{pk} = v.pk"
        ).format(
            table=quote(model._meta.db_table),
            sets=", ".join(f"{quote(f.column)} = v.c{i}" for i, f in enumerate(fields)),
            arrays=arrays,
            names=", ".join(names),
            pk=quote(pk.column),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, columns)
        return
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(pk.column),
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [[*values, row[0]] for values, row in zip(prepared, rows, strict=True)]
        )


def _announce_graded(announcements: list[tuple[int, int, bool]]) -> None:
    """One result_changed per graded attempt; the course results they touch are recomputed
    by one task for the batch, not one per attempt."""
    from . import results

    with results.coalesced_recomputes():
        for attempt_id, enrollment_id, counts in announcements:
            signals.result_changed.send(
                sender=Attempt,
                enrollment_id=enrollment_id,
                attempt_id=attempt_id,
                counts_for_result=counts,
            )


def _score(attempt: Attempt, answers: dict[int, tuple[int, Any]]) -> tuple[list[Response], list]:
    """Score every frozen question from the saved answers (position: (response id, answer));
    sets the points on the attempt and returns the responses to create (unanswered
    questions) and the score rows (response id, *_SCORE_FIELDS) to write."""
    items = []
    missing: list[Response] = []
    changed: list[tuple] = []
    hundredth = Decimal("0.01")
    for position, frozen in enumerate(attempt.questions):
        spec = specs.spec_from_json(frozen["spec"])
        saved = answers.get(position)
        try:
            result = grading.grade(spec, saved[1] if saved else None)
        except grading.InvalidResponse:
            result = grading.GradeResult(fraction=Decimal(0))
        points = Decimal(frozen["points"])
        items.append((result, points))
        scored = (
            result.fraction,
            (result.fraction * points).quantize(hundredth),
            list(result.feedback),
            result.needs_review,
        )
        if saved is None:
            missing.append(
                Response(
                    attempt=attempt,
                    position=position,
                    answer=None,
                    saved_at=attempt.submitted_at,
                    **dict(zip(_SCORE_FIELDS, scored, strict=True)),
                )
            )
        else:
            changed.append((saved[0], *scored))
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


def attempt_record_failure(*, attempt_id: int, error: str) -> bool:
    """Count a failed grading try; park the attempt for an administrator after too many."""
    attempt = Attempt.objects.filter(pk=attempt_id, status=Attempt.Status.SUBMITTED).first()
    if attempt is None:
        return False
    failures = attempt.grading_failures + 1
    parked = failures >= MAX_GRADING_FAILURES
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
        status=Attempt.Status.IN_PROGRESS, deadline_at__lt=now - GRACE
    ).only("pk", "status"):
        count += attempt_submit(attempt=attempt, now=now, auto=True)
    return count


def attempts_sweep_ungraded(
    *, older_than: timedelta = timedelta(minutes=2), now: datetime | None = None
) -> list[int]:
    """Re-enqueue attempts submitted a while ago but not graded (a lost message costs minutes)."""
    from .tasks import attempt_grade

    now = now or timezone.now()
    ids = list(
        Attempt.objects.filter(
            status=Attempt.Status.SUBMITTED, submitted_at__lt=now - older_than
        ).values_list("pk", flat=True)[:1000]
    )
    for attempt_id in ids:
        attempt_grade.delay(attempt_id)
    return ids


def attempt_grading_queue_length() -> int:
    return Attempt.objects.filter(status=Attempt.Status.SUBMITTED).count()


def final_result(*, enrollment: Enrollment, quiz: Quiz) -> Decimal | None:
    """The quiz's grade for a learner by its grading method, over finished attempts."""
    percentages = list(
        Attempt.objects.filter(enrollment=enrollment, quiz=quiz, status=Attempt.Status.GRADED)
        .order_by("number")
        .values_list("percentage", flat=True)
    )
    return grading.final_grade(percentages, quiz.grading_method)


__all__ = [
    "AttemptError",
    "attempt_grade",
    "attempt_record_failure",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired",
    "attempts_sweep_ungraded",
    "feedback_visible",
    "final_result",
    "quiz_window",
    "response_save",
]
