"""A moment of the conversation is a control: pressing it plays the recording from there."""

import io
import math
import struct
import wave

import pytest

from assessments.assignments import services
from assessments.models import AnnotationCategory, ConversationAnalysis, Review
from tests.assessments.assignment_factories import build_assignment, grade, hand_in, upload
from tests.browser.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tone_wav(seconds: int = 5, rate: int = 8000) -> bytes:
    """A quiet 440 Hz tone: long enough to seek into, small enough to upload in a test."""
    frames = b"".join(
        struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * n / rate)))
        for n in range(seconds * rate)
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


@pytest.fixture
def recorded_analysis():
    """A handed-in conversation analysis: a 5 s recording, the learner's annotation at 0:02,
    and the trainer's draft comment at 0:04."""
    assignment, enrollment, trainer = build_assignment(
        kind=ConversationAnalysis, accepts_audio=True
    )
    boos = AnnotationCategory.objects.get(name="boos")
    version = hand_in(
        assignment,
        enrollment,
        new_audio=upload("gesprek.wav", tone_wav()),
        new_annotations=[services.NewAnnotation(at_seconds=2, category_id=boos.pk, note="Boos")],
    )
    return assignment, enrollment, trainer, version


def log_in(page, client, live_server, user):
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def audio_state(page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        "a => ({time: a.currentTime, paused: a.paused, error: !!a.error, seeks: a._seeks || []})",
    )


def watch_seeks(page, selector: str) -> None:
    """Record where each seek lands: playing on from 0 would also pass 0:02 after a while."""
    page.eval_on_selector(
        selector,
        "a => { a._seeks = []; a.addEventListener('seeked', () => a._seeks.push(a.currentTime)); }",
    )


def test_the_trainer_plays_the_recording_from_the_learners_annotation(
    page, live_server, client, recorded_analysis
):
    _assignment, _enrollment, trainer, version = recorded_analysis
    grade(
        version,
        trainer,
        state=Review.State.DRAFT,
        new_comments=[services.NewComment(at_seconds=4, note="Hier")],
    )
    log_in(page, client, live_server, trainer)
    page.goto(f"{live_server.url}/teach/grading/{version.submission_id}/")
    before = audio_state(page, "#recording")
    assert before["time"] == 0 and before["paused"] and not before["error"]
    watch_seeks(page, "#recording")

    page.get_by_role("button", name="Speel af vanaf 0:02").click()

    assert wait_for(lambda: audio_state(page, "#recording")["seeks"], timeout=5)
    state = audio_state(page, "#recording")
    assert state["seeks"][0] == pytest.approx(2, abs=0.05), state
    assert 1.95 <= state["time"] < 3.5, state
    assert not state["paused"], state
    # The button keeps the focus, so a keyboard user can go on to the next moment.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Speel af vanaf 0:02"
    )

    page.get_by_role("button", name="Speel af vanaf 0:04").click()
    assert wait_for(lambda: len(audio_state(page, "#recording")["seeks"]) == 2, timeout=5)
    assert audio_state(page, "#recording")["seeks"][1] == pytest.approx(4, abs=0.05)


def test_the_learner_plays_their_recording_from_the_trainers_comment(
    page, live_server, client, recorded_analysis
):
    assignment, enrollment, trainer, version = recorded_analysis
    grade(
        version,
        trainer,
        state=Review.State.RELEASED,
        new_comments=[services.NewComment(at_seconds=3, note="Hier vat je mooi samen")],
    )
    log_in(page, client, live_server, enrollment.learner)
    page.goto(f"{live_server.url}/learn/{enrollment.edition_id}/lessons/{assignment.pk}/")
    feedback = page.get_by_role("region", name="Feedback van je trainer")
    watch_seeks(page, "#feedback-recording")

    feedback.get_by_role("button", name="Speel af vanaf 0:03").click()

    assert wait_for(lambda: audio_state(page, "#feedback-recording")["seeks"], timeout=5)
    state = audio_state(page, "#feedback-recording")
    assert state["seeks"][0] == pytest.approx(3, abs=0.05) and not state["paused"], state


def test_without_a_recording_a_moment_is_plain_text(page, live_server, client):
    assignment, enrollment, trainer = build_assignment(kind=ConversationAnalysis)
    version = hand_in(
        assignment,
        enrollment,
        transcript="[00:02] Klant: Ik ben boos!",
        new_annotations=[services.NewAnnotation(at_seconds=2, note="Boos")],
    )
    log_in(page, client, live_server, trainer)
    page.goto(f"{live_server.url}/teach/grading/{version.submission_id}/")
    assert page.get_by_role("cell", name="0:02").is_visible()
    assert page.get_by_role("button", name="Speel af vanaf 0:02").count() == 0


def test_without_javascript_the_moment_shows_as_text(
    browser, live_server, client, recorded_analysis
):
    _assignment, _enrollment, trainer, version = recorded_analysis
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    log_in(page, client, live_server, trainer)
    page.goto(f"{live_server.url}/teach/grading/{version.submission_id}/")
    assert page.get_by_text("0:02", exact=True).first.is_visible()
    assert page.get_by_role("button", name="Speel af vanaf 0:02").count() == 0  # hidden
    context.close()
