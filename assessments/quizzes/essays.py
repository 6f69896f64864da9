"""Essay review: a trainer scores the open answers of an attempt that waits in "needs review".

The first review grades the attempt; a second one (another trainer saving at the same moment)
is refused, so that an attempt is graded by a trainer once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from core.numbers import plain_decimal
from courses.access import can_teach
from courses.models import Edition

from .. import signals
from ..models import Attempt, GradingEvent, Response
from ..questions import specs
from .regrade import attempt_passed, attempt_total

MAX_FEEDBACK_LENGTH = 10_000
_POINTS_QUANTUM = Decimal("0.01")
_FRACTION_QUANTUM = Decimal("0.0000001")


class ReviewError(ValidationError):
    """A review that cannot be saved; the message says why, in Dutch. Nothing was saved."""


class AlreadyReviewed(ReviewError):
    """Another trainer (or an earlier click) graded the attempt first."""


@dataclass(frozen=True)
class EssayItem:
    """One open answer waiting for a trainer, with what the trainer needs to score it."""

    position: int
    number: int
    name: str
    text: str
    guidance: str
    answer: str
    max_points: Decimal


# --- reads ------------------------------------------------------------------------------------


def attempts_needing_review(*, edition: Edition) -> QuerySet[Attempt]:
    """The edition's attempts that wait for a trainer, the longest waiting first."""
    return (
        Attempt.objects.filter(enrollment__edition=edition, status=Attempt.Status.NEEDS_REVIEW)
        .select_related("enrollment__learner", "quiz")
        .order_by("submitted_at", "pk")
    )


def attempt_for_review_or_404(*, edition: Edition, attempt_id: int) -> Attempt:
    """An attempt of this edition's learners; any other attempt is a 404."""
    attempt = (
        Attempt.objects.filter(pk=attempt_id, enrollment__edition=edition)
        .select_related("enrollment__learner", "quiz")
        .first()
    )
    if attempt is None:
        raise Http404
    attempt.enrollment.edition = edition
    return attempt


def essays_to_review(attempt: Attempt) -> list[EssayItem]:
    """The attempt's answers that wait for a trainer, in the order the learner saw them."""
    waiting = Response.objects.filter(attempt=attempt, needs_review=True).order_by("position")
    items = []
    for response in waiting:
        frozen = attempt.questions[response.position]
        spec = specs.spec_from_json(frozen["spec"])
        items.append(
            EssayItem(
                position=response.position,
                number=response.position + 1,
                name=frozen.get("name", ""),
                text=frozen.get("text", ""),
                guidance=getattr(spec, "guidance", ""),
                answer=response.answer if isinstance(response.answer, str) else "",
                max_points=Decimal(frozen["points"]),
            )
        )
    return items


# --- the review -------------------------------------------------------------------------------


def _clean_score(score, *, number: int, name: str, max_points: Decimal) -> Decimal:
    try:
        value = score if isinstance(score, Decimal) else Decimal(str(score))
    except (InvalidOperation, ValueError, TypeError):
        value = None
    if value is None or not value.is_finite() or not Decimal(0) <= value <= max_points:
        raise ReviewError(
            _("Vraag %(number)d (%(name)s): geef een score van 0 tot en met %(max)s punten.")
            % {"number": number, "name": name, "max": localize(plain_decimal(max_points))}
        )
    if value != value.quantize(_POINTS_QUANTUM):
        raise ReviewError(
            _("Vraag %(number)d (%(name)s): een score heeft hoogstens twee decimalen.")
            % {"number": number, "name": name}
        )
    return value.quantize(_POINTS_QUANTUM)


def _already_reviewed() -> AlreadyReviewed:
    return AlreadyReviewed(
        _("Deze poging is al beoordeeld, misschien door een collega. Er is niets veranderd.")
    )


def essay_review(
    *,
    attempt: Attempt,
    scores: dict[int, Decimal],
    feedback: dict[int, str],
    reviewer,
    now: datetime | None = None,
) -> Attempt:
    """Score the open answers of an attempt that waits for review, and grade the attempt.

    `scores` and `feedback` are keyed by the answer's position in the attempt. Every answer
    that waits needs a score between 0 and its question's points; otherwise nothing is saved.
    """
    now = now or timezone.now()
    if not can_teach(reviewer, attempt.enrollment.edition):
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .filter(pk=attempt.pk)
            .first()
        )
        if locked is None:
            raise ReviewError(_("Deze poging bestaat niet meer."))
        if locked.status == Attempt.Status.GRADED:
            raise _already_reviewed()
        if locked.status != Attempt.Status.NEEDS_REVIEW:
            raise ReviewError(_("Deze poging wacht niet op een beoordeling."))

        responses = list(Response.objects.filter(attempt=locked))
        waiting = {r.position: r for r in responses if r.needs_review}
        unknown = set(scores) - set(waiting)
        if unknown:
            raise ReviewError(
                _("Vraag %(numbers)s wacht niet op een beoordeling.")
                % {"numbers": ", ".join(str(p + 1) for p in sorted(unknown))}
            )
        missing = set(waiting) - set(scores)
        if missing:
            raise ReviewError(
                _("Geef ook een score voor vraag %(numbers)s.")
                % {"numbers": ", ".join(str(p + 1) for p in sorted(missing))}
            )

        values: dict[int, dict] = {}
        for position in sorted(waiting):
            frozen = locked.questions[position]
            max_points = Decimal(frozen["points"])
            score = _clean_score(
                scores[position],
                number=position + 1,
                name=frozen.get("name", ""),
                max_points=max_points,
            )
            text = (feedback.get(position) or "").strip()
            if len(text) > MAX_FEEDBACK_LENGTH:
                raise ReviewError(
                    _("Vraag %(number)d: de feedback is te lang (hoogstens %(max)d tekens).")
                    % {"number": position + 1, "max": MAX_FEEDBACK_LENGTH}
                )
            fraction = (
                (score / max_points).quantize(_FRACTION_QUANTUM) if max_points else Decimal(0)
            )
            values[position] = {
                "points": score,
                "fraction": fraction,
                "feedback": [text] if text else [],
                "needs_review": False,
            }

        for position, changes in values.items():
            response = waiting[position]
            Response.objects.filter(pk=response.pk).update(**changes)
            for name, value in changes.items():
                setattr(response, name, value)
        total = attempt_total(locked, responses)
        passed = attempt_passed(locked, total)
        claimed = Attempt.objects.filter(pk=locked.pk, status=Attempt.Status.NEEDS_REVIEW).update(
            status=Attempt.Status.GRADED if total.complete else Attempt.Status.NEEDS_REVIEW,
            graded_at=now,
            points=total.points,
            max_points=total.max_points,
            percentage=total.percentage,
            passed=passed,
        )
        if not claimed:
            raise _already_reviewed()
        GradingEvent.objects.create(
            attempt=locked,
            kind=GradingEvent.Kind.REVIEWED,
            actor=reviewer,
            old_percentage=locked.percentage,
            new_percentage=total.percentage,
        )
        transaction.on_commit(
            partial(
                signals.result_changed.send,
                sender=Attempt,
                enrollment_id=locked.enrollment_id,
                attempt_id=locked.pk,
            )
        )
    attempt.refresh_from_db()
    return attempt


__all__ = [
    "AlreadyReviewed",
    "EssayItem",
    "ReviewError",
    "attempt_for_review_or_404",
    "attempts_needing_review",
    "essay_review",
    "essays_to_review",
]
