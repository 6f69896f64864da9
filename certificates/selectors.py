"""Reading certificates: a learner's own, an edition's approval queue, a verifier's view."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from courses.access import is_administrator
from courses.models import Edition

from .models import Certificate

Status = Certificate.Status


def certificates_for_learner(user) -> list[Certificate]:
    """The learner's current certificates that exist for others (issued or revoked)."""
    if not user.is_authenticated:
        return []
    return list(
        Certificate.objects.filter(
            enrollment__learner=user, status__in=[Status.ISSUED, Status.REVOKED]
        )
        .only(
            "pk",
            "status",
            "serial",
            "course_title",
            "issued_at",
            "rendered_at",
            "revoked_at",
            "verification_code",
            "enrollment_id",
        )
        .order_by("-issued_at")
    )


def certificate_for_owner(user, certificate_id: int) -> Certificate | None:
    """A learner's own issued or revoked certificate; administrators may open any issued one."""
    if not user.is_authenticated:
        return None
    qs = Certificate.objects.filter(
        pk=certificate_id, status__in=[Status.ISSUED, Status.REVOKED, Status.REPLACED]
    )
    if not is_administrator(user):
        qs = qs.filter(enrollment__learner=user, status=Status.ISSUED)
    return qs.first()


def certificate_for_verification(code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return (
        Certificate.objects.filter(
            verification_code=code,
            status__in=[Status.ISSUED, Status.REVOKED, Status.REPLACED],
        )
        .only(
            "status",
            "name",
            "course_title",
            "issued_at",
            "issuer_name",
            "revoked_at",
            "serial",
            "verification_code",
        )
        .first()
    )


def editions_with_certificate_work() -> QuerySet[Edition]:
    return (
        Edition.objects.select_related("course")
        .annotate(
            pending=Count(
                "enrollments__certificates",
                filter=Q(enrollments__certificates__status=Status.PENDING),
            ),
            review=Count(
                "enrollments__certificates",
                filter=Q(enrollments__certificates__needs_review=True),
            ),
        )
        .filter(Q(pending__gt=0) | Q(review__gt=0))
        .order_by("course__title", "name")
    )


def approval_queue(edition: Edition) -> list[Certificate]:
    return list(
        Certificate.objects.filter(enrollment__edition=edition, status=Status.PENDING)
        .select_related("enrollment__learner", "enrollment__course_result")
        .order_by("enrollment__learner__last_name", "enrollment__learner__first_name", "pk")
    )


def review_queue(edition: Edition) -> list[Certificate]:
    return list(
        Certificate.objects.filter(
            enrollment__edition=edition, needs_review=True, status=Status.ISSUED
        )
        .select_related("enrollment__learner")
        .order_by("serial")
    )
