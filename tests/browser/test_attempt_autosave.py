"""Answers are saved as the learner gives them: no save button, a dropped connection, a
closed tab — nothing is lost."""

import pytest
from django.contrib.auth import SESSION_KEY

from assessments.models import Response
from assessments.quizzes import services as attempts
from tests.assessments.quiz_factories import build_quiz
from tests.browser.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(attempt, position):
    row = Response.objects.filter(attempt=attempt, position=position).first()
    return row.answer if row else None


@pytest.fixture
def attempt_page(page, live_server, client):
    quiz, enrollment = build_quiz(questions=3)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    client.force_login(enrollment.learner)
    session_id = client.cookies["sessionid"].value
    assert client.session[SESSION_KEY]
    page.context.add_cookies([{"name": "sessionid", "value": session_id, "url": live_server.url}])
    page.goto(f"{live_server.url}/learn/{enrollment.edition_id}/attempts/{attempt.pk}/")
    return page, attempt


def test_a_choice_is_saved_without_pressing_save(attempt_page):
    page, attempt = attempt_page
    page.locator("fieldset").nth(0).locator("input[type=radio]").first.check()
    assert wait_for(lambda: answer(attempt, 0) is not None)
    page.wait_for_selector("text=Je antwoorden zijn bewaard.")


def test_answers_given_offline_are_saved_when_the_connection_returns(attempt_page):
    page, attempt = attempt_page
    page.context.set_offline(True)
    page.locator("fieldset").nth(2).locator("input[type=text]").fill("samenvatten")
    page.wait_for_selector("text=Geen verbinding", timeout=10_000)
    assert answer(attempt, 2) is None
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert wait_for(lambda: answer(attempt, 2) == "samenvatten")


def test_an_answer_typed_just_before_closing_the_tab_is_kept(attempt_page):
    page, attempt = attempt_page
    page.locator("fieldset").nth(2).locator("input[type=text]").fill("doorvragen")
    page.close(run_before_unload=True)
    assert wait_for(lambda: answer(attempt, 2) == "doorvragen")
