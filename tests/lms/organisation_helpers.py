"""An organisation with employees in an edition, a contact person, and employees in bulk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import CourseResult
from courses.models import (
    Attendance,
    Enrollment,
    LessonProgress,
    Organisation,
    OrganisationContact,
)
from lms.reports.models import Report
from tests import factories as f
from tests.certificates.factories import issued_certificate, template_for

User = get_user_model()


@dataclass
class Employer:
    organisation: Organisation
    contact: object  # the contact person's user
    edition: object
    passed: Enrollment  # passed, certificate issued, present on day 1
    busy: Enrollment  # one lesson done, absent on day 1


def organisation_with_employees(
    *, first_day: dt.date | None = None, name: str = "Gemeente Zwolle"
) -> Employer:
    first_day = first_day or timezone.localdate() - dt.timedelta(days=40)
    course = template_for(f.build_course(lessons_per_module=2, modules=3)).course
    edition = f.build_edition(course, first_day=first_day, name=f"Noord voorjaar {name}")
    organisation = f.OrganisationFactory(name=name)
    contact = f.UserFactory(first_name="Carla", last_name="Contact")
    OrganisationContact.objects.create(organisation=organisation, user=contact)

    certificate = issued_certificate(edition, first_name="Henriëtte", last_name="Nienhuis")
    passed = certificate.enrollment
    Enrollment.objects.filter(pk=passed.pk).update(organisation=organisation)
    busy = f.EnrollmentFactory(
        edition=edition,
        organisation=organisation,
        learner=f.UserFactory(first_name="Bram", last_name="Bezig"),
    )
    CourseResult.objects.create(
        enrollment=busy, passed=False, rules_met=1, rules_total=3, computed_at=timezone.now()
    )
    day_one = edition.sessions.order_by("date").first()
    lesson = day_one.module.lessons.order_by("order").first()
    LessonProgress.objects.create(
        enrollment=busy, lesson=lesson, completed_at=timezone.now() - dt.timedelta(days=3)
    )
    Attendance.objects.create(session=day_one, enrollment=passed, status=Attendance.Status.PRESENT)
    Attendance.objects.create(session=day_one, enrollment=busy, status=Attendance.Status.ABSENT)
    # Enrolled a month before the first classroom day, as people are.
    Enrollment.objects.filter(pk__in=[passed.pk, busy.pk]).update(
        enrolled_at=timezone.make_aware(dt.datetime.combine(first_day, dt.time(9)))
        - dt.timedelta(days=30)
    )
    passed.refresh_from_db()
    busy.refresh_from_db()
    return Employer(
        organisation=organisation, contact=contact, edition=edition, passed=passed, busy=busy
    )


def bulk_employees(edition, organisation, count: int) -> list[Enrollment]:
    """`count` employees of `organisation` in `edition`, each with a lesson done, a day
    attended and a result, made in bulk (500 in about a second)."""
    tag = f"{organisation.pk}-{edition.pk}"
    learners = User.objects.bulk_create(
        User(username=f"bulk-{tag}-{n}", email=f"bulk-{tag}-{n}@example.org", last_name=f"B{n:04}")
        for n in range(count)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            edition=edition,
            learner=learner,
            organisation=organisation,
            enrolled_at=timezone.make_aware(
                dt.datetime.combine(edition.sessions.order_by("date").first().date, dt.time(9))
            )
            - dt.timedelta(days=30),
        )
        for learner in learners
    )
    day_one = edition.sessions.order_by("date").first()
    lesson = day_one.module.lessons.order_by("order").first()
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        LessonProgress(enrollment=e, lesson=lesson, completed_at=now) for e in enrollments
    )
    Attendance.objects.bulk_create(
        Attendance(session=day_one, enrollment=e, status=Attendance.Status.PRESENT)
        for e in enrollments
    )
    CourseResult.objects.bulk_create(
        CourseResult(enrollment=e, passed=False, rules_met=1, rules_total=3, computed_at=now)
        for e in enrollments
    )
    return enrollments


def a_report(employer: Employer, **fields) -> Report:
    """A report of the employer's organisation over its edition's classroom days."""
    sessions = employer.edition.sessions.order_by("date")
    return Report.objects.create(
        **{
            "scope": "organisation",
            "key": str(employer.organisation.pk),
            "title": employer.organisation.name,
            "period_start": sessions.first().date,
            "period_end": sessions.last().date,
            "requested_by": employer.contact,
            **fields,
        }
    )
