"""A learner gets through the study path with the keyboard alone."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import LessonProgress
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def enrollment():
    course = f.build_course(lessons_per_module=2)
    edition = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=10))
    learner = f.UserFactory(username="sanne", first_name="Sanne")
    return f.EnrollmentFactory(edition=edition, learner=learner)


def test_learner_logs_in_opens_a_lesson_and_marks_it_done_with_the_keyboard(
    page, live_server, enrollment
):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate("document.activeElement.id") == "id_username"  # autofocus
    page.keyboard.type("sanne")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")
    assert page.locator("h1").inner_text().startswith("Welkom, Sanne")

    # The first Tab lands on the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Naar de inhoud"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Tab to the first open lesson and follow it.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Les 1.1":
            break
    else:
        pytest.fail("no keyboard route to the lesson")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessons/**")
    assert page.locator("h1").inner_text() == "Les 1.1"

    page.get_by_role("button", name="Markeer als klaar").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Goed bezig!")
    assert LessonProgress.objects.filter(
        enrollment=enrollment, lesson__title="Les 1.1", completed_at__isnull=False
    ).exists()
