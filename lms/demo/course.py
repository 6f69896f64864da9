"""The demo course, its modules and its study lessons (text, audio, video and file)."""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from collections.abc import Mapping

from django.core.files.base import ContentFile

from courses.models import (
    Course,
    CourseModule,
    FileLesson,
    Lesson,
    MediaLesson,
    TextLesson,
)

from . import data
from .report import DemoReport
from .shapes import AssignmentSpec, LessonSpec, QuizSpec


def course_ensure(*, report: DemoReport) -> tuple[Course, dict[int, CourseModule]]:
    course, created = Course.objects.get_or_create(
        slug=data.COURSE_SLUG,
        defaults={
            "title": data.COURSE_TITLE,
            "description": data.COURSE_DESCRIPTION,
            "price_excl_vat": data.COURSE_PRICE,
            "require_attendance": True,
        },
    )
    report.add("cursus", created)
    modules = {}
    for spec in data.MODULES:
        module, created = CourseModule.objects.get_or_create(
            course=course,
            order=spec.order,
            defaults={"title": spec.title, "description": spec.description},
        )
        report.add("modules", created)
        modules[spec.order] = module
    return course, modules


def lessons_ensure(*, modules: Mapping[int, CourseModule], report: DemoReport) -> None:
    """The study lessons; a lesson that exists gets its file back if that was lost."""
    for spec in data.LESSONS:
        module = modules[spec.module]
        existing = Lesson.objects.filter(module=module, order=spec.order).first()
        if existing is not None:
            _lesson_file_restore(existing, spec)
            continue
        model, fields = _lesson_fields(spec, modules)
        model.objects.create(module=module, order=spec.order, **fields)
        report.add("lessen")


def lesson_list(*, modules: Mapping[int, CourseModule]) -> list[Lesson]:
    """All lessons of the modules (quizzes and assignments too), in course order."""
    return list(
        Lesson.objects.non_polymorphic()
        .filter(module__in=modules.values())
        .select_related("module")
        .order_by("module__order", "order", "pk")
    )


def lesson_base_fields(
    spec: LessonSpec | QuizSpec | AssignmentSpec, modules: Mapping[int, CourseModule]
) -> dict:
    """What every lesson type has: title, summary, and the rules that hang it on the days."""
    fields = {
        "title": spec.title,
        "summary": spec.summary,
        "is_required": spec.required,
        "estimated_minutes": spec.minutes,
    }
    if spec.opens:
        fields |= {
            "opens_anchor": spec.opens.anchor,
            "opens_module": modules[spec.opens.module],
            "opens_offset_days": spec.opens.offset_days,
        }
    if spec.due:
        fields |= {
            "due_anchor": spec.due.anchor,
            "due_module": modules[spec.due.module],
            "due_offset_days": spec.due.offset_days,
        }
    return fields


def _lesson_fields(spec: LessonSpec, modules: Mapping[int, CourseModule]) -> tuple:
    fields = lesson_base_fields(spec, modules)
    if spec.kind == "text":
        return TextLesson, fields | {"body": spec.body}
    if spec.kind in (MediaLesson.Kind.AUDIO, MediaLesson.Kind.VIDEO):
        payload = _lesson_file_payload(spec)
        return MediaLesson, fields | {
            "kind": spec.kind,
            "introduction": spec.introduction,
            "transcript": spec.transcript,
            "media_url": spec.media_url,
            "media_file": ContentFile(payload, name=spec.file_name) if payload else "",
        }
    if spec.kind == "file":
        return FileLesson, fields | {
            "description": spec.description,
            "file": ContentFile(_lesson_file_payload(spec), name=spec.file_name),
        }
    raise ValueError(f"unknown lesson kind {spec.kind!r}")


def _lesson_file_payload(spec: LessonSpec) -> bytes:
    """A lesson's file. The demo's videos are title cards shipped in content/media/ (VP9 WebM,
    640×360 at 2 frames a second, about 20 KB, as long as the captions their transcript
    makes), made with ffmpeg: `-f lavfi -i color=c=0x1d4e89:s=640x360:r=2:d=<seconds>` with
    drawtext for the title and a running clock, `-c:v libvpx-vp9 -b:v 0 -crf 50 -g 240 -an`."""
    if spec.kind == "file":
        return spec.file_text.encode("utf-8")
    if spec.kind == MediaLesson.Kind.AUDIO:
        return chime_wav()
    if spec.kind == MediaLesson.Kind.VIDEO and spec.file_name:
        return (data.CONTENT / "media" / spec.file_name).read_bytes()
    return b""


def _lesson_file_restore(lesson: Lesson, spec: LessonSpec) -> None:
    """Put a lesson's file back when the row survived but the file did not (a wiped var/)."""
    field_file = getattr(lesson, "file", None) or getattr(lesson, "media_file", None)
    if not field_file or field_file.storage.exists(field_file.name):
        return
    payload = _lesson_file_payload(spec)
    if payload:
        field_file.save(spec.file_name, ContentFile(payload), save=True)


def chime_wav(seconds_of_silence: float = 0.5) -> bytes:
    """A two-tone 'ding-dong', as a queue-calling system plays it: a real WAV to serve."""
    rate = 16000
    samples = array("h")
    for frequency in (659.25, 523.25):  # E5, C5
        for n in range(int(rate * 0.7)):
            t = n / rate
            envelope = math.exp(-4.5 * t) * min(1.0, n / 80)
            tone = math.sin(2 * math.pi * frequency * t) + 0.3 * math.sin(
                4 * math.pi * frequency * t
            )
            samples.append(int(12000 * envelope * tone))
    samples.extend([0] * int(rate * seconds_of_silence))
    if sys.byteorder == "big":
        samples.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()
