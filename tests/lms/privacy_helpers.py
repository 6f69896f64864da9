"""Learners with something of every kind the system keeps about a person (privacy tests)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from assessments import models as am
from assessments.assignments.services import NewComment
from assessments.questions import specs as s
from assessments.quizzes import services as attempts
from certificates import services as certificate_services
from core.outbox.models import Notification
from courses.models import Attendance, CoachingNote, LessonProgress
from lms.models import Kind, MutedKind, Profile
from tests import factories as f
from tests.assessments.assignment_factories import (
    PDF,
    build_assignment,
    committed,
    grade,
    hand_in,
    upload,
)
from tests.assessments.quiz_factories import KEYS, right_answer
from tests.certificates.factories import template_for
from tests.logins import log_in


@dataclass
class Course:
    course: object
    edition: object
    assignment: am.Assignment
    quiz: am.Quiz
    trainer: object


@dataclass
class Person:
    user: object
    enrollment: object
    attempt: am.Attempt
    version: am.SubmissionVersion
    upload: am.SubmissionFile
    file_bytes: bytes
    certificate: object


def build_course(*, questions: int = 3) -> tuple[Course, object]:
    """A course with an assignment (files accepted) and a practice quiz in module 1, an
    edition with a trainer, a certificate template and one enrolment (returned too)."""
    assignment, enrollment, trainer = build_assignment()
    edition = enrollment.edition
    course = edition.course
    module1, module2 = course.modules.order_by("order")
    category = am.QuestionCategory.objects.create(course=course, name="Toets")
    quiz = am.Quiz.objects.create(
        module=module1,
        order=60,
        title="Toets emoties",
        opens_anchor="end",
        opens_module=module1,
        opens_offset_days=-1,
        due_anchor="start",
        due_module=module2,
        attempts_allowed=0,
    )
    for i in range(questions):
        model, spec = KEYS[i % len(KEYS)]
        question = model.objects.create(
            category=category, name=f"V{i}", text=f"Vraag {i}", key=s.spec_to_json(spec)
        )
        am.QuizSlot.objects.create(quiz=quiz, order=i + 1, question=question)
    return Course(course, edition, assignment, quiz, trainer), enrollment


def take_quiz(quiz, enrollment, *, answer_text: str | None = None) -> am.Attempt:
    """A graded attempt with the right answers (a short answer typed as `answer_text`)."""
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    for position in range(len(attempt.questions)):
        answer = right_answer(position)
        if (
            answer_text is not None
            and attempt.questions[position]["spec"]["type"] == "short_answer"
        ):
            answer = answer_text
        attempts.response_save(
            attempt=attempt, position=position, answer=answer, user=enrollment.learner
        )
    committed(attempts.attempt_submit, attempt=attempt, user=enrollment.learner)
    attempt.refresh_from_db()
    return attempt


def fill(setup: Course, enrollment, *, marker: str) -> Person:
    """Give a learner work, feedback, progress, attendance, a coaching note, notices, login
    records, a language and an issued certificate with its PDF; `marker` is in their texts."""
    learner = enrollment.learner
    file_bytes = PDF + f"% {marker}\n".encode()
    version = hand_in(
        setup.assignment,
        enrollment,
        text=f"Mijn analyse {marker}.",
        new_files=[upload(f"verslag-{marker}.pdf", file_bytes, "application/pdf")],
    )
    grade(
        version,
        setup.trainer,
        feedback=f"Goed gedaan {marker}.",
        new_comments=[NewComment(at_seconds=12, note=f"Mooi samengevat {marker}.")],
    )
    attempt = take_quiz(setup.quiz, enrollment, answer_text=f"Antwoord {marker}")
    lesson = setup.course.modules.get(order=1).lessons.non_polymorphic().first()
    now = timezone.now()
    LessonProgress.objects.create(
        enrollment=enrollment, lesson=lesson, first_opened_at=now, completed_at=now
    )
    Attendance.objects.create(
        session=setup.edition.sessions.first(),
        enrollment=enrollment,
        status=Attendance.Status.PRESENT,
        note=f"Op tijd {marker}",
    )
    CoachingNote.objects.create(
        enrollment=enrollment, author=setup.trainer, body=f"Coaching voor {marker}."
    )
    Notification.objects.create(
        user=learner,
        kind=Kind.FEEDBACK,
        item=f"marker:{marker}",
        about=timezone.localdate(),
        created_at=now,
        data={"course": setup.course.title, "lesson": f"Les {marker}"},
        url="/dashboard/",
    )
    Profile.objects.update_or_create(user=learner, defaults={"language": "nl"})
    MutedKind.objects.create(user=learner, kind=Kind.DUE_SOON)
    if not hasattr(setup.course, "certificate_template"):
        template_for(course=setup.course)
    certificate = certificate_services.certificate_issue_unchecked(enrollment=enrollment)
    certificate_services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return Person(
        user=learner,
        enrollment=enrollment,
        attempt=attempt,
        version=version,
        upload=am.SubmissionFile.objects.get(submission__enrollment=enrollment),
        file_bytes=file_bytes,
        certificate=certificate,
    )


def read_zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def new_learner(edition, **fields):
    return f.EnrollmentFactory(edition=edition, learner=f.UserFactory(**fields))


def login(client, user) -> None:
    """Log in through the form, as a person does (the factories' password is "demo")."""
    assert log_in(client, user.get_username(), "demo")
