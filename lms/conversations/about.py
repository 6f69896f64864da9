"""What a message can be about: one entry per kind of work, in one registry.

A message that answers released feedback or a coaching note keeps a loose reference to it
(`Message.about_kind`, `about_id`, and a snapshot of the title). Each kind says whether a
row belongs to an enrolment (and may be answered), what it is called, and where each side
reads it. Another app adds a kind with `about_register`; the code that shows messages asks
the registry and never switches on a kind.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy

from assessments.models import Review
from core.dates import format_when
from courses.models import CoachingNote, Enrollment


@dataclass(frozen=True)
class Found:
    """A piece of work a message may be about, as the message remembers it."""

    kind: str
    item_id: int
    title: str


class AboutKind:
    """One kind of work a message can be about."""

    key: str = ""
    label = gettext_lazy("Over")

    def find(self, *, enrollment_id: int, item_id: int) -> Found | None:
        """The work when it is this enrolment's and its learner may read it; else None."""
        raise NotImplementedError

    def links(
        self, *, enrollment: Enrollment, item_ids: Collection[int], for_learner: bool
    ) -> dict[int, str]:
        """Where each side reads the work, per key (one query for all of a page's messages);
        work that is gone has no link."""
        raise NotImplementedError


class ReleasedFeedback(AboutKind):
    """A trainer's review of handed-in work, once released to the learner."""

    key = "feedback"
    label = gettext_lazy("Over de feedback op")

    def find(self, *, enrollment_id: int, item_id: int) -> Found | None:
        title = (
            Review.objects.filter(
                pk=item_id,
                state=Review.State.RELEASED,
                submission__enrollment_id=enrollment_id,
            )
            .values_list("submission__assignment__title", flat=True)
            .first()
        )
        return None if title is None else Found(self.key, item_id, title)

    def links(
        self, *, enrollment: Enrollment, item_ids: Collection[int], for_learner: bool
    ) -> dict[int, str]:
        rows = Review.objects.filter(
            pk__in=list(item_ids), submission__enrollment_id=enrollment.pk
        ).values_list("pk", "submission_id", "submission__assignment_id")
        if for_learner:
            return {
                pk: reverse("courses:lesson", args=[enrollment.edition_id, lesson_id])
                + "#feedback-heading"
                for pk, _submission, lesson_id in rows
            }
        return {
            pk: reverse("assessments_trainer:grade", args=[submission_id])
            for pk, submission_id, _lesson in rows
        }


class CoachingNoteKind(AboutKind):
    """A trainer's feedback or coaching note to the learner (courses.CoachingNote)."""

    key = "coaching_note"
    label = gettext_lazy("Over de coachingsnotitie")

    def find(self, *, enrollment_id: int, item_id: int) -> Found | None:
        row = (
            CoachingNote.objects.filter(pk=item_id, enrollment_id=enrollment_id)
            .values_list("lesson__title", "created_at")
            .first()
        )
        if row is None:
            return None
        lesson, created_at = row
        title = lesson or format_when(created_at, "date")
        return Found(self.key, item_id, title)

    def links(
        self, *, enrollment: Enrollment, item_ids: Collection[int], for_learner: bool
    ) -> dict[int, str]:
        found = CoachingNote.objects.filter(
            pk__in=list(item_ids), enrollment_id=enrollment.pk
        ).values_list("pk", flat=True)
        if for_learner:
            url = reverse("lms:learner_dashboard") + "#feedback-heading"
        else:
            url = reverse("courses:trainer_learner", args=[enrollment.edition_id, enrollment.pk])
        return dict.fromkeys(found, url)


ABOUT: dict[str, AboutKind] = {}


def about_register(kind: AboutKind) -> None:
    ABOUT[kind.key] = kind


def about_find(*, enrollment_id: int, kind: str, item_id: int) -> Found | None:
    """The work a message would be about, or None (an unknown kind, another learner's work,
    feedback that is not released)."""
    entry = ABOUT.get(kind)
    if entry is None:
        return None
    return entry.find(enrollment_id=enrollment_id, item_id=item_id)


about_register(ReleasedFeedback())
about_register(CoachingNoteKind())
