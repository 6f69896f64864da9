"""Answers are saved as the learner gives them: no save button, a dropped connection, a
closed tab — nothing is lost."""

import re

import pytest
from django.contrib.auth import SESSION_KEY

from assessments.models import Response
from assessments.quizzes import services as attempts
from tests.assessments.quiz_factories import build_quiz
from tests.browser.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fields(multipart: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of a multipart/form-data body as the page's FormData sends it."""
    return re.findall(r'name="([^"]+)"\r\n\r\n(.*?)\r\n', multipart)


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


def test_a_save_sends_only_the_questions_changed_since_the_last_save(attempt_page):
    page, attempt = attempt_page
    bodies = []
    page.on(
        "request",
        lambda request: (
            bodies.append(request.post_data or "") if request.method == "POST" else None
        ),
    )
    page.locator("fieldset").nth(0).locator("input[type=radio]").first.check()
    assert wait_for(lambda: answer(attempt, 0) is not None)
    first = answer(attempt, 0)
    page.context.set_offline(True)
    page.locator("fieldset").nth(2).locator("input[type=text]").fill("samenvatten")
    page.wait_for_selector("text=Geen verbinding", timeout=10_000)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert wait_for(lambda: answer(attempt, 2) == "samenvatten")
    assert answer(attempt, 0) == first  # left as it was, though not sent again
    first_sent, last_sent = fields(bodies[0]), fields(bodies[-1])
    assert ("present", "0") in first_sent and ("present", "2") not in first_sent
    assert ("present", "2") in last_sent and ("q2", "samenvatten") in last_sent
    assert {name for name, _value in last_sent} == {"csrfmiddlewaretoken", "present", "q2"}
    page.locator("fieldset").nth(2).locator("input[type=text]").fill("")
    assert wait_for(lambda: answer(attempt, 2) in (None, ""))
