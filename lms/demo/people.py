"""The demo's people: staff, named and generated learners, their enrolments, progress,
attendance and coaching notes."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from courses.models import (
    Attendance,
    CoachingNote,
    Course,
    CourseModule,
    Enrollment,
    Lesson,
    LessonProgress,
    Organisation,
)

from . import data
from .editions import EditionPlan
from .report import GENERATED_PREFIX, DemoReport, generated_username
from .shapes import PersonSpec

BATCH_SIZE = 500


def _user_ensure(spec: PersonSpec, *, password: Callable[[], str], report: DemoReport):
    User = get_user_model()
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = User.objects.create(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=spec.email,
            is_staff=spec.is_staff,
            is_superuser=spec.is_superuser,
            password=password(),
        )
        report.add("gebruikers")
    return user


def staff_ensure(*, password: Callable[[], str], report: DemoReport) -> dict[str, object]:
    return {
        spec.username: _user_ensure(spec, password=password, report=report) for spec in data.STAFF
    }


def authors_ensure(*, course: Course, users: Mapping[str, object], report: DemoReport) -> None:
    """The course's authors and examiners (a demo made before there were authors gets them
    too); other authors an administrator named stay."""
    present = set(course.authors.values_list("pk", flat=True))
    missing = [users[name] for name in data.COURSE_AUTHORS if users[name].pk not in present]
    course.authors.add(*missing)
    report.add("auteurs", len(missing))


def _organisations(names) -> dict[str, Organisation]:
    return {name: Organisation.objects.get_or_create(name=name)[0] for name in set(names)}


def learners_ensure(
    *,
    plans: Mapping[str, EditionPlan],
    password: Callable[[], str],
    now: datetime,
    report: DemoReport,
) -> dict[str, object]:
    """The named learners. Progress and attendance are made with a new enrolment, only then."""
    organisations = _organisations(spec.organisation for spec in data.LEARNERS)
    users = {}
    progress: list[LessonProgress] = []
    attendance: list[Attendance] = []
    for spec in data.LEARNERS:
        user = _user_ensure(spec.person, password=password, report=report)
        users[spec.person.username] = user
        plan = plans[spec.edition]
        enrollment, created = Enrollment.objects.get_or_create(
            edition=plan.edition,
            learner=user,
            defaults={
                "organisation": organisations[spec.organisation],
                "enrolled_at": plan.first_start - timedelta(days=42),
            },
        )
        report.add("inschrijvingen", created)
        if not created:
            continue
        rng = random.Random(f"demo-{spec.person.username}")
        progress += _progress_rows(
            enrollment, plan, now=now, rng=rng, done=spec.done, opened=spec.opened
        )
        for session in plan.past_sessions(now):
            status, note = spec.attendance.get(session.module.order, (data.PRESENT, ""))
            attendance.append(
                Attendance(
                    session=session,
                    enrollment=enrollment,
                    status=status,
                    note=note,
                    recorded_by=plan.recorder,
                )
            )
    _bulk(LessonProgress, progress, "keer voortgang", report)
    _bulk(Attendance, attendance, "aanwezigheden", report)
    return users


def _progress_rows(
    enrollment: Enrollment,
    plan: EditionPlan,
    *,
    now: datetime,
    rng: random.Random,
    done: int | None,
    opened: int,
) -> list[LessonProgress]:
    """The first `done` open lessons finished (all of them when None), the next `opened` begun.

    Each moment lies after the lesson opened and, where it can, before it was due.
    """
    open_lessons = plan.open_study_lessons(now)
    n_done = len(open_lessons) if done is None else min(done, len(open_lessons))
    rows = []
    previous = None
    for index, lesson in enumerate(open_lessons[: n_done + opened]):
        dates = plan.dates[lesson.pk]
        start = dates.opens_at or plan.first_start - timedelta(days=14)
        end = now - timedelta(minutes=10)
        if dates.due_at is not None:
            end = min(end, dates.due_at - timedelta(hours=1))
        if end <= start:
            end = min(start + timedelta(hours=2), now)
        moment = start + (end - start) * rng.uniform(0.05, 0.6)
        if previous is not None:
            moment = min(max(moment, previous + timedelta(minutes=7)), now - timedelta(minutes=1))
        previous = moment
        rows.append(
            LessonProgress(
                enrollment=enrollment,
                lesson_id=lesson.pk,
                first_opened_at=max(start, moment - timedelta(minutes=rng.randint(8, 40))),
                completed_at=moment if index < n_done else None,
            )
        )
    return rows


def _bulk(model, rows: list, label: str, report: DemoReport) -> None:
    if rows:
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        report.add(label, len(rows))


def notes_ensure(
    *,
    course: Course,
    users: Mapping[str, object],
    modules: Mapping[int, CourseModule],
    report: DemoReport,
) -> None:
    for spec in data.NOTES:
        enrollment = Enrollment.objects.filter(
            edition__course=course, learner=users[spec.learner]
        ).first()
        if enrollment is None:
            continue
        lesson = None
        if spec.lesson:
            module_order, lesson_order = spec.lesson
            lesson = (
                Lesson.objects.non_polymorphic()
                .filter(module=modules[module_order], order=lesson_order)
                .first()
            )
        _note, created = CoachingNote.objects.get_or_create(
            enrollment=enrollment,
            author=users[spec.author],
            lesson=lesson,
            defaults={"body": spec.body.strip()},
        )
        report.add("coachingsnotities", created)


def learners_generate(
    *,
    count: int,
    course: Course,
    plans: list[EditionPlan],
    password: Callable[[], str],
    now: datetime,
    report: DemoReport,
) -> None:
    """Learners `learner0001`…, round-robin over the editions, each with seeded random progress.

    Learner n always gets the same name, edition and progress, whatever `count` is, so a
    second run with the same or a smaller count adds nothing.
    """
    User = get_user_model()
    wanted = {generated_username(n): n for n in range(1, count + 1)}
    existing = set(
        User.objects.filter(username__startswith=GENERATED_PREFIX).values_list(
            "username", flat=True
        )
    )
    new_users = []
    for username, number in wanted.items():
        if username in existing:
            continue
        rng = random.Random(f"demo-learner-name-{number}")
        new_users.append(
            User(
                username=username,
                first_name=rng.choice(data.FIRST_NAMES),
                last_name=rng.choice(data.LAST_NAMES),
                email=f"{username}@example.nl",
                password=password(),
            )
        )
    User.objects.bulk_create(new_users, batch_size=BATCH_SIZE)
    report.add("gebruikers", len(new_users))
    report.learners_added = len(new_users)

    user_ids = {
        username: pk
        for username, pk in User.objects.filter(username__startswith=GENERATED_PREFIX).values_list(
            "username", "pk"
        )
        if username in wanted
    }
    report.learners_total = len(user_ids)
    enrolled = set(
        Enrollment.objects.filter(
            edition__course=course, learner__username__startswith=GENERATED_PREFIX
        ).values_list("learner_id", flat=True)
    )
    organisations = _organisations(name for plan in plans for name in plan.spec.organisations)
    enrollments: list[tuple[Enrollment, EditionPlan, int]] = []
    for username, number in wanted.items():
        learner_id = user_ids[username]
        if learner_id in enrolled:
            continue
        plan = plans[(number - 1) % len(plans)]
        rng = random.Random(f"demo-learner-enrolment-{number}")
        enrollment = Enrollment(
            edition=plan.edition,
            learner_id=learner_id,
            organisation=organisations[rng.choice(plan.spec.organisations)],
            enrolled_at=plan.first_start - timedelta(days=rng.randint(21, 63)),
        )
        enrollments.append((enrollment, plan, number))
    Enrollment.objects.bulk_create([e for e, _, _ in enrollments], batch_size=BATCH_SIZE)
    report.add("inschrijvingen", len(enrollments))
    if enrollments and enrollments[0][0].pk is None:  # a backend that returns no ids
        by_learner = dict(
            Enrollment.objects.filter(
                edition__course=course, learner__username__startswith=GENERATED_PREFIX
            ).values_list("learner_id", "pk")
        )
        for enrollment, _, _ in enrollments:
            enrollment.pk = by_learner[enrollment.learner_id]

    progress: list[LessonProgress] = []
    attendance: list[Attendance] = []
    for enrollment, plan, number in enrollments:
        rng = random.Random(f"demo-learner-progress-{number}")
        open_count = len(plan.open_study_lessons(now))
        done = round(open_count * rng.choice((0, 0.25, 0.5, 0.75, 1, 1)))
        progress += _progress_rows(
            enrollment, plan, now=now, rng=rng, done=done, opened=rng.choice((0, 0, 1))
        )
        for session in plan.past_sessions(now):
            status = rng.choices((data.PRESENT, data.EXCUSED, data.ABSENT), weights=(88, 7, 5))[0]
            attendance.append(
                Attendance(
                    session=session,
                    enrollment=enrollment,
                    status=status,
                    recorded_by=plan.recorder,
                )
            )
    _bulk(LessonProgress, progress, "keer voortgang", report)
    _bulk(Attendance, attendance, "aanwezigheden", report)
