"""Rubrics: the plain-text form, scoring, and versions once a rubric has graded something."""

from decimal import Decimal

import pytest

from assessments.assignments import rubrics, services
from assessments.models import Review, RubricVersion
from tests.assessments.assignment_factories import (
    RUBRIC_TEXT,
    build_assignment,
    grade,
    hand_in,
)

pytestmark = pytest.mark.django_db

CHANGED = RUBRIC_TEXT.replace("- 4: alle drie", "- 6: alle drie, op het goede moment")


def test_the_text_form_reads_criteria_levels_and_descriptions():
    criteria = rubrics.parse_text(
        "# De klantvraag\nIs de vraag helder?\n- 0: ontbreekt\n- 1,5: half\n- 2 punten: helder\n"
    )
    assert criteria == [
        {
            "title": "De klantvraag",
            "description": "Is de vraag helder?",
            "levels": [
                {"points": "0.00", "description": "ontbreekt"},
                {"points": "1.50", "description": "half"},
                {"points": "2.00", "description": "helder"},
            ],
        }
    ]
    assert rubrics.parse_text(rubrics.to_text(criteria)) == criteria


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "minstens één criterium"),
        ("- 1: zonder criterium", "begin met een criterium"),
        ("# Leeg\n", "nog geen niveaus"),
        ("# Fout\n- veel: niveau", "punten: omschrijving"),
    ],
)
def test_a_rubric_that_cannot_be_read_says_why(text, message):
    with pytest.raises(rubrics.RubricError, match=message):
        rubrics.parse_text(text)


def test_a_score_adds_the_chosen_levels_and_refuses_a_level_that_does_not_exist():
    criteria = rubrics.parse_text(RUBRIC_TEXT)
    score = rubrics.score(criteria, {0: 1, "1": 2})
    assert (score.points, score.max_points, score.percentage) == (
        Decimal("5.00"),
        Decimal("6.00"),
        Decimal("83.33"),
    )
    with pytest.raises(rubrics.RubricError, match="Kies een niveau bij ‘Technieken’"):
        rubrics.score(criteria, {0: 1, 1: 9})  # above the maximum
    with pytest.raises(rubrics.RubricError):
        rubrics.score(criteria, {0: 1})


def test_an_unused_rubric_changes_in_place():
    assignment, _enrollment, _trainer = build_assignment()
    version = services.rubric_save(rubric=assignment.rubric, criteria=rubrics.parse_text(CHANGED))
    assert version.number == 1
    assert RubricVersion.objects.count() == 1
    assert version.max_points == Decimal("8.00")


def test_a_used_rubric_gets_a_new_version_and_the_review_keeps_its_own():
    assignment, enrollment, trainer = build_assignment()
    review = grade(hand_in(assignment, enrollment), trainer, levels={0: 2, 1: 2})
    assert review.percentage == Decimal("100.00")
    new = services.rubric_save(rubric=assignment.rubric, criteria=rubrics.parse_text(CHANGED))
    assert new.number == 2
    review.refresh_from_db()
    assert review.rubric_version.number == 1
    assert review.rubric_version.max_points == Decimal("6.00")
    assert review.percentage == Decimal("100.00")
    # saving the same criteria again makes no third version
    assert (
        services.rubric_save(rubric=assignment.rubric, criteria=rubrics.parse_text(CHANGED)) == new
    )
    # a new review is graded with the new version
    other = grade(
        hand_in(assignment, enrollment, text="Nieuwe versie"), trainer, levels={0: 2, 1: 2}
    )
    assert other.rubric_version == new
    assert Review.objects.count() == 2
