"""Moving a classroom day into the past or before an earlier day of the edition needs an
explicit yes that names what goes overdue at once: how many learners, which items."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import ClassroomSession, DueDateExtension, LessonProgress
from tests.a11y import problems
from tests.factories import EnrollmentFactory, UserFactory, build_course, build_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    """Day 1 ten days ago, day 2 in 18 days (module 1's work due two days before it)."""
    trainer = UserFactory()
    course = build_course(lessons_per_module=2)
    edition = build_edition(
        course, first_day=timezone.localdate() - dt.timedelta(days=10), trainers=[trainer]
    )
    learners = [EnrollmentFactory(edition=edition) for _ in range(3)]
    return trainer, edition, learners


def sessions(edition):
    return list(edition.sessions.order_by("date"))


def post_data(session: ClassroomSession, day: dt.date, **extra) -> dict:
    return {
        "date": day.isoformat(),
        "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M"),
        "location": session.location or "Zaal 1",
        **extra,
    }


def test_moving_a_day_into_the_past_names_the_learners_and_items_that_go_overdue(client, setup):
    trainer, edition, learners = setup
    second = sessions(edition)[1]
    lesson = edition.course.modules.get(order=1).lessons.get(order=1)
    LessonProgress.objects.create(
        enrollment=learners[0], lesson=lesson, completed_at=timezone.now()
    )
    DueDateExtension.objects.create(
        enrollment=learners[1], lesson=lesson, due_at=timezone.now() + dt.timedelta(days=5)
    )
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[edition.pk, second.pk])
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = client.post(url, post_data(second, yesterday))

    assert response.status_code == 200
    html = response.content.decode()
    assert "De nieuwe datum ligt in het verleden." in html
    # Les 1.1: one learner (one did it, one has an extension); Les 1.2: all three
    assert "„Les 1.1”" in html and "1 cursist</li>" in html
    assert "„Les 1.2”" in html and "3 cursisten</li>" in html
    assert "3 cursisten hebben dan meteen werk over de deadline" in html
    assert 'id="accept-overdue"' in html
    assert problems(html) == []


def test_without_the_explicit_yes_the_day_does_not_move(client, setup):
    trainer, edition, _learners = setup
    second = sessions(edition)[1]
    before = second.date
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[edition.pk, second.pk])
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    refused = client.post(url, post_data(second, yesterday, confirm="1"))

    assert refused.status_code == 400
    assert "Vink aan dat je weet wat er gebeurt" in refused.content.decode()
    second.refresh_from_db()
    assert second.date == before

    accepted = client.post(url, post_data(second, yesterday, confirm="1", accept_overdue="on"))

    assert accepted.status_code == 302
    second.refresh_from_db()
    assert second.date == yesterday


def test_moving_a_day_before_an_earlier_day_of_the_edition_asks_too(client, setup):
    trainer, edition, _learners = setup
    _first, second, third = sessions(edition)
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[edition.pk, third.pk])
    day = second.date - dt.timedelta(days=1)  # still in the future, but before day 2

    response = client.post(url, post_data(third, day))

    html = response.content.decode()
    assert "vóór een eerdere lesdag van deze editie" in html
    assert client.post(url, post_data(third, day, confirm="1")).status_code == 400
    third.refresh_from_db()
    assert third.date != day


def test_an_ordinary_move_needs_no_extra_yes(client, setup):
    trainer, edition, _learners = setup
    second = sessions(edition)[1]
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[edition.pk, second.pk])
    later = second.date + dt.timedelta(days=7)

    preview = client.post(url, post_data(second, later)).content.decode()
    assert 'id="accept-overdue"' not in preview and "Let op voordat je opslaat" not in preview

    assert client.post(url, post_data(second, later, confirm="1")).status_code == 302
    second.refresh_from_db()
    assert second.date == later


def test_the_move_page_stays_closed_to_others(client, setup):
    trainer, edition, learners = setup
    second = sessions(edition)[1]
    url = reverse("courses:session_edit", args=[edition.pk, second.pk])
    data = post_data(second, timezone.localdate() - dt.timedelta(days=1))
    assert client.post(url, data).status_code == 302  # to the login page
    for user in (learners[0].learner, UserFactory()):
        client.force_login(user)
        assert client.post(url, data).status_code == 404


def test_the_warning_costs_a_bounded_number_of_queries(
    client, setup, django_assert_max_num_queries
):
    trainer, edition, _learners = setup
    for _ in range(20):
        EnrollmentFactory(edition=edition)
    second = sessions(edition)[1]
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[edition.pk, second.pk])
    with django_assert_max_num_queries(25):
        client.post(url, post_data(second, timezone.localdate() - dt.timedelta(days=1)))
