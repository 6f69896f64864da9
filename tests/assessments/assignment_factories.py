"""Assignments, rubrics and handed-in work, for the open-work tests."""

import datetime as dt
import io
import wave

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from assessments.assignments import rubrics, services
from assessments.models import (
    AnnotationCategory,
    Assignment,
    ConversationAnalysis,
    Reflection,
    Review,
    Submission,
)
from tests import factories as f

RUBRIC_TEXT = """\
# Klantvraag
- 0: ontbreekt
- 1: genoemd
- 2: helder, met voorbeeld

# Technieken
- 0: geen
- 2: een of twee
- 4: alle drie
"""

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def committed(fn, **kwargs):
    """Run a service and then its on-commit work (signals, recomputes), as after a commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(**kwargs)


def build_assignment(*, kind=Assignment, first_day_ago: int = 10, rubric: bool = True, **fields):
    """A course of two modules with an assignment in module 1 (open since the module's day,
    due 2 days before module 2's day, 18 days from now), an edition with a trainer, and one
    enrolled learner. Returns (assignment, enrollment, trainer)."""
    course = f.build_course(lessons_per_module=1, modules=2)
    module1, module2 = course.modules.order_by("order")
    trainer = f.UserFactory(first_name="Tineke", last_name="Trainer")
    edition = f.build_edition(
        course,
        first_day=timezone.localdate() - dt.timedelta(days=first_day_ago),
        gap_days=28,
        trainers=[trainer],
    )
    if rubric:
        fields.setdefault(
            "rubric",
            services.rubric_create(
                course=course, title="Gesprek", criteria=rubrics.parse_text(RUBRIC_TEXT)
            ),
        )
    else:
        fields.setdefault("grading", Assignment.Grading.COMPLETE)
    fields.setdefault("accepts_files", True)
    assignment = kind.objects.create(
        module=module1,
        order=20,
        title="Analyseer een gesprek",
        instructions="Doe **dit**.",
        opens_anchor="end",
        opens_module=module1,
        due_anchor="start",
        due_module=module2,
        due_offset_days=-2,
        **fields,
    )
    if kind is ConversationAnalysis:
        for order, (k, name) in enumerate(
            [("emotion", "blij"), ("emotion", "boos"), ("technique", "samenvatten")], 1
        ):
            AnnotationCategory.objects.create(course=course, kind=k, name=name, order=order)
    enrollment = f.EnrollmentFactory(edition=edition)
    return assignment, enrollment, trainer


def enrol(edition):
    return f.EnrollmentFactory(edition=edition)


def hand_in(assignment, enrollment, *, text="Mijn analyse.", now=None, **draft):
    """Save a draft with `text` and hand it in; returns the version."""
    services.submission_draft_save(
        enrollment=enrollment,
        assignment=assignment,
        data=services.DraftInput(text=text, **draft),
        user=enrollment.learner,
        now=now,
    )
    return committed(
        services.submission_submit,
        enrollment=enrollment,
        assignment=assignment,
        user=enrollment.learner,
        now=now,
    )


def grade(version, trainer, *, levels=None, complete=None, state=Review.State.RELEASED, **kw):
    submission = Submission.objects.select_related("enrollment__edition").get(
        pk=version.submission_id
    )
    submission.assignment = Assignment.objects.get(pk=submission.assignment_id)
    review = Review.objects.filter(version=version).first()
    data = services.ReviewInput(
        lock_version=review.lock_version if review else 0,
        levels=levels if levels is not None else {0: 2, 1: 2},
        complete=complete,
        state=state,
        **kw,
    )
    return committed(
        services.review_save, submission=submission, version=version, data=data, grader=trainer
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def content_file(name: str, content: bytes):
    return ContentFile(content, name=name)


__all__ = [
    "EXE",
    "PDF",
    "ConversationAnalysis",
    "Reflection",
    "build_assignment",
    "committed",
    "enrol",
    "grade",
    "hand_in",
    "upload",
    "wav_bytes",
]
