"""The notification jobs, the reactions to other apps' events and the user's own settings.

Exactly once
------------
Every message is one `Notification` row, unique per (user, kind, item, about-date). A job
computes from the database what is due *now* and inserts those rows with
`ignore_conflicts`: the row is the sent-marker, claimed before anything is sent. A second
beat, a rerun, or a catch-up after beat was down inserts nothing that is already there, and
a job only looks at moments that are still relevant (a reminder for a deadline that passed
is never created; an overdue notice is caught up for a few days at most).

Every e-mail leaves through the outbox in `core` (`core.outbox`): it claims, sends and
marks the rows, retries, keeps the Message-ID stable, writes each e-mail in the recipient's
language (lms's renderer, `messages.email_content`) and skips the kinds they switched off
(lms's recipient policy, `selectors.outbox_recipients`), both set in `LmsConfig.ready()`.

Queries do not grow with the number of learners: each job reads editions, sessions,
lessons, enrolments, progress and extensions in bulk and writes with one `bulk_create`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from assessments.assignments.selectors import grading_waiting_counts
from core.outbox.services import notification_new, notification_queue, notifications_insert
from courses.models import (
    ClassroomSession,
    DueDateExtension,
    Edition,
    Enrollment,
    Lesson,
    LessonProgress,
)

from .. import clock
from ..models import (
    ALWAYS_ON,
    Announcement,
    CoachingMoment,
    EvaluationReceipt,
    Kind,
    MutedKind,
    Notification,
    Profile,
)
from . import selectors

DUE_SOON = timedelta(hours=48)
SESSION_SOON = timedelta(hours=48)
OVERDUE_CATCH_UP_DAYS = 3
DIGEST_HOUR = 7
NEW_WORK_LOOKBACK = timedelta(days=7)
TRAINER_DIGEST_NAMES = 25
COACHING_SOON = timedelta(hours=24)
ANNOUNCEMENT_LOOKBACK = timedelta(days=30)
EVALUATION_ASK_DAYS = 30
EVALUATION_REMINDER_AFTER = timedelta(days=7)


# --------------------------------------------------------------------------------------------
# Writing notifications
# --------------------------------------------------------------------------------------------


def forget_unread(user_ids: Iterable[int]) -> None:
    """Drop the cached unread counts of these users (after a commit that changed them)."""
    cache.delete_many([selectors.unread_cache_key(pk) for pk in user_ids])


def _lesson_url(edition_id: int, lesson_id: int) -> str:
    return reverse("courses:lesson", args=[edition_id, lesson_id])


def _outline_url(edition_id: int) -> str:
    return reverse("courses:outline", args=[edition_id])


def _course_data(edition: Edition) -> dict:
    return {"course": edition.course.title, "edition": edition.name}


# --------------------------------------------------------------------------------------------
# Periodic jobs (beat)
# --------------------------------------------------------------------------------------------


def reminders_due_run(*, now: datetime | None = None) -> int:
    """Deadline reminders 48 hours ahead and overdue notices the day after, for work that is
    not done. Returns the number of messages considered (inserted unless already there)."""
    now = now or clock.now()
    today = timezone.localdate(now)
    low = selectors.local_day_start(now) - timedelta(days=OVERDUE_CATCH_UP_DAYS)
    high = now + DUE_SOON
    schedules = selectors.live_schedules()
    if not schedules:
        return 0
    in_window: dict[int, set[int]] = {}
    for edition_id, plan in schedules.items():
        ids = {
            lesson.pk
            for lesson in plan.lessons
            if (due := plan.dates[lesson.pk].due_at) is not None and low <= due <= high
        }
        if ids:
            in_window[edition_id] = ids
    window_lessons = {pk for ids in in_window.values() for pk in ids}
    personal: dict[int, dict[int, datetime]] = defaultdict(dict)
    extension_editions = set()
    for enrollment_id, edition_id, lesson_id, due_at in (
        DueDateExtension.objects.filter(
            enrollment__edition_id__in=list(schedules), enrollment__status=Enrollment.Status.ACTIVE
        )
        .filter(Q(lesson_id__in=window_lessons) | Q(due_at__range=(low, high)))
        .values_list("enrollment_id", "enrollment__edition_id", "lesson_id", "due_at")
    ):
        personal[enrollment_id][lesson_id] = due_at
        extension_editions.add(edition_id)
    edition_ids = set(in_window) | extension_editions
    if not edition_ids:
        return 0
    kinds = [Kind.DUE_SOON, Kind.OVERDUE]
    enrollments = selectors.active_enrollment_rows(edition_ids, kinds=kinds)
    lesson_ids = window_lessons | {pk for dates in personal.values() for pk in dates}
    done = set(
        LessonProgress.objects.filter(
            enrollment__edition_id__in=edition_ids,
            enrollment__status=Enrollment.Status.ACTIVE,
            lesson_id__in=lesson_ids,
            completed_at__isnull=False,
        ).values_list("enrollment_id", "lesson_id")
    )
    titles = {lesson.pk: lesson.title for plan in schedules.values() for lesson in plan.lessons}
    urls: dict[tuple[int, int], str] = {}
    rows = []
    for enrollment in enrollments:
        edition_id = enrollment["edition_id"]
        plan = schedules[edition_id]
        extensions = personal.get(enrollment["pk"], {})
        for lesson_id in in_window.get(edition_id, set()) | set(extensions):
            dates = plan.dates.get(lesson_id)
            if dates is None or (enrollment["pk"], lesson_id) in done:
                continue
            due = extensions.get(lesson_id, dates.due_at)
            if due is None or (dates.opens_at is not None and now < dates.opens_at):
                continue
            if now < due <= high:
                kind = Kind.DUE_SOON
            elif low <= due <= now and timezone.localdate(due) < today:
                kind = Kind.OVERDUE
            else:
                continue
            if enrollment[f"muted_{kind}"]:
                continue
            key = (edition_id, lesson_id)
            if key not in urls:
                urls[key] = _lesson_url(*key)
            rows.append(
                notification_new(
                    user_id=enrollment["learner_id"],
                    email=enrollment["learner__email"],
                    kind=kind,
                    item=f"enrollment:{enrollment['pk']}/lesson:{lesson_id}",
                    about=timezone.localdate(due),
                    now=now,
                    data={
                        **_course_data(plan.edition),
                        "lesson": titles[lesson_id],
                        "due_at": due.isoformat(),
                    },
                    url=urls[key],
                )
            )
    return notifications_insert(rows)


def reminders_sessions_run(*, now: datetime | None = None) -> int:
    """A reminder two days before each classroom day (date, time, location), to learners."""
    now = now or clock.now()
    high = now + SESSION_SOON
    sessions = [
        session
        for session in ClassroomSession.objects.filter(
            edition__status__in=selectors.LIVE_STATUSES,
            date__gte=timezone.localdate(now),
            date__lte=timezone.localdate(high),
        ).select_related("module", "edition__course")
        if now < session.starts_at <= high
    ]
    if not sessions:
        return 0
    by_edition: dict[int, list[dict]] = defaultdict(list)
    for row in selectors.active_enrollment_rows(
        {s.edition_id for s in sessions}, kinds=[Kind.SESSION_SOON]
    ):
        if not row[f"muted_{Kind.SESSION_SOON}"]:
            by_edition[row["edition_id"]].append(row)
    rows = []
    for session in sessions:
        data = {**_course_data(session.edition), **_session_data(session)}
        url = _outline_url(session.edition_id)
        for enrollment in by_edition[session.edition_id]:
            rows.append(
                notification_new(
                    user_id=enrollment["learner_id"],
                    email=enrollment["learner__email"],
                    kind=Kind.SESSION_SOON,
                    item=f"session:{session.pk}",
                    about=session.date,
                    now=now,
                    data=data,
                    url=url,
                )
            )
    return notifications_insert(rows)


def _session_data(session: ClassroomSession) -> dict:
    return {
        "module": session.module.title,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "location": session.location,
        "first_dagdeel": session.first_dagdeel,
        "last_dagdeel": session.last_dagdeel,
    }


def _digest_day(now: datetime) -> date | None:
    """The day a daily digest is for, or None before the digest hour (local time)."""
    local = timezone.localtime(now)
    return local.date() if local.hour >= DIGEST_HOUR else None


def digest_new_work_run(*, now: datetime | None = None) -> int:
    """One digest a day per enrolment of the work that opened since the last digest (at most
    a week back), leaving out work already done or already past its deadline."""
    now = now or clock.now()
    today = _digest_day(now)
    if today is None:
        return 0
    floor = now - NEW_WORK_LOOKBACK
    schedules = selectors.live_schedules()
    opened: dict[int, list[tuple[Lesson, datetime, datetime | None]]] = {}
    for edition_id, plan in schedules.items():
        items = []
        for lesson in plan.lessons:
            dates = plan.dates[lesson.pk]
            if dates.opens_at is None or not floor < dates.opens_at <= now:
                continue
            if dates.due_at is not None and dates.due_at <= now:
                continue
            items.append((lesson, dates.opens_at, dates.due_at))
        if items:
            opened[edition_id] = items
    if not opened:
        return 0
    enrollments = selectors.active_enrollment_rows(opened, kinds=[Kind.NEW_WORK])
    last = dict(
        Notification.objects.filter(kind=Kind.NEW_WORK, created_at__gt=floor)
        .values("item")
        .annotate(last=Max("created_at"))
        .values_list("item", "last")
    )
    done = set(
        LessonProgress.objects.filter(
            enrollment__edition_id__in=list(opened),
            enrollment__status=Enrollment.Status.ACTIVE,
            lesson_id__in={lesson.pk for items in opened.values() for lesson, *_ in items},
            completed_at__isnull=False,
        ).values_list("enrollment_id", "lesson_id")
    )
    urls = {
        (edition_id, lesson.pk): _lesson_url(edition_id, lesson.pk)
        for edition_id, items in opened.items()
        for lesson, *_ in items
    }
    rows = []
    for enrollment in enrollments:
        if enrollment[f"muted_{Kind.NEW_WORK}"]:
            continue
        item = f"enrollment:{enrollment['pk']}"
        since = last.get(item, floor)
        edition_id = enrollment["edition_id"]
        lessons = [
            {
                "title": lesson.title,
                "url": urls[edition_id, lesson.pk],
                "due_at": due.isoformat() if due else None,
            }
            for lesson, opens_at, due in opened[edition_id]
            if opens_at > since and (enrollment["pk"], lesson.pk) not in done
        ]
        if not lessons:
            continue
        rows.append(
            notification_new(
                user_id=enrollment["learner_id"],
                email=enrollment["learner__email"],
                kind=Kind.NEW_WORK,
                item=item,
                about=today,
                now=now,
                data={**_course_data(schedules[edition_id].edition), "lessons": lessons},
                url=_outline_url(edition_id),
            )
        )
    return notifications_insert(rows)


def digest_trainers_run(*, now: datetime | None = None) -> int:
    """One daily digest per trainer, all their editions in it: per edition what waits for
    grading and which learners are behind (overdue work not done). The marker is per trainer
    and day, so never two in a day. Nothing to report, no digest."""
    now = now or clock.now()
    today = _digest_day(now)
    if today is None:
        return 0
    schedules = selectors.live_schedules()
    trainers: dict[int, list[dict]] = defaultdict(list)
    for row in (
        Edition.trainers.through.objects.filter(edition_id__in=list(schedules))
        .annotate(muted=selectors.muted_user(Kind.TRAINER_DIGEST))
        .values("edition_id", "user_id", "user__email", "muted")
    ):
        if not row["muted"]:
            trainers[row["edition_id"]].append(row)
    if not trainers:
        return 0
    edition_ids = list(trainers)
    waiting = grading_waiting_counts(edition_ids=edition_ids)
    past_due = {
        edition_id: {
            lesson.pk
            for lesson in schedules[edition_id].lessons
            if (due := schedules[edition_id].dates[lesson.pk].due_at) is not None and due <= now
        }
        for edition_id in edition_ids
    }
    all_past_due = {pk for ids in past_due.values() for pk in ids}
    learners = list(
        Enrollment.objects.filter(edition_id__in=edition_ids, status=Enrollment.Status.ACTIVE)
        .values_list(
            "pk", "edition_id", "learner__first_name", "learner__last_name", "learner__username"
        )
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    done = set(
        LessonProgress.objects.filter(
            enrollment__edition_id__in=edition_ids,
            enrollment__status=Enrollment.Status.ACTIVE,
            lesson_id__in=all_past_due,
            completed_at__isnull=False,
        ).values_list("enrollment_id", "lesson_id")
    )
    later = set(
        DueDateExtension.objects.filter(
            enrollment__edition_id__in=edition_ids, lesson_id__in=all_past_due, due_at__gt=now
        ).values_list("enrollment_id", "lesson_id")
    )
    behind: dict[int, list[dict]] = defaultdict(list)
    for enrollment_id, edition_id, first, last, username in learners:
        overdue = sum(
            1
            for lesson_id in past_due[edition_id]
            if (enrollment_id, lesson_id) not in done and (enrollment_id, lesson_id) not in later
        )
        if overdue:
            name = f"{first} {last}".strip() or username
            behind[edition_id].append({"name": name, "overdue": overdue})
    parts: dict[int, list[dict]] = defaultdict(list)  # per trainer, one part per edition
    emails: dict[int, str] = {}
    for edition_id, people in trainers.items():
        late = sorted(behind[edition_id], key=lambda b: -b["overdue"])
        if not waiting.get(edition_id) and not late:
            continue
        part = {
            **_course_data(schedules[edition_id].edition),
            "edition_id": edition_id,
            "url": reverse("courses:trainer_edition", args=[edition_id]),
            "waiting": waiting.get(edition_id, 0),
            "behind_count": len(late),
            "behind": late[:TRAINER_DIGEST_NAMES],
        }
        for trainer in people:
            parts[trainer["user_id"]].append(part)
            emails[trainer["user_id"]] = trainer["user__email"]
    rows = []
    for user_id, editions in parts.items():
        editions.sort(key=lambda p: (p["course"], p["edition"]))
        rows.append(
            notification_new(
                user_id=user_id,
                email=emails[user_id],
                kind=Kind.TRAINER_DIGEST,
                item=f"trainer:{user_id}",
                about=today,
                now=now,
                data={
                    "editions": editions,
                    "waiting": sum(p["waiting"] for p in editions),
                    "behind_count": sum(p["behind_count"] for p in editions),
                },
                url=editions[0]["url"]
                if len(editions) == 1
                else reverse("courses:trainer_editions"),
            )
        )
    return notifications_insert(rows)


def jobs_run(*, now: datetime | None = None) -> dict[str, int]:
    """Every periodic job once, at the same moment (the demo and the benchmark use it)."""
    now = now or clock.now()
    return {
        "due": reminders_due_run(now=now),
        "sessions": reminders_sessions_run(now=now),
        "new_work": digest_new_work_run(now=now),
        "trainers": digest_trainers_run(now=now),
        "coaching": reminders_coaching_run(now=now),
        "announcements": announcements_notify_run(now=now),
        "evaluations": evaluations_ask_run(now=now),
    }


# --------------------------------------------------------------------------------------------
# Events from other apps
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionBefore:
    starts_at: datetime
    ends_at: datetime
    location: str


def schedule_changed_notify(
    *,
    session: ClassroomSession,
    before: SessionBefore | None,
    changes: list,
    now: datetime | None = None,
) -> int:
    """Tell the edition's learners that a classroom day moved, with old and new dates."""
    now = now or clock.now()
    edition = Edition.objects.select_related("course").get(pk=session.edition_id)
    session = ClassroomSession.objects.select_related("module").get(pk=session.pk)
    if before is not None and (before.starts_at, before.ends_at, before.location) == (
        session.starts_at,
        session.ends_at,
        session.location,
    ):
        return 0
    titles = dict(
        Lesson.objects.non_polymorphic()
        .filter(pk__in={c.lesson_id for c in changes})
        .values_list("pk", "title")
    )
    data = {
        **_course_data(edition),
        **_session_data(session),
        "old_starts_at": before.starts_at.isoformat() if before else None,
        "old_ends_at": before.ends_at.isoformat() if before else None,
        "old_location": before.location if before else "",
        "changes": [
            {
                "lesson": titles.get(c.lesson_id, ""),
                "field": c.field,
                "old_at": c.old.isoformat() if c.old else None,
                "new_at": c.new.isoformat() if c.new else None,
            }
            for c in changes
        ],
    }
    url = _outline_url(edition.pk)
    notices_supersede(edition=edition, session=session, changes=changes, now=now)
    rows = [
        notification_new(
            user_id=enrollment["learner_id"],
            email=enrollment["learner__email"],
            kind=Kind.SCHEDULE_CHANGED,
            item=f"session:{session.pk}/v{edition.schedule_version}",
            about=session.date,
            now=now,
            data=data,
            url=url,
        )
        for enrollment in selectors.active_enrollment_rows([edition.pk], kinds=[])
    ]
    return notifications_insert(rows)


def notices_supersede(
    *, edition: Edition, session: ClassroomSession, changes: list, now: datetime
) -> int:
    """Mark the notices that named a date that no longer holds as superseded: due-soon and
    overdue notices of the lessons whose deadline moved (those that named the old deadline,
    not a learner's own extension), and the reminders of the moved classroom day. Their text
    then says the date moved (never the old date), they count as read, and their e-mail, if
    not sent yet, is dropped (`selectors.outbox_untrue`). The reminder jobs make new ones for
    the new dates (a new date is a new marker). Returns how many were marked."""
    moved_due = {c.lesson_id: c.old for c in changes if c.field == "due_at" and c.old}
    learners = Enrollment.objects.filter(edition_id=edition.pk).values("learner_id")
    reminders = Q(kind=Kind.SESSION_SOON, item=f"session:{session.pk}")
    for lesson_id in moved_due:
        reminders |= Q(
            kind__in=[Kind.DUE_SOON, Kind.OVERDUE], item__endswith=f"/lesson:{lesson_id}"
        )
    changed = []
    for notice in Notification.objects.filter(reminders, user_id__in=learners).only(
        "pk", "user_id", "kind", "item", "data", "read_at"
    ):
        data = notice.data if isinstance(notice.data, dict) else {}
        if data.get("superseded"):
            continue
        if notice.kind == Kind.SESSION_SOON:
            named = data.get("starts_at")
            if named and datetime.fromisoformat(named) == session.starts_at:
                continue  # the day did not move (only the place or the end)
        else:
            named = data.get("due_at")
            old = moved_due.get(int(notice.item.rsplit(":", 1)[1]))
            if not named or datetime.fromisoformat(named) != old:
                continue  # a learner's own extension: that date still holds
        notice.data = {**data, "superseded": True}
        notice.read_at = notice.read_at or now
        changed.append(notice)
    Notification.objects.bulk_update(changed, ["data", "read_at"])
    if changed:
        transaction.on_commit(partial(forget_unread, {n.user_id for n in changed}))
    return len(changed)


@dataclass(frozen=True)
class ReleasedFeedback:
    submission_id: int
    enrollment_id: int
    lesson_id: int | None


def feedback_released_notify(
    *, released: list[ReleasedFeedback], now: datetime | None = None
) -> int:
    """A notice and an e-mail per submission whose feedback a trainer released."""
    if not released:
        return 0
    now = now or clock.now()
    enrollments = {
        row["pk"]: row
        for row in Enrollment.objects.filter(pk__in={r.enrollment_id for r in released})
        .annotate(muted=selectors.muted(Kind.FEEDBACK))
        .values(
            "pk",
            "edition_id",
            "learner_id",
            "learner__email",
            "edition__name",
            "edition__course__title",
            "muted",
        )
    }
    titles = dict(
        Lesson.objects.non_polymorphic()
        .filter(pk__in={r.lesson_id for r in released if r.lesson_id})
        .values_list("pk", "title")
    )
    rows = []
    for item in released:
        enrollment = enrollments.get(item.enrollment_id)
        if enrollment is None or enrollment["muted"]:
            continue
        edition_id = enrollment["edition_id"]
        rows.append(
            notification_new(
                user_id=enrollment["learner_id"],
                email=enrollment["learner__email"],
                kind=Kind.FEEDBACK,
                item=f"submission:{item.submission_id}",
                about=timezone.localdate(now),
                now=now,
                data={
                    "course": enrollment["edition__course__title"],
                    "edition": enrollment["edition__name"],
                    "lesson": titles.get(item.lesson_id, ""),
                },
                url=_lesson_url(edition_id, item.lesson_id)
                if item.lesson_id
                else _outline_url(edition_id),
            )
        )
    return notifications_insert(rows)


# --------------------------------------------------------------------------------------------
# The user's side: read, preferences
# --------------------------------------------------------------------------------------------


def notices_mark_read(
    *, user, notification_id: int | None = None, now: datetime | None = None
) -> int:
    """Mark one notice (or all) of this user read; another user's notice is never touched."""
    now = now or timezone.now()
    unread = Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    with transaction.atomic():
        changed = unread.update(read_at=now)
        transaction.on_commit(partial(forget_unread, [user.pk]))
    return changed


def profile_for(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def preferences_update(*, user, language: str, muted: Iterable[str]) -> None:
    """Save the user's language and the kinds they switched off (schedule changes and
    certificates cannot be switched off)."""
    allowed = set(Kind.values) - {k.value for k in ALWAYS_ON}
    wanted = {kind for kind in muted if kind in allowed}
    languages = {code for code, _name in settings.LANGUAGES}
    with transaction.atomic():
        profile = profile_for(user)
        if language in languages and profile.language != language:
            profile.language = language
            profile.save(update_fields=["language"])
        MutedKind.objects.filter(user=user).exclude(kind__in=wanted).delete()
        MutedKind.objects.bulk_create(
            [MutedKind(user=user, kind=kind) for kind in sorted(wanted)], ignore_conflicts=True
        )


def profile_language_set(*, user, language: str) -> bool:
    """The language a user picked in the site header is also the language of their e-mail."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        return False
    return bool(
        Profile.objects.filter(user=user).exclude(language=language).update(language=language)
        or Profile.objects.get_or_create(user=user, defaults={"language": language})[1]
    )


def muted_kinds_for(user) -> set[str]:
    return set(MutedKind.objects.filter(user=user).values_list("kind", flat=True))


# --------------------------------------------------------------------------------------------
# Conversations (lms.conversations)
# --------------------------------------------------------------------------------------------


def message_new_notify(
    *, recipients: list[tuple[int, str]], item: str, data: dict, url: str, now: datetime
) -> int:
    """A notice of a new message, with an e-mail, to each recipient (user key, address) who
    did not switch these off. One row per recipient and message; a few recipients (the
    learner, or an edition's trainers), so one row at a time. Returns how many were queued."""
    if not recipients:
        return 0
    muted = set(
        MutedKind.objects.filter(
            user_id__in=[pk for pk, _email in recipients], kind=Kind.NEW_MESSAGE
        ).values_list("user_id", flat=True)
    )
    return sum(
        notification_queue(
            user_id=user_id,
            email=email,
            kind=Kind.NEW_MESSAGE,
            item=item,
            about=timezone.localdate(now),
            data=data,
            url=url,
            now=now,
        )
        for user_id, email in recipients
        if user_id not in muted
    )


def message_notices_mark_read(*, user_id: int, item_prefix: str, now: datetime) -> int:
    """Mark a user's notices of new messages in one conversation read (they opened it)."""
    changed = Notification.objects.filter(
        user_id=user_id,
        kind=Kind.NEW_MESSAGE,
        item__startswith=item_prefix,
        read_at__isnull=True,
    ).update(read_at=now)
    if changed:
        transaction.on_commit(partial(forget_unread, [user_id]))
    return changed


# --------------------------------------------------------------------------------------------
# Coaching moments and announcements (lms.conversations)
# --------------------------------------------------------------------------------------------


def coaching_data(moment: CoachingMoment) -> dict:
    """What the texts of a coaching moment's notices need (read from the row only)."""
    edition = moment.enrollment.edition
    trainer = moment.planned_by
    return {
        **_course_data(edition),
        "topic": moment.topic,
        "starts_at": moment.starts_at.isoformat(),
        "ends_at": moment.ends_at.isoformat(),
        "location": moment.location,
        "video_url": moment.video_url,
        "trainer": (trainer.get_full_name() or trainer.get_username()) if trainer else "",
    }


def coaching_changed_notify(*, moment: CoachingMoment, event: str, now: datetime) -> bool:
    """Tell the learner that a trainer planned, moved or cancelled a coaching moment (`event`:
    planned, moved, cancelled). One notice per version of the moment."""
    learner = moment.enrollment.learner
    if MutedKind.objects.filter(user_id=learner.pk, kind=Kind.COACHING).exists():
        return False
    return notification_queue(
        user_id=learner.pk,
        email=learner.email,
        kind=Kind.COACHING,
        item=f"coaching:{moment.pk}/v{moment.sequence}",
        about=timezone.localdate(moment.starts_at),
        data={**coaching_data(moment), "event": event},
        url=reverse("lms:coaching_moment", args=[moment.pk]),
        now=now,
    )


def reminders_coaching_run(*, now: datetime | None = None) -> int:
    """A reminder a day before each coaching moment that is still on, to its learner. The
    marker is per moment and day: a moment moved to another day is reminded again on its new
    day, never twice for the same day."""
    now = now or clock.now()
    moments = list(
        CoachingMoment.objects.filter(
            cancelled_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + COACHING_SOON,
            enrollment__status=Enrollment.Status.ACTIVE,
        )
        .exclude(enrollment__learner__muted_kinds__kind=Kind.COACHING_SOON)
        .select_related("enrollment__learner", "enrollment__edition__course", "planned_by")
    )
    rows = [
        notification_new(
            user_id=moment.enrollment.learner_id,
            email=moment.enrollment.learner.email,
            kind=Kind.COACHING_SOON,
            item=f"coaching:{moment.pk}",
            about=timezone.localdate(moment.starts_at),
            now=now,
            data=coaching_data(moment),
            url=reverse("lms:coaching_moment", args=[moment.pk]),
        )
        for moment in moments
    ]
    return notifications_insert(rows)


def announcements_notify_run(*, now: datetime | None = None) -> int:
    """A notice (and an e-mail, unless the learner switched those off: the outbox skips it)
    of each current announcement to every active learner it is for. The marker is per
    announcement and learner, so a second beat or the run right after posting adds nothing;
    a learner enrolled later still gets a current one."""
    now = now or clock.now()
    today = timezone.localdate(now)
    announcements = list(
        Announcement.objects.filter(posted_at__gte=now - ANNOUNCEMENT_LOOKBACK, posted_at__lte=now)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .select_related("edition__course", "course")
    )
    if not announcements:
        return 0
    edition_ids = {a.edition_id for a in announcements if a.edition_id}
    course_ids = {a.course_id for a in announcements if a.course_id}
    learners_by_edition: dict[int, list[tuple]] = defaultdict(list)
    learners_by_course: dict[int, list[tuple]] = defaultdict(list)
    for edition_id, course_id, learner_id, email in Enrollment.objects.filter(
        Q(edition_id__in=edition_ids) | Q(edition__course_id__in=course_ids),
        status=Enrollment.Status.ACTIVE,
    ).values_list("edition_id", "edition__course_id", "learner_id", "learner__email"):
        learners_by_edition[edition_id].append((learner_id, email))
        learners_by_course[course_id].append((learner_id, email))
    rows = []
    url = reverse("lms:learner_dashboard")
    for announcement in announcements:
        if announcement.edition_id:
            people = learners_by_edition[announcement.edition_id]
            course = announcement.edition.course.title
        else:
            people = learners_by_course[announcement.course_id]
            course = announcement.course.title
        data = {"title": announcement.title, "body": announcement.body, "course": course}
        for learner_id, email in dict(people).items():
            rows.append(
                notification_new(
                    user_id=learner_id,
                    email=email,
                    kind=Kind.ANNOUNCEMENT,
                    item=f"announcement:{announcement.pk}",
                    about=timezone.localdate(announcement.posted_at),
                    now=now,
                    data=data,
                    url=f"{url}#announcement-{announcement.pk}",
                )
            )
    return notifications_insert(rows)


def evaluations_ask_run(*, now: datetime | None = None) -> int:
    """The day after an edition's last classroom day, ask each of its learners for the course
    evaluation; a week after that ask, one reminder to those who did not answer. One marker
    per step (the ask's day, the reminder's), so never more than one ask and one reminder; a
    reminder only follows an ask sent at least a week before, also after downtime."""
    now = now or clock.now()
    today = timezone.localdate(now)
    editions = {
        edition.pk: edition
        for edition in Edition.objects.exclude(status=Edition.Status.CANCELLED)
        .annotate(last_day=Max("sessions__date"))
        .filter(last_day__lt=today, last_day__gte=today - timedelta(days=EVALUATION_ASK_DAYS))
        .select_related("course")
    }
    if not editions:
        return 0
    enrollments = list(
        Enrollment.objects.filter(
            edition_id__in=list(editions), status__in=Enrollment.SHOWN_STATUSES
        )
        .annotate(
            muted=selectors.muted(Kind.EVALUATION),
            answered=Exists(EvaluationReceipt.objects.filter(enrollment_id=OuterRef("pk"))),
        )
        .filter(muted=False, answered=False)
        .values("pk", "edition_id", "learner_id", "learner__email")
    )
    asked = set(
        Notification.objects.filter(
            kind=Kind.EVALUATION,
            item__in=[f"evaluation:{e['pk']}" for e in enrollments],
            data__step="ask",
            created_at__lte=now - EVALUATION_REMINDER_AFTER,
        ).values_list("item", flat=True)
    )
    rows = []
    for enrollment in enrollments:
        edition = editions[enrollment["edition_id"]]
        item = f"evaluation:{enrollment['pk']}"
        step, about = "ask", edition.last_day + timedelta(days=1)
        if item in asked:
            step, about = "reminder", about + EVALUATION_REMINDER_AFTER
        rows.append(
            notification_new(
                user_id=enrollment["learner_id"],
                email=enrollment["learner__email"],
                kind=Kind.EVALUATION,
                item=item,
                about=about,
                now=now,
                data={**_course_data(edition), "step": step},
                url=reverse("lms:evaluation", args=[enrollment["pk"]]),
            )
        )
    return notifications_insert(rows)
