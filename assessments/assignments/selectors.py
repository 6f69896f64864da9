"""Reads of assessments that other parts of the project use."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from ..models import Attempt, Review, Submission


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
