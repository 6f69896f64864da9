"""Announcements and coaching reminders end to end: a real Celery worker and two beats on
Redis, a real SMTP server on loopback, and a clock the test moves: each learner gets each
e-mail once. Runs on the PostgreSQL pass."""

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.models import Announcement, CoachingMoment, Kind, Notification
from tests import factories as f
from tests.lms.beat_utils import subjects

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FIRST_DAY = dt.date(2031, 3, 3)


def at(days: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(FIRST_DAY + timedelta(days=days), dt.time(hour)))


def test_two_beats_send_an_announcement_and_a_coaching_reminder_once(notification_stack):
    stack = notification_stack
    course = f.build_course(lessons_per_module=1)
    trainer = f.UserFactory(first_name="Anouk", last_name="Trainer")
    edition = f.build_edition(course, first_day=FIRST_DAY, trainers=[trainer])
    enrollments = [
        f.EnrollmentFactory(edition=edition, learner=f.UserFactory(first_name=name))
        for name in ("Ayla", "Bram", "Chantal")
    ]
    Announcement.objects.create(
        edition=edition, author=trainer, title="Andere zaal", body="Zaal 3.", posted_at=at(19, 9)
    )
    CoachingMoment.objects.create(
        enrollment=enrollments[0],
        planned_by=trainer,
        starts_at=at(21, 11),
        ends_at=at(21, 12),
        location="Stadhuis",
        topic="Meeluisteren",
        created_at=at(1, 9),
        updated_at=at(1, 9),
    )
    # A day before the moment, a day after the post, and nothing else due for these learners.
    stack.set_clock(at(20, 12))
    stack.worker.start()
    stack.start_beat()
    stack.start_beat()
    stack.wait_for_mail(4)
    stack.settle()
    ids = stack.smtp.message_ids()
    assert len(ids) == 4 and len(set(ids)) == 4, subjects(stack)
    assert sorted(subjects(stack)).count("Mededeling: Andere zaal") == 3
    sent = Notification.objects.filter(email_state="sent")
    assert sent.filter(kind=Kind.ANNOUNCEMENT).count() == 3
    assert sent.filter(kind=Kind.COACHING_SOON).get().user == enrollments[0].learner
