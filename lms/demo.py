"""Demo data, so that a first run of the Leeromgeving shows a course that lives.

One course (Vaardigheidsmodule Dienstverlening) with real lessons, a question bank, a practice
quiz and the exam, three editions whose classroom days lie around today, learners part-way
through (one of them passed the exam), a trainer, an administrator, and optionally many
generated learners for load. Every row is looked up by its natural key before it is made, so
seeding again keeps what is there (passwords and edits in the admin included) and duplicates
nothing.
"""

from __future__ import annotations

import io
import math
import random
import sys
import wave
from array import array
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessments import attempts as quiz_attempts
from assessments import marking, specs
from assessments import results as course_results
from assessments import rubrics as rubric_services
from assessments import submissions as submission_services
from assessments.models import (
    AnnotationCategory,
    Assignment,
    Attempt,
    ConversationAnalysis,
    Question,
    QuestionCategory,
    Quiz,
    QuizSlot,
    Reflection,
    Review,
    Rubric,
    Submission,
)
from assessments.services import question_import_gift
from courses import schedule
from courses import services as course_services
from courses.models import (
    Attendance,
    ClassroomSession,
    CoachingNote,
    Course,
    CourseModule,
    Edition,
    Enrollment,
    FileLesson,
    Lesson,
    LessonProgress,
    MediaLesson,
    Organisation,
    TextLesson,
)

from . import demo_content as content

DEMO_PASSWORD = "demo"
GENERATED_PREFIX = "learner"
BATCH_SIZE = 500


@dataclass
class DemoReport:
    """What a run of the seed made; existing rows are not counted."""

    created: Counter = field(default_factory=Counter)
    learners_added: int = 0
    learners_total: int = 0
    base_url: str = ""

    def add(self, label: str, n: int = 1) -> None:
        if n:
            self.created[label] += n

    def as_text(self) -> str:
        lines = ["Demo-gegevens voor de Leeromgeving zijn klaar."]
        if self.created:
            made = ", ".join(f"{n} {label}" for label, n in self.created.items())
            lines.append(f"Nieuw aangemaakt: {made}.")
        else:
            lines.append("Niets nieuws aangemaakt: alles stond er al.")
        if self.learners_total:
            lines.append(
                f"Gegenereerde cursisten: {self.learners_added} nieuw, "
                f"{self.learners_total} in totaal ({GENERATED_PREFIX}0001 …)."
            )
        lines += ["", f"Inloggen op {self.base_url}  (wachtwoord: {DEMO_PASSWORD})", ""]
        width = max(len(generated_username(1)), *(len(name) for name, _ in content.LOGINS)) + 2
        lines.append(f"  {'gebruiker':<{width}}{'wachtwoord':<12}wie")
        for username, role in content.LOGINS:
            lines.append(f"  {username:<{width}}{DEMO_PASSWORD:<12}{role}")
        if self.learners_total:
            lines.append(
                f"  {generated_username(1):<{width}}{DEMO_PASSWORD:<12}"
                f"gegenereerde cursist (t/m {generated_username(self.learners_total)})"
            )
        lines += [
            "",
            "Een wachtwoord wordt alleen gezet als de gebruiker nieuw is.",
        ]
        return "\n".join(lines) + "\n"


def demo_seed(*, learners: int = 0, now: datetime | None = None) -> DemoReport:
    """Create the demo course, editions and people, plus `learners` generated learners."""
    if learners < 0:
        raise ValueError("learners must be zero or more")
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = DemoReport(base_url=settings.LMS_BASE_URL)
    password = _PasswordHash()
    with transaction.atomic():
        course, modules = _course_ensure(report=report)
        categories = _question_bank_ensure(course=course, report=report)
        lessons = _lessons_ensure(modules=modules, categories=categories, report=report)
        users = _staff_ensure(password=password, report=report)
        plans = _editions_ensure(
            course=course,
            modules=modules,
            lessons=lessons,
            trainers=users,
            today=today,
            report=report,
        )
        users |= _learners_ensure(plans=plans, password=password, now=now, report=report)
        _notes_ensure(course=course, users=users, modules=modules, report=report)
        _attempts_ensure(course=course, modules=modules, users=users, now=now, report=report)
        _submissions_ensure(course=course, modules=modules, users=users, now=now, report=report)
        _certificates_ensure(course=course, users=users, now=now, report=report)
        if learners:
            _learners_generate(
                count=learners,
                course=course,
                plans=list(plans.values()),
                password=password,
                now=now,
                report=report,
            )
        _notifications_ensure(now=now, report=report)
    return report


class _PasswordHash:
    """Hash the demo password once per run, and only when a user is actually created."""

    def __init__(self) -> None:
        self._hash: str | None = None

    def __call__(self) -> str:
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash


# --------------------------------------------------------------------------------------------
# Course, modules, lessons
# --------------------------------------------------------------------------------------------


def _course_ensure(*, report: DemoReport) -> tuple[Course, dict[int, CourseModule]]:
    course, created = Course.objects.get_or_create(
        slug=content.COURSE_SLUG,
        defaults={
            "title": content.COURSE_TITLE,
            "description": content.COURSE_DESCRIPTION,
            "price_excl_vat": content.COURSE_PRICE,
            "require_attendance": True,
        },
    )
    report.add("cursus", created)
    modules = {}
    for spec in content.MODULES:
        module, created = CourseModule.objects.get_or_create(
            course=course,
            order=spec.order,
            defaults={"title": spec.title, "description": spec.description},
        )
        report.add("modules", created)
        modules[spec.order] = module
    return course, modules


def _lessons_ensure(
    *,
    modules: Mapping[int, CourseModule],
    categories: Mapping[str, QuestionCategory],
    report: DemoReport,
) -> list[Lesson]:
    for spec in content.LESSONS:
        module = modules[spec.module]
        existing = Lesson.objects.filter(module=module, order=spec.order).first()
        if existing is not None:
            _lesson_file_restore(existing, spec)
            continue
        model, fields = _lesson_fields(spec, modules)
        model.objects.create(module=module, order=spec.order, **fields)
        report.add("lessen")
    _quizzes_ensure(modules=modules, categories=categories, report=report)
    _assignments_ensure(modules=modules, report=report)
    return list(
        Lesson.objects.non_polymorphic()
        .filter(module__in=modules.values())
        .select_related("module")
        .order_by("module__order", "order", "pk")
    )


def _lesson_fields(spec: content.LessonSpec, modules: Mapping[int, CourseModule]) -> tuple:
    fields = _lesson_base_fields(spec, modules)
    if spec.kind == "text":
        return TextLesson, fields | {"body": spec.body}
    if spec.kind in (MediaLesson.Kind.AUDIO, MediaLesson.Kind.VIDEO):
        payload = _lesson_file_payload(spec)
        return MediaLesson, fields | {
            "kind": spec.kind,
            "introduction": spec.introduction,
            "transcript": spec.transcript,
            "media_url": spec.media_url,
            "media_file": ContentFile(payload, name=spec.file_name) if payload else "",
        }
    if spec.kind == "file":
        return FileLesson, fields | {
            "description": spec.description,
            "file": ContentFile(_lesson_file_payload(spec), name=spec.file_name),
        }
    raise ValueError(f"unknown lesson kind {spec.kind!r}")


def _lesson_base_fields(
    spec: content.LessonSpec | content.QuizSpec, modules: Mapping[int, CourseModule]
) -> dict:
    """What every lesson type has: title, summary, and the rules that hang it on the days."""
    fields = {
        "title": spec.title,
        "summary": spec.summary,
        "is_required": spec.required,
        "estimated_minutes": spec.minutes,
    }
    if spec.opens:
        fields |= {
            "opens_anchor": spec.opens.anchor,
            "opens_module": modules[spec.opens.module],
            "opens_offset_days": spec.opens.offset_days,
        }
    if spec.due:
        fields |= {
            "due_anchor": spec.due.anchor,
            "due_module": modules[spec.due.module],
            "due_offset_days": spec.due.offset_days,
        }
    return fields


def _lesson_file_payload(spec: content.LessonSpec) -> bytes:
    if spec.kind == "file":
        return spec.file_text.encode("utf-8")
    if spec.kind == MediaLesson.Kind.AUDIO:
        return chime_wav()
    return b""


def _lesson_file_restore(lesson: Lesson, spec: content.LessonSpec) -> None:
    """Put a lesson's file back when the row survived but the file did not (a wiped var/)."""
    field_file = getattr(lesson, "file", None) or getattr(lesson, "media_file", None)
    if not field_file or field_file.storage.exists(field_file.name):
        return
    payload = _lesson_file_payload(spec)
    if payload:
        field_file.save(spec.file_name, ContentFile(payload), save=True)


def chime_wav(seconds_of_silence: float = 0.5) -> bytes:
    """A two-tone 'ding-dong', as a queue-calling system plays it: a real WAV to serve."""
    rate = 16000
    samples = array("h")
    for frequency in (659.25, 523.25):  # E5, C5
        for n in range(int(rate * 0.7)):
            t = n / rate
            envelope = math.exp(-4.5 * t) * min(1.0, n / 80)
            tone = math.sin(2 * math.pi * frequency * t) + 0.3 * math.sin(
                4 * math.pi * frequency * t
            )
            samples.append(int(12000 * envelope * tone))
    samples.extend([0] * int(rate * seconds_of_silence))
    if sys.byteorder == "big":
        samples.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Question bank and quizzes
# --------------------------------------------------------------------------------------------


def gift_sections(text: str) -> dict[str, str]:
    """A GIFT text cut at its `$CATEGORY:` lines: category name -> that section's GIFT text.

    Each section keeps its own `$CATEGORY:` line, which names the category the import puts
    it in. Text before the first such line (comments) belongs to no category."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines(keepends=True):
        if line.startswith("$CATEGORY:"):
            current = sections.setdefault(line[len("$CATEGORY:") :].strip(), [])
        if current is not None:
            current.append(line)
    return {name: "".join(lines) for name, lines in sections.items()}


def _question_bank_ensure(*, course: Course, report: DemoReport) -> dict[str, QuestionCategory]:
    """The course's question categories, each imported from GIFT when it does not exist yet.

    A category that exists is left as it is, with whatever a trainer changed in it."""
    sections = gift_sections(content.QUESTION_BANK)
    categories = {}
    for spec in content.QUESTION_CATEGORIES:
        category = QuestionCategory.objects.filter(course=course, name=spec.name).first()
        if category is None:
            category = QuestionCategory.objects.create(
                course=course, name=spec.name, description=spec.description
            )
            imported = question_import_gift(
                course=course, category=spec.name, text=sections[spec.name]
            )
            report.add("vragencategorieën")
            report.add("vragen", imported.created)
        categories[spec.name] = category
    return categories


def _quizzes_ensure(
    *,
    modules: Mapping[int, CourseModule],
    categories: Mapping[str, QuestionCategory],
    report: DemoReport,
) -> None:
    for spec in content.QUIZZES:
        module = modules[spec.module]
        taken = Lesson.objects.filter(module=module, order=spec.order).first()
        if taken is not None and not isinstance(taken, Quiz):
            continue  # an administrator put another lesson in this place: leave it
        quiz, created = Quiz.objects.get_or_create(
            module=module,
            order=spec.order,
            defaults=_lesson_base_fields(spec, modules)
            | {
                "intro": spec.intro,
                "is_exam": spec.is_exam,
                "time_limit_minutes": spec.time_limit_minutes,
                "attempts_allowed": spec.attempts_allowed,
                "grading_method": spec.grading_method,
                "pass_mark": spec.pass_mark,
                "shuffle_questions": spec.shuffle_questions,
                "shuffle_options": spec.shuffle_options,
                "feedback_policy": spec.feedback_policy,
            },
        )
        report.add("toetsen", created)
        if quiz.slots.exists():
            continue
        for order, slot in enumerate(spec.slots, start=1):
            category = categories.get(slot.category)
            if category is None:
                continue
            if slot.question:
                question = Question.objects.filter(category=category, name=slot.question).first()
                if question is None:
                    continue
                QuizSlot.objects.create(
                    quiz=quiz, order=order, question=question, points=slot.points
                )
            else:
                QuizSlot.objects.create(
                    quiz=quiz, order=order, category=category, count=slot.count, points=slot.points
                )
            report.add("plekken in toetsen")


def demo_answer(spec: specs.Spec, *, right: bool = True):
    """An answer to a question, right or (where one can be made) wrong, in the shape the
    learner's page sends. None: leave it unanswered (an essay, or no wrong answer to give)."""
    if isinstance(spec, specs.SingleChoiceSpec):
        if right:
            return max(range(len(spec.choices)), key=lambda i: spec.choices[i].fraction)
        return next((i for i, c in enumerate(spec.choices) if c.fraction <= 0), None)
    if isinstance(spec, specs.MultipleResponseSpec):
        picked = [i for i, c in enumerate(spec.choices) if (c.fraction > 0) == right]
        return picked if right else (picked[:1] or None)
    if isinstance(spec, specs.TrueFalseSpec):
        return spec.answer if right else not spec.answer
    if isinstance(spec, specs.ShortAnswerSpec):
        if not right:
            return "weet ik niet"
        best = max(a.fraction for a in spec.answers)
        return next(
            (a.text for a in spec.answers if a.fraction == best and "*" not in a.text), None
        )
    if isinstance(spec, specs.NumericSpec):
        exact = next((a for a in spec.answers if a.fraction == 1), None)
        if not right or exact is None:
            return None
        return str(exact.value if exact.value is not None else exact.low)
    if isinstance(spec, specs.MatchingSpec):
        pairs = [(left, right_) for left, right_ in spec.pairs if left.strip()]
        rights = [right_ for _, right_ in pairs]
        if not right:
            rights = rights[1:] + rights[:1]
        return {left: rights[i] for i, (left, _) in enumerate(pairs)}
    if isinstance(spec, specs.OrderingSpec):
        return list(spec.items) if right else list(reversed(spec.items))
    return None


# --------------------------------------------------------------------------------------------
# Editions and classroom days
# --------------------------------------------------------------------------------------------


@dataclass
class _EditionPlan:
    """An edition with what is needed to give its learners believable progress."""

    edition: Edition
    spec: content.EditionSpec
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

        Quizzes are left out: a quiz is done by taking it (see `_attempts_ensure`)."""
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


def _editions_ensure(
    *,
    course: Course,
    modules: Mapping[int, CourseModule],
    lessons: list[Lesson],
    trainers: Mapping[str, object],
    today: date,
    report: DemoReport,
) -> dict[str, _EditionPlan]:
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
    for spec in content.EDITIONS:
        edition, created = Edition.objects.get_or_create(
            course=course,
            name=spec.name,
            defaults={
                "region": spec.region,
                "capacity": content.EDITION_CAPACITY,
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
        plans[spec.name] = _EditionPlan(edition, spec, sessions, lessons, dates, recorder, quiz_ids)
    return plans


# --------------------------------------------------------------------------------------------
# People, enrolments, progress, attendance
# --------------------------------------------------------------------------------------------


def _user_ensure(spec: content.PersonSpec, *, password: Callable[[], str], report: DemoReport):
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


def _staff_ensure(*, password: Callable[[], str], report: DemoReport) -> dict[str, object]:
    return {
        spec.username: _user_ensure(spec, password=password, report=report)
        for spec in content.STAFF
    }


def _organisations(names) -> dict[str, Organisation]:
    return {name: Organisation.objects.get_or_create(name=name)[0] for name in set(names)}


def _learners_ensure(
    *,
    plans: Mapping[str, _EditionPlan],
    password: Callable[[], str],
    now: datetime,
    report: DemoReport,
) -> dict[str, object]:
    """The named learners. Progress and attendance are made with a new enrolment, only then."""
    organisations = _organisations(spec.organisation for spec in content.LEARNERS)
    users = {}
    progress: list[LessonProgress] = []
    attendance: list[Attendance] = []
    for spec in content.LEARNERS:
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
            status, note = spec.attendance.get(session.module.order, (content.PRESENT, ""))
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
    plan: _EditionPlan,
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


def _notes_ensure(
    *,
    course: Course,
    users: Mapping[str, object],
    modules: Mapping[int, CourseModule],
    report: DemoReport,
) -> None:
    for spec in content.NOTES:
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


def _attempts_ensure(
    *,
    course: Course,
    modules: Mapping[int, CourseModule],
    users: Mapping[str, object],
    now: datetime,
    report: DemoReport,
) -> None:
    """Quizzes taken by named learners, through the services a learner's browser calls.

    An attempt is made only when the learner has none at that quiz yet, and only when the
    quiz was open at the moment it would have been taken. It is graded here, synchronously:
    the hand-in also queues a grading message after the commit, which a worker that runs
    later finds already graded. A quiz taken counts as a lesson done.
    """
    for spec in content.ATTEMPTS:
        module_order, lesson_order = spec.quiz
        quiz = Quiz.objects.filter(module=modules[module_order], order=lesson_order).first()
        learner = users.get(spec.learner)
        enrollment = (
            Enrollment.objects.filter(edition__course=course, learner=learner)
            .select_related("edition")
            .first()
        )
        if quiz is None or enrollment is None:
            continue
        if Attempt.objects.filter(enrollment=enrollment, quiz=quiz).exists():
            continue
        window = quiz_attempts.quiz_window(enrollment=enrollment, quiz=quiz)
        if window.opens_at is None:
            continue
        started = window.opens_at + spec.after_opening
        submitted = started + timedelta(minutes=spec.minutes)
        if not window.is_open(started) or not window.is_open(submitted):
            continue
        if submitted + timedelta(minutes=5) > now:
            continue  # not yet: the quiz opens later for this edition (cursist, Noord)
        attempt = quiz_attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=started)
        step = (submitted - started) / (len(attempt.questions) + 1)
        wrong = spec.wrong
        for position, frozen in enumerate(attempt.questions):
            question = specs.spec_from_json(frozen["spec"])
            answer = demo_answer(question, right=False) if wrong else None
            if answer is not None:
                wrong -= 1
            else:
                answer = demo_answer(question)
            if answer is None:
                continue
            quiz_attempts.response_save(
                attempt=attempt,
                position=position,
                answer=answer,
                user=learner,
                now=started + step * (position + 1),
            )
        quiz_attempts.attempt_submit(attempt=attempt, user=learner, now=submitted)
        quiz_attempts.attempt_grade(attempt_id=attempt.pk, now=submitted + timedelta(minutes=1))
        report.add("toetspogingen")
        course_services.lesson_mark_opened(enrollment=enrollment, lesson=quiz, now=started)
        course_services.lesson_mark_done(enrollment=enrollment, lesson=quiz, now=submitted)


def _certificates_ensure(
    *, course: Course, users: Mapping[str, object], now: datetime, report: DemoReport
) -> None:
    """The course's certificate template, and Henriëtte's issued certificate (issued by the
    administrator without waiting for her result, so that the demo always shows one)."""
    from certificates import services as certificate_services
    from certificates.models import CertificateTemplate

    _template, created = CertificateTemplate.objects.get_or_create(
        course=course,
        defaults={
            "serial_prefix": "DV",
            "title": "Certificaat",
            "intro": "Hierbij verklaren wij dat",
            "wording": "met goed gevolg de vaardigheidsmodule heeft afgerond, gegeven door het "
            "opleidingsbureau samen met de PublieksAcademie van de NVVB",
            "criteria": "Het examen gehaald en bij alle klassikale dagdelen aanwezig geweest.",
            "issuer_name": "NVVB / PublieksAcademie",
            "signatories": [
                {"name": "Marloes Visser", "role": "PublieksAcademie"},
                {"name": "Anouk Hendriks", "role": "Trainer"},
            ],
        },
    )
    report.add("certificaatsjablonen", created)
    enrollment = Enrollment.objects.filter(
        edition__course=course, learner=users.get("henriette")
    ).first()
    if enrollment is None or enrollment.certificates.exists():
        return
    certificate_services.certificate_issue_unchecked(
        enrollment=enrollment, by=users.get("beheerder"), now=now
    )
    report.add("certificaten")


# --------------------------------------------------------------------------------------------
# Assignments: lessons, rubrics, and work handed in and graded
# --------------------------------------------------------------------------------------------


def _assignments_ensure(*, modules: Mapping[int, CourseModule], report: DemoReport) -> None:
    """The course's annotation categories, rubrics and the three assignment lessons."""
    course = modules[1].course
    for order, (kind, name) in enumerate(content.ANNOTATION_CATEGORIES, start=1):
        _category, created = AnnotationCategory.objects.get_or_create(
            course=course, name=name, defaults={"kind": kind, "order": order}
        )
        report.add("categorieën voor gespreksanalyse", created)
    rubric_by_title = {}
    for spec in content.RUBRICS:
        rubric = Rubric.objects.filter(course=course, title=spec.title).first()
        if rubric is None:
            rubric = rubric_services.rubric_create(
                course=course, title=spec.title, criteria=rubric_services.parse_text(spec.text)
            )
            report.add("beoordelingsmodellen")
        rubric_by_title[spec.title] = rubric
    models = {
        "assignment": Assignment,
        "conversation": ConversationAnalysis,
        "reflection": Reflection,
    }
    for spec in content.ASSIGNMENTS:
        module = modules[spec.module]
        if Lesson.objects.filter(module=module, order=spec.order).exists():
            continue  # there already, or an administrator put another lesson in this place
        fields = _lesson_base_fields(spec, modules) | {
            "instructions": spec.instructions,
            "accepts_text": spec.accepts_text,
            "accepts_files": spec.accepts_files,
            "accepts_audio": spec.accepts_audio,
            "allowed_file_types": spec.allowed_file_types,
            "pass_mark": spec.pass_mark,
            "rubric": rubric_by_title.get(spec.rubric),
            "grading": Assignment.Grading.RUBRIC if spec.rubric else Assignment.Grading.COMPLETE,
        }
        if spec.kind == "conversation":
            fields["reflection_questions"] = spec.reflection_questions
        models[spec.kind].objects.create(module=module, order=spec.order, **fields)
        report.add("opdrachten")


def _submissions_ensure(
    *,
    course: Course,
    modules: Mapping[int, CourseModule],
    users: Mapping[str, object],
    now: datetime,
    report: DemoReport,
) -> None:
    """Work handed in by named learners, and graded, through the services their browsers use.

    Made once per learner and assignment (only when there is no submission yet), and only
    when the assignment was open at that moment for the learner's edition."""
    categories = {c.name: c.pk for c in AnnotationCategory.objects.filter(course=course)}
    for spec in content.SUBMISSIONS:
        module_order, lesson_order = spec.assignment
        assignment = Assignment.objects.filter(
            module=modules[module_order], order=lesson_order
        ).first()
        learner = users.get(spec.learner)
        enrollment = (
            Enrollment.objects.filter(edition__course=course, learner=learner)
            .select_related("edition__course")
            .first()
        )
        if assignment is None or enrollment is None:
            continue
        if Submission.objects.filter(enrollment=enrollment, assignment=assignment).exists():
            continue
        window = submission_services.hand_in_window(
            enrollment=enrollment, assignment=assignment, submission=None, now=now
        )
        if window.opens_at is None:
            continue
        moment = window.opens_at + spec.after_opening
        if window.due_at is not None and moment > window.due_at:
            moment = window.due_at - timedelta(hours=2)
        released_at = moment + (spec.review.after_submission if spec.review else timedelta())
        if moment < window.opens_at or released_at + timedelta(minutes=5) > now:
            continue  # not yet: the assignment opens later for this edition
        data = submission_services.DraftInput(
            text=spec.text,
            transcript=spec.transcript,
            answers=list(spec.answers) or None,
            new_files=[ContentFile(spec.file_text.encode(), name=spec.file_name)]
            if spec.file_name
            else [],
            new_audio=ContentFile(chime_wav(), name="gesprek-aan-de-balie.wav")
            if spec.audio
            else None,
            new_annotations=[
                submission_services.NewAnnotation(
                    at_seconds=m.seconds,
                    quote=m.quote,
                    category_id=categories.get(m.category),
                    note=m.note,
                )
                for m in spec.annotations
            ],
        )
        submission_services.draft_save(
            enrollment=enrollment,
            assignment=assignment,
            data=data,
            user=learner,
            now=moment - timedelta(minutes=20),
        )
        version = submission_services.submission_submit(
            enrollment=enrollment, assignment=assignment, user=learner, now=moment
        )
        report.add("inzendingen")
        course_services.lesson_mark_opened(
            enrollment=enrollment, lesson=assignment, now=moment - timedelta(minutes=50)
        )
        if spec.review is None:
            continue
        submission = Submission.objects.select_related("enrollment__edition").get(
            pk=version.submission_id
        )
        submission.assignment = assignment
        marking.review_save(
            submission=submission,
            version=version,
            grader=users[spec.review.author],
            now=released_at,
            data=marking.ReviewInput(
                lock_version=0,
                levels=dict(enumerate(spec.review.levels)),
                complete=spec.review.complete,
                feedback=spec.review.feedback,
                state=Review.State.RELEASED,
                new_comments=[
                    marking.NewComment(at_seconds=m.seconds, quote=m.quote, note=m.note)
                    for m in spec.review.comments
                ],
            ),
        )
        report.add("beoordelingen")
    # Every named learner's course result, now: the assignments are pass rules too.
    course_results.course_results_recompute(
        enrollment_ids=Enrollment.objects.filter(
            edition__course=course,
            learner__username__in=[spec.person.username for spec in content.LEARNERS],
        ).values_list("pk", flat=True),
        now=now,
    )


# --------------------------------------------------------------------------------------------
# Generated learners, for load (`seed_demo --learners N`)
# --------------------------------------------------------------------------------------------


def _notifications_ensure(*, now: datetime, report: DemoReport) -> None:
    """Run the notification jobs once, so that the demo users have notices (reminders, new
    work, a trainer's digest). Their sent-markers keep a second seed from adding any."""
    from lms.models import Notification
    from lms.notifications.services import jobs_run

    before = Notification.objects.count()
    morning = timezone.localtime(now).replace(hour=8, minute=0, second=0, microsecond=0)
    for days in range(6, 0, -1):  # what the jobs sent on the mornings before: some history
        jobs_run(now=morning - timedelta(days=days))
    jobs_run(now=now)
    report.add("berichten", Notification.objects.count() - before)


def generated_username(number: int) -> str:
    return f"{GENERATED_PREFIX}{number:04d}"


def _learners_generate(
    *,
    count: int,
    course: Course,
    plans: list[_EditionPlan],
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
                first_name=rng.choice(content.FIRST_NAMES),
                last_name=rng.choice(content.LAST_NAMES),
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
    enrollments: list[tuple[Enrollment, _EditionPlan, int]] = []
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
            status = rng.choices(
                (content.PRESENT, content.EXCUSED, content.ABSENT), weights=(88, 7, 5)
            )[0]
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
