"""A learner starts the timed exam in Chromium and watches its clock move, fails it, reads on
the result page when the resit opens and how to reach the trainer; the trainer gives an extra
attempt on the learner's page; the learner starts it at once and passes. On a 390 px phone,
with axe-core finding nothing serious."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from assessments.models import Attempt, AttemptGrant
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz
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


def test_fail_see_the_resit_route_get_an_extra_attempt_from_the_trainer_and_pass(
    page, browser, live_server, request
):
    axe = request.getfixturevalue("axe_script")
    trainer = f.UserFactory(first_name="Tineke", last_name="Trainer", email="tineke@example.nl")
    quiz, enrollment = build_quiz(
        is_exam=True, questions=3, resits_allowed=1, resit_wait_days=7, time_limit_minutes=30
    )
    enrollment.edition.trainers.add(trainer)
    learner = enrollment.learner
    learner.first_name, learner.last_name = "Lotte", "Leerling"
    learner.save()
    lesson_url = live_server.url + reverse("courses:lesson", args=[enrollment.edition_id, quiz.pk])

    # The learner takes the exam and hands in without answers: a fail.
    page.set_viewport_size({"width": WIDTH, "height": 844})
    log_in(page, live_server, learner)
    page.goto(lesson_url)
    assert page.get_by_text("Haal je het niet? Dan mag je het examen nog 1 keer maken.").count()
    page.get_by_role("button", name="Start de toets").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    # The clock counts down while the learner looks at it.
    before = page.locator("#attempt-clock-time").inner_text().strip()
    page.wait_for_function(
        "(before) => document.querySelector('#attempt-clock-time').textContent.trim() !== before",
        arg=before,
    )
    fits_and_passes_axe(page, axe)
    page.get_by_role("button", name="Lever in").click()
    page.wait_for_url(re.compile(r"/result/$"))

    # The result page: not passed, when the resit opens, and how to reach the trainer.
    page.get_by_role("heading", name="Hoe gaat het nu verder?").wait_for(timeout=15_000)
    first = Attempt.objects.get(enrollment=enrollment, number=1)
    resit_day = timezone.localdate(first.submitted_at) + dt.timedelta(days=7)
    assert page.get_by_text("Je bent nog niet geslaagd.").count()
    expected = "Je kunt het examen opnieuw maken vanaf {}.".format(
        formats.date_format(resit_day, "l j F Y")
    )
    assert page.get_by_text(expected).count()
    mail = page.get_by_role("link", name="tineke@example.nl")
    assert mail.get_attribute("href") == "mailto:tineke@example.nl"
    fits_and_passes_axe(page, axe)

    # The trainer gives one extra attempt on the learner's page.
    trainer_context = browser.new_context(locale="nl-NL")
    try:
        trainer_page = trainer_context.new_page()
        trainer_page.set_default_timeout(10_000)
        trainer_page.set_viewport_size({"width": WIDTH, "height": 844})
        log_in(trainer_page, live_server, trainer)
        trainer_page.goto(
            live_server.url
            + reverse("courses:trainer_learner", args=[enrollment.edition_id, enrollment.pk])
        )
        section = trainer_page.locator("#attempt-grants")
        section.get_by_label("Toets").select_option(str(quiz.pk))
        section.get_by_label("Een extra poging").check()
        section.get_by_label("Reden").fill("Ziek tijdens het examen, afgesproken met Lotte.")
        section.get_by_role("button", name="Opslaan", exact=True).click()
        trainer_page.get_by_text(
            "Lotte Leerling heeft 1 extra poging gekregen voor ‘Toets emoties’"
        ).wait_for()
        assert section.get_by_text("Reden: Ziek tijdens het examen").count()
        fits_and_passes_axe(trainer_page, axe)
    finally:
        trainer_context.close()
    grant = AttemptGrant.objects.get()
    assert (grant.granted_by, grant.extra_attempts) == (trainer, 1)

    # The learner sees it at the exam and starts the extra attempt at once, then passes.
    page.goto(lesson_url)
    assert page.get_by_text("Je trainer heeft je 1 extra poging gegeven.").count()
    assert page.get_by_text("Dit wordt poging 2: de extra poging die je trainer je gaf.").count()
    fits_and_passes_axe(page, axe)
    page.get_by_role("button", name="Start de toets").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    second = Attempt.objects.get(enrollment=enrollment, number=2)
    assert second.kind == Attempt.Kind.EXTRA and second.status == Attempt.Status.IN_PROGRESS
    page.locator("fieldset").nth(0).get_by_label("boos").check()
    page.locator("fieldset").nth(1).get_by_label("Juist", exact=True).check()
    page.locator("fieldset").nth(2).locator("input[type=text]").fill("samenvatten")
    page.get_by_role("button", name="Lever in").click()
    page.wait_for_url(re.compile(r"/result/$"))
    page.get_by_text("Gefeliciteerd, je bent geslaagd!").wait_for(timeout=15_000)
    assert page.get_by_role("heading", name="Hoe gaat het nu verder?").count() == 0
