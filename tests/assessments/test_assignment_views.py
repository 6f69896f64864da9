"""The learner's assignment pages: without JavaScript, with autosave, refusals that keep the
learner's text, files only for their owner, and feedback only once released."""

import pytest
from django.urls import reverse

from assessments.assignments import services
from assessments.models import (
    AnnotationCategory,
    ConversationAnalysis,
    Reflection,
    Review,
    Submission,
    SubmissionFile,
)
from courses.models import LessonProgress
from tests.a11y import problems
from tests.assessments.assignment_factories import (
    EXE,
    PDF,
    build_assignment,
    enrol,
    grade,
    hand_in,
    upload,
    wav_bytes,
)

pytestmark = pytest.mark.django_db


def urls(assignment, enrollment):
    edition = enrollment.edition_id
    return {
        "lesson": reverse("courses:lesson", args=[edition, assignment.pk]),
        "save": reverse("assessments:assignment_save", args=[edition, assignment.pk]),
        "submit": reverse("assessments:assignment_submit", args=[edition, assignment.pk]),
    }


def test_the_learner_writes_saves_and_hands_in_without_javascript(client):
    assignment, enrollment, _trainer = build_assignment()
    client.force_login(enrollment.learner)
    u = urls(assignment, enrollment)
    page = client.get(u["lesson"]).content.decode()
    assert 'enctype="multipart/form-data"' in page and "Lever in" in page
    assert "Markeer als klaar" not in page  # handing in completes the lesson
    response = client.post(u["save"], {"text": "Concept"})
    assert response.status_code == 302
    assert Submission.objects.get().text == "Concept"
    response = client.post(
        u["submit"], {"text": "Klaar", "files": [upload("verslag.pdf", PDF)]}, follow=True
    )
    page = response.content.decode()
    assert "Goed gedaan! Je hebt versie 1 ingeleverd." in page
    assert "Je trainer bekijkt je werk." in page
    assert LessonProgress.objects.get(lesson=assignment).completed_at is not None
    stored = SubmissionFile.objects.get()
    file_url = reverse(
        "assessments:assignment_file", args=[enrollment.edition_id, assignment.pk, stored.pk]
    )
    assert file_url in page
    assert client.get(file_url).status_code == 200


def test_autosave_answers_204_and_saves_only_the_texts(client):
    assignment, enrollment, _trainer = build_assignment()
    client.force_login(enrollment.learner)
    response = client.post(
        urls(assignment, enrollment)["save"],
        {"text": "Half af", "new-0-note": "niet bij autosave"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 204
    assert Submission.objects.get().text == "Half af"


def test_a_disguised_file_is_refused_and_the_learners_text_stays_in_the_form(client):
    assignment, enrollment, _trainer = build_assignment()
    client.force_login(enrollment.learner)
    response = client.post(
        urls(assignment, enrollment)["submit"],
        {"text": "Mijn lange tekst die ik niet kwijt wil", "files": [upload("verslag.pdf", EXE)]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is niets bewaard" in page and "verslag.pdf" in page
    assert "Mijn lange tekst die ik niet kwijt wil</textarea>" in page
    assert "Kies je bestanden opnieuw" in page
    assert not Submission.objects.exists()
    assert problems(page) == []


def test_an_empty_hand_in_is_refused_with_a_clear_message(client):
    assignment, enrollment, _trainer = build_assignment()
    client.force_login(enrollment.learner)
    response = client.post(urls(assignment, enrollment)["submit"], {"text": ""})
    assert response.status_code == 400
    assert "Je inzending is nog leeg" in response.content.decode()


def test_the_conversation_analysis_page_takes_annotations_and_reflection_answers(client):
    assignment, enrollment, _trainer = build_assignment(
        kind=ConversationAnalysis,
        accepts_audio=True,
        reflection_questions="Wat ging goed?\nWat kan beter?",
    )
    boos = AnnotationCategory.objects.get(name="boos")
    client.force_login(enrollment.learner)
    u = urls(assignment, enrollment)
    page = client.get(u["lesson"]).content.decode()
    assert "data-recorder" in page and 'accept="audio/*"' in page
    assert problems(page) == []
    response = client.post(
        u["save"],
        {
            "transcript": "[00:10] Klant: Ik ben boos!",
            "new-0-time": "0:10",
            "new-0-category": str(boos.pk),
            "new-0-note": "Boosheid",
            "new-1-time": "kwart over",
            "answer-0": "Samenvatten",
            "answer-1": "",
        },
    )
    assert response.status_code == 400  # the bad time: nothing saved, the rest stays
    page = response.content.decode()
    assert "schrijf de tijd als minuten:seconden" in page and "Boosheid</textarea>" in page
    assert not Submission.objects.exists()
    response = client.post(
        u["save"],
        {
            "transcript": "[00:10] Klant: Ik ben boos!",
            "new-0-time": "0:10",
            "new-0-category": str(boos.pk),
            "new-0-note": "Boosheid",
            "answer-0": "Samenvatten",
            "answer-1": "",
        },
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.annotations.get().at_seconds == 10
    assert submission.answers == ["Samenvatten", ""]


def test_a_refused_row_keeps_everything_typed_and_says_at_the_field_what_is_wrong(client):
    assignment, enrollment, _trainer = build_assignment(kind=ConversationAnalysis)
    client.force_login(enrollment.learner)
    response = client.post(
        urls(assignment, enrollment)["save"],
        {
            "transcript": "[00:10] Klant: Ik ben boos!",
            "new-1-time": "kwart over",
            "new-1-quote": "Ik ben boos",
            "new-1-note": "Boosheid",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    message = "Aantekening 2: schrijf de tijd als minuten:seconden, bijvoorbeeld 1:24."
    assert page.count(message) == 2  # in the message at the top, and at the field
    assert 'aria-describedby="new-1-time_error"' in page and 'id="new-1-time_error"' in page
    assert 'value="kwart over"' in page and 'value="Ik ben boos"' in page
    assert "Boosheid</textarea>" in page and "[00:10] Klant: Ik ben boos!</textarea>" in page
    assert problems(page) == []
    assert not Submission.objects.exists()


def test_a_post_with_texts_only_saves_them_as_the_beacon_of_a_closing_page_sends_them(client):
    """The autosave script's last post, when the page closes, is a beacon: no header, only
    the texts; the annotation rows and their management form are not in it."""
    assignment, enrollment, _trainer = build_assignment(
        kind=ConversationAnalysis, reflection_questions="Wat ging goed?"
    )
    client.force_login(enrollment.learner)
    response = client.post(
        urls(assignment, enrollment)["save"],
        {"transcript": "Laatste zin", "answer-0": "Samenvatten"},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.transcript, submission.answers) == ("Laatste zin", ["Samenvatten"])


def test_a_refused_save_keeps_the_files_ticked_for_removal(client):
    assignment, enrollment, _trainer = build_assignment()
    version = hand_in(assignment, enrollment, new_files=[upload("verslag.pdf", PDF)])
    stored = version.files.get()
    client.force_login(enrollment.learner)
    response = client.post(
        urls(assignment, enrollment)["save"],
        {"text": "Nieuw", "remove_file": [str(stored.pk)], "files": [upload("x.pdf", EXE)]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'value="{stored.pk}" id="remove-file-{stored.pk}" checked>' in page
    assert "Nieuw</textarea>" in page and "Kies je bestanden opnieuw" in page
    assert SubmissionFile.objects.get().in_draft


def test_feedback_is_shown_to_the_learner_only_when_released(client):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    grade(version, trainer, state=Review.State.READY, feedback="Geheime concepttekst")
    client.force_login(enrollment.learner)
    lesson = urls(assignment, enrollment)["lesson"]
    page = client.get(lesson).content.decode()
    assert "Geheime concepttekst" not in page and "Feedback van je trainer" not in page
    grade(version, trainer, state=Review.State.RELEASED, feedback="Mooi **gedaan**")
    page = client.get(lesson).content.decode()
    assert "Feedback van je trainer" in page and "Mooi <strong>gedaan</strong>" in page
    assert "6 van 6 punten: voldoende" in page
    assert problems(page) == []


def test_markdown_from_the_learner_is_sanitised_for_the_trainer(client):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(
        assignment, enrollment, text="Hallo <script>alert(1)</script> [x](javascript:alert(2))"
    )
    client.force_login(trainer)
    page = client.get(
        reverse("assessments_trainer:grade", args=[version.submission_id])
    ).content.decode()
    assert "<script>alert" not in page and "javascript:" not in page


def test_a_reflection_page_is_accessible(client):
    assignment, enrollment, _trainer = build_assignment(kind=Reflection, rubric=False)
    client.force_login(enrollment.learner)
    page = client.get(urls(assignment, enrollment)["lesson"]).content.decode()
    assert "Je reflectie" in page and problems(page) == []


@pytest.mark.parametrize("who", ["other_learner", "trainer", "anonymous"])
def test_no_one_else_can_save_hand_in_or_download_a_learners_work(client, who):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment, new_files=[upload("verslag.pdf", PDF)])
    stored = version.files.get()
    u = urls(assignment, enrollment)
    file_url = reverse(
        "assessments:assignment_file", args=[enrollment.edition_id, assignment.pk, stored.pk]
    )
    if who == "other_learner":
        other = enrol(enrollment.edition)
        client.force_login(other.learner)
        # their own enrolment, but someone else's file id
        own_file_url = reverse(
            "assessments:assignment_file", args=[other.edition_id, assignment.pk, stored.pk]
        )
        assert client.get(own_file_url).status_code == 404
    elif who == "trainer":
        client.force_login(trainer)
    for method, url in (("get", file_url), ("post", u["save"]), ("post", u["submit"])):
        response = getattr(client, method)(
            url, {"text": "overschreven"} if method == "post" else None
        )
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif who == "other_learner" and method == "post":
            # the URL names no learner: a post can only ever reach the poster's own work
            assert response.status_code in (302, 400)
        else:
            assert response.status_code == 404, url
    assert Submission.objects.get(enrollment=enrollment).text == "Mijn analyse."


def test_a_learner_of_another_edition_gets_404(client):
    assignment, enrollment, _trainer = build_assignment()
    _other_assignment, stranger, _t = build_assignment()
    client.force_login(stranger.learner)
    for url in urls(assignment, enrollment).values():
        assert client.post(url, {"text": "x"}).status_code in (404, 405)


# --- the recording: moments to play from, byte ranges --------------------------------------------


def test_released_feedback_plays_the_reviewed_recording_from_the_trainers_moments(client):
    assignment, enrollment, trainer = build_assignment(
        kind=ConversationAnalysis, accepts_audio=True
    )
    version = hand_in(assignment, enrollment, new_audio=upload("gesprek.wav", wav_bytes()))
    audio = version.files.get()
    grade(
        version,
        trainer,
        state=Review.State.READY,
        new_comments=[
            services.NewComment(at_seconds=65, note="Hier"),
            services.NewComment(quote="boos", note="Zonder tijd"),
        ],
    )
    client.force_login(enrollment.learner)
    lesson = urls(assignment, enrollment)["lesson"]
    assert "Speel af vanaf" not in client.get(lesson).content.decode()  # not released yet
    grade(version, trainer, state=Review.State.RELEASED)
    page = client.get(lesson).content.decode()
    file_url = reverse(
        "assessments:assignment_file", args=[enrollment.edition_id, assignment.pk, audio.pk]
    )
    assert f'<audio id="feedback-recording" controls preload="metadata" src="{file_url}">' in page
    assert (
        'data-seek="65" aria-controls="feedback-recording" aria-label="Speel af vanaf 1:05"'
    ) in page
    assert page.count("Speel af vanaf") == 1 and "js/moments.js" in page
    assert problems(page) == []


def test_the_learners_own_moments_play_their_draft_recording(client):
    assignment, enrollment, _trainer = build_assignment(
        kind=ConversationAnalysis, accepts_audio=True
    )
    client.force_login(enrollment.learner)
    client.post(
        urls(assignment, enrollment)["save"],
        {"audio": upload("gesprek.wav", wav_bytes()), "new-0-time": "0:01", "new-0-note": "Hoi"},
    )
    page = client.get(urls(assignment, enrollment)["lesson"]).content.decode()
    assert '<audio id="draft-recording"' in page
    assert 'aria-controls="draft-recording" aria-label="Speel af vanaf 0:01"' in page
    assert problems(page) == []


def test_a_recording_is_served_in_byte_ranges_so_the_browser_can_seek(client):
    assignment, enrollment, trainer = build_assignment(
        kind=ConversationAnalysis, accepts_audio=True
    )
    content = wav_bytes()
    version = hand_in(
        assignment,
        enrollment,
        new_audio=upload("gesprek.wav", content),
        new_files=[upload("verslag.pdf", PDF)],
    )
    audio = version.files.get(kind=SubmissionFile.Kind.AUDIO)
    pdf = version.files.get(kind=SubmissionFile.Kind.FILE)
    learner_url = reverse(
        "assessments:assignment_file", args=[enrollment.edition_id, assignment.pk, audio.pk]
    )
    trainer_url = reverse("assessments_trainer:grade_file", args=[version.submission_id, audio.pk])
    for user, url in ((enrollment.learner, learner_url), (trainer, trainer_url)):
        client.force_login(user)
        whole = client.get(url)
        assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
        assert b"".join(whole.streaming_content) == content
        part = client.get(url, headers={"Range": "bytes=44-143"})
        assert part.status_code == 206
        assert part["Content-Range"] == f"bytes 44-143/{len(content)}"
        assert part["Content-Length"] == "100" and part["Content-Type"] == whole["Content-Type"]
        assert part["Cache-Control"] == "private, no-store"
        assert part["Content-Security-Policy"] == whole["Content-Security-Policy"]
        assert b"".join(part.streaming_content) == content[44:144]
        refused = client.get(url, headers={"Range": f"bytes={len(content)}-"})
        assert refused.status_code == 416
        assert refused["Content-Range"] == f"bytes */{len(content)}"
    # other files are downloads, whole
    client.force_login(enrollment.learner)
    pdf_url = reverse(
        "assessments:assignment_file", args=[enrollment.edition_id, assignment.pk, pdf.pk]
    )
    response = client.get(pdf_url, headers={"Range": "bytes=0-3"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_a_byte_range_of_someone_elses_recording_is_404(client):
    assignment, enrollment, _trainer = build_assignment(
        kind=ConversationAnalysis, accepts_audio=True
    )
    version = hand_in(assignment, enrollment, new_audio=upload("gesprek.wav", wav_bytes()))
    other = enrol(enrollment.edition)
    client.force_login(other.learner)
    url = reverse(
        "assessments:assignment_file",
        args=[other.edition_id, assignment.pk, version.files.get().pk],
    )
    assert client.get(url, headers={"Range": "bytes=0-9"}).status_code == 404
