"""The learner's pages: outline, lessons of every type, mark as done, files; who sees what."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonProgress
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return f.build_course()


@pytest.fixture
def edition(course):
    # Module 1's day was 10 days ago, module 2's is in 18 days, module 3's in 46 days.
    return f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=10))


@pytest.fixture
def enrollment(edition):
    return f.EnrollmentFactory(edition=edition)


@pytest.fixture
def learner_client(client, enrollment):
    client.force_login(enrollment.learner)
    return client


def lesson(course, module_order, order):
    return course.modules.get(order=module_order).lessons.get(order=order)


def test_outline_shows_each_lesson_state_and_dates(learner_client, edition, course, enrollment):
    LessonProgress.objects.create(
        enrollment=enrollment, lesson=lesson(course, 1, 1), completed_at=timezone.now()
    )
    response = learner_client.get(reverse("courses:outline", args=[edition.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Les 1.1" in html and "Les 3.3" in html
    states = {
        item.lesson.title: item.state
        for m in response.context["outline"].modules
        for item in m.lessons
    }
    assert states["Les 1.1"] == "done"
    assert states["Les 1.2"] == "open"
    assert states["Les 2.1"] == "locked"
    assert "Opent op" in html
    assert "klaar" in html and "nog niet open" in html


def test_overdue_work_is_marked_overdue(client, course):
    edition = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=40))
    enrollment = f.EnrollmentFactory(edition=edition)
    client.force_login(enrollment.learner)
    response = client.get(reverse("courses:outline", args=[edition.pk]))
    states = {
        i.lesson.title: i.state for m in response.context["outline"].modules for i in m.lessons
    }
    assert states["Les 1.1"] == "overdue"
    assert "te laat" in response.content.decode()


def test_mark_as_done_then_undo(learner_client, edition, course, enrollment):
    target = lesson(course, 1, 2)
    url = reverse("courses:lesson_done", args=[edition.pk, target.pk])
    response = learner_client.post(url)
    assert response.status_code == 302
    progress = LessonProgress.objects.get(enrollment=enrollment, lesson=target)
    first = progress.completed_at
    assert first is not None
    learner_client.post(url)  # twice keeps the first moment
    progress.refresh_from_db()
    assert progress.completed_at == first
    learner_client.post(url, {"undo": "1"})
    progress.refresh_from_db()
    assert progress.completed_at is None


def test_a_locked_lesson_cannot_be_marked_done_or_read(learner_client, edition, course, enrollment):
    target = lesson(course, 2, 1)
    response = learner_client.post(
        reverse("courses:lesson_done", args=[edition.pk, target.pk]), follow=True
    )
    assert "nog niet open" in response.content.decode()
    assert not LessonProgress.objects.filter(
        enrollment=enrollment, completed_at__isnull=False
    ).exists()
    page = learner_client.get(reverse("courses:lesson", args=[edition.pk, target.pk]))
    assert page.status_code == 200
    assert (
        target.get_real_instance().body not in page.content.decode()
        or "Lees dit" not in page.content.decode()
    )
    assert "gaat open op" in page.content.decode()


def test_text_lesson_page_renders_markdown_and_records_the_first_visit(
    learner_client, edition, course, enrollment
):
    target = lesson(course, 1, 1)
    response = learner_client.get(reverse("courses:lesson", args=[edition.pk, target.pk]))
    assert response.status_code == 200
    assert "<strong>goed</strong>" in response.content.decode()
    assert (
        LessonProgress.objects.get(enrollment=enrollment, lesson=target).first_opened_at is not None
    )


def test_media_lesson_page_shows_player_and_transcript(learner_client, edition, course):
    module = course.modules.get(order=1)
    media = f.MediaLessonFactory(
        module=module,
        order=10,
        media_url="",
        media_file=ContentFile(b"RIFF....WAVEfmt ", name="gesprek.wav"),
        transcript="**Klant:** Goedemorgen.",
    )
    response = learner_client.get(reverse("courses:lesson", args=[edition.pk, media.pk]))
    html = response.content.decode()
    assert "<audio" in html and reverse("courses:lesson_file", args=[edition.pk, media.pk]) in html
    assert "<strong>Klant:</strong> Goedemorgen." in html
    file_response = learner_client.get(reverse("courses:lesson_file", args=[edition.pk, media.pk]))
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content).startswith(b"RIFF")
    assert file_response["Cache-Control"] == "private, no-store"


def test_file_lesson_downloads_through_the_checked_view(learner_client, edition, course):
    file_lesson = f.FileLessonFactory(module=course.modules.get(order=1), order=11)
    page = learner_client.get(reverse("courses:lesson", args=[edition.pk, file_lesson.pk]))
    assert "Download het bestand" in page.content.decode()
    response = learner_client.get(reverse("courses:lesson_file", args=[edition.pk, file_lesson.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"Werkblad drijfveren\n"


def test_a_lesson_type_from_another_app_renders_with_its_own_template(
    learner_client, edition, course
):
    from tests.plugin_app.models import ChecklistLesson

    checklist = ChecklistLesson.objects.create(
        module=course.modules.get(order=1), order=12, title="Voorbereiding", items="Pen\nAgenda\n"
    )
    response = learner_client.get(reverse("courses:lesson", args=[edition.pk, checklist.pk]))
    assert response.status_code == 200
    assert '<ul class="checklist"><li>Pen</li><li>Agenda</li></ul>' in response.content.decode()
    outline = learner_client.get(reverse("courses:outline", args=[edition.pk])).content.decode()
    assert "Voorbereiding" in outline and "checklist" in outline


def test_lesson_markdown_is_sanitised(learner_client, edition, course):
    evil = f.TextLessonFactory(
        module=course.modules.get(order=1),
        order=13,
        body='Hallo <script>alert(1)</script> <img src="x" onerror="alert(2)"> [klik](javascript:alert(3))',
    )
    html = learner_client.get(
        reverse("courses:lesson", args=[edition.pk, evil.pk])
    ).content.decode()
    body = html.split('class="lesson-text"')[1]
    assert "<script>alert(1)" not in body
    assert "onerror" not in body
    assert "javascript:" not in body


# --- who may see what -------------------------------------------------------------------


def learner_urls(edition, lesson_obj):
    return [
        ("get", reverse("courses:outline", args=[edition.pk])),
        ("get", reverse("courses:lesson", args=[edition.pk, lesson_obj.pk])),
        ("post", reverse("courses:lesson_done", args=[edition.pk, lesson_obj.pk])),
        ("get", reverse("courses:lesson_file", args=[edition.pk, lesson_obj.pk])),
    ]


def test_a_learner_of_another_edition_gets_404_everywhere(client, edition, course):
    other_edition = f.build_edition(course, first_day=timezone.localdate())
    stranger = f.EnrollmentFactory(edition=other_edition).learner
    client.force_login(stranger)
    file_lesson = f.FileLessonFactory(module=course.modules.get(order=1), order=20)
    for method, url in learner_urls(edition, file_lesson):
        assert getattr(client, method)(url).status_code == 404, url
    assert not LessonProgress.objects.exists()


def test_a_trainer_of_another_edition_gets_404_on_learner_pages(client, edition, course):
    trainer = f.UserFactory()
    f.build_edition(course, first_day=timezone.localdate(), trainers=[trainer])
    client.force_login(trainer)
    for method, url in learner_urls(edition, lesson(course, 1, 1)):
        assert getattr(client, method)(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_login(client, edition, course):
    for method, url in learner_urls(edition, lesson(course, 1, 1)):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
            url
        )


def test_a_lesson_of_another_course_is_404_even_for_an_enrolled_learner(learner_client, edition):
    foreign = f.TextLessonFactory()
    assert (
        learner_client.get(reverse("courses:lesson", args=[edition.pk, foreign.pk])).status_code
        == 404
    )


def test_withdrawn_learner_no_longer_sees_the_course(learner_client, edition, enrollment):
    enrollment.status = "withdrawn"
    enrollment.save()
    assert learner_client.get(reverse("courses:outline", args=[edition.pk])).status_code == 404


def test_uploaded_files_have_no_public_url(client, settings, course):
    from django.urls import Resolver404, resolve

    file_lesson = f.FileLessonFactory(module=course.modules.get(order=1), order=21)
    with pytest.raises(Resolver404):
        resolve(file_lesson.file.url)
    assert client.get(file_lesson.file.url).status_code == 404


# --- bounded queries ----------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["outline", "dashboard", "lesson"])
def test_learner_pages_use_the_same_number_of_queries_for_10_and_200_lessons(client, page):
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    counts, cold = [], []
    for lessons_per_module in (4, 67):  # 3 modules: 12 and 201 lessons
        course = f.build_course(lessons_per_module=lessons_per_module)
        edition = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=10))
        enrollment = f.EnrollmentFactory(edition=edition)
        first = course.modules.get(order=1).lessons.first()
        for item in course.modules.get(order=1).lessons.all()[:3]:
            LessonProgress.objects.create(
                enrollment=enrollment, lesson=item, completed_at=timezone.now()
            )
        client.force_login(enrollment.learner)
        url = {
            "outline": reverse("courses:outline", args=[edition.pk]),
            "dashboard": reverse("lms:learner_dashboard"),
            "lesson": reverse("courses:lesson", args=[edition.pk, first.pk]),
        }[page]
        cache.clear()
        ContentType.objects.clear_cache()
        cold.append(count_queries(client, url))
        counts.append(count_queries(client, url))
    assert cold[0] == cold[1], cold
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10
