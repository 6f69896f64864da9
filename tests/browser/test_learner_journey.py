"""A learner's way through the demo course in Chromium on a 390×844 phone: the dashboard, a
lesson of each type (text, video, file, quiz, assignment, conversation analysis), a practice
quiz done from start to result. Every page fits the phone and axe-core finds nothing serious.

The timed exam (the clock moving, a fail, the resit route, an extra attempt from the trainer
and a pass) is the second half of the journey: `test_resit_journey.py`."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Assignment,
    Attempt,
    ConversationAnalysis,
    Quiz,
    Submission,
)
from courses.models import (
    Course,
    DueDateExtension,
    FileLesson,
    Lesson,
    MediaLesson,
    TextLesson,
)
from tests import factories as f
from tests.browser.test_resit_journey import fits_and_passes_axe, log_in
from tests.browser.test_small_screens import WIDTH, axe_script  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEIGHT = 844


def journey_learner():
    """A new learner in an edition of the demo course whose three classroom days are behind
    them (every lesson open), with extra time for the two pieces of open work."""
    course = Course.objects.get(slug="dienstverlening")
    trainer = get_user_model().objects.get(username="trainer")
    edition = f.build_edition(
        course,
        first_day=timezone.localdate() - dt.timedelta(days=30),
        gap_days=14,
        trainers=[trainer],
    )
    enrollment = f.EnrollmentFactory(edition=edition)
    for work in Assignment.objects.filter(module__course=course).exclude(
        pk__in=Quiz.objects.values("pk")
    ):
        DueDateExtension.objects.create(
            enrollment=enrollment, lesson=work, due_at=timezone.now() + dt.timedelta(days=7)
        )
    return enrollment


def lesson_of(course_lessons, kind):
    return next(lesson for lesson in course_lessons if kind(lesson))


def test_a_learner_follows_each_kind_of_lesson_and_does_a_practice_quiz_on_a_phone(
    page, live_server, request
):
    axe = request.getfixturevalue("axe_script")
    call_command("seed_demo", stdout=io.StringIO())
    enrollment = journey_learner()
    edition = enrollment.edition
    lessons = list(  # polymorphic: each lesson as its own type
        Lesson.objects.filter(module__course=edition.course).order_by("module__order", "order")
    )
    text = lesson_of(lessons, lambda lesson: isinstance(lesson, TextLesson))
    video = lesson_of(
        lessons, lambda lesson: isinstance(lesson, MediaLesson) and lesson.kind == "video"
    )
    download = lesson_of(lessons, lambda lesson: isinstance(lesson, FileLesson))
    practice = lesson_of(lessons, lambda lesson: isinstance(lesson, Quiz) and not lesson.is_exam)
    work = lesson_of(lessons, lambda lesson: type(lesson) is Assignment)
    analysis = lesson_of(lessons, lambda lesson: isinstance(lesson, ConversationAnalysis))

    def url(lesson) -> str:
        return live_server.url + reverse("courses:lesson", args=[edition.pk, lesson.pk])

    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    log_in(page, live_server, enrollment.learner)

    # The dashboard: the course card with the first of its open work, and a way to all of it.
    page.goto(live_server.url + reverse("lms:learner_dashboard"))
    page.get_by_role("heading", name="Online werk dat open staat").wait_for()
    fits_and_passes_axe(page, axe)
    page.get_by_role("link", name=re.compile(r"^Alle \d+ bekijken$")).click()
    page.wait_for_url(re.compile(r"/learn/\d+/$"))
    fits_and_passes_axe(page, axe)

    # A text lesson, marked as done.
    page.get_by_role("link", name=text.title, exact=True).first.click()
    page.get_by_role("heading", name=text.title, level=1).wait_for()
    fits_and_passes_axe(page, axe)
    page.get_by_role("button", name="Markeer als klaar").click()
    page.get_by_role("button", name="Toch nog niet klaar").wait_for()

    # The video plays in the page, with Dutch captions made from its transcript.
    page.goto(url(video))
    player = page.locator("video.lesson-video")
    assert player.locator("track[kind=captions]").get_attribute("srclang") == "nl"
    page.wait_for_function(
        """() => {
            const v = document.querySelector("video.lesson-video");
            const t = v && v.textTracks[0];
            return v.readyState >= 1 && v.duration > 0 && t && t.cues && t.cues.length > 0;
        }"""
    )
    first_cue = player.evaluate("v => v.textTracks[0].cues[0].text")
    assert first_cue.startswith("<v Anouk (trainer)>Dienstverlening is een vak.")
    fits_and_passes_axe(page, axe)

    # A file to download.
    page.goto(url(download))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download")).first.click()
    assert download_info.value.suggested_filename == download.file.name.rsplit("/", 1)[-1]
    fits_and_passes_axe(page, axe)

    # The practice quiz: start, answer, hand in, read the result.
    page.goto(url(practice))
    fits_and_passes_axe(page, axe)
    page.get_by_role("button", name="Start de toets").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    fits_and_passes_axe(page, axe)
    page.locator("fieldset input[type=radio]").first.check()
    page.get_by_role("button", name="Lever in").click()
    page.wait_for_url(re.compile(r"/result/$"))
    page.get_by_role("heading", level=1).wait_for()
    fits_and_passes_axe(page, axe)
    assert Attempt.objects.get(enrollment=enrollment, quiz=practice).submitted_at is not None

    # An assignment: write, save as a draft.
    page.goto(url(work))
    assert page.get_by_text("Je trainer geeft punten met een beoordelingsmodel.").count()
    fits_and_passes_axe(page, axe)
    page.get_by_label("Je uitwerking").fill("Mijn talent is rust brengen aan de balie.")
    page.get_by_role("button", name="Bewaar", exact=True).click()
    page.get_by_text("Je werk is bewaard").first.wait_for()

    # The conversation analysis: its minimum, rows added in the page, a hand-in refused
    # with what is still missing, the draft kept.
    page.goto(url(analysis))
    assert page.get_by_text(
        "Minstens 5 aantekeningen: 3 bij een gesprekstechniek en 2 bij een emotie."
    ).count()
    fits_and_passes_axe(page, axe)
    page.get_by_label("Tijd").first.fill("0:06")
    page.get_by_label("Categorie").first.select_option(label="bang")
    page.get_by_label("Notitie").first.fill("Ze is bang dat de vakantie niet doorgaat.")
    page.get_by_role("button", name="Nog een aantekening toevoegen").click()
    second = page.get_by_role("group", name="Nieuwe aantekening 2")
    assert second.get_by_label("Tijd").evaluate("e => e === document.activeElement")
    second.get_by_label("Tijd").fill("1:24")
    second.get_by_label("Categorie").select_option(label="samenvatten")
    second.get_by_label("Notitie").fill("Hij vat de echte vraag samen.")
    fits_and_passes_axe(page, axe)
    page.get_by_role("button", name="Lever in").click()
    page.get_by_text("Je kunt nog niet inleveren. Nog nodig:").wait_for()
    fits_and_passes_axe(page, axe)
    submission = Submission.objects.get(enrollment=enrollment, assignment=analysis)
    assert submission.annotations.count() == 2 and submission.latest_version_id is None

    # The exam's page says what it asks, before it opens for a try.
    exam = lesson_of(lessons, lambda lesson: isinstance(lesson, Quiz) and lesson.is_exam)
    page.goto(url(exam))
    page.get_by_role("heading", name=exam.title, level=1).wait_for()
    fits_and_passes_axe(page, axe)
