"""Bulk reads for the notification jobs and pages: a fixed number of queries, whatever the
number of learners."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.outbox.hooks import Recipient
from courses import schedule
from courses.models import ClassroomSession, Edition, Enrollment, Lesson, LessonProgress

from .. import clock
from ..models import Kind, MutedKind, Notification, Profile

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


# --- is a notice still true? (the outbox asks before it e-mails one) ---------------------------

# How long after it was made a notice may still be e-mailed. A kind not named here has no
# limit: an invitation, a certificate or the answer to a sign-up stays true until acted on.
EMAIL_MAX_AGE = {
    Kind.DUE_SOON: timedelta(hours=48),
    Kind.OVERDUE: timedelta(days=3),
    Kind.SESSION_SOON: timedelta(hours=48),
    Kind.NEW_WORK: timedelta(days=1),
    Kind.TRAINER_DIGEST: timedelta(days=1),
    Kind.COACHING_SOON: timedelta(hours=24),
    Kind.COACHING: timedelta(days=7),
    Kind.NEW_MESSAGE: timedelta(days=7),
    Kind.FEEDBACK: timedelta(days=14),
    Kind.SCHEDULE_CHANGED: timedelta(days=14),
    Kind.EVALUATION: timedelta(days=14),
    Kind.ANNOUNCEMENT: timedelta(days=30),
}
# Reminders of a moment: once the moment has passed, the reminder is no longer true.
REMINDED_MOMENT = {
    Kind.DUE_SOON: "due_at",
    Kind.SESSION_SOON: "starts_at",
    Kind.COACHING_SOON: "starts_at",
}
_LESSON_ITEM = re.compile(r"^enrollment:(\d+)/lesson:(\d+)$")


def outbox_untrue(rows: Sequence[Notification]) -> set[int]:
    """The outbox's truth check: the rows not to e-mail any more (one query per batch at
    most). A notice older than its kind's limit (`EMAIL_MAX_AGE`), one marked superseded (its
    date moved), a reminder whose moment passed, and a due-soon reminder of work the learner
    has handed in (done) since."""
    now = clock.now()
    untrue: set[int] = set()
    due_soon: dict[tuple[int, int], list[int]] = defaultdict(list)
    for row in rows:
        data = row.data if isinstance(row.data, dict) else {}
        limit = EMAIL_MAX_AGE.get(row.kind)
        moment = data.get(REMINDED_MOMENT.get(row.kind, ""))
        if (
            (limit is not None and now - row.created_at > limit)
            or data.get("superseded")
            or (isinstance(moment, str) and datetime.fromisoformat(moment) <= now)
        ):
            untrue.add(row.pk)
        elif row.kind == Kind.DUE_SOON and (match := _LESSON_ITEM.match(row.item)):
            due_soon[int(match.group(1)), int(match.group(2))].append(row.pk)
    if due_soon:
        done = LessonProgress.objects.filter(
            enrollment_id__in={e for e, _l in due_soon},
            lesson_id__in={lesson for _e, lesson in due_soon},
            completed_at__isnull=False,
        ).values_list("enrollment_id", "lesson_id")
        for key in done:
            untrue.update(due_soon.get(key, ()))
    return untrue
