import io
import wave
from datetime import date, timedelta

import markdown
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    Attendance,
    ClassroomSession,
    CoachingNote,
    Course,
    Edition,
    Enrollment,
    FileLesson,
    Lesson,
    LessonProgress,
    MediaLesson,
    TextLesson,
)
from courses.rendering import render_markdown
from lms import demo_content
from lms.demo import weekday_away_from

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def edition(region: str) -> Edition:
    return Edition.objects.get(course__slug="dienstverlening", region=region)


def test_seed_creates_the_course_with_three_modules_of_every_lesson_type():
    seed()
    course = Course.objects.get(slug="dienstverlening")
    assert course.title == "Vaardigheidsmodule Dienstverlening"
    assert str(course.price_excl_vat) == "1075.00"
    assert course.require_attendance
    assert "## Wat leer je?" in course.description
    modules = list(course.modules.order_by("order"))
    assert [(m.order, m.title) for m in modules] == [
        (1, "Inleiding"),
        (2, "Waardevolle gesprekken"),
        (3, "Omgaan met emoties"),
    ]
    for module in modules:
        assert module.lessons.count() >= 3
    lessons = Lesson.objects.filter(module__course=course)
    assert {type(lesson) for lesson in lessons} == {TextLesson, MediaLesson, FileLesson}
    assert lessons.filter(is_required=False).exists()
    assert MediaLesson.objects.filter(kind="audio").exclude(media_file="").exists()
    assert MediaLesson.objects.filter(kind="video").exclude(media_url="").exists()


def test_every_lesson_has_a_substantial_text_with_an_exercise():
    seed()
    for lesson in Lesson.objects.filter(module__course__slug="dienstverlening"):
        text = {
            TextLesson: lambda lesson: lesson.body,
            MediaLesson: lambda lesson: lesson.introduction + lesson.transcript,
            FileLesson: lambda lesson: lesson.description,
        }[type(lesson)](lesson)
        assert len(text) > 1000, lesson.title
        assert "## Opdracht" in text, lesson.title


def test_lesson_rules_hang_on_the_classroom_days():
    seed()
    inleiding, gesprekken, emoties = Course.objects.get(slug="dienstverlening").modules.order_by(
        "order"
    )
    preparation = Lesson.objects.get(module=inleiding, order=1)
    assert (preparation.opens_anchor, preparation.opens_module, preparation.opens_offset_days) == (
        "start",
        inleiding,
        -14,
    )
    talents = Lesson.objects.get(module=inleiding, title="Jouw talenten")
    assert (talents.opens_anchor, talents.opens_module) == ("end", inleiding)
    assert (talents.due_anchor, talents.due_module, talents.due_offset_days) == (
        "start",
        gesprekken,
        -2,
    )
    for lesson in Lesson.objects.filter(module=emoties, is_required=True):
        assert (lesson.due_anchor, lesson.due_module, lesson.due_offset_days) == (
            "end",
            emoties,
            14,
        )


def test_seeding_twice_changes_no_row_count():
    seed("--learners", "6")
    before = row_counts()
    output = seed("--learners", "6")
    assert row_counts() == before
    assert "Niets nieuws" in output


def test_seeding_again_keeps_a_changed_password():
    seed()
    user = get_user_model().objects.get(username="cursist")
    user.set_password("iets-anders-en-geheim")
    user.save()
    seed()
    assert Client().login(username="cursist", password="iets-anders-en-geheim")


@pytest.mark.parametrize("username", ["cursist", "henriette", "trainer", "beheerder"])
def test_demo_users_log_in_with_password_demo(username):
    seed()
    assert Client().login(username=username, password="demo")
    assert get_user_model().objects.get(username=username).email.endswith("@example.nl")


def test_beheerder_is_administrator_and_trainer_is_not_staff():
    seed()
    users = get_user_model().objects
    assert users.filter(username="beheerder", is_staff=True, is_superuser=True).exists()
    assert users.filter(username="trainer", is_staff=False, is_superuser=False).exists()
    henriette = users.get(username="henriette")
    assert (henriette.first_name, henriette.last_name) == ("Henriëtte", "Nienhuis")


def test_henriette_completed_every_lesson_and_attended_every_session():
    seed()
    enrollment = Enrollment.objects.get(learner__username="henriette")
    assert enrollment.edition.region == "midden"
    lessons = Lesson.objects.filter(module__course=enrollment.edition.course)
    done = LessonProgress.objects.filter(enrollment=enrollment, completed_at__isnull=False)
    assert done.count() == lessons.count()
    assert all(p.completed_at <= timezone.now() for p in done)
    sessions = enrollment.edition.sessions.all()
    assert all(s.ends_at < timezone.now() for s in sessions)
    present = Attendance.objects.filter(enrollment=enrollment, status="present")
    assert present.count() == sessions.count() == 3


def test_cursist_is_part_way_with_feedback_from_the_trainer():
    seed()
    enrollment = Enrollment.objects.get(learner__username="cursist")
    assert enrollment.edition.region == "noord"
    assert enrollment.organisation.name == "Gemeente Groningen"
    done = LessonProgress.objects.filter(enrollment=enrollment, completed_at__isnull=False)
    assert 0 < done.count() < Lesson.objects.filter(module__order=1).count()
    assert {p.lesson.module.order for p in done} == {1}
    inleiding = enrollment.edition.sessions.get(module__order=1)
    assert Attendance.objects.get(session=inleiding, enrollment=enrollment).status == "present"
    note = CoachingNote.objects.get(enrollment=enrollment)
    assert note.author.username == "trainer"


def test_trainer_teaches_noord_and_midden_but_not_zuid():
    seed()
    regions = set(
        get_user_model()
        .objects.get(username="trainer")
        .teaching_editions.values_list("region", flat=True)
    )
    assert regions == {"noord", "midden"}


def test_editions_have_three_sessions_on_weekdays_with_the_dagdelen():
    seed()
    for region in ("noord", "midden", "zuid"):
        ed = edition(region)
        assert ed.name == f"Dienstverlening {region.capitalize()}"
        assert ed.capacity == 20
        sessions = list(ed.sessions.order_by("date"))
        assert [(s.module.order, s.first_dagdeel, s.last_dagdeel) for s in sessions] == [
            (1, 1, 1),
            (2, 2, 3),
            (3, 4, 5),
        ]
        assert sessions[0].start_time.strftime("%H:%M-") + sessions[0].end_time.strftime(
            "%H:%M"
        ) == ("08:30-12:30")
        assert all(s.date.weekday() < 5 for s in sessions)
        assert all(s.location for s in sessions)


def test_noord_has_a_session_in_the_past_and_one_in_the_future():
    seed()
    now = timezone.now()
    sessions = ClassroomSession.objects.filter(edition=edition("noord"))
    assert any(s.ends_at < now for s in sessions)
    assert any(s.starts_at > now for s in sessions)


def test_learners_option_adds_learners_over_the_editions_once():
    seed()
    users = get_user_model().objects
    before = users.count()
    output = seed("--learners", "30")
    assert users.count() == before + 30
    assert "30 nieuw" in output
    generated = Enrollment.objects.filter(learner__username__startswith="learner")
    per_edition = {
        region: generated.filter(edition__region=region).count()
        for region in ("noord", "midden", "zuid")
    }
    assert per_edition == {"noord": 10, "midden": 10, "zuid": 10}
    assert LessonProgress.objects.filter(enrollment__in=generated).exists()
    assert Client().login(username="learner0030", password="demo")

    seed("--learners", "30")
    assert users.count() == before + 30


def test_generated_learners_are_the_same_on_every_database():
    seed("--learners", "3")
    first = list(
        get_user_model()
        .objects.filter(username__startswith="learner")
        .order_by("username")
        .values_list("first_name", "last_name")
    )
    Enrollment.objects.filter(learner__username__startswith="learner").delete()
    get_user_model().objects.filter(username__startswith="learner").delete()
    seed("--learners", "3")
    again = list(
        get_user_model()
        .objects.filter(username__startswith="learner")
        .order_by("username")
        .values_list("first_name", "last_name")
    )
    assert first == again


def test_lesson_markdown_renders_without_raw_html():
    seed()
    texts = [Course.objects.get(slug="dienstverlening").description]
    texts += list(TextLesson.objects.values_list("body", flat=True))
    texts += [m.introduction for m in MediaLesson.objects.all()]
    texts += [m.transcript for m in MediaLesson.objects.all()]
    texts += list(FileLesson.objects.values_list("description", flat=True))
    texts += list(CoachingNote.objects.values_list("body", flat=True))
    for text in texts:
        assert "<" not in text
        raw = markdown.markdown(text, extensions=["extra", "sane_lists"])
        assert "<h1" not in raw  # the page has the title; lessons start at h2
        html = render_markdown(text)
        assert "&lt;" not in html
        assert "<p>" in html


def test_audio_and_worksheet_are_served_to_a_learner():
    seed()
    client = Client()
    client.login(username="henriette", password="demo")
    midden = edition("midden")
    audio = MediaLesson.objects.get(kind="audio")
    response = client.get(reverse("courses:lesson_file", args=[midden.pk, audio.pk]))
    assert response.status_code == 200
    with wave.open(io.BytesIO(b"".join(response.streaming_content))) as sound:
        assert sound.getnframes() / sound.getframerate() > 1
    worksheet = FileLesson.objects.get(title="Werkblad drijfveren")
    response = client.get(reverse("courses:lesson_file", args=[midden.pk, worksheet.pk]))
    assert response.status_code == 200
    assert "WERKBLAD DRIJFVEREN" in b"".join(response.streaming_content).decode("utf-8")


def test_seeding_restores_a_lesson_file_that_went_missing():
    seed()
    audio = MediaLesson.objects.get(kind="audio")
    audio.media_file.storage.delete(audio.media_file.name)
    seed()
    audio.refresh_from_db()
    assert audio.media_file.storage.exists(audio.media_file.name)


def test_the_learner_dashboard_shows_the_seeded_work():
    seed()
    client = Client()
    client.login(username="cursist", password="demo")
    page = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert "Dienstverlening Noord" in page
    assert "Jouw communicatiestijl" in page  # open work, due soon
    assert "Anouk" in page  # recent feedback


def test_output_lists_the_demo_logins():
    output = seed()
    for username, _role in demo_content.LOGINS:
        assert username in output
    assert "http://127.0.0.1:8000" in output


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 7), date(2026, 3, 10)),  # upcoming Saturday -> Tuesday after
        (date(2026, 3, 8), date(2026, 3, 10)),  # upcoming Sunday -> Tuesday after
        (date(2026, 2, 28), date(2026, 2, 26)),  # past Saturday -> Thursday before
        (date(2026, 3, 1), date(2026, 2, 26)),  # past Sunday -> Thursday before
        (date(2026, 3, 4), date(2026, 3, 4)),  # a Wednesday stays
    ],
)
def test_weekend_days_move_to_a_weekday_away_from_today(day, expected):
    assert weekday_away_from(day, date(2026, 3, 4)) == expected
    assert expected.weekday() < 5
    assert abs(expected - day) <= timedelta(days=3)
