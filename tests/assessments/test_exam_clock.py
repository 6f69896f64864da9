"""The attempt page's clock, counter and words about saving: the seconds left come from the
server (in the page and in every autosave's answer), the count from the saved answers, and a
hand-in at or after the deadline lands on a page that says the time ran out."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, Quiz, Response
from assessments.quizzes import services as attempts
from tests.assessments.quiz_factories import build_quiz

pytestmark = pytest.mark.django_db

TIME_UP = "De tijd was om. We hebben je antwoorden ingeleverd."


def urls(attempt) -> dict[str, str]:
    args = [attempt.enrollment.edition_id, attempt.pk]
    return {
        "attempt": reverse("assessments:attempt", args=args),
        "submit": reverse("assessments:attempt_submit", args=args),
        "result": reverse("assessments:attempt_result", args=args),
        "lesson": reverse("courses:lesson", args=[attempt.enrollment.edition_id, attempt.quiz_id]),
    }


def timed_attempt(client, *, minutes: int = 30, started_seconds_ago: float = 0) -> Attempt:
    quiz, enrollment = build_quiz(time_limit_minutes=minutes)
    client.force_login(enrollment.learner)
    began = timezone.now() - dt.timedelta(seconds=started_seconds_ago)
    return attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=began)


def seconds_left_in(page: str) -> int:
    return int(re.search(r'data-seconds-left="([0-9]+)"', page)[1])


def autosave(client, attempt, data):
    return client.post(urls(attempt)["attempt"], data, headers={"X-Requested-With": "fetch"})


# --- the clock --------------------------------------------------------------------------------


def test_a_timed_attempt_page_carries_the_seconds_left_as_the_server_counts_them(client):
    attempt = timed_attempt(client, minutes=30, started_seconds_ago=10 * 60)
    page = client.get(urls(attempt)["attempt"]).content.decode()
    assert 20 * 60 - 2 <= seconds_left_in(page) <= 20 * 60
    assert 'data-show-from=""' in page  # a time limit: the clock shows from the start
    # Without JavaScript the deadline stays in words; the clock's line waits for the script.
    assert "Je hebt tot " in page and "(nog 20 minuten)" in page
    assert '<p class="clock-line" hidden>' in page
    # One polite status region for the warnings; the time itself is not announced.
    assert re.search(r'id="attempt-clock-warning" class="clock-warning" role="status"', page)
    assert not re.search(r'id="attempt-clock-time"[^>]*aria-live', page)


def test_an_attempt_whose_deadline_is_the_quizs_closing_shows_the_clock_in_its_last_two_hours(
    client,
):
    quiz, enrollment = build_quiz()
    client.force_login(enrollment.learner)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    page = client.get(urls(attempt)["attempt"]).content.decode()
    assert 'data-show-from="7200"' in page
    assert seconds_left_in(page) > 7200


def test_an_attempt_without_a_deadline_has_no_clock(client):
    quiz, enrollment = build_quiz()
    Quiz.objects.filter(pk=quiz.pk).update(due_anchor="", due_module=None)
    client.force_login(enrollment.learner)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=Quiz.objects.get(pk=quiz.pk))
    assert attempt.deadline_at is None
    page = client.get(urls(attempt)["attempt"]).content.decode()
    assert "data-seconds-left" not in page and 'id="attempt-clock"' not in page
    assert "Er is geen tijdslimiet. Lever in als je klaar bent." in page
    response = autosave(client, attempt, {"present": "0", "q0": "0"})
    assert response.json() == {"seconds_left": None}


def test_an_autosave_answers_with_the_seconds_left(client):
    attempt = timed_attempt(client, minutes=30, started_seconds_ago=25 * 60)
    response = autosave(client, attempt, {"present": "0", "q0": "0"})
    assert response.status_code == 200
    assert 5 * 60 - 2 <= response.json()["seconds_left"] <= 5 * 60
    # A save that changes nothing answers the same way.
    again = autosave(client, attempt, {"present": "0", "q0": "0"})
    assert again.status_code == 200 and again.json()["seconds_left"] <= 5 * 60


def test_the_seconds_left_never_go_below_zero(client):
    attempt = timed_attempt(client, minutes=10, started_seconds_ago=10 * 60 + 2)  # in the grace
    page = client.get(urls(attempt)["attempt"]).content.decode()
    assert seconds_left_in(page) == 0
    assert autosave(client, attempt, {"present": "0", "q0": "0"}).json() == {"seconds_left": 0}


def test_the_clock_adds_no_queries_to_the_attempt_page_or_its_autosave(client):
    attempt = timed_attempt(client, minutes=30)
    url = urls(attempt)["attempt"]
    client.get(url)  # the menu's counts are cached now
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    assert "data-seconds-left" in page
    # The session, the user, and the attempt with its enrolment, quiz and saved answers.
    assert len(ctx.captured_queries) == 3, [q["sql"] for q in ctx.captured_queries]
    autosave(client, attempt, {"present": "0", "q0": "0"})
    with CaptureQueriesContext(connection) as ctx:
        response = autosave(client, attempt, {"present": "0", "q0": "0"})  # nothing changed
    assert response.json()["seconds_left"] > 0
    assert len(ctx.captured_queries) == 3, [q["sql"] for q in ctx.captured_queries]


def test_the_clock_needs_no_inline_script_or_style(client):
    attempt = timed_attempt(client, minutes=30)
    page = client.get(urls(attempt)["attempt"]).content.decode()
    assert "style=" not in page
    assert re.findall(r"<script(?![^>]*\ssrc=)", page) == []


# --- the counter ------------------------------------------------------------------------------


def test_the_counter_says_how_many_questions_have_a_saved_answer(client):
    attempt = timed_attempt(client, minutes=30)
    for position, answer in ((0, 1), (2, "samenvatten")):
        attempts.response_save(
            attempt=attempt, position=position, answer=answer, user=attempt.enrollment.learner
        )
    attempts.response_save(
        attempt=attempt, position=3, answer=None, user=attempt.enrollment.learner
    )  # taken back: not answered
    page = client.get(urls(attempt)["attempt"]).content.decode()
    counter = re.search(
        r'<span id="answered-count" aria-live="off" data-text="([^"]*)">([^<]*)<', page
    )
    assert counter[2] == "2 van 5 vragen beantwoord"
    assert counter[1] == "__answered__ van 5 vragen beantwoord"  # for attempt.js


# --- what the page says about saving ----------------------------------------------------------


def test_the_quiz_page_and_the_attempt_page_say_the_same_about_saving(client):
    attempt = timed_attempt(client, minutes=30)
    lesson = client.get(urls(attempt)["lesson"]).content.decode()
    page = client.get(urls(attempt)["attempt"]).content.decode()
    said = "Je antwoorden worden bewaard terwijl je werkt."
    assert said in lesson and said in page
    assert "Is de tijd om, dan leveren we ze voor je in." in lesson
    assert "De antwoorden die bewaard zijn, staan er nog." in lesson
    for page_text in (lesson, page):
        assert "af en toe, en lever in" not in page_text
    # Without JavaScript there is no autosave: the page says so until attempt.js swaps the two.
    assert re.search(
        r'<p class="muted" data-saving-manual>Je antwoorden worden bewaard als je', page
    )
    assert re.search(r'<p class="muted" data-saving-auto hidden>Je antwoorden worden bewaard', page)


# --- handing in when the time is up ----------------------------------------------------------


def test_a_hand_in_at_zero_saves_the_answers_and_says_the_time_ran_out(client):
    """As the page's clock does: at zero, inside the grace, it posts the whole form."""
    attempt = timed_attempt(client, minutes=10, started_seconds_ago=10 * 60 + 1)
    response = client.post(urls(attempt)["submit"], {"present": ["0", "2"], "q2": "samenvatten"})
    assert response.status_code == 302 and response["Location"] == urls(attempt)["result"]
    assert Response.objects.get(attempt=attempt, position=2).answer == "samenvatten"
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert TIME_UP in page
    assert "We kijken je toets nu na." in page


def test_a_hand_in_after_the_grace_says_the_time_ran_out_and_what_was_kept(client):
    attempt = timed_attempt(client, minutes=10, started_seconds_ago=20 * 60)
    response = client.post(
        urls(attempt)["submit"], {"present": "2", "q2": "samenvatten"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == urls(attempt)["result"]
    assert TIME_UP in page
    assert "Je laatste wijzigingen kwamen na de tijd binnen en zijn niet bewaard." in page
    assert not Response.objects.filter(attempt=attempt).exists()


def test_an_attempt_the_sweep_handed_in_says_the_time_ran_out(client):
    attempt = timed_attempt(client, minutes=10, started_seconds_ago=20 * 60)
    assert attempts.attempts_close_expired() == 1
    page = client.get(urls(attempt)["attempt"], follow=True).content.decode()
    assert TIME_UP in page


def test_a_hand_in_in_time_says_nothing_about_the_time(client):
    attempt = timed_attempt(client, minutes=10, started_seconds_ago=60)
    page = client.post(urls(attempt)["submit"], {}, follow=True).content.decode()
    assert "De tijd was om" not in page
    assert "Je toets is ingeleverd. We kijken hem nu na." in page
