"""Captions for a video lesson, made from its transcript: cues per turn of a speaker, timed
from a stated time or at a reading pace, never past a heading; served as WebVTT only to the
edition's learners once the lesson is open."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from courses import captions
from tests import factories as f

TRANSCRIPT = """**Anouk (trainer):** Dienstverlening is een *vak*. Klanten veranderen.

**[00:10] Marja:** Ik werk al twintig jaar aan de balie & ik <ken> het.

## Opdracht

Welke spreker herken je?
"""


def test_each_turn_becomes_cues_with_its_speaker_and_stops_at_a_heading():
    cues = captions.cues_from_transcript(TRANSCRIPT)
    assert [(c.speaker, c.text) for c in cues] == [
        ("Anouk (trainer)", "Dienstverlening is een vak. Klanten veranderen."),
        ("Marja", "Ik werk al twintig jaar aan de balie & ik <ken> het."),
    ]
    assert cues[0].start == 0 and cues[0].end == pytest.approx(6 / captions.WORDS_PER_SECOND)
    assert cues[1].start == 10  # the stated time wins


def test_a_stated_time_squeezes_the_turns_before_it_and_long_turns_are_split():
    long_turn = " ".join(["Dit is een zin van zeven woorden."] * 6)
    cues = captions.cues_from_transcript(f"**A:** {long_turn}\n\n**[00:05] B:** Kort.")
    assert all(len(c.text) <= captions.MAX_CUE_CHARS for c in cues)
    first_turn = [c for c in cues if c.speaker == "A"]
    assert len(first_turn) > 1 and first_turn[-1].end <= 5
    assert [c.start for c in cues] == sorted(c.start for c in cues)


def test_the_webvtt_file_escapes_the_text_and_names_the_speaker():
    vtt = captions.webvtt(captions.cues_from_transcript(TRANSCRIPT))
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.400\n<v Anouk (trainer)>")
    assert "00:00:10.000 --> " in vtt
    assert "<v Marja>Ik werk al twintig jaar aan de balie &amp; ik &lt;ken&gt; het." in vtt
    assert "Opdracht" not in vtt


@pytest.mark.django_db
def test_the_captions_are_served_to_the_editions_learners_only(client):
    course = f.build_course()
    edition = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=10))
    video = f.MediaLessonFactory(
        module=course.modules.get(order=1),
        order=10,
        kind="video",
        media_url="",
        media_file=ContentFile(b"\x1a\x45\xdf\xa3 webm", name="film.webm"),
        transcript=TRANSCRIPT,
    )
    url = reverse("courses:lesson_captions", args=[edition.pk, video.pk])
    client.force_login(f.EnrollmentFactory(edition=edition).learner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode().startswith("WEBVTT")
    page = client.get(reverse("courses:lesson", args=[edition.pk, video.pk])).content.decode()
    assert f'<track kind="captions" srclang="nl" label="Nederlands" src="{url}" default>' in page

    other = f.build_edition(course, first_day=timezone.localdate())
    client.force_login(f.EnrollmentFactory(edition=other).learner)
    assert client.get(url).status_code == 404
    text = course.modules.get(order=1).lessons.get(order=1)
    client.force_login(f.EnrollmentFactory(edition=edition).learner)
    assert (
        client.get(reverse("courses:lesson_captions", args=[edition.pk, text.pk])).status_code
        == 404
    )
