"""An assignment says how it is graded from its own settings: a scored one speaks of points
and never of "niet voor een cijfer"; the demo's texts agree with their settings."""

import pytest
from django.urls import reverse

from assessments.models import Assignment
from lms.demo import data
from tests.assessments.assignment_factories import build_assignment

pytestmark = pytest.mark.django_db


def lesson_page(client, assignment, enrollment) -> str:
    client.force_login(enrollment.learner)
    url = reverse("courses:lesson", args=[enrollment.edition_id, assignment.pk])
    return client.get(url).content.decode()


def test_a_scored_assignment_says_it_gives_points_and_what_passing_needs(client):
    assignment, enrollment, _trainer = build_assignment(is_required=True)
    page = lesson_page(client, assignment, enrollment)
    assert (
        "Je trainer geeft punten met een beoordelingsmodel. Voldoende is 55% van de punten" in page
    )
    assert "Je hebt een voldoende nodig om te slagen." in page
    assert "niet voor een cijfer" not in page.lower()


def test_complete_or_not_work_says_so_and_optional_work_does_not_count(client):
    assignment, enrollment, _trainer = build_assignment(rubric=False, is_required=False)
    assert assignment.grading == Assignment.Grading.COMPLETE
    page = lesson_page(client, assignment, enrollment)
    assert "Je trainer kijkt of je werk compleet is. Je krijgt er geen punten voor." in page
    assert "Het telt niet mee om te slagen." in page


def test_the_demos_scored_assignments_never_say_they_are_not_for_a_grade():
    scored = [spec for spec in data.ASSIGNMENTS if spec.rubric]
    assert scored
    for spec in scored:
        assert "niet voor een cijfer" not in spec.instructions.lower(), spec.title
