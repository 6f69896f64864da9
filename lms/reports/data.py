"""The figures of a report: one row per enrolment (progress per module, attendance per
classroom day, result, certificate) and the totals the PDF draws.

Gathered in a fixed number of queries however many enrolments there are (one per table:
enrolments, modules, lessons, completed lessons, classroom days, attendance, results,
certificates), so a report of 5 employees and one of 5,000 read the database the same
number of times.

The period: a report covers the enrolments that were made on or before its last day, of
editions with a classroom day on or after its first day (or none planned yet), or that
passed in it. Progress counts lessons completed up to the last day, attendance the classroom
days within the period, results and certificates as they stood at its end. Without a period
(the contact person's page) everything up to now counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import CourseResult
from certificates import signing
from certificates.models import Certificate
from courses.models import (
    Attendance,
    ClassroomSession,
    CourseModule,
    Enrollment,
    Lesson,
    LessonProgress,
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def end_moment(self) -> datetime:
        """The last moment of the period (the end of its last day)."""
        return timezone.make_aware(datetime.combine(self.end, time.max))


@dataclass(frozen=True)
class ModuleProgress:
    title: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class DayMark:
    day: date
    module: str
    status: str  # an Attendance.Status value, or "" when nothing was registered
    status_label: str
    held: bool  # the day has passed


@dataclass(frozen=True)
class EmployeeRow:
    enrollment_id: int
    name: str
    email: str
    course: str
    edition: str
    status: str
    enrolled_on: date
    modules: list[ModuleProgress]
    days: list[DayMark]
    passed: bool
    passed_on: date | None
    rules_met: int
    rules_total: int
    result_known: bool
    certificate_serial: str
    certificate_status: str
    certificate_url: str

    @property
    def lessons_done(self) -> int:
        return sum(m.done for m in self.modules)

    @property
    def lessons_total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def present(self) -> int:
        return sum(1 for d in self.days if d.status == Attendance.Status.PRESENT)

    @property
    def days_held(self) -> int:
        return sum(1 for d in self.days if d.held)

    @property
    def result_label(self) -> str:
        if self.passed:
            return _("geslaagd")
        return _("nog niet geslaagd") if self.result_known else _("nog geen resultaat")


@dataclass
class ReportData:
    title: str
    period: Period | None
    made_at: datetime
    rows: list[EmployeeRow]
    module_totals: list[ModuleProgress] = field(default_factory=list)
    attendance: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> int:
        return sum(1 for row in self.rows if row.passed)

    @property
    def pass_rate(self) -> int:
        return round(100 * self.passed / len(self.rows)) if self.rows else 0

    @property
    def certificates(self) -> int:
        return sum(1 for row in self.rows if row.certificate_serial)


def in_period(enrollments: QuerySet[Enrollment], period: Period) -> QuerySet[Enrollment]:
    """The enrolments a report over `period` covers (see the module's docstring)."""
    start_moment = timezone.make_aware(datetime.combine(period.start, time.min))
    return (
        enrollments.filter(enrolled_at__lte=period.end_moment)
        .annotate(last_day=Max("edition__sessions__date"))
        .filter(
            Q(last_day__gte=period.start)
            | Q(last_day__isnull=True)
            | Q(
                course_result__passed_at__gte=start_moment,
                course_result__passed_at__lte=period.end_moment,
            )
        )
    )


def _step(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


STEPS = 8


def report_data(
    enrollments: QuerySet[Enrollment],
    *,
    title: str,
    period: Period | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """The report of these enrolments (any queryset: an organisation's, a funder's) over
    `period`; `progress(step, STEPS)` is called as the gathering goes on."""
    now = now or timezone.now()
    until = min(period.end_moment, now) if period else now
    if period is not None:
        enrollments = in_period(enrollments, period)
    loaded = list(
        enrollments.select_related("learner", "edition__course").order_by(
            "learner__last_name", "learner__first_name", "edition__name", "pk"
        )
    )
    _step(progress, 1, STEPS)
    ids = [e.pk for e in loaded]
    course_ids = {e.edition.course_id for e in loaded}
    edition_ids = {e.edition_id for e in loaded}

    modules: dict[int, list[CourseModule]] = defaultdict(list)
    for module in CourseModule.objects.filter(course_id__in=course_ids).order_by("order", "pk"):
        modules[module.course_id].append(module)
    lessons_per_module: dict[int, int] = defaultdict(int)
    for module_id in (
        Lesson.objects.non_polymorphic()
        .filter(module__course_id__in=course_ids, is_required=True)
        .values_list("module_id", flat=True)
    ):
        lessons_per_module[module_id] += 1
    _step(progress, 2, STEPS)

    done: dict[tuple[int, int], int] = defaultdict(int)
    for enrollment_id, module_id in LessonProgress.objects.filter(
        enrollment_id__in=ids,
        completed_at__isnull=False,
        completed_at__lte=until,
        lesson__is_required=True,
    ).values_list("enrollment_id", "lesson__module_id"):
        done[(enrollment_id, module_id)] += 1
    _step(progress, 3, STEPS)

    sessions = ClassroomSession.objects.filter(edition_id__in=edition_ids).select_related("module")
    if period is not None:
        sessions = sessions.filter(date__gte=period.start, date__lte=period.end)
    days: dict[int, list[ClassroomSession]] = defaultdict(list)
    for session in sessions.order_by("date", "start_time", "pk"):
        days[session.edition_id].append(session)
    _step(progress, 4, STEPS)

    marks: dict[tuple[int, int], str] = {
        (enrollment_id, session_id): status
        for enrollment_id, session_id, status in Attendance.objects.filter(
            enrollment_id__in=ids
        ).values_list("enrollment_id", "session_id", "status")
    }
    _step(progress, 5, STEPS)

    results = {r.enrollment_id: r for r in CourseResult.objects.filter(enrollment_id__in=ids)}
    _step(progress, 6, STEPS)

    certificates: dict[int, Certificate] = {}
    for certificate in Certificate.objects.filter(
        enrollment_id__in=ids,
        status__in=(Certificate.Status.ISSUED, Certificate.Status.REVOKED),
        issued_at__lte=until,
    ).order_by("issued_at", "pk"):
        certificates[certificate.enrollment_id] = certificate  # the latest one wins
    _step(progress, 7, STEPS)

    labels = dict(Attendance.Status.choices)
    today = timezone.localdate(now)
    rows = []
    for enrollment in loaded:
        course = enrollment.edition.course
        result = results.get(enrollment.pk)
        passed = bool(result and result.passed and result.passed_at and result.passed_at <= until)
        certificate = certificates.get(enrollment.pk)
        learner = enrollment.learner
        rows.append(
            EmployeeRow(
                enrollment_id=enrollment.pk,
                name=learner.get_full_name() or learner.get_username(),
                email=learner.email,
                course=course.title,
                edition=enrollment.edition.name,
                status=str(enrollment.get_status_display()),
                enrolled_on=timezone.localdate(enrollment.enrolled_at),
                modules=[
                    ModuleProgress(
                        title=module.title,
                        done=done.get((enrollment.pk, module.pk), 0),
                        total=lessons_per_module.get(module.pk, 0),
                    )
                    for module in modules.get(course.pk, [])
                ],
                days=[
                    DayMark(
                        day=session.date,
                        module=session.module.title,
                        status=marks.get((enrollment.pk, session.pk), ""),
                        status_label=str(labels.get(marks.get((enrollment.pk, session.pk)), "")),
                        held=session.date <= today,
                    )
                    for session in days.get(enrollment.edition_id, [])
                ],
                passed=passed,
                passed_on=timezone.localdate(result.passed_at) if passed else None,
                rules_met=result.rules_met if result else 0,
                rules_total=result.rules_total if result else 0,
                result_known=result is not None and result.computed_at is not None,
                certificate_serial=(certificate.serial or "") if certificate else "",
                certificate_status=str(certificate.get_status_display()) if certificate else "",
                certificate_url=signing.verify_url(certificate.verification_code)
                if certificate
                else "",
            )
        )
    _step(progress, STEPS, STEPS)
    return ReportData(
        title=title,
        period=period,
        made_at=now,
        rows=rows,
        module_totals=_module_totals(rows),
        attendance=_attendance_totals(rows),
    )


def _module_totals(rows: list[EmployeeRow]) -> list[ModuleProgress]:
    """Lessons done of lessons to do, per module title, over everyone (in course order)."""
    totals: dict[str, list[int]] = {}
    for row in rows:
        for module in row.modules:
            entry = totals.setdefault(module.title, [0, 0])
            entry[0] += module.done
            entry[1] += module.total
    return [ModuleProgress(title=t, done=d, total=n) for t, (d, n) in totals.items()]


def _attendance_totals(rows: list[EmployeeRow]) -> dict[str, int]:
    """Classroom days that were held, by what was registered ("" for nothing yet)."""
    counts = {status: 0 for status in (*Attendance.Status.values, "")}
    for row in rows:
        for day in row.days:
            if day.held:
                counts[day.status] = counts.get(day.status, 0) + 1
    return counts
