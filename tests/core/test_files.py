"""Serving uploaded files: byte ranges for sound and video, so that a player can seek."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.files import byte_range
from courses.models import MediaLesson
from tests import factories as f


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=900-5000", (900, 999)),
        ("bytes=-10", (990, 999)),
        ("bytes=-5000", (0, 999)),
        ("", None),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-1", None),
    ],
)
def test_byte_range_reads_one_range_of_a_file(header, expected):
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5-4", "bytes=-0"])
def test_byte_range_outside_the_file_is_refused(header):
    with pytest.raises(ValueError):
        byte_range(header, 1000)


@pytest.mark.django_db
def test_a_lesson_recording_is_served_in_byte_ranges_and_only_to_its_learners(client):
    course = f.build_course(lessons_per_module=1, modules=1)
    edition = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=1))
    module = course.modules.get()
    content = bytes(range(256)) * 40  # 10,240 bytes
    lesson = MediaLesson(module=module, order=9, title="Een gesprek", kind="audio")
    lesson.media_file.save("gesprek.mp3", ContentFile(content), save=False)
    lesson.save()
    enrollment = f.EnrollmentFactory(edition=edition)
    url = reverse("courses:lesson_file", args=[edition.pk, lesson.pk])

    other = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(f.EnrollmentFactory(edition=other).learner)
    assert client.get(url, HTTP_RANGE="bytes=0-9").status_code == 404  # another edition

    client.force_login(enrollment.learner)
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == content
    part = client.get(url, HTTP_RANGE="bytes=1000-1099")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 1000-1099/{len(content)}"
    assert part["Cache-Control"] == "private, no-store"
    assert b"".join(part.streaming_content) == content[1000:1100]
    assert client.get(url, HTTP_RANGE="bytes=20000-").status_code == 416
