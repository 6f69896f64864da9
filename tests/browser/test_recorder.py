"""The learner records the conversation in the browser, with the keyboard, and hands it in.

Chromium's fake microphone (a beep) stands in for a real one; the recording goes through the
page's own buttons and form, and the server's content check decides whether it is audio."""

import pytest

from assessments.assignments import uploads
from assessments.models import ConversationAnalysis, Submission, SubmissionFile
from tests.assessments.assignment_factories import build_assignment
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture(scope="module")
def media_browser(browser):
    """A Chromium with a fake microphone that needs no permission prompt."""
    chromium = browser.browser_type.launch(executable_path=CHROMIUM, args=ARGS + MEDIA_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def recorder_page(media_browser, live_server, client):
    assignment, enrollment, _trainer = build_assignment(
        kind=ConversationAnalysis, accepts_audio=True, accepts_files=False
    )
    client.force_login(enrollment.learner)
    context = media_browser.new_context(locale="nl-NL")
    context.grant_permissions(["microphone"], origin=live_server.url)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/learn/{enrollment.edition_id}/lessons/{assignment.pk}/")
    yield page, assignment, enrollment
    context.close()


def focused_name(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_the_learner_records_with_the_keyboard_and_the_recording_is_stored_as_audio(
    recorder_page,
):
    page, assignment, enrollment = recorder_page
    start = page.get_by_role("button", name="Neem op met je microfoon")
    stop = page.get_by_role("button", name="Stop de opname")
    assert start.is_visible() and stop.is_disabled()

    start.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Bezig met opnemen").wait_for()
    assert focused_name(page) == "Stop de opname"  # focus follows to the next step
    page.wait_for_timeout(1500)
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Je opname staat klaar").wait_for()
    assert focused_name(page) == "Neem op met je microfoon"
    chosen = page.eval_on_selector("#audio-input", "i => i.files.length && i.files[0].size")
    assert chosen > 1000, "the recording is not in the form's file input"

    # a moment of the recording, to play it back from there once it is saved
    page.get_by_role("group", name="Nieuwe aantekening 1").get_by_label("Tijd").fill("0:01")
    page.get_by_role("group", name="Nieuwe aantekening 1").get_by_label("Notitie").fill("Piep")
    page.get_by_role("button", name="Bewaar", exact=True).click()
    page.wait_for_selector("text=Je werk is bewaard om")

    stored = SubmissionFile.objects.get(
        submission__enrollment=enrollment, submission__assignment=assignment
    )
    assert (stored.kind, stored.in_draft) == (SubmissionFile.Kind.AUDIO, True)
    with stored.file.open("rb") as handle:
        content = handle.read()
    assert stored.size == len(content) > 1000
    kind = uploads.check(
        name=stored.name,
        size=len(content),
        head=content[: uploads.HEAD_BYTES],
        allowed=list(uploads.AUDIO_KINDS),
        max_bytes=assignment.max_file_mb * 1024 * 1024,
    )
    assert kind.audio and stored.content_type == kind.content_type

    # The saved recording is on the page again and plays in the browser.
    duration = page.eval_on_selector(
        "#draft-recording",
        """a => new Promise(done => {
            if (a.readyState >= 1) done(a.duration);
            a.addEventListener('loadedmetadata', () => done(a.duration));
            a.addEventListener('error', () => done(-1));
        })""",
    )
    assert duration != -1, "the stored recording does not load"
    page.eval_on_selector(
        "#draft-recording",
        "a => { a._seeks = []; a.addEventListener('seeked', () => a._seeks.push(a.currentTime)); }",
    )
    page.get_by_role("button", name="Speel af vanaf 0:01").click()
    assert wait_for(lambda: page.eval_on_selector("#draft-recording", "a => a._seeks.length"))
    landed = page.eval_on_selector("#draft-recording", "a => a._seeks[0]")
    assert landed == pytest.approx(1, abs=0.1), "MediaRecorder's WebM cannot be sought"

    page.get_by_role("button", name="Lever in").click()
    page.wait_for_selector("text=Je hebt versie 1 ingeleverd")
    version = Submission.objects.get(enrollment=enrollment).latest_version
    assert list(version.files.values_list("pk", flat=True)) == [stored.pk]
