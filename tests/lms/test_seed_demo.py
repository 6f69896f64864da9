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

from assessments.models import (
    Assignment,
    Attempt,
    ConversationAnalysis,
    EssayQuestion,
    GradingEvent,
    Question,
    QuestionCategory,
    Quiz,
    Reflection,
    Response,
)
from assessments.questions import gift
from assessments.quizzes import grading
from assessments.quizzes.selectors import quiz_window
from core.rendering import render_markdown
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
from lms.demo import data as demo_content
from lms.demo import demo_answer, demo_seed, gift_sections, weekday_away_from
from tests.logins import log_in

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
    assert {type(lesson) for lesson in lessons} == {
        TextLesson,
        MediaLesson,
        FileLesson,
        Quiz,
        Assignment,
        ConversationAnalysis,
        Reflection,
    }
    assert lessons.filter(is_required=False).exists()
    assert MediaLesson.objects.filter(kind="audio").exclude(media_file="").exists()
    # The videos are real files that play in the page (no dead placeholder URL).
    videos = MediaLesson.objects.filter(kind="video")
    assert videos.exists() and not videos.filter(media_file="").exists()
    for video in videos:
        assert video.media_file.read(4) == b"\x1a\x45\xdf\xa3"  # WebM (Matroska)
        assert 10_000 < video.media_file.size < 400_000


def test_every_lesson_has_a_substantial_text_with_an_exercise():
    seed()
    lessons = Lesson.objects.filter(module__course__slug="dienstverlening").not_instance_of(Quiz)
    for lesson in lessons:
        text = {
            TextLesson: lambda lesson: lesson.body,
            MediaLesson: lambda lesson: lesson.introduction + lesson.transcript,
            FileLesson: lambda lesson: lesson.description,
            Assignment: lambda lesson: lesson.instructions,
            ConversationAnalysis: lambda lesson: lesson.instructions,
            Reflection: lambda lesson: lesson.instructions,
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
    # every table counts, the question bank, quizzes and attempts included
    assert before["assessments.QuestionCategory"] == 3
    assert before["assessments.Question"] >= 20
    assert before["assessments.Quiz"] == 2
    assert before["assessments.QuizSlot"] >= 2
    assert before["assessments.Attempt"] >= 2
    assert before["assessments.Response"] >= 10
    assert before["assessments.GradingEvent"] == before["assessments.Attempt"]
    output = seed("--learners", "6")
    assert row_counts() == before
    assert "Niets nieuws" in output


def test_seeding_again_keeps_a_changed_password():
    seed()
    user = get_user_model().objects.get(username="cursist")
    user.set_password("iets-anders-en-geheim")
    user.save()
    seed()
    assert log_in(Client(), username="cursist", password="iets-anders-en-geheim")


@pytest.mark.parametrize("username", ["cursist", "henriette", "trainer", "beheerder"])
def test_demo_users_log_in_with_password_demo(username):
    seed()
    assert log_in(Client(), username=username, password="demo")
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


def test_the_senior_trainer_authors_the_course_and_imports_gift_and_ruud_does_not():
    seed()
    course = Course.objects.get(slug="dienstverlening")
    assert list(course.authors.values_list("username", flat=True)) == ["trainer"]
    users = get_user_model().objects
    url = reverse("assessments:gift_import")
    client = Client()
    client.force_login(users.get(username="trainer"))
    assert client.get(url).status_code == 200
    client.force_login(users.get(username="ruud"))
    assert client.get(url).status_code == 404
    other = users.get(username="beheerder")
    course.authors.set([other])  # as in a demo seeded before there were authors, plus one
    seed()
    assert set(course.authors.values_list("username", flat=True)) == {"trainer", "beheerder"}


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
    # a quiz is done by taking it: generated learners took none, so none is marked done
    assert not Attempt.objects.filter(enrollment__in=generated).exists()
    assert not LessonProgress.objects.filter(
        enrollment__in=generated, lesson__in=Quiz.objects.all()
    ).exists()
    assert log_in(Client(), username="learner0030", password="demo")

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
    texts += list(Quiz.objects.values_list("intro", flat=True))
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
    log_in(client, username="henriette", password="demo")
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
    log_in(client, username="cursist", password="demo")
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


# --- question bank, quizzes and attempts -------------------------------------------------------


def quiz(title: str) -> Quiz:
    return Quiz.objects.get(module__course__slug="dienstverlening", title=title)


def test_the_question_bank_is_written_for_the_course():
    seed()
    questions = Question.objects.filter(category__course__slug="dienstverlening")
    assert questions.count() >= 20
    assert len({type(q) for q in questions}) >= 6  # five auto-graded types and the essay
    names = {type(q).__name__ for q in questions}
    assert {
        "SingleChoiceQuestion",
        "MultipleResponseQuestion",
        "TrueFalseQuestion",
        "ShortAnswerQuestion",
        "MatchingQuestion",
        "EssayQuestion",
    } <= names
    essay = EssayQuestion.objects.get(category__name="Open vragen")
    assert essay.text.startswith("Beschrijf een gesprek aan de balie")
    assert essay.general_feedback
    weights = [
        choice["fraction"]
        for q in questions
        if q.key["type"] == "multiple_response"
        for choice in q.key["choices"]
    ]
    assert any(w.startswith("-") for w in weights)  # wrong picks cost marks
    assert any(w not in ("0", "1") and not w.startswith("-") for w in weights)
    for question in questions:
        question.clean()  # every key is consistent
    words = " ".join(f"{q.name} {q.text} {q.key}" for q in questions).lower()
    for topic in ("talent", "communic", "drijfveren", "gedragsstijl", "luister", "samenvat"):
        assert topic in words, topic
    for topic in ("doorvragen", "blij", "bedroefd", "bang", "boos", "balie"):
        assert topic in words, topic


def test_the_question_bank_has_a_category_per_use():
    seed()
    categories = {
        c.name: c.questions.count()
        for c in QuestionCategory.objects.filter(course__slug="dienstverlening")
    }
    assert set(categories) == {"Oefenvragen", "Examen", "Open vragen"}
    assert categories["Examen"] > 10  # the exam draws 10, so learners get different ones
    assert categories["Oefenvragen"] > 8
    assert categories["Open vragen"] == 1


def test_the_demo_gift_text_parses_and_splits_per_category():
    questions = gift.parse_gift(demo_content.QUESTION_BANK)
    sections = gift_sections(demo_content.QUESTION_BANK)
    assert set(sections) == {spec.name for spec in demo_content.QUESTION_CATEGORIES}
    assert sum(len(gift.parse_gift(text)) for text in sections.values()) == len(questions)
    assert len({q.name for q in questions}) == len(questions)  # every question has its own name


def test_every_auto_graded_question_has_a_right_and_a_wrong_demo_answer():
    for question in gift.parse_gift(demo_content.QUESTION_BANK):
        right = demo_answer(question.spec)
        if type(question.spec).__name__ == "EssaySpec":
            assert right is None  # left for a trainer; the essay is in no quiz
            continue
        assert grading.grade(question.spec, right).fraction == 1, question.name
        wrong = demo_answer(question.spec, right=False)
        assert grading.grade(question.spec, wrong).fraction < 1, question.name


def test_a_category_that_exists_is_not_imported_again():
    seed()
    practice = QuestionCategory.objects.get(name="Oefenvragen")
    count = practice.questions.count()
    practice.questions.order_by("pk").first().delete()  # a trainer removed a question
    output = seed()
    assert practice.questions.count() == count - 1
    assert "Niets nieuws" in output


def test_the_practice_quiz_in_module_2():
    seed()
    practice = quiz("Oefentoets: gesprekken")
    assert practice.module.order == 2
    assert not practice.is_exam and not practice.is_required
    assert practice.attempts_allowed == 0  # as often as you like
    assert practice.time_limit_minutes is None
    assert practice.feedback_policy == Quiz.FeedbackPolicy.IMMEDIATE
    assert practice.shuffle_options
    assert (practice.opens_anchor, practice.opens_module.order, practice.opens_offset_days) == (
        "end",
        2,
        0,
    )
    assert not practice.due_anchor
    slots = list(practice.slots.all())
    assert [(s.category.name, s.count) for s in slots] == [("Oefenvragen", 8)]


def test_the_exam_in_module_3():
    seed()
    exam = quiz("Examen Dienstverlening")
    assert exam.module.order == 3
    assert exam.is_exam and exam.is_required
    assert exam.time_limit_minutes == 45
    assert exam.attempts_allowed == 1
    assert exam.pass_mark == 60
    assert exam.feedback_policy == Quiz.FeedbackPolicy.AFTER_CLOSE
    assert (exam.opens_anchor, exam.opens_module.order, exam.opens_offset_days) == ("end", 3, 0)
    assert (exam.due_anchor, exam.due_module.order, exam.due_offset_days) == ("end", 3, 14)
    slots = list(exam.slots.all())
    assert [(s.category.name, s.count) for s in slots] == [("Examen", 10)]
    # no essay: it would wait for a trainer, and nobody would pass or fail until then
    assert not any(s.question_id for s in slots)
    assert not EssayQuestion.objects.filter(category__name="Examen").exists()


def test_henriette_passed_the_exam_inside_its_window():
    seed()
    enrollment = Enrollment.objects.get(learner__username="henriette")
    exam = quiz("Examen Dienstverlening")
    attempt = Attempt.objects.get(enrollment=enrollment, quiz=exam)
    assert attempt.number == 1
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.passed is True
    assert attempt.percentage >= exam.pass_mark
    assert len(attempt.questions) == 10
    assert {q["question_id"] for q in attempt.questions} <= set(
        Question.objects.filter(category__name="Examen").values_list("pk", flat=True)
    )
    assert Response.objects.filter(attempt=attempt, answer__isnull=False).count() == 10
    assert GradingEvent.objects.filter(attempt=attempt).count() == 1

    window = quiz_window(enrollment=enrollment, quiz=exam)
    emoties = enrollment.edition.sessions.get(module__order=3)
    assert window.opens_at == emoties.ends_at
    assert window.closes_at == window.opens_at + timedelta(days=14)
    assert emoties.ends_at < attempt.started_at < attempt.submitted_at
    assert attempt.submitted_at <= attempt.deadline_at == attempt.started_at + timedelta(minutes=45)
    assert attempt.graded_at < timezone.now()
    progress = LessonProgress.objects.get(enrollment=enrollment, lesson=exam)
    assert progress.completed_at == attempt.submitted_at


def test_practice_attempts_are_graded_with_feedback():
    seed()
    practice = quiz("Oefentoets: gesprekken")
    attempts = Attempt.objects.filter(quiz=practice)
    assert {a.enrollment.learner.username for a in attempts} == {"henriette", "noor"}
    for attempt in attempts:
        assert attempt.status == Attempt.Status.GRADED
        assert len(attempt.questions) == 8
        assert 0 < attempt.percentage < 100  # a wrong answer or more, with feedback
        assert any(r.feedback for r in attempt.responses.all())
        assert LessonProgress.objects.get(
            enrollment=attempt.enrollment, lesson=practice
        ).completed_at == (attempt.submitted_at)


def test_cursist_practises_only_once_the_quiz_opens_after_her_second_day():
    seed()
    enrollment = Enrollment.objects.get(learner__username="cursist")
    practice = quiz("Oefentoets: gesprekken")
    window = quiz_window(enrollment=enrollment, quiz=practice)
    assert window.opens_at > timezone.now()  # Noord's second classroom day is still ahead
    assert not Attempt.objects.filter(enrollment=enrollment).exists()

    demo_seed(now=timezone.now() + timedelta(days=10))  # a seed after that day
    attempt = Attempt.objects.get(enrollment=enrollment, quiz=practice)
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.started_at > window.opens_at


def test_the_queued_grading_finds_the_attempts_already_graded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed()
    assert callbacks  # the hand-ins queued their grading (run eagerly in the tests)
    for attempt in Attempt.objects.all():
        assert attempt.status == Attempt.Status.GRADED
        assert attempt.grading_events.count() == 1  # graded once, not twice


def test_the_assignments_henriette_passes_with_released_grades_and_sanne_waits():
    from assessments.models import CourseResult, Review, Submission

    seed()
    henriette = Enrollment.objects.get(learner__username="henriette")
    required = Assignment.objects.filter(module__course=henriette.edition.course, is_required=True)
    assert required.count() == 3
    assert {type(a) for a in required} == {Assignment, ConversationAnalysis, Reflection}
    for assignment in required:
        review = Review.objects.get(
            submission__enrollment=henriette, submission__assignment=assignment
        )
        assert review.state == "released" and review.sufficient, assignment.title
        assert review.released_at <= timezone.now()
    assert CourseResult.objects.get(enrollment=henriette).passed
    sanne = Enrollment.objects.get(learner__username="cursist")
    waiting = Submission.objects.get(enrollment=sanne)
    assert waiting.state == "submitted" and not Review.objects.filter(submission=waiting).exists()
    analysis = Submission.objects.get(
        enrollment=henriette, assignment__in=ConversationAnalysis.objects.all()
    )
    assert len(analysis.latest_version.annotations) >= 5
    assert analysis.latest_version.files.filter(kind="audio").exists()


def test_the_trainer_reaches_the_grading_queue_and_the_work_waiting_there():
    seed()
    client = Client()
    client.force_login(get_user_model().objects.get(username="trainer"))
    noord = edition("noord")
    page = client.get(reverse("courses:trainer_edition", args=[noord.pk])).content.decode()
    assert reverse("assessments_trainer:grading_for_edition", args=[noord.pk]) in page
    queue = client.get(reverse("assessments_trainer:grading_queue"), {"edition": noord.pk})
    assert "Sanne de Vries" in queue.content.decode()
