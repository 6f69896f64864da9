"""Coaching moments: a trainer of the edition plans, moves and cancels one; the learner sees
it on the dashboard, in the calendar feed (read back with the `icalendar` parser: stable UID,
rising SEQUENCE, STATUS:CANCELLED) and gets one reminder the day before, also when the job
runs twice, and again on the new day of a moved moment. Afterwards the note and the
learner's reflection. Every URL: the learner and the edition's trainers only, else 404."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.outbox import services as outbox
from courses.models import CoachingNote, Enrollment
from lms import calendar
from lms.conversations import privacy as conversation_privacy
from lms.conversations import services
from lms.demo import demo_seed
from lms.models import Announcement, CoachingMoment, Kind, MutedKind, Notification
from lms.notifications import services as notifications
from lms.privacy import erasure
from tests import factories as f
from tests.a11y import problems
from tests.assessments.assignment_factories import build_assignment, hand_in
from tests.lms.test_conversations import build_talk

pytestmark = pytest.mark.django_db


def local(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local moment `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def talk():
    return build_talk()


def plan(talk, *, days: int = 3, hour: int = 10, **kwargs) -> CoachingMoment:
    fields = {
        "enrollment": talk.enrollment,
        "trainer": talk.trainer,
        "starts_at": local(days, hour),
        "ends_at": local(days, hour, 45),
        "location": "Stadhuis, kamer 2.14",
        "video_url": "",
        "topic": "Je klantgesprek van dinsdag",
        **kwargs,
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.coaching_moment_plan(**fields)


def move(moment, *, days: int, hour: int = 14) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.coaching_moment_update(
            moment=moment,
            trainer=moment.planned_by,
            starts_at=local(days, hour),
            ends_at=local(days, hour, 30),
            location=moment.location,
            video_url=moment.video_url,
            topic=moment.topic,
            submission=moment.submission,
        )


def cancel(moment) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.coaching_moment_cancel(moment=moment)


def feed_events(client, user) -> dict[str, icalendar.Event]:
    token = calendar.calendar_token_regenerate(user=user)
    response = client.get(reverse("lms:calendar_feed", args=[token]))
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("coaching-")}


def send_all() -> int:
    total = 0
    while True:
        sent, _more = outbox.outbox_send()
        total += sent
        if not sent:
            return total


# --- planning from the page --------------------------------------------------------------------


def test_a_trainer_plans_a_moment_with_a_recording_the_learner_handed_in(client):
    assignment, enrollment, trainer = build_assignment()
    submission = hand_in(assignment, enrollment).submission
    stranger = f.EnrollmentFactory(learner=f.UserFactory(first_name="Stijn", last_name="Vreemd"))
    client.force_login(trainer)
    picker = client.get(reverse("lms:coaching_plan"))
    assert picker.status_code == 200 and problems(picker.content.decode()) == []
    assert enrollment.learner.get_full_name() in picker.content.decode()
    assert stranger.learner.get_full_name() not in picker.content.decode()
    url = reverse("lms:coaching_plan") + f"?inschrijving={enrollment.pk}"
    page = client.get(url).content.decode()
    assert problems(page) == [] and assignment.title in page
    day = timezone.localdate() + timedelta(days=5)
    response = client.post(
        url,
        {
            "day": day.isoformat(),
            "start": "10:00",
            "end": "10:45",
            "location": "",
            "video_url": "https://meet.example.nl/abc",
            "topic": "Meeluisteren: je klantgesprek",
            "submission": str(submission.pk),
        },
    )
    moment = CoachingMoment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lms:coaching_moment", args=[moment.pk])
    assert moment.submission == submission and moment.planned_by == trainer
    assert timezone.localtime(moment.starts_at).time() == dt.time(10, 0)
    notice = Notification.objects.get(kind=Kind.COACHING, user=enrollment.learner)
    assert notice.data["event"] == "planned" and notice.about == day


def test_the_form_refuses_a_past_moment_an_end_before_the_start_and_no_place(client, talk):
    client.force_login(talk.trainer)
    url = reverse("lms:coaching_plan") + f"?inschrijving={talk.enrollment.pk}"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    cases = [
        (
            {"day": yesterday, "start": "10:00", "end": "11:00", "location": "Hier"},
            "nog moet komen",
        ),
        (
            {"day": tomorrow, "start": "11:00", "end": "10:00", "location": "Hier"},
            "na de begintijd",
        ),
        ({"day": tomorrow, "start": "10:00", "end": "11:00"}, "Vul een plaats"),
        (
            {"day": tomorrow, "start": "10:00", "end": "11:00", "video_url": "javascript:alert(1)"},
            "Voer een geldige URL in",
        ),
    ]
    for data, message in cases:
        response = client.post(url, {"topic": "Iets", **data})
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not CoachingMoment.objects.exists()


def test_a_trainer_cannot_tie_another_learners_work_to_a_moment():
    assignment, enrollment, trainer = build_assignment()
    neighbour = f.EnrollmentFactory(edition=enrollment.edition)
    theirs = hand_in(assignment, neighbour).submission
    with pytest.raises(services.CoachingRefused):
        services.coaching_moment_plan(
            enrollment=enrollment,
            trainer=trainer,
            starts_at=local(2, 10),
            ends_at=local(2, 11),
            location="Hier",
            video_url="",
            topic="Meeluisteren",
            submission=theirs,
        )
    assert not CoachingMoment.objects.exists()


# --- access: every URL ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("learner", 200),
        ("trainer", 200),
        ("neighbour", 404),
        ("other_trainer", 404),
        ("administrator", 404),
    ],
)
def test_a_moment_only_for_its_learner_and_the_editions_trainers(client, talk, who, status):
    moment = plan(talk)
    people = {
        "learner": talk.learner,
        "trainer": talk.trainer,
        "neighbour": talk.neighbour.learner,
        "other_trainer": talk.other_trainer,
        "administrator": f.AdminFactory(),
    }
    client.force_login(people[who])
    page = client.get(reverse("lms:coaching_moment", args=[moment.pk]))
    assert page.status_code == status
    if status == 200:
        assert problems(page.content.decode()) == []
    # Editing and cancelling: the edition's trainers only.
    trainer_only = 200 if who == "trainer" else 404
    edit = reverse("lms:coaching_moment_edit", args=[moment.pk])
    assert client.get(edit).status_code == trainer_only
    assert client.post(reverse("lms:coaching_moment_cancel", args=[moment.pk])).status_code == (
        302 if who == "trainer" else 404
    )
    moment.refresh_from_db()
    assert moment.cancelled == (who == "trainer")


def test_only_trainers_plan_and_only_with_their_own_editions_learners(client, talk):
    plan_url = reverse("lms:coaching_plan")
    for user in (talk.learner, f.AdminFactory()):
        client.force_login(user)
        assert client.get(plan_url).status_code == 404
    client.force_login(talk.other_trainer)
    response = client.get(plan_url + f"?inschrijving={talk.enrollment.pk}")
    assert response.status_code == 200  # the picker again: not one of their learners
    assert "Fleur Jansen" not in response.content.decode()
    response = client.post(
        plan_url + f"?inschrijving={talk.enrollment.pk}",
        {"day": "2099-01-01", "start": "10:00", "end": "11:00", "location": "X", "topic": "X"},
    )
    assert not CoachingMoment.objects.exists()


def test_the_week_list_is_for_trainers_and_the_history_for_learners(client, talk):
    client.force_login(talk.learner)
    assert client.get(reverse("lms:coaching_week")).status_code == 404
    assert client.get(reverse("lms:coaching")).status_code == 200
    client.force_login(talk.trainer)
    assert client.get(reverse("lms:coaching_week")).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client, talk):
    moment = plan(talk)
    for url in (
        reverse("lms:coaching"),
        reverse("lms:coaching_week"),
        reverse("lms:coaching_plan"),
        reverse("lms:coaching_moment", args=[moment.pk]),
        reverse("lms:coaching_moment_edit", args=[moment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.post(reverse("lms:coaching_moment_cancel", args=[moment.pk]))
    moment.refresh_from_db()
    assert not moment.cancelled


# --- the learner's side -------------------------------------------------------------------------


def test_the_learner_sees_upcoming_moments_on_the_dashboard_not_cancelled_or_others(client, talk):
    mine = plan(talk, topic="Oefenen met boze klanten")
    gone = plan(talk, days=4, topic="Afgezegd gesprek")
    cancel(gone)
    neighbour = plan(talk, topic="Gesprek van de buurvrouw")
    CoachingMoment.objects.filter(pk=neighbour.pk).update(enrollment=talk.neighbour)
    client.force_login(talk.learner)
    html = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert problems(html) == []
    assert "Oefenen met boze klanten" in html
    assert reverse("lms:coaching_moment", args=[mine.pk]) in html
    assert "Afgezegd gesprek" not in html and "buurvrouw" not in html


def test_the_feed_has_the_moment_with_a_stable_uid_a_rising_sequence_and_cancelled(client, talk):
    moment = plan(talk)
    uid = f"coaching-{moment.pk}@127.0.0.1"
    first = feed_events(client, talk.learner)
    assert list(first) == [uid]
    event = first[uid]
    assert int(event["SEQUENCE"]) == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == moment.starts_at
    assert str(event["LOCATION"]) == "Stadhuis, kamer 2.14"
    assert "Je klantgesprek van dinsdag" in str(event["SUMMARY"])
    move(moment, days=6)
    moved = feed_events(client, talk.learner)[uid]
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == local(6, 14)
    # The trainer's feed has it too, under the same UID.
    assert int(feed_events(client, talk.trainer)[uid]["SEQUENCE"]) == 1
    cancel(moment)
    cancelled = feed_events(client, talk.learner)[uid]
    assert int(cancelled["SEQUENCE"]) == 2 and str(cancelled["STATUS"]) == "CANCELLED"
    # Nobody else's feed.
    assert feed_events(client, talk.neighbour.learner) == {}
    assert feed_events(client, talk.other_trainer) == {}


# --- notices and the reminder -------------------------------------------------------------------


def test_one_reminder_the_day_before_also_with_two_beats_and_again_when_moved(talk):
    moment = plan(talk, days=3, hour=10)
    reminders = Notification.objects.filter(kind=Kind.COACHING_SOON)
    notifications.reminders_coaching_run(now=local(1, 9))  # 49 hours ahead: not yet
    assert not reminders.exists()
    for minute in (0, 0, 15):  # two beats at once, and the next run
        notifications.jobs_run(now=local(2, 10, minute))
    assert reminders.count() == 1
    send_all()
    send_all()
    assert len(mail.outbox) == 2  # the planned notice and one reminder
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0].startswith("Herinnering: je coachingsgesprek is op")
    assert "Stadhuis, kamer 2.14" in mail.outbox[-1].body
    # Moved to a later day: the learner hears of it, and is reminded again before the new day.
    move(moment, days=5)
    notifications.reminders_coaching_run(now=local(2, 15))
    assert reminders.count() == 1
    for _beat in range(2):
        notifications.reminders_coaching_run(now=local(4, 15))
    assert reminders.count() == 2
    assert reminders.order_by("pk").last().about == timezone.localdate() + timedelta(days=5)
    assert Notification.objects.get(kind=Kind.COACHING, data__event="moved").user == talk.learner


def test_no_reminder_for_a_cancelled_moment_a_learner_who_left_or_who_switched_it_off(talk):
    cancel(plan(talk, days=1, hour=12))
    second = plan(talk, days=1, hour=14)
    Enrollment.objects.filter(pk=talk.enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    notifications.reminders_coaching_run(now=local(0, 15))
    assert not Notification.objects.filter(kind=Kind.COACHING_SOON).exists()
    Enrollment.objects.filter(pk=talk.enrollment.pk).update(status=Enrollment.Status.ACTIVE)
    MutedKind.objects.create(user=talk.learner, kind=Kind.COACHING_SOON)
    notifications.reminders_coaching_run(now=local(0, 15))
    assert not Notification.objects.filter(kind=Kind.COACHING_SOON).exists()
    MutedKind.objects.all().delete()
    notifications.reminders_coaching_run(now=local(0, 15))
    assert Notification.objects.get(kind=Kind.COACHING_SOON).item == f"coaching:{second.pk}"


# --- afterwards: note, reflection, history ----------------------------------------------------


def test_after_the_moment_the_trainer_writes_the_note_and_the_learner_reflects(client, talk):
    moment = plan(talk)
    url = reverse("lms:coaching_moment", args=[moment.pk])
    client.force_login(talk.learner)
    early = client.post(url, {"reflection": "Te vroeg"})
    assert early.status_code == 400 and "pas als het coachingsgesprek is begonnen" in (
        early.content.decode()
    )
    CoachingMoment.objects.filter(pk=moment.pk).update(
        starts_at=local(-1, 10), ends_at=local(-1, 11)
    )
    client.force_login(talk.trainer)
    response = client.post(url, {"body": "Je vatte **goed** samen. <script>x()</script>"})
    assert response.status_code == 302
    note = CoachingNote.objects.get()
    moment.refresh_from_db()
    assert moment.coaching_note == note and note.enrollment == talk.enrollment
    assert client.post(url, {"body": "Nog een"}).status_code == 400  # one note per moment
    client.force_login(talk.learner)
    assert client.post(url, {"reflection": "Ik ga *rustiger* praten."}).status_code == 302
    html = client.get(reverse("lms:coaching")).content.decode()
    assert problems(html) == []
    assert "<strong>goed</strong>" in html and "<em>rustiger</em>" in html
    assert "<script>x()" not in html
    page = client.get(url).content.decode()
    assert f"?about=coaching_note&amp;item={note.pk}" in page  # the learner can answer it


def test_the_learners_history_shows_only_their_own_moments(client, talk):
    plan(talk, topic="Mijn gesprek")
    other = plan(talk, topic="Gesprek van Noor")
    CoachingMoment.objects.filter(pk=other.pk).update(enrollment=talk.neighbour)
    client.force_login(talk.learner)
    html = client.get(reverse("lms:coaching")).content.decode()
    assert "Mijn gesprek" in html and "Gesprek van Noor" not in html


# --- the trainer's week --------------------------------------------------------------------------


def test_the_week_list_shows_the_trainers_moments_across_editions_with_previous_and_next(
    client, talk
):
    plan(talk, days=0, hour=23, topic="Gesprek A")
    plan(talk, days=7, topic="Gesprek B")
    foreign = f.EnrollmentFactory(edition=talk.other_edition)
    services.coaching_moment_plan(
        enrollment=foreign,
        trainer=talk.other_trainer,
        starts_at=local(0, 22),
        ends_at=local(0, 23),
        location="Elders",
        video_url="",
        topic="Niet van jou",
    )
    client.force_login(talk.trainer)
    html = client.get(reverse("lms:coaching_week")).content.decode()
    assert problems(html) == []
    assert "Gesprek A" in html and "Gesprek B" not in html and "Niet van jou" not in html
    today = timezone.localdate()
    next_monday = (today - timedelta(days=today.weekday()) + timedelta(days=7)).isoformat()
    assert f'href="?week={next_monday}"' in html
    html = client.get(reverse("lms:coaching_week") + f"?week={next_monday}").content.decode()
    assert "Gesprek B" in html and "Gesprek A" not in html
    assert client.get(reverse("lms:coaching_week") + "?week=nonsense").status_code == 200


def test_the_coaching_pages_read_a_bounded_number_of_queries(client, talk):
    def pages(n: int) -> dict[str, int]:
        CoachingMoment.objects.all().delete()
        for i in range(n):
            plan(talk, days=i % 6, hour=8 + i % 10, topic=f"Gesprek {i}")
        counts = {}
        first = CoachingMoment.objects.first().pk
        for label, user, url in (
            ("week", talk.trainer, reverse("lms:coaching_week")),
            ("history", talk.learner, reverse("lms:coaching")),
            ("dashboard", talk.learner, reverse("lms:learner_dashboard")),
            ("moment", talk.trainer, reverse("lms:coaching_moment", args=[first])),
        ):
            client.force_login(user)
            client.get(url)  # warm the caches of the dashboard's fragments
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[label] = len(queries)
        return counts

    few, many = pages(5), pages(50)
    assert few == many, (few, many)
    for page_name, count in many.items():
        assert count <= 20, (page_name, count)


def test_the_demo_shows_a_planned_moment_and_an_announcement_once(client):
    demo_seed()
    moments, announcements = CoachingMoment.objects.count(), Announcement.objects.count()
    assert moments == 1 and announcements == 1
    demo_seed()
    assert (CoachingMoment.objects.count(), Announcement.objects.count()) == (1, 1)
    learner = get_user_model().objects.get(username="cursist")
    client.force_login(learner)
    html = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert "Meeluisteren: je klantgesprek aan de balie" in html
    assert "Neem je eigen klantgesprek mee" in html
    assert Notification.objects.filter(user=learner, kind=Kind.ANNOUNCEMENT).count() == 1
    trainer = get_user_model().objects.get(username="trainer")
    client.force_login(trainer)
    moment = CoachingMoment.objects.get()
    week = reverse("lms:coaching_week") + f"?week={timezone.localdate(moment.starts_at)}"
    assert "Meeluisteren" in client.get(week).content.decode()


def test_the_trainers_page_of_a_learner_shows_their_coaching_and_a_way_to_plan(client, talk):
    moment = plan(talk, topic="Meeluisteren")
    client.force_login(talk.trainer)
    url = reverse("courses:trainer_learner", args=[talk.edition.pk, talk.enrollment.pk])
    html = client.get(url).content.decode()
    assert problems(html) == []
    assert reverse("lms:coaching_moment", args=[moment.pk]) in html
    assert f"{reverse('lms:coaching_plan')}?inschrijving={talk.enrollment.pk}" in html
    edition_page = client.get(reverse("courses:trainer_edition", args=[talk.edition.pk]))
    assert (
        reverse("lms:evaluation_results", args=[talk.edition.pk]) in edition_page.content.decode()
    )


def test_an_administrator_on_that_page_sees_the_moments_without_links_into_them(client, talk):
    moment = plan(talk, topic="Meeluisteren")
    client.force_login(f.AdminFactory())
    url = reverse("courses:trainer_learner", args=[talk.edition.pk, talk.enrollment.pk])
    html = client.get(url).content.decode()
    assert "Meeluisteren" in html
    assert reverse("lms:coaching_moment", args=[moment.pk]) not in html
    assert reverse("lms:coaching_plan") not in html


def test_a_learners_coaching_is_in_their_data_and_goes_with_an_erasure(talk):
    moment = plan(talk, topic="Meeluisteren")
    CoachingMoment.objects.filter(pk=moment.pk).update(reflection="MIJN-REFLECTIE")
    plan(talk, topic="Van de buurvrouw")
    CoachingMoment.objects.filter(topic="Van de buurvrouw").update(enrollment=talk.neighbour)
    data = conversation_privacy.personal_data(talk.learner)["coachingsgesprekken"]
    assert [(row["topic"], row["reflection"]) for row in data] == [
        ("Meeluisteren", "MIJN-REFLECTIE")
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure.person_erase(user=talk.learner, by=f.AdminFactory())
    assert list(CoachingMoment.objects.values_list("topic", flat=True)) == ["Van de buurvrouw"]
