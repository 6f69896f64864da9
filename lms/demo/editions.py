"""The demo editions and their classroom days, with the plan that gives their learners progress."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from assessments.models import Assignment, Quiz
from courses import schedule
from courses.models import ClassroomSession, Course, CourseModule, Edition, Lesson

from . import data
from .report import DemoReport
from .shapes import EditionSpec


@dataclass
class EditionPlan:
    """An edition with what is needed to give its learners believable progress."""

    edition: Edition
    spec: EditionSpec
    sessions: list[ClassroomSession]
    lessons: list[Lesson]
    dates: dict[int, schedule.LessonDates]
    recorder: object | None  # who registers attendance: the edition's first trainer
    quiz_ids: frozenset[int] = frozenset()

    @property
    def first_start(self) -> datetime:
        return min(s.starts_at for s in self.sessions)

    def open_study_lessons(self, now: datetime) -> list[Lesson]:
        """The lessons open at `now` that a learner finishes by marking them done.

        Quizzes are left out: a quiz is done by taking it (see `activity.attempts_ensure`)."""
        return [
            lesson
            for lesson in self.lessons
            if lesson.pk not in self.quiz_ids
            and (self.dates[lesson.pk].opens_at is None or self.dates[lesson.pk].opens_at <= now)
        ]

    def past_sessions(self, now: datetime) -> list[ClassroomSession]:
        return [s for s in self.sessions if s.ends_at <= now]


def weekday_away_from(day: date, today: date) -> date:
    """Move a weekend day to a Tuesday or Thursday, away from today.

    A past day moves back to Thursday, an upcoming one on to Tuesday: a past day stays past
    and work that hangs on an upcoming day never falls due sooner than intended.
    """
    weekday = day.weekday()
    if weekday < 5:
        return day
    if day < today:
        return day - timedelta(days=weekday - 3)
    return day + timedelta(days=8 - weekday)


def editions_ensure(
    *,
    course: Course,
    modules: Mapping[int, CourseModule],
    lessons: list[Lesson],
    trainers: Mapping[str, object],
    today: date,
    report: DemoReport,
) -> dict[str, EditionPlan]:
    tz = timezone.get_current_timezone()
    rules = [lesson.schedule_rule() for lesson in lessons]
    ids = [lesson.pk for lesson in lessons]
    quiz_ids = frozenset(  # and assignments: both are done by handing them in
        [
            *Quiz.objects.filter(pk__in=ids).values_list("pk", flat=True),
            *Assignment.objects.non_polymorphic().filter(pk__in=ids).values_list("pk", flat=True),
        ]
    )
    plans = {}
    for spec in data.EDITIONS:
        edition, created = Edition.objects.get_or_create(
            course=course,
            name=spec.name,
            defaults={
                "region": spec.region,
                "capacity": data.EDITION_CAPACITY,
                "status": spec.status,
            },
        )
        report.add("edities", created)
        if created:
            edition.trainers.add(*(trainers[username] for username in spec.trainers))
        for session_spec in spec.sessions:
            module = modules[session_spec.module]
            if edition.sessions.filter(module=module).exists():
                continue
            ClassroomSession.objects.create(
                edition=edition,
                module=module,
                date=weekday_away_from(today + timedelta(days=session_spec.day_offset), today),
                start_time=time.fromisoformat(session_spec.start),
                end_time=time.fromisoformat(session_spec.end),
                location=spec.location,
                first_dagdeel=session_spec.first_dagdeel,
                last_dagdeel=session_spec.last_dagdeel,
            )
            report.add("klassikale dagen")
        sessions = list(edition.sessions.all())
        dates = schedule.compute_dates(rules, [s.slot() for s in sessions], tz=tz)
        recorder = edition.trainers.order_by("pk").first()
        plans[spec.name] = EditionPlan(edition, spec, sessions, lessons, dates, recorder, quiz_ids)
    return plans
