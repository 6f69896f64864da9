"""What the demo's people did: quizzes taken, work handed in and graded, a certificate issued,
and the notices that followed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.assignments import selectors as assignment_selectors
from assessments.assignments import services as assignment_services
from assessments.models import AnnotationCategory, Assignment, Attempt, Quiz, Review, Submission
from assessments.questions import specs
from assessments.questions.registry import registry
from assessments.quizzes import selectors as quiz_selectors
from assessments.quizzes import services as quiz_attempts
from assessments.results import services as course_results
from certificates import services as certificate_services
from certificates.models import CertificateTemplate
from courses import services as course_services
from courses.models import Course, CourseModule, Enrollment
from lms.models import Notification
from lms.notifications.services import jobs_run

from . import data
from .course import chime_wav
from .report import DemoReport


def demo_answer(spec: specs.Spec, *, right: bool = True):
    """An answer to a question, right or (where one can be made) wrong, in the shape the
    learner's page sends. None: leave it unanswered (an essay, or no wrong answer to give)."""
    return registry.for_spec(spec).example_answer(spec, right=right)


def attempts_ensure(
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
    for spec in data.ATTEMPTS:
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
        window = quiz_selectors.quiz_window(enrollment=enrollment, quiz=quiz)
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


def submissions_ensure(
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
    for spec in data.SUBMISSIONS:
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
        window = assignment_selectors.assignment_window(
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
        draft = assignment_services.DraftInput(
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
                assignment_services.NewAnnotation(
                    at_seconds=m.seconds,
                    quote=m.quote,
                    category_id=categories.get(m.category),
                    note=m.note,
                )
                for m in spec.annotations
            ],
        )
        assignment_services.submission_draft_save(
            enrollment=enrollment,
            assignment=assignment,
            data=draft,
            user=learner,
            now=moment - timedelta(minutes=20),
        )
        version = assignment_services.submission_submit(
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
        assignment_services.review_save(
            submission=submission,
            version=version,
            grader=users[spec.review.author],
            now=released_at,
            data=assignment_services.ReviewInput(
                lock_version=0,
                levels=dict(enumerate(spec.review.levels)),
                complete=spec.review.complete,
                feedback=spec.review.feedback,
                state=Review.State.RELEASED,
                new_comments=[
                    assignment_services.NewComment(at_seconds=m.seconds, quote=m.quote, note=m.note)
                    for m in spec.review.comments
                ],
            ),
        )
        report.add("beoordelingen")
    # Every named learner's course result, now: the assignments are pass rules too.
    course_results.course_results_recompute(
        enrollment_ids=Enrollment.objects.filter(
            edition__course=course,
            learner__username__in=[spec.person.username for spec in data.LEARNERS],
        ).values_list("pk", flat=True),
        now=now,
    )


def certificates_ensure(
    *, course: Course, users: Mapping[str, object], now: datetime, report: DemoReport
) -> None:
    """The course's certificate template, and Henriëtte's issued certificate (issued by the
    administrator without waiting for her result, so that the demo always shows one)."""
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


def notifications_ensure(*, now: datetime, report: DemoReport) -> None:
    """Run the notification jobs once, so that the demo users have notices (reminders, new
    work, a trainer's digest). Their sent-markers keep a second seed from adding any."""
    before = Notification.objects.count()
    morning = timezone.localtime(now).replace(hour=8, minute=0, second=0, microsecond=0)
    for days in range(6, 0, -1):  # what the jobs sent on the mornings before: some history
        jobs_run(now=morning - timedelta(days=days))
    jobs_run(now=now)
    report.add("berichten", Notification.objects.count() - before)
