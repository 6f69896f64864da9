"""Every page uses the same number of queries for an edition of 5 and of 500 learners."""

import datetime as dt
import random

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Attendance, CoachingNote, Enrollment, LessonProgress
from tests import factories as f

pytestmark = pytest.mark.django_db


def populate(course, trainer, learners: int):
    """An edition with `learners` learners (bulk inserted), progress, attendance and notes."""
    edition = f.build_edition(
        course, first_day=timezone.localdate() - dt.timedelta(days=40), trainers=[trainer]
    )
    User = get_user_model()
    tag = f"e{edition.pk}"
    users = User.objects.bulk_create(
        User(
            username=f"{tag}-l{i}", email=f"{tag}-l{i}@example.nl", first_name="L", last_name=str(i)
        )
        for i in range(learners)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(edition=edition, learner=u) for u in users
    )
    lessons = list(f.m.Lesson.objects.filter(module__course=course))
    rng = random.Random(learners)
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        LessonProgress(enrollment=e, lesson=lesson, completed_at=now)
        for e in enrollments
        for lesson in rng.sample(lessons, 3)
    )
    first_session = edition.sessions.order_by("date").first()
    Attendance.objects.bulk_create(
        Attendance(session=first_session, enrollment=e, status="present") for e in enrollments
    )
    CoachingNote.objects.bulk_create(
        CoachingNote(enrollment=e, author=trainer, body="Goed gedaan") for e in enrollments[:3]
    )
    return edition, enrollments[0]


def count(client, url: str, *, cold: bool) -> int:
    if cold:
        cache.clear()
        ContentType.objects.clear_cache()
    else:
        client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def two_editions():
    course = f.build_course(lessons_per_module=4)
    trainer = f.UserFactory()
    return trainer, populate(course, trainer, 5), populate(course, trainer, 500)


def test_trainer_pages_do_not_grow_from_5_to_500_learners(client, two_editions):
    trainer, (small, _), (large, _) = two_editions
    client.force_login(trainer)

    def urls(edition):
        session = edition.sessions.order_by("date").first()
        enrollment = edition.enrollments.order_by("pk").first()
        return [
            reverse("courses:trainer_edition", args=[edition.pk]),
            reverse("courses:attendance", args=[edition.pk, session.pk]),
            reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk]),
        ]

    for small_url, large_url in zip(urls(small), urls(large), strict=True):
        for cold in (True, False):
            assert count(client, small_url, cold=cold) == count(client, large_url, cold=cold), (
                small_url,
                cold,
            )


def test_learner_pages_do_not_grow_from_5_to_500_learners(client, two_editions):
    _trainer, (small, small_learner), (large, large_learner) = two_editions
    for cold in (True, False):
        counts = []
        for edition, enrollment in ((small, small_learner), (large, large_learner)):
            client.force_login(enrollment.learner)
            lesson = edition.course.modules.get(order=1).lessons.first()
            counts.append(
                [
                    count(client, reverse("lms:learner_dashboard"), cold=cold),
                    count(client, reverse("courses:outline", args=[edition.pk]), cold=cold),
                    count(
                        client, reverse("courses:lesson", args=[edition.pk, lesson.pk]), cold=cold
                    ),
                ]
            )
        assert counts[0] == counts[1], (cold, counts)
