"""Regrading: when a question's key was wrong, score the attempts taken with it again.

An attempt keeps the key it was taken with (`Attempt.questions`). A regrade is the one
deliberate exception: it replaces that frozen key with the question's current one, keeps the
old key next to it ("spec_before_regrade"), scores the affected answers again and records who
did it and why. Attempts that are not scored yet get the corrected key too, so that the
grading that is still to come uses it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import signals
from ..models import Attempt, GradingEvent, Question, QuestionBankChange, QuestionCategory, Response
from ..questions import specs
from ..questions.registry import registry
from ..questions.selectors import ExamRef, attempt_ids_with_question
from ..questions.services import check_author, question_bank_change_record
from ..results.services import coalesced_recomputes
from . import grading, tasks

MAX_REASON_LENGTH = 2000

SCORED_STATUSES = (Attempt.Status.GRADED, Attempt.Status.NEEDS_REVIEW)


class RegradeError(ValidationError):
    """A regrade that cannot be done; the message says why, in Dutch. Nothing was changed."""


@dataclass(frozen=True)
class RegradeChange:
    attempt_id: int
    enrollment_id: int
    old_percentage: Decimal | None
    new_percentage: Decimal | None
    old_passed: bool | None
    new_passed: bool | None

    @property
    def score_changed(self) -> bool:
        return (self.old_percentage, self.old_passed) != (self.new_percentage, self.new_passed)


@dataclass(frozen=True)
class RegradeReport:
    """What a regrade did: scored attempts it re-scored and unscored ones it gave the new key."""

    question_id: int
    changes: tuple[RegradeChange, ...] = ()
    pending_updated: int = 0
    unchanged: int = 0

    @property
    def regraded(self) -> int:
        return len(self.changes)

    @property
    def scores_changed(self) -> int:
        return sum(1 for change in self.changes if change.score_changed)

    def message(self, name: str) -> str:
        """What the regrade of question `name` did, for the person who asked for it."""
        return _(
            "‘%(name)s’ opnieuw nagekeken: %(regraded)s pogingen met de nieuwe sleutel "
            "nagekeken, waarvan %(changed)s met een ander resultaat; %(pending)s nog niet "
            "nagekeken pogingen kregen de nieuwe sleutel; %(unchanged)s hadden de sleutel al."
        ) % {
            "name": name,
            "regraded": self.regraded,
            "changed": self.scores_changed,
            "pending": self.pending_updated,
            "unchanged": self.unchanged,
        }


# --- the shared scoring helper ----------------------------------------------------------------


def _gradable(spec: specs.Spec) -> bool:
    """Whether a question counts towards the total: the grading core's call (a description
    does not)."""
    return grading.grade(spec, None).gradable


def attempt_total(attempt: Attempt, responses: Iterable[Response]) -> grading.AttemptScore:
    """The attempt's total from the scores stored on its responses, added up exactly as the
    first grading did, so that a regrade or a review changes only what it scored again."""
    by_position = {response.position: response for response in responses}
    items = []
    for position, frozen in enumerate(attempt.questions):
        response = by_position.get(position)
        fraction = Decimal(0)
        needs_review = False
        if response is not None:
            fraction = response.fraction if response.fraction is not None else Decimal(0)
            needs_review = response.needs_review
        result = grading.GradeResult(
            fraction=fraction,
            needs_review=needs_review,
            gradable=_gradable(specs.spec_from_json(frozen["spec"])),
        )
        items.append((result, Decimal(frozen["points"])))
    return grading.attempt_score(items)


def attempt_passed(attempt: Attempt, total: grading.AttemptScore) -> bool | None:
    """Passed or not; unknown (None) while an answer still waits for a trainer."""
    if not total.complete:
        return None
    return grading.passed(total.percentage, attempt.quiz.pass_mark)


def _score_values(spec: specs.Spec, answer, points: Decimal) -> dict:
    try:
        result = grading.grade(spec, answer)
    except grading.InvalidResponse:
        result = grading.GradeResult(fraction=Decimal(0))
    return {
        "fraction": result.fraction,
        "points": (result.fraction * points).quantize(Decimal("0.01")),
        "feedback": list(result.feedback),
        "needs_review": result.needs_review,
    }


# --- regrade ----------------------------------------------------------------------------------


def _clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RegradeError(
            _("Geef een reden op voor het opnieuw nakijken, bijvoorbeeld welke sleutel fout was.")
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise RegradeError(
            _("De reden is te lang: hoogstens %(max)d tekens.") % {"max": MAX_REASON_LENGTH}
        )
    return reason


def _current_spec(question: Question) -> specs.Spec:
    try:
        spec = question.get_real_instance().spec()
        problems = grading.is_key_consistent(spec)
    except ValidationError as exc:
        raise RegradeError(exc.messages) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise RegradeError(
            _("De antwoordsleutel van ‘%(name)s’ is niet leesbaar: %(error)s")
            % {"name": question.name, "error": exc}
        ) from exc
    if problems:
        raise RegradeError(
            _(
                "De antwoordsleutel van ‘%(name)s’ klopt nog niet: %(problems)s. Verbeter de "
                "sleutel eerst; er is niets opnieuw nagekeken."
            )
            % {"name": question.name, "problems": "; ".join(problems)}
        )
    return spec


def attempts_regrade(
    *, question: Question, actor, reason: str, now: datetime | None = None
) -> RegradeReport:
    """Score every attempt taken with `question` again with its current key, in one transaction.

    Running it twice with the same key changes nothing the second time: an attempt whose frozen
    key already equals the current one is left alone and gets no event.

    It changes exam results, so only an administrator or an author of the question's course
    may (`actor=None` is the operator at the command line); a regrade that changed anything
    leaves a `QuestionBankChange` row.
    """
    category = QuestionCategory.objects.select_related("course").get(pk=question.category_id)
    check_author(actor, category.course)
    reason = _clean_reason(reason)
    spec = _current_spec(question)
    spec_json = specs.spec_to_json(spec)
    actor = actor if getattr(actor, "pk", None) else None
    now = now or timezone.now()
    ids = attempt_ids_with_question(question.pk)

    changes: list[RegradeChange] = []
    pending = unchanged = 0
    exams: dict[int, ExamRef] = {}
    with transaction.atomic():
        locked = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        for attempt in locked:
            positions = [
                position
                for position, entry in enumerate(attempt.questions)
                if entry.get("question_id") == question.pk
                and specs.spec_from_json(entry["spec"]) != spec
            ]
            if not positions:
                unchanged += 1
                continue
            if attempt.quiz.is_exam:
                exams[attempt.quiz_id] = ExamRef(attempt.quiz_id, attempt.quiz.title)
            attempt.questions = copy.deepcopy(attempt.questions)
            for position in positions:
                entry = attempt.questions[position]
                entry.setdefault("spec_before_regrade", entry["spec"])
                entry["spec"] = spec_json
            if attempt.status in SCORED_STATUSES:
                changes.append(
                    _rescore(attempt, positions, spec, actor=actor, reason=reason, now=now)
                )
            else:
                Attempt.objects.filter(pk=attempt.pk).update(questions=attempt.questions)
                pending += 1
        if changes or pending:
            question_bank_change_record(
                action=QuestionBankChange.Action.REGRADED,
                course=category.course,
                actor=actor,
                category=category,
                question_ids=[question.pk],
                summary=_(
                    "‘%(name)s’ opnieuw nagekeken: %(regraded)d pogingen, waarvan %(changed)d "
                    "met een ander resultaat; %(pending)d nog niet nagekeken pogingen kregen de "
                    "nieuwe sleutel. Reden: %(reason)s"
                )
                % {
                    "name": question.name,
                    "regraded": len(changes),
                    "changed": sum(1 for change in changes if change.score_changed),
                    "pending": pending,
                    "reason": reason,
                },
                exams=sorted(exams.values(), key=lambda exam: exam.pk),
            )
        announce = [(c.enrollment_id, c.attempt_id) for c in changes if c.score_changed]
        if announce:
            transaction.on_commit(partial(_announce, announce))
    return RegradeReport(
        question_id=question.pk,
        changes=tuple(changes),
        pending_updated=pending,
        unchanged=unchanged,
    )


def _rescore(
    attempt: Attempt, positions: list[int], spec: specs.Spec, *, actor, reason: str, now
) -> RegradeChange:
    """Score the regraded positions again (an essay keeps its score: its key holds no answer),
    then the attempt's total from every stored score."""
    responses = {r.position: r for r in Response.objects.filter(attempt=attempt)}
    for position in positions:
        if registry.for_spec(spec).graded_by_hand:
            continue
        response = responses.get(position)
        points = Decimal(attempt.questions[position]["points"])
        values = _score_values(spec, response.answer if response else None, points)
        if response is None:
            response = Response.objects.create(
                attempt=attempt,
                position=position,
                answer=None,
                saved_at=attempt.submitted_at or now,
                **values,
            )
            responses[position] = response
        else:
            Response.objects.filter(pk=response.pk).update(**values)
            for name, value in values.items():
                setattr(response, name, value)
    total = attempt_total(attempt, responses.values())
    passed = attempt_passed(attempt, total)
    change = RegradeChange(
        attempt_id=attempt.pk,
        enrollment_id=attempt.enrollment_id,
        old_percentage=attempt.percentage,
        new_percentage=total.percentage,
        old_passed=attempt.passed,
        new_passed=passed,
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        questions=attempt.questions,
        points=total.points,
        max_points=total.max_points,
        percentage=total.percentage,
        passed=passed,
    )
    GradingEvent.objects.create(
        attempt=attempt,
        kind=GradingEvent.Kind.REGRADED,
        actor=actor,
        reason=reason,
        old_percentage=change.old_percentage,
        new_percentage=change.new_percentage,
    )
    return change


def _announce(changed: list[tuple[int, int]]) -> None:
    with coalesced_recomputes():
        for enrollment_id, attempt_id in changed:
            signals.result_changed.send(
                sender=Attempt, enrollment_id=enrollment_id, attempt_id=attempt_id
            )


# --- parked attempts --------------------------------------------------------------------------


def attempts_requeue(*, attempt_ids: Iterable[int]) -> list[int]:
    """Put attempts parked as "needs attention" back in the grading queue, after the commit.

    Only parked attempts move; the ids of those that did are returned."""
    with transaction.atomic():
        ids = list(
            Attempt.objects.select_for_update()
            .filter(pk__in=list(attempt_ids), status=Attempt.Status.NEEDS_ATTENTION)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Attempt.objects.filter(pk__in=ids, status=Attempt.Status.NEEDS_ATTENTION).update(
            status=Attempt.Status.SUBMITTED, grading_failures=0
        )
        for attempt_id in ids:
            # robust: with the broker away the attempt still waits as submitted; the sweep
            # enqueues it later.
            transaction.on_commit(partial(tasks.attempt_grade.delay, attempt_id), robust=True)
    return ids


__all__ = [
    "RegradeChange",
    "RegradeError",
    "RegradeReport",
    "attempt_ids_with_question",
    "attempt_passed",
    "attempt_total",
    "attempts_regrade",
    "attempts_requeue",
]
