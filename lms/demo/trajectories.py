"""An Erkend Talent trajectory, so that the demo shows the job coach's side: Henriëtte follows
the course in a trajectory of the municipality's social services, and gave her job coach
(`jobcoach`) consent to follow her progress, attendance and results."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from django.utils import timezone

from courses.models import Course, Enrollment, Trajectory
from courses.trajectories import services

from .people import _user_ensure
from .report import DemoReport
from .shapes import PersonSpec

JOB_COACH = PersonSpec("jobcoach", "Wendy", "Mulder", "wendy.mulder@example.nl")
LEARNER = "henriette"
FUNDER_TYPE = Trajectory.FunderType.MUNICIPALITY
FUNDER_NAME = "Gemeente Zwolle, sociale dienst"


def trajectory_ensure(
    *,
    course: Course,
    users: Mapping[str, object],
    password: Callable[[], str],
    now: datetime,
    report: DemoReport,
) -> None:
    coach = _user_ensure(JOB_COACH, password=password, report=report)
    learner = users.get(LEARNER)
    enrollment = (
        Enrollment.objects.filter(edition__course=course, learner=learner)
        .select_related("learner")
        .first()
    )
    if enrollment is None or Trajectory.objects.filter(enrollment=enrollment).exists():
        return
    today = timezone.localdate(now)
    trajectory = services.trajectory_save(
        enrollment=enrollment,
        funder_type=FUNDER_TYPE,
        funder_name=FUNDER_NAME,
        coach_name=coach.get_full_name(),
        coach_email=coach.email,
        starts_on=today - timedelta(days=120),
        ends_on=today + timedelta(days=240),
        by=None,
        now=now,
    )
    services.trajectory_consent_give(trajectory=trajectory, by=learner, now=now)
    report.add("trajecten")
