"""Bulk reads for the notification jobs and pages: a fixed number of queries, whatever the
number of learners."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.outbox.hooks import Recipient
from courses import schedule
from courses.models import ClassroomSession, Edition, Enrollment, Lesson

from ..models import MutedKind, Notification, Profile

UNREAD_TIMEOUT = 60
LIVE_STATUSES = [Edition.Status.PLANNED, Edition.Status.OPEN, Edition.Status.RUNNING]


@dataclass
class EditionSchedule:
    edition: Edition
    sessions: list[ClassroomSession] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)
    dates: dict[int, schedule.LessonDates] = field(default_factory=dict)


def live_schedules(*, edition_ids: list[int] | None = None) -> dict[int, EditionSchedule]:
    """Every live edition with its sessions, lessons and computed dates (three queries)."""
    editions = Edition.objects.filter(status__in=LIVE_STATUSES).select_related("course")
    if edition_ids is not None:
        editions = editions.filter(pk__in=edition_ids)
    result = {e.pk: EditionSchedule(edition=e) for e in editions}
    if not result:
        return result
    for session in (
        ClassroomSession.objects.filter(edition_id__in=list(result))
        .select_related("module")
        .order_by("date", "start_time", "pk")
    ):
        result[session.edition_id].sessions.append(session)
    by_course: dict[int, list[Lesson]] = defaultdict(list)
    course_ids = {s.edition.course_id for s in result.values()}
    for lesson in (
        Lesson.objects.non_polymorphic()
        .filter(module__course_id__in=course_ids)
        .select_related("module")
        .order_by("module__order", "order", "pk")
    ):
        by_course[lesson.module.course_id].append(lesson)
    tz = timezone.get_current_timezone()
    for item in result.values():
        item.lessons = by_course[item.edition.course_id]
        item.dates = schedule.compute_dates(
            [lesson.schedule_rule() for lesson in item.lessons],
            [s.slot() for s in item.sessions],
            tz=tz,
        )
    return result


def muted(kind: str):
    """An `Exists` that is true for enrolments whose learner switched `kind` off."""
    return Exists(MutedKind.objects.filter(user_id=OuterRef("learner_id"), kind=kind))


def muted_user(kind: str):
    """Like `muted`, for rows with a `user_id` (a trainer assignment)."""
    return Exists(MutedKind.objects.filter(user_id=OuterRef("user_id"), kind=kind))


def active_enrollment_rows(edition_ids, *, kinds: list[str]) -> list[dict]:
    """Active enrolments of the editions as plain rows, with `muted_<kind>` flags (one query)."""
    return list(
        Enrollment.objects.filter(edition_id__in=list(edition_ids), status=Enrollment.Status.ACTIVE)
        .annotate(**{f"muted_{kind}": muted(kind) for kind in kinds})
        .values("pk", "edition_id", "learner_id", "learner__email", *[f"muted_{k}" for k in kinds])
    )


def outbox_recipients(user_ids: Collection[int]) -> dict[int, Recipient]:
    """The outbox's recipient policy: each user's language and switched-off kinds (two
    queries per batch of e-mails)."""
    languages = dict(
        Profile.objects.filter(user_id__in=user_ids).values_list("user_id", "language")
    )
    muted: dict[int, set[str]] = defaultdict(set)
    for user_id, kind in MutedKind.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind"
    ):
        muted[user_id].add(kind)
    return {
        pk: Recipient(
            language=languages.get(pk) or settings.LANGUAGE_CODE, muted=frozenset(muted[pk])
        )
        for pk in user_ids
    }


def unread_cache_key(user_id: int) -> str:
    return f"lms:unread:{user_id}"


def notices_unread_counted(user_id: int) -> int:
    """Count the unread notices in the database and cache the number (after a cache miss; the
    menu reads it with the roles, see lms.selectors.menu_state). Every write that
    changes it drops the cached number after commit (see services); the timeout only bounds
    a per-process cache."""
    count = Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
    cache.set(unread_cache_key(user_id), count, UNREAD_TIMEOUT)
    return count


def notices_for_user(user, *, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")[:limit])


def local_day_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
