"""The transcript on the trainer's grading page, with the learner's moments marked in it."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.assignments import services
from assessments.assignments.transcripts import Moment, Piece, mark_moments
from assessments.models import AnnotationCategory, ConversationAnalysis
from tests.a11y import problems
from tests.assessments.assignment_factories import build_assignment, hand_in


def transcript_html(text: str, moments: list[Moment]) -> tuple[str, set[str]]:
    """The transcript as the grading page shows it, and the anchors that were placed."""
    transcript = mark_moments(text, moments)
    html = render_to_string(
        "assessments/partials/transcript.html", {"paragraphs": transcript.paragraphs}
    )
    return html, transcript.placed


def test_quotes_are_marked_where_they_occur_and_everything_is_escaped():
    text = "Klant: Ik sta hier <b>weer</b>!\nMedewerker: Dat is vervelend.\n\nKlant: Ja."
    html, placed = transcript_html(
        text,
        [
            Moment(quote="Dat is vervelend", label='boos – "erkennen"', anchor="moment-1"),
            Moment(quote="niet in de tekst", label="x", anchor="moment-2"),
            Moment(quote="is vervelend", label="overlapt", anchor="moment-3"),
        ],
    )
    assert placed == {"moment-1"}
    assert '<mark id="moment-1" title="boos – &quot;erkennen&quot;">Dat is vervelend</mark>' in html
    assert "&lt;b&gt;weer&lt;/b&gt;" in html and "<b>" not in html
    assert html.count("<p>") == 2 and "<br>" in html


def test_a_quote_across_paragraphs_is_left_to_the_table():
    html, placed = transcript_html("Een.\n\nTwee.", [Moment("Een.\n\nTwee.", "x", "moment-1")])
    assert placed == set() and "<mark" not in html


def test_paragraphs_split_at_blank_lines_whatever_the_line_endings():
    transcript = mark_moments(
        "Klant: Hallo.\r\n\r\n\r\nMedewerker: Goedemorgen.\r\nWaarmee kan ik u helpen?",
        [Moment(quote="Goedemorgen.\r\nWaarmee", label="groet", anchor="moment-1")],
    )
    moment = transcript.paragraphs[1][1].moment
    assert transcript.paragraphs == [
        [Piece("Klant: Hallo.")],
        [
            Piece("Medewerker: "),
            Piece("Goedemorgen.\nWaarmee", moment),
            Piece(" kan ik u helpen?"),
        ],
    ]
    assert transcript.placed == {"moment-1"}


@pytest.mark.django_db
def test_the_grading_page_marks_the_learners_moments_and_links_to_them(client):
    assignment, enrollment, trainer = build_assignment(kind=ConversationAnalysis)
    boos = AnnotationCategory.objects.get(name="boos")
    version = hand_in(
        assignment,
        enrollment,
        transcript="Klant: Ik sta hier voor de tweede keer!\nMedewerker: Dat begrijp ik.",
        new_annotations=[
            services.NewAnnotation(quote="tweede keer", category_id=boos.pk, note="Herhaling")
        ],
    )
    client.force_login(trainer)

    html = client.get(reverse("assessments_trainer:grade", args=[version.submission_id])).content
    page = html.decode()

    assert '<mark id="moment-1" title="boos – Herhaling">tweede keer</mark>' in page
    assert 'href="#moment-1"' in page
    assert problems(page) == []
