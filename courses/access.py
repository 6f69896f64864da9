"""Who learns or teaches what: the access rules every app uses.

Everything a user may not see answers 404, so that the existence of another
learner's work or another edition is not revealed.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from core.compiled import CompiledQuery

from .models import Course, Edition, Enrollment
from .selectors import enrollment_stamp_for_learner


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def is_trainer(user) -> bool:
    return bool(user.is_authenticated and user.teaching_editions.exists())


def editions_taught_by(user) -> QuerySet[Edition]:
    if not user.is_authenticated:
        return Edition.objects.none()
    if is_administrator(user):
        return Edition.objects.all()
    return Edition.objects.filter(trainers=user)


def can_teach(user, edition: Edition) -> bool:
    if is_administrator(user):
        return True
    return user.is_authenticated and edition.trainers.filter(pk=user.pk).exists()


def can_author(user, course: Course) -> bool:
    """Whether the user may change the course's question bank, quizzes and exam: an
    administrator, or an author (examiner) an administrator named for that course. Teaching
    one of its editions is not enough: the bank and the exam serve every edition."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_administrator(user):
        return True
    return Course.authors.through.objects.filter(course_id=course.pk, user_id=user.pk).exists()


def courses_authored_by(user) -> QuerySet[Course]:
    """The courses whose question bank, quizzes and exam the user may change (`can_author`)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Course.objects.none()
    if is_administrator(user):
        return Course.objects.all()
    return Course.objects.filter(authors=user)


def edition_for_trainer_or_404(user, edition_id: int) -> Edition:
    edition = editions_taught_by(user).select_related("course").filter(pk=edition_id).first()
    if edition is None:
        raise Http404
    return edition


_ENROLLMENT_OF_LEARNER_IN = CompiledQuery(
    lambda learner_id, edition_id: Enrollment.objects.select_related("edition__course").filter(
        edition_id=edition_id,
        learner_id=learner_id,
        status__in=Enrollment.SHOWN_STATUSES,
    )[:1],
    arity=2,
)


def enrollment_for_learner_or_404(user, edition_id: int) -> Enrollment:
    """The learner's own active enrolment in an edition; anything else is a 404. (Every
    learner page asks it: the SQL is built once per process.)"""
    if not user.is_authenticated:
        raise Http404
    found = _ENROLLMENT_OF_LEARNER_IN.objects(user.pk, edition_id)
    if not found:
        raise Http404
    enrollment = found[0]
    enrollment.learner = user
    return enrollment


def enrollment_stamp_for_learner_or_404(user, edition_id: int):
    """`enrollment_for_learner_or_404` as a stamp (keys and versions, one prepared query):
    for pages that are served from cached fragments."""
    stamp = enrollment_stamp_for_learner(user, edition_id) if user.is_authenticated else None
    if stamp is None:
        raise Http404
    return stamp
