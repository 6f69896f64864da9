"""Coaching, announcements and the course evaluation in Chromium on a 390 px phone: the trainer plans a coaching
moment from the form, and it is on the learner's dashboard and in their calendar feed
(read with the `icalendar` parser); a trainer's announcement reaches every learner of the
edition once; a learner fills in the evaluation. Every page fits the screen and axe-core finds nothing serious (the page
fixture also fails on any Content-Security-Policy refusal)."""

import datetime as dt
import re

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms import calendar
from lms.models import Announcement, CoachingMoment, Evaluation, Kind, Notification
from lms.notifications import services as notifications
from tests import factories as f
from tests.browser import test_small_screens as small
from tests.browser.test_conversations import log_in_as, menu_link
from tests.lms.test_conversations import build_talk

axe_script = small.axe_script  # the session fixture that installs axe-core

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_trainer_plans_a_coaching_moment_and_the_learner_sees_it_and_gets_it_in_the_feed(
    page, live_server, axe_script
):
    talk = build_talk()
    page.set_viewport_size({"width": small.WIDTH, "height": 800})
    trainer = log_in_as(page, live_server, talk.trainer)
    page.goto(live_server.url + "/teach/")
    menu_link(page, "Coaching").click()
    page.wait_for_url(re.compile(r"/teach/coaching/$"))
    page.get_by_role("link", name="Plan een coachingsgesprek").click()
    page.get_by_label("Cursist").select_option(value=str(talk.enrollment.pk))
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url(re.compile(r"inschrijving="))
    day = timezone.localdate() + dt.timedelta(days=3)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("10:45")
    page.get_by_label("Plaats of telefoonnummer").fill("Stadhuis, kamer 2.14")
    page.get_by_label("Onderwerp").fill("Oefenen met een boze klant")
    with page.expect_navigation():
        page.get_by_role("button", name="Plan het gesprek").click()
    assert page.get_by_text("Het coachingsgesprek is gepland.").is_visible()
    moment = CoachingMoment.objects.get()
    assert moment.enrollment == talk.enrollment
    urls = [
        reverse("lms:coaching_week") + f"?week={day.isoformat()}",
        reverse("lms:coaching_plan") + f"?inschrijving={talk.enrollment.pk}",
        reverse("lms:coaching_moment", args=[moment.pk]),
        reverse("lms:coaching_moment_edit", args=[moment.pk]),
    ]
    assert small.problems_at_390(page, live_server, trainer, urls, axe_script) == {}

    learner = log_in_as(page, live_server, talk.learner)
    page.goto(live_server.url + "/dashboard/")
    card = page.locator("section", has=page.get_by_role("heading", name="Je coachingsgesprekken"))
    assert card.get_by_role("link", name="Oefenen met een boze klant").is_visible()
    urls = [
        "/dashboard/",
        reverse("lms:coaching"),
        reverse("lms:coaching_moment", args=[moment.pk]),
    ]
    assert small.problems_at_390(page, live_server, learner, urls, axe_script) == {}
    token = calendar.calendar_token_regenerate(user=talk.learner)
    response = page.request.get(live_server.url + reverse("lms:calendar_feed", args=[token]))
    assert response.ok
    cal = icalendar.Calendar.from_ical(response.body())
    found = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("coaching-")]
    assert len(found) == 1
    assert str(found[0]["SUMMARY"]) == "Coachingsgesprek: Oefenen met een boze klant"
    assert found[0].decoded("DTSTART") == moment.starts_at


def test_an_announcement_reaches_every_learner_of_the_edition_once(page, live_server, axe_script):
    talk = build_talk()
    page.set_viewport_size({"width": small.WIDTH, "height": 800})
    trainer = log_in_as(page, live_server, talk.trainer)
    page.goto(live_server.url + "/teach/")
    menu_link(page, "Mededelingen").click()
    page.wait_for_url(re.compile(r"/teach/announcements/$"))
    page.get_by_label("Titel").fill("Andere zaal")
    page.get_by_label("Tekst").fill("De lesdag is in **zaal 3**.")
    with page.expect_navigation():
        page.get_by_role("button", name="Plaats de mededeling").click()
    assert page.get_by_text("Je mededeling staat online.").is_visible()
    announcement = Announcement.objects.get()
    urls = ["/teach/announcements/", reverse("lms:announcement_edit", args=[announcement.pk])]
    assert small.problems_at_390(page, live_server, trainer, urls, axe_script) == {}
    for _beat in range(2):
        notifications.announcements_notify_run()
    reached = sorted(
        Notification.objects.filter(kind=Kind.ANNOUNCEMENT).values_list("user_id", flat=True)
    )
    assert reached == sorted([talk.learner.pk, talk.neighbour.learner.pk])
    for learner in (talk.learner, talk.neighbour.learner):
        client = log_in_as(page, live_server, learner)
        page.goto(live_server.url + "/dashboard/")
        item = page.locator(f"#announcement-{announcement.pk}")
        assert item.get_by_text("zaal 3").is_visible()
        assert small.problems_at_390(page, live_server, client, ["/dashboard/"], axe_script) == {}
    log_in_as(page, live_server, talk.stranger.learner)
    page.goto(live_server.url + "/dashboard/")
    assert page.locator(f"#announcement-{announcement.pk}").count() == 0
    sent = [m.to[0] for m in mail.outbox if m.subject == "Mededeling: Andere zaal"]
    assert sorted(sent) == sorted([talk.learner.email, talk.neighbour.learner.email])


def test_the_evaluation_form_and_its_results_fit_a_phone(page, live_server, axe_script):
    course = f.build_course(lessons_per_module=1, modules=2)
    first_day = timezone.localdate() - dt.timedelta(days=10)
    trainer = f.UserFactory()
    edition = f.build_edition(course, first_day=first_day, trainers=[trainer], gap_days=7)
    enrollment = f.EnrollmentFactory(edition=edition)
    learner = log_in_as(page, live_server, enrollment.learner)
    urls = ["/dashboard/", reverse("lms:evaluation", args=[enrollment.pk])]
    assert small.problems_at_390(page, live_server, learner, urls, axe_script) == {}
    page.get_by_role("group", name=re.compile("de cursus als geheel")).get_by_label("4").check()
    for module in course.modules.all():
        group = page.get_by_role("group", name=re.compile(module.title))
        group.get_by_label("5").check()
    page.get_by_role("group", name=re.compile("je trainer")).get_by_label("5").check()
    page.get_by_role("group", name=re.compile("aanraden")).get_by_label("9", exact=True).check()
    page.get_by_label("Wat was goed?").fill("De oefeningen")
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur je mening").click()
    assert page.get_by_role("heading", name="Dank je wel").is_visible()
    assert Evaluation.objects.get().recommend == 9
    staff = log_in_as(page, live_server, trainer)
    url = reverse("lms:evaluation_results", args=[edition.pk])
    assert small.problems_at_390(page, live_server, staff, [url], axe_script) == {}
    admin = log_in_as(page, live_server, f.AdminFactory())
    urls = [url, reverse("lms:evaluation_overview")]
    assert small.problems_at_390(page, live_server, admin, urls, axe_script) == {}
