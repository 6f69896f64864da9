"""A conversation analysis states its minimum on the lesson (annotations in all, on a
technique, on an emotion, every reflection question answered): a draft may be incomplete,
handing in is refused with a message naming what is missing until it is met. The form adds
annotation rows as needed, without JavaScript too."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.assignments import selectors
from assessments.models import AnnotationCategory, ConversationAnalysis, Submission
from tests.a11y import problems
from tests.assessments.assignment_factories import build_assignment
from tests.assessments.test_assignment_views import urls

pytestmark = pytest.mark.django_db


def analysis(**minimum):
    minimum = {
        "min_annotations": 5,
        "min_technique_annotations": 3,
        "min_emotion_annotations": 2,
        "all_questions_required": True,
    } | minimum
    return build_assignment(
        kind=ConversationAnalysis,
        reflection_questions="Wat ging goed?\nWat kan beter?\nWat ga je oefenen?",
        **minimum,
    )


def rows(*moments):
    """Posted annotation rows: (time, category pk, note) each."""
    data = {"new-TOTAL_FORMS": str(len(moments)), "new-INITIAL_FORMS": "0"}
    for index, (time, category, note) in enumerate(moments):
        data |= {
            f"new-{index}-time": time,
            f"new-{index}-category": str(category),
            f"new-{index}-note": note,
        }
    return data


def test_the_missing_part_is_named_in_words():
    lesson = ConversationAnalysis(
        min_annotations=5,
        min_technique_annotations=3,
        min_emotion_annotations=2,
        all_questions_required=True,
        reflection_questions="Een?\nTwee?\nDrie?",
    )
    assert selectors.analysis_minimum(lesson) == [
        "Minstens 5 aantekeningen: 3 bij een gesprekstechniek en 2 bij een emotie.",
        "Een antwoord op elke reflectievraag.",
    ]
    assert selectors.analysis_missing(
        lesson, kinds=["technique", "emotion", ""], answers=["ja", " ", ""]
    ) == [
        "2 aantekeningen bij een gesprekstechniek",
        "1 aantekening bij een emotie",
        "een antwoord op de reflectievragen 2 en 3",
    ]
    assert (
        selectors.analysis_missing(
            lesson, kinds=["technique"] * 3 + ["emotion"] * 2, answers=["a", "b", "c"]
        )
        == []
    )
    only_total = ConversationAnalysis(min_annotations=2)
    assert selectors.analysis_missing(only_total, kinds=["emotion"], answers=[]) == [
        "1 aantekening"
    ]
    assert selectors.analysis_minimum(ConversationAnalysis()) == []


def test_a_minimum_smaller_than_its_parts_is_refused_in_the_admin_form():
    lesson = ConversationAnalysis(
        min_annotations=2, min_technique_annotations=2, min_emotion_annotations=1
    )
    with pytest.raises(ValidationError) as caught:
        lesson.clean()
    assert "min_annotations" in caught.value.message_dict


def test_handing_in_is_refused_until_the_minimum_is_met_while_the_draft_is_kept(client):
    assignment, enrollment, _trainer = analysis()
    boos = AnnotationCategory.objects.get(name="boos")
    blij = AnnotationCategory.objects.get(name="blij")
    samenvatten = AnnotationCategory.objects.get(name="samenvatten")
    client.force_login(enrollment.learner)
    u = urls(assignment, enrollment)
    page = client.get(u["lesson"]).content.decode()
    assert "Minstens 5 aantekeningen: 3 bij een gesprekstechniek en 2 bij een emotie." in page

    response = client.post(
        u["submit"],
        {"transcript": "[00:10] Klant: Ik ben boos!", "answer-0": "Luisteren"}
        | rows(("0:10", boos.pk, "Boos"), ("0:20", samenvatten.pk, "Vat samen")),
        follow=True,
    )
    page = response.content.decode()
    assert (
        "Je kunt nog niet inleveren. Nog nodig: 2 aantekeningen bij een gesprekstechniek, "
        "1 aantekening bij een emotie en een antwoord op de reflectievragen 2 en 3. "
        "Je werk is wel bewaard als concept."
    ) in page
    submission = Submission.objects.get()
    assert submission.state == Submission.State.DRAFT and not submission.versions.exists()
    assert submission.annotations.count() == 2  # the draft is kept, incomplete
    assert "Boos</textarea>" not in page  # saved rows are not posted again
    assert problems(page) == []

    response = client.post(
        u["submit"],
        {"answer-0": "Luisteren", "answer-1": "Doorvragen", "answer-2": "Samenvatten"}
        | rows(
            ("0:30", samenvatten.pk, "Nog eens"),
            ("0:40", samenvatten.pk, "En nog eens"),
            ("0:50", blij.pk, "Blij"),
        ),
        follow=True,
    )
    assert "Goed gedaan! Je hebt versie 1 ingeleverd." in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED
    assert len(submission.latest_version.annotations) == 5


def test_a_lesson_without_a_minimum_takes_any_hand_in(client):
    assignment, enrollment, _trainer = analysis(
        min_annotations=0,
        min_technique_annotations=0,
        min_emotion_annotations=0,
        all_questions_required=False,
    )
    client.force_login(enrollment.learner)
    u = urls(assignment, enrollment)
    assert "Om in te leveren heb je nodig" not in client.get(u["lesson"]).content.decode()
    response = client.post(u["submit"], {"answer-0": "Alleen dit"}, follow=True)
    assert "Goed gedaan! Je hebt versie 1 ingeleverd." in response.content.decode()


def test_the_form_opens_with_one_blank_row_and_the_button_saves_and_adds_one(client):
    assignment, enrollment, _trainer = analysis()
    boos = AnnotationCategory.objects.get(name="boos")
    client.force_login(enrollment.learner)
    u = urls(assignment, enrollment)
    page = client.get(u["lesson"]).content.decode()
    assert 'name="new-TOTAL_FORMS" value="1"' in page
    assert 'id="new-0-title"' in page and 'id="new-1-title"' not in page
    assert 'id="new-row-template"' in page and "new-__prefix__-note" in page

    # One row filled in, the "add a row" button: the row is saved, one blank row comes back.
    response = client.post(u["save"], {"add_row": "on"} | rows(("0:10", boos.pk, "Boos")))
    assert response.status_code == 302
    assert response["Location"] == f"{u['lesson']}?rijen=1#new-0-title"
    assert Submission.objects.get().annotations.count() == 1

    # A blank row and the button again: two blank rows.
    response = client.post(u["save"], {"add_row": "on"} | rows(("", "", "")))
    assert response["Location"] == f"{u['lesson']}?rijen=2#new-1-title"
    page = client.get(response["Location"]).content.decode()
    assert 'name="new-TOTAL_FORMS" value="2"' in page and 'id="new-1-title"' in page
    assert "Er staat een nieuwe regel voor je klaar." in page
    assert problems(page) == []

    # An ordinary save of many rows takes them all, and a silly query string is ignored.
    many = rows(*[(f"0:{10 + n}", boos.pk, f"Moment {n}") for n in range(6)])
    assert client.post(u["save"], many).status_code == 302
    assert Submission.objects.get().annotations.count() == 7
    page = client.get(u["lesson"] + "?rijen=9999").content.decode()
    assert 'name="new-TOTAL_FORMS" value="1"' in page


def test_the_minimum_is_edited_in_the_admin(admin_client):
    assignment, _enrollment, _trainer = analysis()
    url = reverse("admin:assessments_conversationanalysis_change", args=[assignment.pk])
    page = admin_client.get(url).content.decode()
    for name in (
        "min_annotations",
        "min_technique_annotations",
        "min_emotion_annotations",
        "all_questions_required",
    ):
        assert f'name="{name}"' in page
    assert "waarvan minimaal bij een gesprekstechniek" in page.lower()
