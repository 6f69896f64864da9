"""What a job coach sees of the one learner they follow: progress per module, attendance per
classroom day, the course result. A fixed number of queries, however many modules, lessons
or days the course has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assessments.results import selectors as results
from assessments.results.rules import Rule
from courses import selectors as course_selectors
from courses.models import Attendance, Trajectory
from courses.selectors import Outline, SessionRow
from lms.reports.models import Report

from . import scope as funder_scope


@dataclass(frozen=True)
class LearnerReport:
    trajectory: Trajectory
    outline: Outline
    attendance: list[tuple[SessionRow, Attendance | None]]
    passed: bool | None  # None: no result computed yet
    rules: list[Rule]


def learner_report(trajectory: Trajectory, *, now: datetime) -> LearnerReport:
    enrollment = trajectory.enrollment
    outline = course_selectors.course_outline(enrollment, now=now)
    records = {a.session_id: a for a in Attendance.objects.filter(enrollment_id=enrollment.pk)}
    result, rules = results.course_result_for(enrollment=enrollment)
    computed = result is not None and result.computed_at is not None
    return LearnerReport(
        trajectory=trajectory,
        outline=outline,
        attendance=[(session, records.get(session.pk)) for session in outline.sessions],
        passed=result.passed if computed else None,
        rules=rules if computed else [],
    )


RECENT_REPORTS = 10


def funder_reports_recent() -> list[Report]:
    """The latest reports per funder (any funder), newest first."""
    return list(Report.objects.filter(scope=funder_scope.NAME)[:RECENT_REPORTS])
