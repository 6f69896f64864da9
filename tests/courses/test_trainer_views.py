"""The trainer's pages: who sees them, moving a day, attendance, coaching, bounded SQL."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import selectors
from courses.models import (
    Attendance,
    ClassroomSession,
    CoachingNote,
    DueDateExtension,
    Lesson,
    LessonProgress,
)
from tests.a11y import problems
from tests.factories import (
    AdminFactory,
    EnrollmentFactory,
    FileLessonFactory,
    UserFactory,
    build_course,
    build_edition,
)

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2031, 10, 4)


def aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def trainer():
    return UserFactory(first_name="Tineke", last_name="Trainer")


@pytest.fixture
def course():
    return build_course()


@pytest.fixture
def edition(course, trainer):
    return build_edition(course, first_day=FIRST_DAY, trainers=[trainer], name="Noord najaar")


@pytest.fixture
def enrollment(edition):
    return EnrollmentFactory(
        edition=edition, learner=UserFactory(first_name="Lotte", last_name="Leerling")
    )


@pytest.fixture
def other_trainer():
    return UserFactory()


@pytest.fixture
def other_edition(other_trainer):
    return build_edition(
        build_course(), first_day=FIRST_DAY, trainers=[other_trainer], name="Zuid voorjaar"
    )


def sessions_of(edition) -> list[ClassroomSession]:
    return list(edition.sessions.order_by("date"))


def lessons_of(course) -> list[Lesson]:
    return list(
        Lesson.objects.non_polymorphic()
        .filter(module__course=course)
        .order_by("module__order", "order")
    )


def trainer_urls(edition, enrollment, lesson) -> list[str]:
    session = sessions_of(edition)[0]
    return [
        reverse("courses:trainer_edition", args=[edition.pk]),
        reverse("courses:session_edit", args=[edition.pk, session.pk]),
        reverse("courses:attendance", args=[edition.pk, session.pk]),
        reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk]),
        reverse("courses:trainer_lesson_file", args=[edition.pk, lesson.pk]),
    ]


@pytest.fixture
def file_lesson(course):
    return FileLessonFactory(
        module=course.modules.get(order=1), order=9, title="Werkblad drijfveren"
    )


def move_post_data(session: ClassroomSession, *, date: dt.date, **overrides) -> dict:
    data = {
        "date": date.isoformat(),
        "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M"),
        "location": session.location,
    }
    data.update(overrides)
    return data


# --- who sees what ---------------------------------------------------------------------------


def test_trainer_sees_own_editions_only(client, trainer, edition, other_edition, enrollment):
    client.force_login(trainer)
    response = client.get(reverse("courses:trainer_editions"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Noord najaar" in content
    assert "Zuid voorjaar" not in content
    assert [e.pk for e, _next in response.context["rows"]] == [edition.pk]
    edition_row, next_session = response.context["rows"][0]
    assert edition_row.learner_count == 1
    assert next_session.date == FIRST_DAY


def test_trainer_without_editions_sees_empty_state(client, edition):
    client.force_login(UserFactory())
    response = client.get(reverse("courses:trainer_editions"))
    assert response.status_code == 200
    assert "Je geeft nog geen les in een editie" in response.content.decode()


@pytest.mark.parametrize("make_admin", [lambda: UserFactory(is_staff=True), AdminFactory])
def test_administrator_sees_all_editions(client, make_admin, edition, other_edition):
    client.force_login(make_admin())
    response = client.get(reverse("courses:trainer_editions"))
    assert {e.pk for e, _next in response.context["rows"]} == {edition.pk, other_edition.pk}
    assert (
        client.get(reverse("courses:trainer_edition", args=[other_edition.pk])).status_code == 200
    )


def test_trainer_of_another_edition_gets_404_on_every_trainer_url(
    client, other_trainer, edition, enrollment, file_lesson
):
    client.force_login(other_trainer)
    for url in trainer_urls(edition, enrollment, file_lesson):
        assert client.get(url).status_code == 404, url
        assert (
            client.post(url, {"confirm": "1", "action": "note", "note-body": "x"}).status_code
            == 404
        ), url
    assert not CoachingNote.objects.exists()


def test_learner_gets_404_on_trainer_pages(client, edition, enrollment, file_lesson):
    client.force_login(enrollment.learner)
    for url in trainer_urls(edition, enrollment, file_lesson):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_redirected_to_login(client, edition, enrollment, file_lesson):
    login = reverse("login")
    for url in [
        reverse("courses:trainer_editions"),
        *trainer_urls(edition, enrollment, file_lesson),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(login), url


def test_session_or_learner_of_another_edition_is_404_within_own_edition(
    client, trainer, edition, other_edition
):
    client.force_login(trainer)
    foreign_session = sessions_of(other_edition)[0]
    foreign_enrollment = EnrollmentFactory(edition=other_edition)
    for name in ("courses:session_edit", "courses:attendance"):
        assert client.get(reverse(name, args=[edition.pk, foreign_session.pk])).status_code == 404
    url = reverse("courses:trainer_learner", args=[edition.pk, foreign_enrollment.pk])
    assert client.get(url).status_code == 404
    foreign_lesson = lessons_of(other_edition.course)[0]
    url = reverse("courses:trainer_lesson_file", args=[edition.pk, foreign_lesson.pk])
    assert client.get(url).status_code == 404


# --- the edition page --------------------------------------------------------------------------


def test_edition_page_shows_sessions_progress_and_learner_links(
    client, trainer, edition, enrollment
):
    first = lessons_of(edition.course)[0]
    LessonProgress.objects.create(
        enrollment=enrollment, lesson=first, completed_at=aware(FIRST_DAY, 18)
    )
    session = sessions_of(edition)[0]
    Attendance.objects.create(
        session=session, enrollment=enrollment, status=Attendance.Status.PRESENT
    )
    client.force_login(trainer)
    response = client.get(reverse("courses:trainer_edition", args=[edition.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("courses:session_edit", args=[edition.pk, session.pk]) in content
    assert reverse("courses:attendance", args=[edition.pk, session.pk]) in content
    assert reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk]) in content
    assert 'scope="colgroup" colspan="3"' in content
    assert '<span class="visually-hidden">klaar</span>' in content
    assert "1/9" in content  # lessons done
    assert "1/3" in content  # classroom days attended
    assert content.count("<h1") == 1


# --- moving a classroom day --------------------------------------------------------------------


def test_preview_lists_moved_due_dates_and_saves_nothing(client, trainer, edition):
    second = sessions_of(edition)[1]
    new_date = second.date + dt.timedelta(days=7)
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[edition.pk, second.pk])
    before = selectors.edition_dates(edition)

    response = client.post(url, move_post_data(second, date=new_date))

    assert response.status_code == 200
    preview = response.context["preview"]
    module_1_lessons = [lsn for lsn in lessons_of(edition.course) if lsn.module.order == 1]
    due_moves = {lesson.pk: change for lesson, change in preview if change.field == "due_at"}
    for lesson in module_1_lessons:
        assert due_moves[lesson.pk].old == aware(second.date - dt.timedelta(days=2), 9)
        assert due_moves[lesson.pk].new == aware(new_date - dt.timedelta(days=2), 9)
    content = response.content.decode()
    assert "Les 1.1" in content
    assert 'name="confirm" value="1"' in content
    assert f'name="date" value="{new_date.isoformat()}"' in content
    second.refresh_from_db()
    assert second.date == new_date - dt.timedelta(days=7)
    assert selectors.edition_dates(edition) == before


def test_confirming_moves_the_session_and_the_dates(client, trainer, edition):
    second = sessions_of(edition)[1]
    new_date = second.date + dt.timedelta(days=7)
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[edition.pk, second.pk])

    response = client.post(
        url,
        {**move_post_data(second, date=new_date, location="Gemeentehuis, zaal 1"), "confirm": "1"},
    )

    assert response.status_code == 302
    assert response.url == reverse("courses:trainer_edition", args=[edition.pk])
    second.refresh_from_db()
    assert (second.date, second.location) == (new_date, "Gemeentehuis, zaal 1")
    dates = selectors.edition_dates(edition)
    lesson_1_1 = lessons_of(edition.course)[0]
    assert dates[lesson_1_1.pk].due_at == aware(new_date - dt.timedelta(days=2), 9)
    message = str(list(response.wsgi_request._messages)[0])
    # three due dates (module 1) and three opening dates (module 2) move
    assert "6 datums van online werk zijn verschoven" in message


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        (
            {"start_time": "14:00", "end_time": "10:00"},
            "end_time",
            "De eindtijd moet na de begintijd liggen.",
        ),
        ({"location": "  "}, "location", "Vul een locatie in."),
        ({"date": "31-02-2031"}, "date", "Vul een geldige datum in"),
        ({"start_time": "25:00"}, "start_time", "Vul een geldige tijd in"),
    ],
)
@pytest.mark.parametrize("confirm", [False, True])
def test_invalid_session_change_shows_an_error_and_saves_nothing(
    client, trainer, edition, overrides, field, error, confirm
):
    session = sessions_of(edition)[0]
    original = (session.date, session.start_time, session.end_time, session.location)
    client.force_login(trainer)
    data = {**move_post_data(session, date=session.date + dt.timedelta(days=1)), **overrides}
    if confirm:
        data["confirm"] = "1"

    response = client.post(reverse("courses:session_edit", args=[edition.pk, session.pk]), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert any(error in message for message in form.errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert response.context["preview"] is None
    session.refresh_from_db()
    assert (session.date, session.start_time, session.end_time, session.location) == original


def test_session_edit_form_is_prefilled(client, trainer, edition):
    session = sessions_of(edition)[0]
    client.force_login(trainer)
    response = client.get(reverse("courses:session_edit", args=[edition.pk, session.pk]))
    content = response.content.decode()
    assert f'value="{FIRST_DAY.isoformat()}"' in content
    assert 'value="09:00"' in content
    assert '<label for="id_location">' in content


# --- attendance --------------------------------------------------------------------------------


def test_attendance_is_saved_and_updated_without_duplicates(client, trainer, edition):
    first, second, third = (EnrollmentFactory(edition=edition) for _ in range(3))
    session = sessions_of(edition)[0]
    url = reverse("courses:attendance", args=[edition.pk, session.pk])
    client.force_login(trainer)

    response = client.post(
        url, {f"learner_{first.pk}": "present", f"learner_{second.pk}": "absent"}
    )

    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrollment_id", "status")) == {
        first.pk: "present",
        second.pk: "absent",
    }
    page = client.get(url).content.decode()
    assert (
        f'name="learner_{second.pk}" value="absent" id="id_learner_{second.pk}_1" checked' in page
    )

    client.post(url, {f"learner_{second.pk}": "excused", f"learner_{third.pk}": "present"})

    assert Attendance.objects.count() == 3
    assert dict(Attendance.objects.values_list("enrollment_id", "status")) == {
        first.pk: "present",
        second.pk: "excused",
        third.pk: "present",
    }


def test_everyone_present_fills_only_learners_not_yet_recorded(client, trainer, edition):
    absent, unknown = EnrollmentFactory(edition=edition), EnrollmentFactory(edition=edition)
    session = sessions_of(edition)[0]
    Attendance.objects.create(session=session, enrollment=absent, status=Attendance.Status.ABSENT)
    client.force_login(trainer)

    client.post(reverse("courses:attendance", args=[edition.pk, session.pk]), {"all_present": "1"})

    assert dict(Attendance.objects.values_list("enrollment_id", "status")) == {
        absent.pk: "absent",
        unknown.pk: "present",
    }


def test_attendance_rejects_unknown_status_and_saves_nothing(client, trainer, edition, enrollment):
    session = sessions_of(edition)[0]
    client.force_login(trainer)
    response = client.post(
        reverse("courses:attendance", args=[edition.pk, session.pk]),
        {f"learner_{enrollment.pk}": "late"},
    )
    assert response.status_code == 200
    assert not Attendance.objects.exists()


# --- one learner: coaching notes and extensions ----------------------------------------------


def test_learner_detail_shows_outline_attendance_and_forms(client, trainer, edition, enrollment):
    session = sessions_of(edition)[0]
    Attendance.objects.create(
        session=session, enrollment=enrollment, status=Attendance.Status.EXCUSED
    )
    client.force_login(trainer)
    response = client.get(reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Lotte Leerling" in content
    assert "Les 3.3" in content
    assert "afgemeld" in content
    assert '<label for="id_note-body">' in content
    assert '<label for="id_extension-due_date">' in content


def test_coaching_note_appears_on_the_learners_dashboard_data(client, trainer, edition, enrollment):
    lesson = lessons_of(edition.course)[1]
    client.force_login(trainer)
    url = reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk])

    response = client.post(
        url, {"action": "note", "note-lesson": str(lesson.pk), "note-body": "Mooi **geoefend**."}
    )

    assert response.status_code == 302
    notes = selectors.coaching_notes_for_learner(enrollment.learner)
    assert [(n.body, n.lesson_id, n.author_id) for n in notes] == [
        ("Mooi **geoefend**.", lesson.pk, trainer.pk)
    ]
    assert "Mooi <strong>geoefend</strong>." in client.get(url).content.decode()


def test_empty_coaching_note_shows_an_error_and_saves_nothing(client, trainer, edition, enrollment):
    client.force_login(trainer)
    response = client.post(
        reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk]),
        {"action": "note", "note-lesson": "", "note-body": "   "},
    )
    assert response.status_code == 200
    assert "Schrijf eerst je feedback." in response.content.decode()
    assert not CoachingNote.objects.exists()


def test_extension_overrides_the_due_date(client, trainer, edition, enrollment):
    lesson = lessons_of(edition.course)[0]
    client.force_login(trainer)

    response = client.post(
        reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk]),
        {
            "action": "extension",
            "extension-lesson": str(lesson.pk),
            "extension-due_date": "2031-11-20",
            "extension-due_time": "17:00",
            "extension-reason": "Ziek geweest",
        },
    )

    assert response.status_code == 302
    item = next(
        i for i in selectors.course_outline(enrollment).lessons() if i.lesson.pk == lesson.pk
    )
    assert item.dates.due_at == aware(dt.date(2031, 11, 20), 17)
    assert item.dates.extended
    other = EnrollmentFactory(edition=edition)
    assert selectors.course_outline(other).lessons()[0].dates.due_at == aware(
        FIRST_DAY + dt.timedelta(days=26), 9
    )


def test_extension_for_a_lesson_of_another_course_is_refused(
    client, trainer, edition, other_edition, enrollment
):
    foreign = lessons_of(other_edition.course)[0]
    client.force_login(trainer)
    response = client.post(
        reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk]),
        {
            "action": "extension",
            "extension-lesson": str(foreign.pk),
            "extension-due_date": "2031-11-20",
            "extension-due_time": "17:00",
        },
    )
    assert response.status_code == 200
    assert response.context["extension_form"].errors["lesson"]
    assert not DueDateExtension.objects.exists()


# --- lesson files ------------------------------------------------------------------------------


def test_trainer_downloads_a_lesson_file_even_before_it_opens(
    client, trainer, edition, file_lesson
):
    client.force_login(trainer)
    response = client.get(reverse("courses:trainer_lesson_file", args=[edition.pk, file_lesson.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Werkblad drijfveren\n"
    assert response["Cache-Control"] == "private, no-store"


def test_lesson_without_a_file_is_404(client, trainer, edition):
    client.force_login(trainer)
    text_lesson = lessons_of(edition.course)[0]
    url = reverse("courses:trainer_lesson_file", args=[edition.pk, text_lesson.pk])
    assert client.get(url).status_code == 404


# --- accessibility -----------------------------------------------------------------------------


def test_trainer_pages_pass_the_static_accessibility_checks(
    client, trainer, edition, enrollment, file_lesson
):
    session = sessions_of(edition)[1]
    Attendance.objects.create(
        session=session, enrollment=enrollment, status=Attendance.Status.PRESENT
    )
    CoachingNote.objects.create(enrollment=enrollment, author=trainer, body="Goed **gedaan**")
    EnrollmentFactory(edition=edition)
    client.force_login(trainer)
    edit_url = reverse("courses:session_edit", args=[edition.pk, session.pk])
    learner_url = reverse("courses:trainer_learner", args=[edition.pk, enrollment.pk])
    pages = {
        "editions": client.get(reverse("courses:trainer_editions")),
        "edition": client.get(reverse("courses:trainer_edition", args=[edition.pk])),
        "session edit": client.get(edit_url),
        "preview": client.post(
            edit_url, move_post_data(session, date=session.date + dt.timedelta(days=7))
        ),
        "session errors": client.post(
            edit_url,
            move_post_data(session, date=session.date, start_time="12:00", end_time="11:00"),
        ),
        "attendance": client.get(reverse("courses:attendance", args=[edition.pk, session.pk])),
        "learner": client.get(learner_url),
        "learner errors": client.post(learner_url, {"action": "extension", "extension-lesson": ""}),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert problems(response.content.decode()) == [], name


# --- bounded SQL -------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def populated_edition(trainer, *, learners: int, lessons_per_module: int):
    course = build_course(lessons_per_module=lessons_per_module, modules=3)
    FileLessonFactory(module=course.modules.get(order=1), order=99)
    edition = build_edition(
        course, first_day=timezone.localdate() - dt.timedelta(days=30), trainers=[trainer]
    )
    sessions = sessions_of(edition)
    lessons = lessons_of(course)
    for i in range(learners):
        enrollment = EnrollmentFactory(edition=edition)
        Attendance.objects.create(
            session=sessions[0], enrollment=enrollment, status=Attendance.Status.PRESENT
        )
        LessonProgress.objects.create(
            enrollment=enrollment, lesson=lessons[0], completed_at=timezone.now()
        )
        if i % 2:
            DueDateExtension.objects.create(
                enrollment=enrollment,
                lesson=lessons[1],
                due_at=timezone.now() + dt.timedelta(days=3),
            )
        CoachingNote.objects.create(enrollment=enrollment, author=trainer, body="Goed zo")
    return edition


def test_edition_page_queries_do_not_grow_with_learners_or_lessons(client, trainer):
    small = populated_edition(trainer, learners=5, lessons_per_module=1)
    large = populated_edition(trainer, learners=50, lessons_per_module=10)
    client.force_login(trainer)
    urls = [reverse("courses:trainer_edition", args=[e.pk]) for e in (small, large)]

    assert_same_count_cold_and_warm(client, urls)


def test_learner_page_queries_do_not_grow_with_lessons_or_sessions(client, trainer):
    small = populated_edition(trainer, learners=1, lessons_per_module=1)
    large = populated_edition(trainer, learners=1, lessons_per_module=10)
    client.force_login(trainer)
    urls = [
        reverse("courses:trainer_learner", args=[e.pk, e.enrollments.get().pk])
        for e in (small, large)
    ]

    assert_same_count_cold_and_warm(client, urls)


def assert_same_count_cold_and_warm(client, urls):
    """Bounded with an empty cache (first visit after a change) and with a warm one."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cold = []
    for url in urls:
        cache.clear()
        ContentType.objects.clear_cache()
        cold.append(count_queries(client, url))
    warm = []
    for url in urls:
        client.get(url)
        warm.append(count_queries(client, url))
    assert cold[0] == cold[1], cold
    assert warm[0] == warm[1], warm
    assert warm[0] <= cold[0]


def test_attendance_page_queries_do_not_grow_with_learners(client, trainer):
    small = populated_edition(trainer, learners=2, lessons_per_module=1)
    large = populated_edition(trainer, learners=30, lessons_per_module=1)
    client.force_login(trainer)
    urls = [
        reverse("courses:attendance", args=[e.pk, sessions_of(e)[0].pk]) for e in (small, large)
    ]
    count_queries(client, urls[0])

    assert count_queries(client, urls[1]) == count_queries(client, urls[0])


def test_editions_list_queries_do_not_grow_with_editions(client):
    one, ten = UserFactory(), UserFactory()
    course = build_course(lessons_per_module=1)
    build_edition(course, first_day=FIRST_DAY, trainers=[one])
    for _ in range(10):
        edition = build_edition(course, first_day=FIRST_DAY, trainers=[ten])
        EnrollmentFactory.create_batch(2, edition=edition)
    url = reverse("courses:trainer_editions")
    client.force_login(one)
    count_queries(client, url)
    one_count = count_queries(client, url)
    client.force_login(ten)
    count_queries(client, url)  # warm the cached menu roles, as for the first user

    assert count_queries(client, url) == one_count
