"""A timed attempt in Chromium: the clock counts down from the server's seconds left and takes
them again from every autosave, the counter follows the answers, the 1-minute warning is said
once in the status region, and at zero the page hands in by itself."""

import datetime as dt
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from assessments.models import Attempt, Response
from assessments.quizzes import services as attempts
from tests.assessments.quiz_factories import build_quiz
from tests.browser.helpers import inject_axe, wait_for
from tests.browser.test_small_screens import SERIOUS, WIDTH, axe_script  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = dt.timedelta(minutes=10)


@pytest.fixture
def open_attempt(page, live_server, client):
    """Open a 10-minute attempt of three questions with `seconds` left."""

    def open_with(seconds: float):
        quiz, enrollment = build_quiz(questions=3, time_limit_minutes=10)
        began = timezone.now() - LIMIT + dt.timedelta(seconds=seconds)
        attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=began)
        client.force_login(enrollment.learner)
        assert client.session[SESSION_KEY]
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page.goto(f"{live_server.url}/learn/{enrollment.edition_id}/attempts/{attempt.pk}/")
        return attempt

    return open_with


def shown_seconds(page) -> int:
    minutes, seconds = page.locator("#attempt-clock-time").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def counter(page) -> str:
    return page.locator("#answered-count").inner_text()


def test_the_clock_counts_down_warns_at_one_minute_and_follows_the_server(
    page, open_attempt, request
):
    axe = request.getfixturevalue("axe_script")  # before the clock starts: it may install
    page.set_viewport_size({"width": WIDTH, "height": 800})
    attempt = open_attempt(62)
    clock = page.locator("#attempt-clock-time")
    clock.wait_for(state="visible")
    first = shown_seconds(page)
    assert 55 <= first <= 62
    warning = page.locator("#attempt-clock-warning")
    assert warning.get_attribute("role") == "status"
    assert warning.get_attribute("aria-live") == "polite"
    # Under 5 minutes already: the warning in words, not in colour alone.
    assert "minder dan 5 minuten" in warning.inner_text()
    assert "is-warning" in page.locator("#attempt-clock").get_attribute("class")
    # The time itself is no live region.
    assert page.evaluate(
        "document.getElementById('attempt-clock-time')"
        ".closest('[aria-live], [role=status], [role=timer], [role=alert]') === null"
    )
    # Record what the status region says from now on.
    page.evaluate(
        """() => {
        const region = document.getElementById('attempt-clock-warning');
        window.said = [];
        new MutationObserver(() => window.said.push(region.textContent))
            .observe(region, {childList: true, characterData: true, subtree: true});
    }"""
    )

    # The counter follows the answers, without a save.
    assert counter(page) == "0 van 3 vragen beantwoord"
    page.locator("fieldset").nth(0).locator("input[type=radio]").first.check()
    assert counter(page) == "1 van 3 vragen beantwoord"
    text = page.locator("fieldset").nth(2).locator("input[type=text]")
    text.fill("samenvatten")
    assert counter(page) == "2 van 3 vragen beantwoord"
    text.fill("   ")
    assert counter(page) == "1 van 3 vragen beantwoord"

    # The 1-minute warning, said once; the clock went down meanwhile.
    # Polled from here: the page's Content-Security-Policy refuses wait_for_function's eval.
    assert wait_for(
        lambda: page.evaluate(
            "() => document.getElementById('attempt-clock-warning').textContent"
            ".includes('1 minuut')"
        ),
        timeout=5,
    )
    assert "Je hebt nog minder dan 1 minuut." in warning.inner_text()
    assert shown_seconds(page) < first and shown_seconds(page) <= 60
    assert page.evaluate("window.said.filter(s => s.includes('1 minuut')).length") == 1
    assert page.evaluate("window.said.length") == 1

    # Fits a phone and passes axe-core, with the warning showing.
    inject_axe(page, axe)
    assert page.evaluate(SERIOUS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    # The server moves the deadline (an extension): the next autosave's answer sets the clock.
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() + dt.timedelta(seconds=150)
    )
    text.fill("doorvragen")
    assert wait_for(
        lambda: page.evaluate(
            "() => { const [m, s] = document.getElementById('attempt-clock-time')"
            ".textContent.split(':'); return m * 60 + +s > 120; }"
        ),
        timeout=5,
    )
    assert Response.objects.get(attempt=attempt, position=2).answer == "doorvragen"


def test_at_zero_the_page_hands_in_by_itself_and_says_the_time_ran_out(page, open_attempt):
    attempt = open_attempt(3)
    page.locator("#attempt-clock-time").wait_for(state="visible")
    page.locator("fieldset").nth(2).locator("input[type=text]").fill("samenvatten")
    page.wait_for_url(re.compile(r"/result/?$"), timeout=8_000)
    page.wait_for_selector("text=De tijd was om. We hebben je antwoorden ingeleverd.")
    attempt.refresh_from_db()
    assert attempt.status != Attempt.Status.IN_PROGRESS
    assert attempt.submitted_at >= attempt.deadline_at  # not before the server's deadline
    # Handed in inside the grace: the answer typed just before zero counts.
    assert wait_for(
        lambda: Response.objects.get(attempt=attempt, position=2).answer == "samenvatten"
    )
