"""A question type from another app (tests/plugin_app's "fill in the gaps") in Chromium: the
learner fills the gaps, the answer is saved as it is typed, and after handing in the result
page shows the score and the review of the gaps."""

from decimal import Decimal

import pytest
from django.contrib.auth import SESSION_KEY

from assessments.models import Attempt, QuestionCategory, QuizSlot, Response
from assessments.questions import specs
from tests.assessments.quiz_factories import build_quiz
from tests.browser.helpers import wait_for
from tests.plugin_app.models import GapsQuestion
from tests.plugin_app.questions import GapsSpec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_learner_fills_the_gaps_hands_in_and_sees_the_graded_result(page, live_server, client):
    quiz, enrollment = build_quiz(questions=1)
    category = QuestionCategory.objects.get(course=quiz.module.course, name="Toets")
    question = GapsQuestion.objects.create(
        category=category,
        name="Gaten",
        text="Vul de ontbrekende woorden in.",
        key=specs.spec_to_json(
            GapsSpec("Een klant die [[boos|kwaad]] is, wil dat je [[luistert]].")
        ),
    )
    QuizSlot.objects.create(quiz=quiz, order=2, question=question, points=Decimal(2))
    client.force_login(enrollment.learner)
    assert client.session[SESSION_KEY]
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/learn/{enrollment.edition_id}/lessons/{quiz.pk}/")
    page.get_by_role("button", name="Start de toets").click()
    page.get_by_role("button", name="Bewaar mijn antwoorden").wait_for()
    attempt = Attempt.objects.get(enrollment=enrollment, quiz=quiz)

    page.get_by_label("blij").check()
    page.get_by_label("Gat 1").fill("kwaad")
    assert wait_for(
        lambda: Response.objects.filter(attempt=attempt, position=1, answer=["kwaad", ""]).exists()
    )
    page.get_by_label("Gat 2").fill("knikt")
    page.get_by_role("button", name="Lever in").click()

    page.wait_for_selector("text=Je resultaat")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.points == Decimal(1) and attempt.max_points == Decimal(3)
    assert page.locator(".result-score").inner_text() == "33,33%"
    review = page.locator(".question-review").nth(1)
    assert "Een klant die [kwaad] is, wil dat je [knikt]." in review.inner_text()
    assert "Een klant die [boos] is, wil dat je [luistert]." in review.inner_text()
    assert "deels goed" in review.inner_text()
