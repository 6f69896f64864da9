"""Reads for the pages of learners and trainers, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language

from core.compiled import CompiledQuery

from . import schedule
from .models import (
    Attendance,
    ClassroomSession,
    CoachingNote,
    Course,
    CourseModule,
    DueDateExtension,
    Edition,
    Enrollment,
    FileLesson,
    Lesson,
    LessonProgress,
    MediaLesson,
    SessionTimes,
)
from .schedule import LessonDates, LessonState


@dataclass
class OutlineLesson:
    lesson: Lesson
    dates: LessonDates
    state: LessonState
    completed_at: datetime | None = None

    @property
    def type_label(self) -> str:
        model = ContentType.objects.get_for_id(self.lesson.polymorphic_ctype_id).model_class()
        return str(model._meta.verbose_name) if model else ""

    @property
    def icon(self) -> str:
        model = ContentType.objects.get_for_id(self.lesson.polymorphic_ctype_id).model_class()
        return getattr(model, "icon", "doc")


class SessionModule(NamedTuple):
    pk: int
    order: int
    title: str


@dataclass(frozen=True, slots=True)
class SessionRow(SessionTimes):
    """A classroom day as the schedule cache hands it out: immutable, so a request that got
    it from the process's cache cannot change what the next request sees."""

    pk: int
    edition_id: int
    module_id: int
    module: SessionModule
    date: date
    start_time: time
    end_time: time
    location: str
    first_dagdeel: int
    last_dagdeel: int


_SESSION_ROW_FIELDS = (
    "pk",
    "edition_id",
    "module_id",
    "module__order",
    "module__title",
    "date",
    "start_time",
    "end_time",
    "location",
    "first_dagdeel",
    "last_dagdeel",
)


@dataclass
class OutlineModule:
    module: CourseModule
    sessions: list[SessionRow] = field(default_factory=list)
    lessons: list[OutlineLesson] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for item in self.lessons if item.state == LessonState.DONE)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Outline:
    enrollment: Enrollment
    modules: list[OutlineModule]
    sessions: Sequence[SessionRow]

    def lessons(self) -> list[OutlineLesson]:
        return [item for module in self.modules for item in module.lessons]

    def next_session(self, now: datetime) -> SessionRow | None:
        return next((s for s in self.sessions if s.ends_at >= now), None)

    def open_work(self) -> list[OutlineLesson]:
        """Open and overdue work, the most urgent first (undated work last)."""
        work = [i for i in self.lessons() if i.state in (LessonState.OPEN, LessonState.OVERDUE)]
        far = timezone.make_aware(datetime(9999, 1, 1))
        return sorted(
            work, key=lambda i: (i.dates.due_at or far, i.lesson.module.order, i.lesson.order)
        )

    def upcoming_work(self) -> list[OutlineLesson]:
        items = [i for i in self.lessons() if i.state == LessonState.LOCKED]
        return sorted(items, key=lambda i: i.dates.opens_at)

    def valid_until(self, now: datetime) -> datetime | None:
        """The next moment a state or the next classroom day on this outline changes."""
        moments = [s.ends_at for s in self.sessions]
        for item in self.lessons():
            moments += [item.dates.opens_at, item.dates.due_at]
        return min((m for m in moments if m is not None and m > now), default=None)

    @property
    def done(self) -> int:
        return sum(m.done for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


CACHE_SECONDS = 3600


@dataclass(frozen=True)
class CourseStructure:
    modules: list[CourseModule]
    lessons: list[Lesson]


def course_structure(course: Course) -> CourseStructure:
    """A course's modules and lessons (base rows, no subtype joins), cached per structure version."""
    key = f"courses:structure:{course.pk}:{course.structure_version}"
    structure = cache.get(key)
    if structure is None:
        modules = list(CourseModule.objects.filter(course_id=course.pk).order_by("order", "pk"))
        by_pk = {m.pk: m for m in modules}
        lessons = list(
            Lesson.objects.non_polymorphic()
            .filter(module__course_id=course.pk)
            .order_by("module__order", "order", "pk")
        )
        for lesson in lessons:
            lesson.module = by_pk[lesson.module_id]
        structure = CourseStructure(modules=modules, lessons=lessons)
        cache.set(key, structure, CACHE_SECONDS)
    return structure


# An edition's sessions and their schedule slots per (edition, schedule version), kept in each
# process as well as in the shared cache: every start of the exam asks for them. A changed
# schedule has a new version (courses.receivers), so an old entry is never used again. Every
# request of the process shares them, so they are immutable rows, not model instances.
_SCHEDULES: dict[tuple[int, int], tuple[tuple[SessionRow, ...], tuple]] = {}
_SCHEDULES_MAX = 512


def forget_kept_schedules() -> None:
    """Drop the schedules this process keeps (tests: keys are reused after a rollback)."""
    _SCHEDULES.clear()


def _session_rows(edition_id: int) -> tuple[SessionRow, ...]:
    rows = (
        ClassroomSession.objects.filter(edition_id=edition_id)
        .order_by("date", "start_time", "pk")
        .values_list(*_SESSION_ROW_FIELDS)
    )
    return tuple(
        SessionRow(pk, edition, module_id, SessionModule(module_id, order, title), *rest)
        for pk, edition, module_id, order, title, *rest in rows
    )


def _edition_schedule(edition: Edition) -> tuple[tuple[SessionRow, ...], tuple]:
    version = (edition.pk, edition.schedule_version)
    found = _SCHEDULES.get(version)
    if found is None:
        key = f"courses:session-rows:{edition.pk}:{edition.schedule_version}"
        sessions = cache.get(key)
        if sessions is None:
            sessions = _session_rows(edition.pk)
            cache.set(key, sessions, CACHE_SECONDS)
        if len(_SCHEDULES) >= _SCHEDULES_MAX:
            _SCHEDULES.clear()
        found = _SCHEDULES[version] = (sessions, tuple(s.slot() for s in sessions))
    return found


def edition_sessions(edition: Edition) -> tuple[SessionRow, ...]:
    """An edition's classroom sessions with their module's order and title, kept per
    schedule version: immutable rows, shared by every request of this process."""
    return _edition_schedule(edition)[0]


def _lessons_for_course(course_id: int) -> list[Lesson]:
    """Base rows only (no subtype joins): enough for outlines, matrices and schedules."""
    return course_structure(
        Course.objects.only("pk", "structure_version").get(pk=course_id)
    ).lessons


def _rules(lessons: list[Lesson]) -> list[schedule.LessonRule]:
    return [lesson.schedule_rule() for lesson in lessons]


def edition_dates(
    edition: Edition,
    *,
    lessons: list[Lesson] | None = None,
    sessions: Sequence[SessionTimes] | None = None,
    extensions: dict[int, datetime] | None = None,
) -> dict[int, LessonDates]:
    """Opening and due dates of every lesson of an edition (for one learner, with extensions)."""
    if lessons is None:
        lessons = course_structure(edition.course).lessons
    slots = _edition_schedule(edition)[1] if sessions is None else [s.slot() for s in sessions]
    return schedule.compute_dates(
        _rules(lessons),
        slots,
        extensions,
        tz=timezone.get_current_timezone(),
    )


_EXTENSION_OF = CompiledQuery(
    lambda enrollment_id, lesson_id: (
        DueDateExtension.objects.filter(enrollment_id=enrollment_id, lesson_id=lesson_id)
        .order_by("pk")
        .values_list("due_at")[:1]
    ),
    arity=2,
)


def lesson_dates_for_enrollment(enrollment: Enrollment, lesson: Lesson) -> LessonDates:
    extensions = _EXTENSION_OF.rows(enrollment.pk, lesson.pk)
    return lesson_dates_with_extension(enrollment, lesson, extensions[0][0] if extensions else None)


def lesson_dates_with_extension(
    enrollment: Enrollment, lesson: Lesson, extension: datetime | None
) -> LessonDates:
    """As `lesson_dates_for_enrollment`, with the learner's extension of this lesson (or None)
    already read by the caller."""
    slots = _edition_schedule(enrollment.edition)[1]
    dates = schedule.compute_dates(
        [lesson.schedule_rule()],
        slots,
        {lesson.pk: extension} if extension else None,
        tz=timezone.get_current_timezone(),
    )
    return dates[lesson.pk]


def course_outline(enrollment: Enrollment, *, now: datetime | None = None) -> Outline:
    """The learner's view of a course: modules, classroom days, lessons with dates and state."""
    now = now or timezone.now()
    edition = enrollment.edition
    structure = course_structure(edition.course)
    modules, lessons = structure.modules, structure.lessons
    sessions = edition_sessions(edition)
    extensions = dict(
        DueDateExtension.objects.filter(enrollment=enrollment).values_list("lesson_id", "due_at")
    )
    completed = dict(
        LessonProgress.objects.filter(
            enrollment=enrollment, completed_at__isnull=False
        ).values_list("lesson_id", "completed_at")
    )
    dates = edition_dates(edition, lessons=lessons, sessions=sessions, extensions=extensions)
    by_module = {m.pk: OutlineModule(module=m) for m in modules}
    for session in sessions:
        if session.module_id in by_module:
            by_module[session.module_id].sessions.append(session)
    for lesson in lessons:
        lesson_dates = dates[lesson.pk]
        by_module[lesson.module_id].lessons.append(
            OutlineLesson(
                lesson=lesson,
                dates=lesson_dates,
                state=schedule.lesson_state(
                    lesson_dates, now=now, completed=lesson.pk in completed
                ),
                completed_at=completed.get(lesson.pk),
            )
        )
    return Outline(enrollment=enrollment, modules=list(by_module.values()), sessions=sessions)


class EnrollmentStamp(NamedTuple):
    """An enrolment's keys and version numbers: all a cached page needs to know whether
    what it holds is still current (see core.fragments)."""

    pk: int
    edition_id: int
    course_id: int
    status: str
    enrolled_at: datetime
    progress_version: int
    schedule_version: int
    structure_version: int
    course_title: str

    @classmethod
    def of(cls, enrollment: Enrollment) -> EnrollmentStamp:
        edition = enrollment.edition
        return cls(
            enrollment.pk,
            edition.pk,
            edition.course_id,
            enrollment.status,
            enrollment.enrolled_at,
            enrollment.progress_version,
            edition.schedule_version,
            edition.course.structure_version,
            edition.course.title,
        )

    @property
    def shown(self) -> bool:
        """On the learner's pages (active or completed, not withdrawn)."""
        return self.status in Enrollment.SHOWN_STATUSES


_STAMP_FIELDS = (
    "pk",
    "edition_id",
    "edition__course_id",
    "status",
    "enrolled_at",
    "progress_version",
    "edition__schedule_version",
    "edition__course__structure_version",
    "edition__course__title",
)
_STAMPS_OF_LEARNER = CompiledQuery(
    lambda learner_id: (
        Enrollment.objects.filter(learner_id=learner_id)
        .order_by("-enrolled_at", "pk")
        .values_list(*_STAMP_FIELDS)
    )
)
_STAMP_OF_LEARNER_IN = CompiledQuery(
    lambda learner_id, edition_id: Enrollment.objects.filter(
        learner_id=learner_id, edition_id=edition_id, status__in=Enrollment.SHOWN_STATUSES
    ).values_list(*_STAMP_FIELDS)[:1],
    arity=2,
)


def enrollment_stamps_for_learner(user) -> list[EnrollmentStamp]:
    """Every enrolment of the learner (withdrawn ones too), newest first: one query whose
    SQL is built once per process, for the pages every learner opens most."""
    return [EnrollmentStamp(*row) for row in _STAMPS_OF_LEARNER.rows(user.pk)]


def enrollment_stamp_for_learner(user, edition_id: int) -> EnrollmentStamp | None:
    """The learner's active or completed enrolment in the edition, as a stamp."""
    rows = _STAMP_OF_LEARNER_IN.rows(user.pk, edition_id)
    return EnrollmentStamp(*rows[0]) if rows else None


def enrollments_for_learner(user) -> list[Enrollment]:
    """The learner's current enrolments, newest first (sorted here: a learner has only a few)."""
    enrollments = list(
        Enrollment.objects.filter(
            learner=user, status__in=Enrollment.SHOWN_STATUSES
        ).select_related("edition__course")
    )
    enrollments.sort(key=lambda e: (-e.enrolled_at.timestamp(), e.pk))
    for enrollment in enrollments:
        enrollment.learner = user
    return enrollments


def coaching_notes_for_learner(user, *, limit: int = 5) -> list[CoachingNote]:
    return list(
        CoachingNote.objects.filter(enrollment__learner=user)
        .select_related("author", "lesson", "enrollment__edition")
        .order_by("-created_at", "-pk")[:limit]
    )


def editions_for_trainer_list(editions) -> list[Edition]:
    """Editions with their course, next sessions and learner counts, for the trainer's list."""
    return list(
        editions.select_related("course")
        .annotate(
            learner_count=Count(
                "enrollments",
                filter=~Q(enrollments__status=Enrollment.Status.WITHDRAWN),
                distinct=True,
            )
        )
        .prefetch_related(
            Prefetch("sessions", queryset=ClassroomSession.objects.select_related("module"))
        )
        .order_by("course__title", "name")
    )


@dataclass
class MatrixRow:
    enrollment: Enrollment
    cells: list[tuple[Lesson, LessonState]]
    done: int
    attended: int = 0


@dataclass
class ProgressMatrix:
    lessons: list[Lesson]
    modules: list[CourseModule]
    rows: list[MatrixRow]
    dates: dict[int, LessonDates]

    def module_spans(self) -> list[tuple[CourseModule, int]]:
        counts: dict[int, int] = defaultdict(int)
        for lesson in self.lessons:
            counts[lesson.module_id] += 1
        return [(m, counts[m.pk]) for m in self.modules if counts[m.pk]]


def active_enrollments(edition: Edition):
    return (
        Enrollment.objects.filter(edition=edition)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("learner", "organisation")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )


def active_enrollment_ids(edition: Edition):
    """The ids of `active_enrollments` as a query, to filter other tables by in the database
    (`enrollment_id__in=`) rather than by sending every id along."""
    return (
        Enrollment.objects.filter(edition=edition)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .values_list("pk", flat=True)
    )


def progress_matrix(edition: Edition, *, now: datetime | None = None) -> ProgressMatrix:
    """Learners × lessons with each cell's state, for the trainer."""
    now = now or timezone.now()
    structure = course_structure(edition.course)
    modules, lessons = structure.modules, structure.lessons
    sessions = edition_sessions(edition)
    enrollments = list(active_enrollments(edition))
    completed = set(
        LessonProgress.objects.filter(
            enrollment__edition=edition, completed_at__isnull=False
        ).values_list("enrollment_id", "lesson_id")
    )
    extensions: dict[int, dict[int, datetime]] = defaultdict(dict)
    for enrollment_id, lesson_id, due_at in DueDateExtension.objects.filter(
        enrollment__edition=edition
    ).values_list("enrollment_id", "lesson_id", "due_at"):
        extensions[enrollment_id][lesson_id] = due_at
    attended: dict[int, int] = defaultdict(int)
    for enrollment_id in Attendance.objects.filter(
        session__edition=edition, status=Attendance.Status.PRESENT
    ).values_list("enrollment_id", flat=True):
        attended[enrollment_id] += 1
    base_dates = edition_dates(edition, lessons=lessons, sessions=sessions)
    rows = []
    for enrollment in enrollments:
        personal = extensions.get(enrollment.pk)
        dates = (
            edition_dates(edition, lessons=lessons, sessions=sessions, extensions=personal)
            if personal
            else base_dates
        )
        cells = [
            (
                lesson,
                schedule.lesson_state(
                    dates[lesson.pk], now=now, completed=(enrollment.pk, lesson.pk) in completed
                ),
            )
            for lesson in lessons
        ]
        rows.append(
            MatrixRow(
                enrollment=enrollment,
                cells=cells,
                done=sum(1 for _, state in cells if state == LessonState.DONE),
                attended=attended.get(enrollment.pk, 0),
            )
        )
    return ProgressMatrix(lessons=lessons, modules=modules, rows=rows, dates=base_dates)


def attendance_sheet(session: ClassroomSession) -> list[tuple[Enrollment, Attendance | None]]:
    enrollments = list(active_enrollments(session.edition))
    records = {a.enrollment_id: a for a in Attendance.objects.filter(session=session)}
    return [(e, records.get(e.pk)) for e in enrollments]


def lesson_files(edition: Edition) -> list[Lesson]:
    """The course's lessons that have a file a trainer can download, in course order."""
    files = list(
        FileLesson.objects.non_polymorphic()
        .filter(module__course_id=edition.course_id)
        .exclude(file="")
        .select_related("module")
    )
    media = list(
        MediaLesson.objects.non_polymorphic()
        .filter(module__course_id=edition.course_id)
        .exclude(media_file="")
        .select_related("module")
    )
    return sorted(files + media, key=lambda lesson: (lesson.module.order, lesson.order, lesson.pk))


def enrollment_key(name: str, stamp: EnrollmentStamp) -> str:
    """The key of a fragment about one enrolment (`EnrollmentStamp.of(enrollment)` for a
    loaded enrolment)."""
    return ":".join(
        str(part)
        for part in (
            "frag",
            name,
            get_language(),
            stamp.pk,
            stamp.progress_version,
            stamp.edition_id,
            stamp.schedule_version,
            stamp.course_id,
            stamp.structure_version,
        )
    )


class TrainerContact(NamedTuple):
    """How a learner reaches one of their trainers."""

    name: str
    email: str


def edition_trainer_contacts(edition_id: int) -> list[TrainerContact]:
    """The active trainers of an edition with their e-mail addresses, by name: whom a learner
    asks about their next step. One query."""
    users = Edition.trainers.through.objects.filter(
        edition_id=edition_id, user__is_active=True
    ).order_by("user__last_name", "user__first_name", "user__pk")
    return [
        TrainerContact(" ".join(part for part in (first, last) if part) or username, email)
        for first, last, username, email in users.values_list(
            "user__first_name", "user__last_name", "user__username", "user__email"
        )
    ]


# --- moving a classroom day: what goes overdue at once ---------------------------------------


@dataclass(frozen=True)
class OverdueItem:
    """A lesson whose deadline would lie in the past at once, and how many learners of the
    edition have not done it (nor have an extension beyond now)."""

    title: str
    due_at: datetime
    learners: int


@dataclass(frozen=True)
class MoveWarning:
    """Why moving a classroom day needs an explicit yes: it lands in the past, or before a
    day that comes earlier in the edition; and what goes overdue at once."""

    into_past: bool
    before: date | None  # the earlier day it would land before
    overdue: list[OverdueItem]
    learners: int  # learners with at least one item overdue at once

    @property
    def needed(self) -> bool:
        return self.into_past or self.before is not None or bool(self.overdue)


def session_move_warning(
    *, session: ClassroomSession, new_date: date, changes: Sequence, now: datetime
) -> MoveWarning:
    """What a move of `session` to `new_date` (with the date `changes` it makes) would do
    that the trainer must agree to explicitly (five queries at most)."""
    earlier = [
        s.date
        for s in ClassroomSession.objects.filter(edition_id=session.edition_id)
        .exclude(pk=session.pk)
        .only("date", "start_time")
        if (s.date, s.start_time) < (session.date, session.start_time)
    ]
    before = max((d for d in earlier if d > new_date), default=None)
    going = {
        c.lesson_id: c.new
        for c in changes
        if c.field == "due_at"
        and c.new is not None
        and c.new <= now
        and (c.old is None or c.old > now)
    }
    overdue: list[OverdueItem] = []
    learners: set[int] = set()
    if going:
        active = list(
            Enrollment.objects.filter(
                edition_id=session.edition_id, status=Enrollment.Status.ACTIVE
            ).values_list("pk", flat=True)
        )
        spared = set(
            LessonProgress.objects.filter(
                enrollment_id__in=active, lesson_id__in=list(going), completed_at__isnull=False
            ).values_list("enrollment_id", "lesson_id")
        ) | set(
            DueDateExtension.objects.filter(
                enrollment_id__in=active, lesson_id__in=list(going), due_at__gt=now
            ).values_list("enrollment_id", "lesson_id")
        )
        titles = dict(
            Lesson.objects.non_polymorphic().filter(pk__in=list(going)).values_list("pk", "title")
        )
        for lesson_id, due_at in going.items():
            behind = [e for e in active if (e, lesson_id) not in spared]
            if behind:
                learners.update(behind)
                overdue.append(OverdueItem(titles.get(lesson_id, ""), due_at, len(behind)))
        overdue.sort(key=lambda item: item.due_at)
    return MoveWarning(
        into_past=new_date < timezone.localdate(now),
        before=before,
        overdue=overdue,
        learners=len(learners),
    )
