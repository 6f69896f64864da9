"""Writes for courses: progress, rescheduling, attendance, extensions, coaching notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import schedule, selectors, signals
from .models import (
    Attendance,
    ClassroomSession,
    CoachingNote,
    DueDateExtension,
    Enrollment,
    Lesson,
    LessonProgress,
)
from .schedule import LessonState


def enrollment_touch(*, enrollment_id: int) -> None:
    """Mark a learner's pages as changed (published: other apps call it when feedback or
    results change), so cached page fragments are rebuilt at the next visit."""
    enrollments_touch(enrollment_ids=[enrollment_id])


def enrollments_touch(*, enrollment_ids) -> None:
    """`enrollment_touch` for many enrolments in one statement."""
    ids = sorted(set(enrollment_ids))
    if ids:
        Enrollment.objects.filter(pk__in=ids).update(progress_version=F("progress_version") + 1)


def lesson_mark_opened(
    *, enrollment: Enrollment, lesson: Lesson, now: datetime | None = None
) -> None:
    now = now or timezone.now()
    progress, created = LessonProgress.objects.get_or_create(
        enrollment=enrollment, lesson=lesson, defaults={"first_opened_at": now}
    )
    if not created and progress.first_opened_at is None:
        LessonProgress.objects.filter(pk=progress.pk, first_opened_at__isnull=True).update(
            first_opened_at=now
        )


def lesson_mark_done(
    *, enrollment: Enrollment, lesson: Lesson, now: datetime | None = None
) -> LessonProgress:
    """Mark a lesson done for a learner. Doing it twice keeps the first moment."""
    now = now or timezone.now()
    if lesson.module.course_id != enrollment.edition.course_id:
        raise ValidationError(_("Deze les hoort niet bij jouw cursus."))
    dates = selectors.lesson_dates_for_enrollment(enrollment, lesson)
    if schedule.lesson_state(dates, now=now, completed=False) == LessonState.LOCKED:
        raise ValidationError(
            _("Deze les is nog niet open. Je kunt hem afronden zodra hij open is.")
        )
    with transaction.atomic():
        progress, _created = LessonProgress.objects.get_or_create(
            enrollment=enrollment, lesson=lesson, defaults={"first_opened_at": now}
        )
        if progress.completed_at is None:
            LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
                completed_at=now
            )
            enrollment_touch(enrollment_id=enrollment.pk)
            progress.refresh_from_db()
            transaction.on_commit(
                lambda: signals.lesson_completed.send(
                    sender=Lesson, enrollment=enrollment, lesson=lesson
                )
            )
    return progress


def lesson_mark_not_done(*, enrollment: Enrollment, lesson: Lesson) -> None:
    with transaction.atomic():
        changed = LessonProgress.objects.filter(
            enrollment=enrollment, lesson=lesson, completed_at__isnull=False
        ).update(completed_at=None)
        if changed:
            enrollment_touch(enrollment_id=enrollment.pk)


@dataclass(frozen=True)
class SessionChange:
    date: date
    start_time: time
    end_time: time
    location: str


def _validate_session_change(change: SessionChange) -> None:
    if change.end_time <= change.start_time:
        raise ValidationError({"end_time": _("De eindtijd moet na de begintijd liggen.")})
    if not change.location.strip():
        raise ValidationError({"location": _("Vul een locatie in.")})


def session_reschedule_preview(
    *, session: ClassroomSession, change: SessionChange
) -> list[schedule.DateChange]:
    """Which opening and due dates would move if the session moved (nothing is saved)."""
    edition = session.edition
    lessons = selectors.course_structure(edition.course).lessons
    sessions = list(edition.sessions.all())
    moved = [
        schedule.SessionSlot(
            s.module_id,
            timezone.make_aware(datetime.combine(change.date, change.start_time)),
            timezone.make_aware(datetime.combine(change.date, change.end_time)),
        )
        if s.pk == session.pk
        else s.slot()
        for s in sessions
    ]
    return schedule.date_changes(
        [lesson.schedule_rule() for lesson in lessons],
        [s.slot() for s in sessions],
        moved,
        tz=timezone.get_current_timezone(),
    )


def session_reschedule(
    *, session: ClassroomSession, change: SessionChange, actor
) -> list[schedule.DateChange]:
    """Move a classroom session; every date that hangs on it moves with it."""
    _validate_session_change(change)
    with transaction.atomic():
        locked = (
            ClassroomSession.objects.select_for_update()
            .select_related("edition")
            .get(pk=session.pk)
        )
        changes = session_reschedule_preview(session=locked, change=change)
        locked.date = change.date
        locked.start_time = change.start_time
        locked.end_time = change.end_time
        locked.location = change.location.strip()
        locked.full_clean()
        locked.save()
        transaction.on_commit(
            lambda: signals.session_moved.send(
                sender=ClassroomSession,
                edition=locked.edition,
                session=locked,
                changes=changes,
                actor=actor,
            )
        )
    session.refresh_from_db()
    return changes


def attendance_register(*, session: ClassroomSession, statuses: dict[int, str], actor) -> int:
    """Record attendance for the learners of a session's edition. Returns how many were saved."""
    valid = set(Attendance.Status.values)
    enrollment_ids = set(
        Enrollment.objects.filter(
            edition_id=session.edition_id, pk__in=statuses.keys()
        ).values_list("pk", flat=True)
    )
    unknown = set(statuses) - enrollment_ids
    if unknown:
        raise ValidationError(_("Niet alle cursisten horen bij deze editie."))
    bad = {v for v in statuses.values() if v not in valid}
    if bad:
        raise ValidationError(
            _("Onbekende aanwezigheid: %(values)s") % {"values": ", ".join(sorted(bad))}
        )
    with transaction.atomic():
        for enrollment_id, status in statuses.items():
            Attendance.objects.update_or_create(
                session=session,
                enrollment_id=enrollment_id,
                defaults={"status": status, "recorded_by": actor},
            )
        transaction.on_commit(
            lambda: signals.attendance_changed.send(
                sender=Attendance, session=session, enrollment_ids=sorted(enrollment_ids)
            )
        )
    return len(statuses)


def extension_grant(
    *, enrollment: Enrollment, lesson: Lesson, due_at: datetime, actor, reason: str = ""
) -> DueDateExtension:
    if lesson.module.course_id != enrollment.edition.course_id:
        raise ValidationError(_("Deze les hoort niet bij de cursus van deze cursist."))
    extension, _created = DueDateExtension.objects.update_or_create(
        enrollment=enrollment,
        lesson=lesson,
        defaults={"due_at": due_at, "granted_by": actor, "reason": reason},
    )
    return extension


def coaching_note_create(
    *, enrollment: Enrollment, author, body: str, lesson: Lesson | None = None
) -> CoachingNote:
    if not body.strip():
        raise ValidationError({"body": _("Schrijf eerst je feedback.")})
    return CoachingNote.objects.create(
        enrollment=enrollment, author=author, body=body.strip(), lesson=lesson
    )
