"""Notification jobs and the outbox: what is sent, to whom, once, in which language."""

import datetime as dt
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.signals import feedback_released
from core.outbox import services as outbox
from courses import services as course_services
from courses.models import DueDateExtension, LessonProgress
from lms.models import Kind, MutedKind, Notification, Profile
from lms.notifications import messages, receivers, services
from tests import factories as f

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2031, 3, 3)  # a Monday; sessions 09:00-17:00, 28 days apart


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local moment `days` after the first classroom day."""
    return timezone.make_aware(
        dt.datetime.combine(FIRST_DAY + timedelta(days=days), dt.time(hour, minute))
    )


@pytest.fixture
def edition():
    """Module 1's lessons open at the end of day 0 and are due on day 26 at 09:00."""
    course = f.build_course(lessons_per_module=2)
    trainer = f.UserFactory(first_name="Anouk", last_name="Trainer")
    return f.build_edition(course, first_day=FIRST_DAY, trainers=[trainer])


@pytest.fixture
def learners(edition):
    return [
        f.EnrollmentFactory(edition=edition, learner=f.UserFactory(first_name=name))
        for name in ("Ayla", "Bram", "Chantal")
    ]


def lesson(edition, module: int, order: int):
    return edition.course.modules.get(order=module).lessons.get(order=order)


def rows(kind=None):
    qs = Notification.objects.all()
    return qs.filter(kind=kind) if kind else qs


def send_all() -> int:
    total = 0
    while True:
        sent, more = outbox.outbox_send()
        total += sent
        if not sent:
            return total


def test_due_reminder_goes_48_hours_ahead_to_learners_who_did_not_hand_in(edition, learners):
    LessonProgress.objects.create(
        enrollment=learners[0], lesson=lesson(edition, 1, 1), completed_at=at(3, 10)
    )
    services.reminders_due_run(now=at(24, 8))  # 49 h before: nothing yet
    assert not rows(Kind.DUE_SOON).exists()
    services.reminders_due_run(now=at(24, 10))
    reminded = sorted(rows(Kind.DUE_SOON).values_list("user__first_name", "data__lesson"))
    assert reminded == [
        ("Ayla", "Les 1.2"),
        ("Bram", "Les 1.1"),
        ("Bram", "Les 1.2"),
        ("Chantal", "Les 1.1"),
        ("Chantal", "Les 1.2"),
    ]
    assert send_all() == 5
    assert len(mail.outbox) == 5


def test_running_a_job_twice_or_from_two_beats_sends_once(edition, learners):
    for minute in (0, 0, 15, 30):
        services.jobs_run(now=at(24, 10, minute))
    assert rows(Kind.DUE_SOON).count() == 6
    send_all()
    send_all()
    assert len(mail.outbox) == 6
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 6


def test_after_downtime_the_reminder_is_caught_up_but_never_for_a_past_deadline(edition, learners):
    services.reminders_due_run(now=at(25, 22))  # beat was down from day 24 until now
    assert rows(Kind.DUE_SOON).count() == 6
    Notification.objects.all().delete()
    services.reminders_due_run(now=at(26, 10))  # down until after the deadline
    assert not rows(Kind.DUE_SOON).exists()
    assert not rows(Kind.OVERDUE).exists()  # overdue waits for the day after


def test_overdue_notice_the_day_after_and_not_weeks_later(edition, learners):
    LessonProgress.objects.create(
        enrollment=learners[1], lesson=lesson(edition, 1, 1), completed_at=at(25, 10)
    )
    services.reminders_due_run(now=at(27, 7))
    overdue = rows(Kind.OVERDUE)
    assert overdue.count() == 5
    assert overdue.filter(about=FIRST_DAY + timedelta(days=26)).count() == 5
    services.reminders_due_run(now=at(28, 7))
    assert overdue.count() == 5
    Notification.objects.all().delete()
    services.reminders_due_run(now=at(33, 7))
    assert not rows(Kind.OVERDUE).exists()


def test_an_extension_moves_the_reminder_to_the_new_date(edition, learners):
    les = lesson(edition, 1, 1)
    DueDateExtension.objects.create(enrollment=learners[0], lesson=les, due_at=at(30, 17))
    services.reminders_due_run(now=at(24, 10))
    assert not rows(Kind.DUE_SOON).filter(user=learners[0].learner, data__lesson="Les 1.1")
    services.reminders_due_run(now=at(29, 12))
    late = rows(Kind.DUE_SOON).get(user=learners[0].learner, data__lesson="Les 1.1")
    assert late.about == FIRST_DAY + timedelta(days=30)


def test_classroom_day_reminder_two_days_before_with_date_time_and_location(edition, learners):
    services.reminders_sessions_run(now=at(26, 8, 59))
    assert not rows(Kind.SESSION_SOON).exists()
    services.reminders_sessions_run(now=at(26, 9, 1))
    assert rows(Kind.SESSION_SOON).count() == 3
    send_all()
    message = mail.outbox[0]
    assert "Stadhuis, zaal 2" in message.body
    assert "09:00–17:00" in message.body
    assert "maandag 31 maart" in message.body  # Dutch by default
    assert message.alternatives[0][1] == "text/html"
    assert "http://" in message.body and "/learn/" in message.body


def test_new_work_comes_as_one_digest_a_day(edition, learners):
    assert services.digest_new_work_run(now=at(1, 6)) == 0  # before the digest hour
    services.digest_new_work_run(now=at(1, 8))
    services.digest_new_work_run(now=at(1, 12))
    digests = rows(Kind.NEW_WORK)
    assert digests.count() == 3
    assert [item["title"] for item in digests.first().data["lessons"]] == ["Les 1.1", "Les 1.2"]
    services.digest_new_work_run(now=at(2, 8))  # nothing new opened
    assert digests.count() == 3
    services.digest_new_work_run(now=at(29, 8))  # module 2 opened on day 28
    newest = digests.filter(about=FIRST_DAY + timedelta(days=29)).first()
    assert [item["title"] for item in newest.data["lessons"]] == ["Les 2.1", "Les 2.2"]


def test_a_learner_who_switched_a_kind_off_gets_none_but_schedule_changes_stay_on(
    edition, learners
):
    user = learners[0].learner
    services.preferences_update(
        user=user, language="nl", muted=[Kind.DUE_SOON, Kind.SCHEDULE_CHANGED]
    )
    assert set(MutedKind.objects.filter(user=user).values_list("kind", flat=True)) == {
        Kind.DUE_SOON
    }
    services.reminders_due_run(now=at(24, 10))
    assert not rows(Kind.DUE_SOON).filter(user=user).exists()
    assert rows(Kind.DUE_SOON).count() == 4


def test_english_learners_get_english_mail(edition, learners):
    Profile.objects.create(user=learners[0].learner, language="en")
    services.reminders_sessions_run(now=at(26, 10))
    send_all()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "Monday 31 March" in by_to[learners[0].learner.email].body
    assert "maandag 31 maart" in by_to[learners[1].learner.email].body


def test_moving_a_session_tells_learners_the_old_and_new_dates(
    edition, learners, django_capture_on_commit_callbacks
):
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
    changed = rows(Kind.SCHEDULE_CHANGED)
    assert changed.count() == 3
    notice = changed.first()
    assert notice.data["old_location"] == "Stadhuis, zaal 2"
    assert notice.data["location"] == "Bibliotheek"
    assert {c["lesson"] for c in notice.data["changes"]} >= {"Les 1.1", "Les 1.2"}
    subject, text, html = messages.render(notice, language="nl")
    assert "maandag 31 maart" in text and "maandag 7 april" in text
    assert "Bibliotheek" in html


def test_released_feedback_gives_a_notice_and_mail(edition, learners, monkeypatch):
    les = lesson(edition, 1, 1)
    monkeypatch.setattr(
        receivers,
        "released_feedback",
        lambda ids: [services.ReleasedFeedback(pk, learners[0].pk, les.pk) for pk in ids],
    )
    feedback_released.send(sender=None, submission_ids=[41])
    feedback_released.send(sender=None, submission_ids=[41])
    notice = rows(Kind.FEEDBACK).get()
    assert notice.user == learners[0].learner
    assert notice.email_state == Notification.EmailState.PENDING
    assert "Les 1.1" in messages.title(notice)


def test_a_kind_switched_off_after_it_was_queued_is_not_mailed(edition, learners):
    services.reminders_sessions_run(now=at(26, 10))
    user = learners[0].learner
    services.preferences_update(user=user, language="nl", muted=[Kind.SESSION_SOON])
    assert send_all() == 2
    assert user.email not in {m.to[0] for m in mail.outbox}
    skipped = rows(Kind.SESSION_SOON).get(user=user)
    assert skipped.email_state == Notification.EmailState.NONE
    assert skipped.read_at is None  # the notice itself stays


def test_the_certificate_moved_days_and_the_invitation_cannot_be_switched_off(edition, learners):
    user = learners[0].learner
    services.preferences_update(user=user, language="nl", muted=list(Kind.values))
    muted = set(MutedKind.objects.filter(user=user).values_list("kind", flat=True))
    assert muted == set(Kind.values) - {
        Kind.CERTIFICATE,
        Kind.SCHEDULE_CHANGED,
        Kind.INVITATION,
        Kind.CERTIFICATE_REVOKED,
        Kind.SIGNUP,
    }


def test_trainer_digest_names_who_is_behind(edition, learners):
    LessonProgress.objects.create(
        enrollment=learners[0], lesson=lesson(edition, 1, 1), completed_at=at(20, 10)
    )
    LessonProgress.objects.create(
        enrollment=learners[0], lesson=lesson(edition, 1, 2), completed_at=at(20, 10)
    )
    services.digest_trainers_run(now=at(27, 8))
    services.digest_trainers_run(now=at(27, 9))
    digest = rows(Kind.TRAINER_DIGEST).get()
    assert digest.user == edition.trainers.get()
    assert digest.data["behind_count"] == 2
    (part,) = digest.data["editions"]
    assert {b["name"].split()[0] for b in part["behind"]} == {"Bram", "Chantal"}
    assert "/teach/editions/" in digest.url


def test_the_outbox_claims_each_mail_for_one_sender(edition, learners):
    services.reminders_sessions_run(now=at(26, 10))
    first = outbox.outbox_claim(limit=2)
    second = outbox.outbox_claim(limit=10)
    assert len(first) == 2 and len(second) == 1
    assert not outbox.outbox_claim(limit=10)


def test_a_crash_after_sending_resends_with_the_same_message_id(edition, learners):
    services.reminders_sessions_run(now=at(26, 10))
    claimed = outbox.outbox_claim(limit=1)
    crashed = outbox.email_for(claimed[0])
    crashed.send()  # the SMTP server took it; then the worker died before marking it
    assert send_all() == 2  # the other two; the claimed one waits for its claim to expire
    resent, _more = outbox.outbox_send(claim_timeout=timedelta(0))
    assert resent == 1
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(ids) == 4 and len(set(ids)) == 3
    assert ids.count(crashed.extra_headers["Message-ID"]) == 2


class FlakyBackend:
    failures = 0

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages_):
        import smtplib

        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPDataError(451, b"try again later")
        mail.outbox.extend(messages_)
        return len(messages_)


def test_an_smtp_error_puts_the_mail_back_for_a_later_try(edition, learners, settings):
    settings.EMAIL_BACKEND = "tests.lms.test_notifications.FlakyBackend"
    settings.LMS_OUTBOX_RETRY_SECONDS = 0
    FlakyBackend.failures = 2
    services.reminders_sessions_run(now=at(26, 10))
    for _ in range(2):
        with pytest.raises(Exception, match="try again"):
            outbox.outbox_send()
    assert rows().filter(email_state="pending").count() == 3
    assert send_all() == 3
    assert len(mail.outbox) == 3
    assert rows().filter(email_state="sent").count() == 3


def test_a_mail_that_keeps_failing_is_given_up_after_the_last_try(edition, learners, settings):
    settings.EMAIL_BACKEND = "tests.lms.test_notifications.FlakyBackend"
    settings.LMS_OUTBOX_RETRY_SECONDS = 0
    FlakyBackend.failures = 1000
    services.reminders_sessions_run(now=at(26, 10))
    for _ in range(outbox.MAX_EMAIL_ATTEMPTS):
        with pytest.raises(Exception, match="try again"):
            outbox.outbox_send(limit=3)
    assert rows().filter(email_state="failed").count() >= 1
    FlakyBackend.failures = 0


def test_the_retry_waits_longer_after_each_failure(settings):
    settings.LMS_OUTBOX_RETRY_SECONDS = 30
    assert [outbox.retry_delay(n) for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_every_mail_has_text_html_an_absolute_link_and_a_stable_message_id(edition, learners):
    services.jobs_run(now=at(24, 10))
    services.jobs_run(now=at(26, 10))
    send_all()
    kinds = set()
    for message in mail.outbox:
        assert message.alternatives and message.alternatives[0][1] == "text/html"
        assert "http://127.0.0.1:8000/" in message.body
        assert "http://127.0.0.1:8000/" in message.alternatives[0][0]
        assert "Hoi " in message.body
        assert message.extra_headers["Message-ID"].startswith("<")
        kinds.add(message.subject.split()[0])
    assert len(kinds) >= 2


def populate(edition, count: int):
    users = [f.UserFactory.build(username=f"l{edition.pk}-{i}") for i in range(count)]
    from django.contrib.auth import get_user_model

    get_user_model().objects.bulk_create(users)
    from courses.models import Enrollment

    Enrollment.objects.bulk_create(
        Enrollment(edition=edition, learner=user)
        for user in get_user_model().objects.filter(username__startswith=f"l{edition.pk}-")
    )


@pytest.mark.parametrize("moment", [(24, 10), (27, 8), (1, 8), (26, 10)])
def test_jobs_take_as_many_queries_for_50_learners_as_for_5(moment):
    course = f.build_course(lessons_per_module=1)
    counts = []
    for size in (5, 50):
        Notification.objects.all().delete()
        edition = f.build_edition(
            course, first_day=FIRST_DAY, trainers=[f.UserFactory()], name=f"E{size}"
        )
        populate(edition, size)
        with CaptureQueriesContext(connection) as ctx:
            services.jobs_run(now=at(*moment))
        counts.append(len(ctx.captured_queries))
        edition.status = "finished"
        edition.save()
    assert counts[0] == counts[1]
    assert counts[0] <= 40


def test_the_demo_worker_consumes_every_routed_queue(settings):
    from lms.serve import QUEUES

    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert "notifications" in routed and routed <= set(QUEUES)
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["options"]["expires"] < entry["schedule"]


@pytest.mark.parametrize(
    ("event", "title"),
    [
        ("received", "We hebben je aanmelding voor Dienstverlening ontvangen"),
        ("accepted", "Je aanmelding voor Dienstverlening is geaccepteerd"),
        ("waiting", "Je staat op de wachtlijst voor Dienstverlening"),
        ("offered", "Er is een plek vrij voor Dienstverlening"),
        ("rejected", "Over je aanmelding voor Dienstverlening"),
    ],
)
def test_a_sign_up_notice_says_what_happened_in_words(event, title):
    from core.outbox.models import Notification
    from lms.notifications import messages

    notice = Notification(kind=Kind.SIGNUP, data={"event": event, "course": "Dienstverlening"})
    assert messages.title(notice) == title
