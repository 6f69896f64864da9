"""An Erkend Talent job coach, in Chromium on a 390 px phone: the administrator's pages
(trajectories, one trajectory, the report per funder) fit; the learner gives consent on
their settings, the job coach logs in and sees that one learner (not the other learner of
the edition with a trajectory), the learner revokes consent, and the job coach's page of
the learner answers 404 at once. Every page fits the screen and axe-core finds nothing
serious (the page fixture also fails on any Content-Security-Policy refusal)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from courses.trajectories import services
from tests import factories as f
from tests.browser import test_small_screens as small
from tests.browser.test_conversations import log_in_as
from tests.lms.test_trajectories import build_world

axe_script = small.axe_script  # the session fixture that installs axe-core

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_job_coach_follows_one_learner_with_consent_and_loses_access_on_revoke(
    page, live_server, axe_script
):
    world = build_world()
    coach = f.UserFactory(username="wendy", email="sanne@jobcoach.example")
    services.trajectory_consent_give(trajectory=world.neighbour_trajectory, by=world.neighbour)
    page.set_viewport_size({"width": small.WIDTH, "height": 800})
    consent_url = reverse("lms:trajectories:consent")
    admin = Client()
    admin.force_login(world.admin)
    urls = [
        reverse("lms:trajectories:list"),
        reverse("lms:trajectories:edit", args=[world.enrollment.pk]),
        reverse("lms:trajectories:report"),
    ]
    assert small.problems_at_390(page, live_server, admin, urls, axe_script) == {}

    learner = log_in_as(page, live_server, world.learner)
    page.goto(live_server.url + reverse("lms:notification_preferences"))
    card = page.locator("section", has=page.get_by_role("heading", name="Je jobcoach"))
    assert card.get_by_text("Je jobcoach is Sanne de Vries").is_visible()
    card.get_by_role("link", name="Toestemming bekijken of wijzigen").click()
    page.wait_for_url(re.compile(re.escape(consent_url) + "$"))
    with page.expect_navigation():
        page.get_by_role("button", name="Toestemming geven aan Sanne de Vries").click()
    assert page.get_by_text("Je jobcoach Sanne de Vries kan nu").is_visible()
    urls = [reverse("lms:notification_preferences"), consent_url]
    assert small.problems_at_390(page, live_server, learner, urls, axe_script) == {}

    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("wendy")
    page.get_by_label("Wachtwoord").fill("demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/jobcoach/$"))
    assert page.get_by_role("link", name="Henriëtte Nienhuis").is_visible()
    assert page.get_by_text("Bram").count() == 0
    page.get_by_role("link", name="Henriëtte Nienhuis").click()
    learner_url = reverse("lms:trajectories:coach_learner", args=[world.trajectory.pk])
    page.wait_for_url(re.compile(re.escape(learner_url) + "$"))
    assert page.get_by_role("heading", name="Voortgang per module").is_visible()
    assert page.get_by_role("heading", name="Aanwezigheid").is_visible()
    coach_client = Client()
    coach_client.force_login(coach)
    urls = [reverse("lms:trajectories:coach_home"), learner_url]
    assert small.problems_at_390(page, live_server, coach_client, urls, axe_script) == {}

    log_in_as(page, live_server, world.learner)
    page.goto(live_server.url + consent_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Toestemming intrekken voor Sanne de Vries").click()
    assert page.get_by_text("Je hebt je toestemming ingetrokken.").is_visible()

    log_in_as(page, live_server, coach)
    response = page.goto(live_server.url + learner_url)
    assert response.status == 404
    page.goto(live_server.url + reverse("lms:trajectories:coach_home"))
    assert page.get_by_role("link", name="Henriëtte Nienhuis").count() == 0
