"""Demo data, so that a first run of the Leeromgeving shows a course that lives.

One course (Vaardigheidsmodule Dienstverlening) with real lessons, a question bank, a practice
quiz and the exam, three editions whose classroom days lie around today, learners part-way
through (one of them passed the exam), a trainer, an administrator, and optionally many
generated learners for load. Every row is looked up by its natural key before it is made, so
seeding again keeps what is there (passwords and edits in the admin included) and duplicates
nothing.

`data` declares what there is (its long texts are files in `content/`); `course`,
`questions`, `assignments`, `editions`, `people` and `activity` make the rows; `demo_seed`
below runs them in order.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .activity import (
    attempts_ensure,
    certificates_ensure,
    demo_answer,
    notifications_ensure,
    submissions_ensure,
)
from .assignments import assignments_ensure
from .coaching import coaching_ensure
from .course import chime_wav, course_ensure, lesson_list, lessons_ensure
from .data import LOGINS
from .editions import editions_ensure, weekday_away_from
from .organisations import organisation_contact_ensure
from .people import (
    authors_ensure,
    learners_ensure,
    learners_generate,
    notes_ensure,
    staff_ensure,
)
from .questions import gift_sections, question_bank_ensure, quizzes_ensure
from .report import DEMO_PASSWORD, DemoReport, PasswordHash, generated_username
from .trajectories import trajectory_ensure

__all__ = [
    "DEMO_PASSWORD",
    "LOGINS",
    "DemoReport",
    "chime_wav",
    "demo_answer",
    "demo_seed",
    "generated_username",
    "gift_sections",
    "weekday_away_from",
]


def demo_seed(*, learners: int = 0, now: datetime | None = None) -> DemoReport:
    """Create the demo course, editions and people, plus `learners` generated learners."""
    if learners < 0:
        raise ValueError("learners must be zero or more")
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = DemoReport(base_url=settings.LMS_BASE_URL)
    password = PasswordHash()
    with transaction.atomic():
        course, modules = course_ensure(report=report)
        categories = question_bank_ensure(course=course, report=report)
        lessons_ensure(modules=modules, report=report)
        quizzes_ensure(modules=modules, categories=categories, report=report)
        assignments_ensure(modules=modules, report=report)
        lessons = lesson_list(modules=modules)
        users = staff_ensure(password=password, report=report)
        authors_ensure(course=course, users=users, report=report)
        plans = editions_ensure(
            course=course,
            modules=modules,
            lessons=lessons,
            trainers=users,
            today=today,
            report=report,
        )
        users |= learners_ensure(plans=plans, password=password, now=now, report=report)
        notes_ensure(course=course, users=users, modules=modules, report=report)
        attempts_ensure(course=course, modules=modules, users=users, now=now, report=report)
        submissions_ensure(course=course, modules=modules, users=users, now=now, report=report)
        certificates_ensure(course=course, users=users, now=now, report=report)
        coaching_ensure(course=course, users=users, now=now, report=report)
        trajectory_ensure(course=course, users=users, password=password, now=now, report=report)
        organisation_contact_ensure(password=password, report=report)
        if learners:
            learners_generate(
                count=learners,
                course=course,
                plans=list(plans.values()),
                password=password,
                now=now,
                report=report,
            )
        notifications_ensure(now=now, report=report)
    return report
