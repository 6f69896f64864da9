"""Messages that stay true (issue 16): a notice is e-mailed only while it holds, notices that
named a date that moved are superseded, trainers get one digest a day for all their editions,
and counts are in the right plural."""

import datetime as dt
from datetime import timedelta

import pytest
from django.core import mail

from core.outbox import services as outbox
from courses import services as course_services
from courses.models import DueDateExtension, LessonProgress
from lms import clock
from lms.models import Kind, Notification
from lms.notifications import messages, selectors, services
from tests import factories as f
from tests.lms.test_notifications import FIRST_DAY, at, edition, learners, lesson

pytestmark = pytest.mark.django_db

# the notification tests' course: module 1's lessons are due on day 26 at 09:00
__all__ = ["edition", "learners"]  # fixtures, used by name


@pytest.fixture
def now_is(monkeypatch):
    """Set the clock the outbox's truth check reads (lms.clock)."""

    def set_now(moment):
        monkeypatch.setattr(clock, "now", lambda: moment)

    return set_now


def test_a_due_soon_reminder_is_mailed_while_it_holds(edition, learners, now_is):
    services.reminders_due_run(now=at(24, 10))
    now_is(at(24, 11))
    outbox.outbox_send()
    assert len(mail.outbox) == 6  # three learners, two lessons


def test_a_due_soon_reminder_after_its_due_date_is_dropped(edition, learners, now_is):
    services.reminders_due_run(now=at(24, 10))
    now_is(at(26, 9, 30))  # the deadline (09:00) has passed: the mail is no longer true

    outbox.outbox_send()

    assert mail.outbox == []
    states = set(Notification.objects.values_list("email_state", flat=True))
    assert states == {Notification.EmailState.NONE}


def test_a_due_soon_reminder_of_work_handed_in_since_is_dropped(edition, learners, now_is):
    services.reminders_due_run(now=at(24, 10))
    LessonProgress.objects.create(
        enrollment=learners[1], lesson=lesson(edition, 1, 1), completed_at=at(24, 10, 30)
    )
    now_is(at(24, 11))

    outbox.outbox_send()

    assert len(mail.outbox) == 5
    dropped = Notification.objects.get(email_state=Notification.EmailState.NONE)
    assert dropped.user == learners[1].learner and dropped.data["lesson"] == "Les 1.1"


def test_a_notice_older_than_its_kinds_limit_is_not_mailed(edition, learners, now_is):
    """As the demo's start does: the jobs of six mornings back run at once."""
    for days in range(6, 0, -1):
        services.jobs_run(now=at(29, 8) - timedelta(days=days))
    services.jobs_run(now=at(29, 8))
    now_is(at(29, 8, 5))

    outbox.outbox_send()

    def state(kind, created_at):
        found = Notification.objects.filter(kind=kind, created_at=created_at)
        states = set(found.values_list("email_state", flat=True))
        assert len(states) == 1, (kind, created_at, states)
        return states.pop()

    sent, dropped = Notification.EmailState.SENT, Notification.EmailState.NONE
    assert state(Kind.DUE_SOON, at(25, 8)) == dropped  # 4 days old, and the deadline passed
    assert state(Kind.SESSION_SOON, at(27, 8)) == dropped  # the day has been
    assert state(Kind.TRAINER_DIGEST, at(27, 8)) == dropped  # a digest is for one day
    assert state(Kind.TRAINER_DIGEST, at(28, 8)) == dropped
    assert state(Kind.TRAINER_DIGEST, at(29, 8)) == sent
    assert state(Kind.NEW_WORK, at(29, 8)) == sent
    for notice in Notification.objects.filter(email_state=sent):
        assert at(29, 8, 5) - notice.created_at <= selectors.EMAIL_MAX_AGE[notice.kind]


def test_moving_a_day_supersedes_the_reminders_that_named_the_old_date(
    edition, learners, now_is, django_capture_on_commit_callbacks
):
    services.reminders_due_run(now=at(24, 10))
    services.reminders_sessions_run(now=at(26, 10))
    session = edition.sessions.get(module__order=2)
    with django_capture_on_commit_callbacks(execute=True):
        course_services.session_reschedule(
            session=session,
            change=course_services.SessionChange(
                date=FIRST_DAY + timedelta(days=35),
                start_time=dt.time(9),
                end_time=dt.time(17),
                location="Bibliotheek",
            ),
            actor=edition.trainers.first(),
        )

    stale = Notification.objects.filter(kind__in=[Kind.DUE_SOON, Kind.SESSION_SOON])
    assert stale.count() == 9
    for notice in stale:
        assert notice.data["superseded"] is True
        assert notice.read_at is not None
        title = messages.title(notice)
        assert "verschoven" in title or "verplaatst" in title
        assert "26" not in title and "28" not in title  # never the old date
    now_is(at(26, 11))
    outbox.outbox_send()
    assert {m.subject for m in mail.outbox} <= {
        messages.title(n) for n in Notification.objects.filter(kind=Kind.SCHEDULE_CHANGED)
    }
    # the reminder job reminds again for the new deadline (two days before it)
    services.reminders_due_run(now=at(31, 10))
    fresh = Notification.objects.filter(kind=Kind.DUE_SOON, data__superseded__isnull=True)
    assert fresh.count() == 6


def test_a_learners_own_extension_keeps_its_reminder(
    edition, learners, django_capture_on_commit_callbacks
):
    DueDateExtension.objects.create(
        enrollment=learners[0], lesson=lesson(edition, 1, 1), due_at=at(25, 12)
    )
    services.reminders_due_run(now=at(24, 10))
    session = edition.sessions.get(module__order=2)
    with django_capture_on_commit_callbacks(execute=True):
        course_services.session_reschedule(
            session=session,
            change=course_services.SessionChange(
                date=FIRST_DAY + timedelta(days=35),
                start_time=dt.time(9),
                end_time=dt.time(17),
                location="Stadhuis, zaal 2",
            ),
            actor=edition.trainers.first(),
        )
    own = Notification.objects.get(
        user=learners[0].learner, kind=Kind.DUE_SOON, data__lesson="Les 1.1"
    )
    assert "superseded" not in own.data


def test_a_trainer_gets_one_digest_a_day_for_all_editions(edition, learners, now_is):
    trainer = edition.trainers.get()
    second = f.build_edition(edition.course, first_day=FIRST_DAY, trainers=[trainer])
    f.EnrollmentFactory(edition=second, learner=f.UserFactory(first_name="Dirk"))

    services.digest_trainers_run(now=at(27, 8))
    services.digest_trainers_run(now=at(27, 15))

    digest = Notification.objects.get(kind=Kind.TRAINER_DIGEST)
    assert digest.user == trainer
    assert sorted(p["edition_id"] for p in digest.data["editions"]) == sorted(
        [edition.pk, second.pk]
    )
    assert digest.data["behind_count"] == 4
    assert messages.title(digest).endswith("4 cursisten lopen achter")
    now_is(at(27, 8, 5))
    outbox.outbox_send()
    (email,) = mail.outbox
    assert edition.name in email.body and second.name in email.body
    services.digest_trainers_run(now=at(28, 8))
    assert Notification.objects.filter(kind=Kind.TRAINER_DIGEST).count() == 2


def test_counts_in_notice_titles_use_the_right_plural():
    one = Notification(
        kind=Kind.TRAINER_DIGEST,
        data={"editions": [{"edition": "Noord"}], "waiting": 1, "behind_count": 1},
    )
    many = Notification(
        kind=Kind.TRAINER_DIGEST,
        data={"editions": [{"edition": "Noord"}], "waiting": 2, "behind_count": 3},
    )
    assert messages.title(one) == "Noord: 1 inzending te beoordelen, 1 cursist loopt achter"
    assert messages.title(many) == "Noord: 2 inzendingen te beoordelen, 3 cursisten lopen achter"
