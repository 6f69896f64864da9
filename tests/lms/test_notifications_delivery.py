"""Delivery end to end: a real Celery worker and beat on Redis, a real SMTP server (aiosmtpd)
on loopback, and a clock the test moves. Runs on the PostgreSQL pass."""

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.models import Kind, Notification
from tests import factories as f
from tests.lms.beat_utils import subjects

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FIRST_DAY = dt.date(2031, 3, 3)


def at(days: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(FIRST_DAY + timedelta(days=days), dt.time(hour)))


def build():
    """Three learners, each with two lessons due on day 26 at 09:00: six reminders."""
    course = f.build_course(lessons_per_module=2)
    edition = f.build_edition(course, first_day=FIRST_DAY, trainers=[f.UserFactory()])
    for name in ("Ayla", "Bram", "Chantal"):
        f.EnrollmentFactory(edition=edition, learner=f.UserFactory(first_name=name))
    return edition


def assert_once(stack, count: int) -> None:
    ids = stack.smtp.message_ids()
    assert len(ids) == count, subjects(stack)
    assert len(set(ids)) == count
    assert Notification.objects.filter(kind=Kind.DUE_SOON, email_state="sent").count() == count


def test_reminders_arrive_once(notification_stack):
    stack = notification_stack
    build()
    stack.set_clock(at(24, 8))  # 49 hours before the deadline
    stack.worker.start()
    stack.start_beat()
    stack.settle()
    assert stack.smtp.received == []
    stack.set_clock(at(24, 10))
    stack.wait_for_mail(6)
    stack.settle()
    assert_once(stack, 6)
    assert all("Herinnering" in s for s in subjects(stack))


def test_two_beats_still_send_once(notification_stack):
    stack = notification_stack
    build()
    stack.set_clock(at(24, 10))
    stack.worker.start()
    stack.start_beat()
    stack.start_beat()
    stack.wait_for_mail(6)
    stack.settle()
    assert_once(stack, 6)


def test_beat_down_across_the_moment_catches_up_once_and_never_late(notification_stack):
    stack = notification_stack
    build()
    stack.set_clock(at(24, 8))
    stack.worker.start()
    stack.start_beat()
    stack.settle(2)
    stack.stop_beats()
    stack.drain()  # what beat had already enqueued runs at the old time
    stack.set_clock(at(25, 20))  # the 48-hour moment passed while beat was down
    stack.settle(2)
    assert stack.smtp.received == [], (subjects(stack), stack.worker.lines[-30:])
    stack.start_beat()
    stack.wait_for_mail(6)
    stack.settle()
    assert_once(stack, 6)
    # Down again until after the deadline: no stale reminder, and overdue waits a day.
    stack.stop_beats()
    stack.drain()
    Notification.objects.all().delete()
    stack.smtp.received.clear()
    stack.set_clock(at(26, 10))
    stack.start_beat()
    stack.wait_for_mail(4)  # the classroom day reminders (3) and the trainer's digest
    stack.settle()
    assert not Notification.objects.filter(kind__in=[Kind.DUE_SOON, Kind.OVERDUE]).exists()
    assert sorted(Notification.objects.values_list("kind", flat=True)) == [
        Kind.SESSION_SOON,
        Kind.SESSION_SOON,
        Kind.SESSION_SOON,
        Kind.TRAINER_DIGEST,
    ]
    assert len(stack.smtp.received) == 4


def test_an_smtp_server_that_fails_twice_then_accepts_gets_each_mail_once(notification_stack):
    stack = notification_stack
    build()
    stack.smtp.failures = 2
    stack.set_clock(at(24, 10))
    stack.worker.start()
    stack.start_beat()
    stack.wait_for_mail(6)
    stack.settle()
    assert stack.smtp.refused == 2
    assert_once(stack, 6)
    assert Notification.objects.filter(email_attempts__gte=2).exists()
