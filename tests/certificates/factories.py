"""Courses with a certificate template, and learners who passed them."""

from __future__ import annotations

from django.utils import timezone

from assessments.models import CourseResult
from certificates import services
from certificates.models import Certificate, CertificateTemplate
from tests import factories as f

HARD_NAMES = [
    ("Henriëtte", "Nienhuis"),
    ("Şahin", "Yılmaz"),
    ("Łukasz", "Wróbel"),
    ("Ödön", "Ősz"),
    ("Țuțu", "Ionescu"),
    ("Iİıı", "Kaya"),
    ("Ελένη", "Παπαδοπούλου"),
    ("Жанна", "Иванова"),
]


def template_for(course=None, **fields) -> CertificateTemplate:
    course = course or f.build_course(lessons_per_module=1, modules=3)
    defaults = {
        "serial_prefix": "DV",
        "wording": "met goed gevolg de vaardigheidsmodule heeft afgerond",
        "criteria": "Examen gehaald.",
        "issuer_name": "NVVB / PublieksAcademie",
        "signatories": [{"name": "Marloes Visser", "role": "PublieksAcademie"}],
    }
    return CertificateTemplate.objects.create(course=course, **{**defaults, **fields})


def passed_enrollment(edition=None, *, first_name=None, last_name=None, passed=True, **template):
    if edition is None:
        course = template_for(**template).course
        edition = f.EditionFactory(course=course)
    learner_fields = {}
    if first_name:
        learner_fields = {"first_name": first_name, "last_name": last_name or ""}
    enrollment = f.EnrollmentFactory(edition=edition, learner=f.UserFactory(**learner_fields))
    now = timezone.now()
    CourseResult.objects.create(
        enrollment=enrollment,
        passed=passed,
        rules=[],
        computed_at=now,
        passed_at=now if passed else None,
    )
    return enrollment


def pending_certificate(edition=None, **kwargs) -> Certificate:
    enrollment = passed_enrollment(edition, **kwargs)
    return services.certificate_evaluate(enrollment_id=enrollment.pk)


def issued_certificate(edition=None, **kwargs) -> Certificate:
    certificate = pending_certificate(edition, **kwargs)
    services.certificate_approve(certificate_ids=[certificate.pk], by=None)
    certificate.refresh_from_db()
    return certificate
