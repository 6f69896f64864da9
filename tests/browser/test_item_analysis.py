"""A trainer who is also the course's author opens the item analysis of a quiz from the
edition's page, by links only, on a 390 px phone: sees the chart and the flagged question,
and follows its edit link to the question's edit page in the bank. axe-core finds nothing serious."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.assessments.test_item_analysis import SCORES, answers_for, graded_attempt, make_quiz
from tests.browser.helpers import inject_axe
from tests.browser.test_small_screens import SERIOUS, WIDEST, WIDTH, axe_script  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def fits_and_passes_axe(page, axe) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, (
        page.url,
        page.evaluate(WIDEST),
    )
    inject_axe(page, axe)
    assert page.evaluate(SERIOUS) == [], page.url


def test_trainer_opens_the_analysis_sees_the_flagged_question_and_follows_its_edit_link(
    page, live_server, request
):
    axe = request.getfixturevalue("axe_script")
    quiz, bank = make_quiz()
    course = quiz.module.course
    edition = f.build_edition(course, first_day=timezone.localdate())
    for row in SCORES.values():  # "Vraag 3" goes against the rest of the test
        graded_attempt(quiz, bank, answers_for(row), edition=edition)
    trainer = f.UserFactory(first_name="Anouk", last_name="Hendriks")  # no admin rights
    edition.trainers.add(trainer)
    course.authors.add(trainer)

    page.set_viewport_size({"width": WIDTH, "height": 844})
    log_in(page, live_server, trainer)
    page.goto(live_server.url + reverse("courses:trainer_edition", args=[edition.pk]))
    page.get_by_role("link", name="Analyse van de toetsvragen").click()
    page.wait_for_url(re.compile(r"/item-analysis/$"))
    fits_and_passes_axe(page, axe)
    page.get_by_role("link", name="Toets emoties").click()
    page.wait_for_url(re.compile(r"/item-analysis/\d+/$"))

    chart = page.get_by_role("img", name=re.compile("Makkelijkheid en onderscheid per vraag"))
    assert chart.count() == 1
    flagged = page.locator(
        "section", has=page.get_by_role("heading", name="Vragen om na te kijken")
    )
    card = flagged.locator("article", has=page.get_by_role("heading", name="3. Vraag 3"))
    assert card.get_by_text("Wie de rest van de toets goed maakt").count() == 1
    assert card.get_by_role("link", name="Opnieuw nakijken (Vraag 3)").count() == 1
    assert page.get_by_role("region", name="Tabel met alle vragen").count() == 1
    fits_and_passes_axe(page, axe)

    card.get_by_role("link", name="Vraag aanpassen (Vraag 3)").click()
    page.wait_for_url(re.compile(rf"/bank/questions/{bank[2].pk}/edit/$"))
    assert page.get_by_label("Naam").input_value() == "Vraag 3"
    fits_and_passes_axe(page, axe)
