"""The dashboard's "Recente feedback": a released grade of handed-in work shows the grade and
the trainer's rubric feedback, not only that there is feedback; a draft review shows nothing."""

import pytest
from django.urls import reverse

from assessments.models import Review
from tests.a11y import problems
from tests.assessments.assignment_factories import build_assignment, grade, hand_in

pytestmark = pytest.mark.django_db


def feedback_part(client, learner) -> str:
    client.force_login(learner)
    page = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert problems(page) == []
    return page.split('id="feedback-heading"', 1)[1]


def test_a_released_grade_and_its_feedback_are_on_the_dashboard(client):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    grade(version, trainer, state=Review.State.DRAFT, feedback="Nog even geheim.")
    part = feedback_part(client, enrollment.learner)
    assert "Nog even geheim." not in part and "6 van 6 punten" not in part

    grade(version, trainer, feedback="Heel **sterk** samengevat.")
    part = feedback_part(client, enrollment.learner)
    assert "6 van 6 punten: voldoende" in part
    assert "Heel <strong>sterk</strong> samengevat." in part
    lesson = reverse("courses:lesson", args=[enrollment.edition_id, assignment.pk])
    assert f'href="{lesson}#feedback-heading"' in part


def test_work_graded_complete_says_complete(client):
    assignment, enrollment, trainer = build_assignment(rubric=False)
    grade(hand_in(assignment, enrollment), trainer, levels={}, complete=False)
    assert "Nog niet compleet" in feedback_part(client, enrollment.learner)
