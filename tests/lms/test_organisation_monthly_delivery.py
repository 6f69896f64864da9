"""The monthly e-mail to contact persons end to end: a real worker, two beats on Redis, an
SMTP server and a clock the test moves: each contact person who wants it gets it once a
month. Runs on the PostgreSQL pass."""

import datetime as dt

import pytest
from django.utils import timezone

from lms.models import Kind, Notification
from tests.celery_utils import wait_until
from tests.lms.beat_utils import subjects
from tests.lms.organisation_helpers import organisation_with_employees

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def ours(stack) -> int:
    """The monthly e-mails among what arrived (the learners get their reminders too)."""
    return subjects(stack).count("Maandoverzicht van Gemeente Zwolle")


def test_two_beats_send_each_contact_the_monthly_email_once_a_month(notification_stack):
    stack = notification_stack
    employer = organisation_with_employees(first_day=dt.date(2031, 2, 3))
    stack.set_clock(timezone.make_aware(dt.datetime(2031, 3, 1, 7, 0)))
    stack.worker.start()
    stack.start_beat()
    stack.start_beat()
    wait_until(lambda: ours(stack) == 1, timeout=60, message=lambda: subjects(stack))
    stack.settle()
    assert ours(stack) == 1
    stack.set_clock(timezone.make_aware(dt.datetime(2031, 3, 20, 7, 0)))
    stack.settle()
    assert ours(stack) == 1
    stack.set_clock(timezone.make_aware(dt.datetime(2031, 4, 1, 7, 0)))
    wait_until(lambda: ours(stack) == 2, timeout=60, message=lambda: subjects(stack))
    stack.settle()
    assert ours(stack) == 2 and len(set(stack.smtp.message_ids())) == len(stack.smtp.received)
    sent = Notification.objects.filter(kind=Kind.ORGANISATION_REPORT, email_state="sent")
    assert {n.user for n in sent} == {employer.contact}
    assert sorted(n.about for n in sent) == [dt.date(2031, 3, 1), dt.date(2031, 4, 1)]
