"""Learner pages are cached fragments: they must never show stale progress, dates or text."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.services import SessionChange
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment():
    course = f.build_course()
    edition = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=10))
    return f.EnrollmentFactory(edition=edition)


@pytest.fixture
def learner(client, enrollment):
    client.force_login(enrollment.learner)
    return client


def outline(client, enrollment):
    return client.get(reverse("courses:outline", args=[enrollment.edition_id])).content.decode()


def dashboard(client):
    return client.get(reverse("lms:learner_dashboard")).content.decode()


def test_a_second_visit_is_served_from_the_cache_with_fewer_queries(learner, enrollment):
    url = reverse("courses:outline", args=[enrollment.edition_id])
    with CaptureQueriesContext(connection) as first:
        learner.get(url)
    with CaptureQueriesContext(connection) as second:
        learner.get(url)
    assert len(second.captured_queries) < len(first.captured_queries)
    assert not any("courses_lessonprogress" in q["sql"] for q in second.captured_queries)


def test_marking_a_lesson_done_shows_at_once(learner, enrollment):
    lesson = enrollment.edition.course.modules.get(order=1).lessons.get(order=1)
    assert "Afgerond op" not in outline(learner, enrollment)
    assert "0 van 3 klaar" in dashboard(learner)
    learner.post(reverse("courses:lesson_done", args=[enrollment.edition_id, lesson.pk]))
    assert "Afgerond op" in outline(learner, enrollment)
    assert "1 van 3 klaar" in dashboard(learner)
    learner.post(
        reverse("courses:lesson_done", args=[enrollment.edition_id, lesson.pk]), {"undo": "1"}
    )
    assert "Afgerond op" not in outline(learner, enrollment)


def test_a_moved_classroom_day_shows_at_once(learner, enrollment):
    session = enrollment.edition.sessions.get(module__order=2)
    outline(learner, enrollment)
    new_date = session.date + dt.timedelta(days=7)
    services.session_reschedule(
        session=session,
        change=SessionChange(new_date, session.start_time, session.end_time, "Gemeentehuis Ede"),
        actor=None,
    )
    html = outline(learner, enrollment)
    assert "Gemeentehuis Ede" in html
    assert "Gemeentehuis Ede" in dashboard(learner)


def test_a_renamed_lesson_and_course_show_at_once(learner, enrollment):
    outline(learner, enrollment)
    lesson = enrollment.edition.course.modules.get(order=1).lessons.get(order=1)
    lesson.title = "Jouw talenten ontdekken"
    lesson.save()
    assert "Jouw talenten ontdekken" in outline(learner, enrollment)
    course = enrollment.edition.course
    course.title = "Dienstverlening aan de balie"
    course.save()
    assert "Dienstverlening aan de balie" in outline(learner, enrollment)


def test_new_feedback_and_extensions_show_at_once(learner, enrollment):
    dashboard(learner)
    services.coaching_note_create(
        enrollment=enrollment, author=f.UserFactory(), body="Sterk gedaan!"
    )
    assert "Sterk gedaan!" in dashboard(learner)
    lesson = enrollment.edition.course.modules.get(order=1).lessons.get(order=2)
    services.extension_grant(
        enrollment=enrollment,
        lesson=lesson,
        due_at=timezone.now() + dt.timedelta(days=60),
        actor=None,
    )
    assert "verlengd" in outline(learner, enrollment)


def test_a_lesson_opens_on_time_without_any_change_in_the_data(learner, enrollment, monkeypatch):
    html = outline(learner, enrollment)
    assert html.count("nog niet open") == 6
    module2 = enrollment.edition.sessions.get(module__order=2)
    later = module2.ends_at + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    learner.force_login(enrollment.learner)  # the session, too, would have expired by then
    assert outline(learner, enrollment).count("nog niet open") == 3


def test_language_has_its_own_fragment(learner, enrollment):
    assert "Lesdag" in outline(learner, enrollment)
    learner.post(reverse("set_language"), {"language": "en"})
    html = outline(learner, enrollment)
    assert "Lesdag" not in html and "Classroom day" in html


def test_a_lessons_dates_come_from_the_kept_schedule_until_a_day_moves(enrollment):
    """Each process keeps an edition's sessions per schedule version: a second look asks
    neither the cache nor the database for them, and a moved day is a new version."""
    from django.core.cache import cache

    from courses.models import Edition, Enrollment
    from courses.selectors import lesson_dates_for_enrollment

    session = enrollment.edition.sessions.get(module__order=2)
    lesson = enrollment.edition.course.modules.get(order=2).lessons.get(order=1)
    before = lesson_dates_for_enrollment(enrollment, lesson)
    gets = []
    original = cache.get
    cache.get = lambda *args, **kwargs: gets.append(args) or original(*args, **kwargs)
    try:
        with CaptureQueriesContext(connection) as ctx:
            again = lesson_dates_for_enrollment(enrollment, lesson)
    finally:
        cache.get = original
    assert again == before and not gets
    assert not [q for q in ctx.captured_queries if "classroomsession" in q["sql"]]
    services.session_reschedule(
        session=session,
        change=SessionChange(
            session.date + dt.timedelta(days=7), session.start_time, session.end_time, "Ede"
        ),
        actor=None,
    )
    fresh = Enrollment.objects.select_related("edition").get(pk=enrollment.pk)
    assert fresh.edition.schedule_version != enrollment.edition.schedule_version
    moved = lesson_dates_for_enrollment(fresh, lesson)
    assert moved.opens_at == before.opens_at + dt.timedelta(days=7)
    assert Edition.objects.get(pk=enrollment.edition_id).schedule_version == (
        fresh.edition.schedule_version
    )
