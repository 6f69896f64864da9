"""Private calendar feeds: valid iCalendar, stable UIDs, rising SEQUENCE, secret and revocable."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from courses import services as course_services
from courses.models import DueDateExtension
from lms import calendar
from tests import factories as f
from tests.a11y import problems

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2031, 3, 3)


@pytest.fixture
def edition():
    course = f.build_course(lessons_per_module=2)
    return f.build_edition(course, first_day=FIRST_DAY, trainers=[f.UserFactory()])


@pytest.fixture
def enrollment(edition):
    return f.EnrollmentFactory(edition=edition)


def feed(client, user) -> icalendar.Calendar:
    token = calendar.calendar_token_for(user) or calendar.calendar_token_regenerate(user=user)
    response = client.get(reverse("lms:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(cal) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_a_learners_feed_has_classroom_days_and_due_dates(client, enrollment):
    cal = feed(client, enrollment.learner)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    found = events(cal)
    sessions = [e for uid, e in found.items() if uid.startswith("session-")]
    deadlines = [e for uid, e in found.items() if "-lesson-" in uid]
    assert len(sessions) == 3 and len(deadlines) == 6
    first = min(sessions, key=lambda e: e.decoded("DTSTART"))
    assert str(first["LOCATION"]) == "Stadhuis, zaal 2"
    assert first.decoded("DTSTART").astimezone(dt.UTC).hour == 8  # 09:00 CET
    for event in found.values():
        assert event["DTSTAMP"] and event.decoded("DTEND") > event.decoded("DTSTART")
        assert str(event["URL"]).startswith("http://127.0.0.1:8000/")


def test_a_moved_session_keeps_its_uid_and_raises_its_sequence(client, enrollment, edition):
    before = events(feed(client, enrollment.learner))
    session = edition.sessions.get(module__order=2)
    course_services.session_reschedule(
        session=session,
        change=course_services.SessionChange(
            date=FIRST_DAY + dt.timedelta(days=35),
            start_time=dt.time(9),
            end_time=dt.time(17),
            location="Bibliotheek",
        ),
        actor=None,
    )
    after = events(feed(client, enrollment.learner))
    assert set(before) == set(after)
    uid = next(uid for uid in after if uid.startswith(f"session-{session.pk}@"))
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    assert after[uid].decoded("DTSTART").date() == FIRST_DAY + dt.timedelta(days=35)
    moved = [u for u in after if after[u].decoded("DTSTART") != before[u].decoded("DTSTART")]
    assert all(after[u]["SEQUENCE"] > before[u]["SEQUENCE"] for u in moved)
    assert len(moved) >= 3  # the session and the deadlines that hang on it


def test_an_extension_changes_the_learners_own_deadline_with_a_higher_sequence(
    client, enrollment, edition
):
    lesson = edition.course.modules.get(order=1).lessons.get(order=1)
    before = events(feed(client, enrollment.learner))
    DueDateExtension.objects.create(
        enrollment=enrollment,
        lesson=lesson,
        due_at=before[next(iter(before))].decoded("DTSTART") + dt.timedelta(days=40),
    )
    after = events(feed(client, enrollment.learner))
    uid = f"enrollment-{enrollment.pk}-lesson-{lesson.pk}@127.0.0.1"
    assert after[uid].decoded("DTEND") != before[uid].decoded("DTEND")
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]


def test_a_trainers_feed_has_the_editions_they_teach(client, edition, enrollment):
    trainer = edition.trainers.get()
    found = events(feed(client, trainer))
    assert len([u for u in found if u.startswith("session-")]) == 3
    assert all(not u.startswith("enrollment-") for u in found)


def test_the_feed_is_only_reached_with_the_current_token(client, enrollment, edition):
    other = f.EnrollmentFactory(edition=f.build_edition(edition.course, first_day=FIRST_DAY))
    token = calendar.calendar_token_regenerate(user=enrollment.learner)
    mine = client.get(reverse("lms:calendar_feed", args=[token])).content.decode()
    assert f"enrollment-{other.pk}-" not in mine
    assert client.get(reverse("lms:calendar_feed", args=["not-a-token"])).status_code == 404
    new = calendar.calendar_token_regenerate(user=enrollment.learner)
    assert client.get(reverse("lms:calendar_feed", args=[token])).status_code == 404
    assert client.get(reverse("lms:calendar_feed", args=[new])).status_code == 200
    calendar.calendar_token_revoke(user=enrollment.learner)
    assert client.get(reverse("lms:calendar_feed", args=[new])).status_code == 404


def test_the_calendar_page_makes_revokes_and_renews_the_link(client, enrollment):
    client.force_login(enrollment.learner)
    url = reverse("lms:calendar")
    page = client.get(url).content.decode()
    assert problems(page) == [] and "Maak mijn agenda-link" in page
    client.post(url, {"action": "new"})
    first = calendar.calendar_token_for(enrollment.learner)
    page = client.get(url).content.decode()
    assert first in page and problems(page) == []
    client.post(url, {"action": "new"})
    assert calendar.calendar_token_for(enrollment.learner) not in (None, first)
    client.post(url, {"action": "revoke"})
    assert calendar.calendar_token_for(enrollment.learner) is None


def test_the_feed_takes_a_fixed_number_of_queries(client, edition, django_assert_max_num_queries):
    enrollment = f.EnrollmentFactory(edition=edition)
    token = calendar.calendar_token_regenerate(user=enrollment.learner)
    with django_assert_max_num_queries(8):
        client.get(reverse("lms:calendar_feed", args=[token]))
