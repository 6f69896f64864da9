"""From the public course page to the first login, in Chromium on a 390 px phone: a visitor
reads the course and signs up; an administrator accepts in the queue; the invitation's link
lets the new learner choose a password, and the dashboard shows the course. The public pages
do not scroll sideways and axe-core finds nothing serious on them. And a full edition: the
waiting list, and the page of an offered place."""

import re

import pytest
from django.core import mail
from django.test import Client

from courses.models import Enrollment, SignUp
from courses.signups import services
from tests import factories as f
from tests.browser.helpers import wait_for
from tests.browser.test_resit_journey import fits_and_passes_axe
from tests.browser.test_small_screens import WIDEST, WIDTH, axe_script  # noqa: F401 - fixture
from tests.courses.signup_helpers import INVITATION, OFFER, build_course, build_edition, first_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Balie-gesprek-2027!"


def log_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def mail_to(address: str, subject_start: str):
    def find():
        return next(
            (m for m in mail.outbox if m.to == [address] and m.subject.startswith(subject_start)),
            None,
        )

    assert wait_for(lambda: find() is not None), [(m.to, m.subject) for m in mail.outbox]
    return find()


def path_in(message, pattern: str) -> str:
    found = re.search(r"https?://[^/\s]+(" + pattern + ")", message.body)
    assert found, message.body
    return found[1]


def test_a_visitor_signs_up_is_accepted_chooses_a_password_and_sees_the_course(
    page, browser, live_server, request
):
    axe = request.getfixturevalue("axe_script")
    course = build_course()
    build_edition(course, name="Dienstverlening Noord", region="noord", first_day=first_day())
    build_edition(course, name="Dienstverlening Zuid", region="zuid", first_day=first_day(9))
    page.set_viewport_size({"width": WIDTH, "height": 844})

    # The visitor finds the course, reads it and opens the form for Noord.
    page.goto(live_server.url + "/cursussen/")
    page.get_by_role("heading", name="Cursussen", level=1).wait_for()
    fits_and_passes_axe(page, axe)
    page.get_by_role("link", name="Lees meer over Vaardigheidsmodule Dienstverlening").click()
    page.get_by_role("heading", name="Vaardigheidsmodule Dienstverlening", level=1).wait_for()
    assert page.get_by_text("€\xa01.075 excl. btw per cursist").count()
    assert page.get_by_text("Nog 3 plaatsen vrij").count() == 2
    fits_and_passes_axe(page, axe)
    page.get_by_role("link", name="Aanmelden voor regio Noord").click()
    page.get_by_role("heading", name="Aanmelden voor Vaardigheidsmodule Dienstverlening").wait_for()
    assert page.get_by_label(re.compile("Noord: Dienstverlening Noord")).is_checked()
    fits_and_passes_axe(page, axe)
    page.get_by_text("Meer mensen aanmelden, bijvoorbeeld als werkgever").click()
    fits_and_passes_axe(page, axe)  # the extra rows unfolded

    page.locator("#id_learners-0-first_name").fill("Lotte")
    page.locator("#id_learners-0-last_name").fill("de Leeuw")
    page.locator("#id_learners-0-email").fill("lotte.de.leeuw@zwolle.nl")
    page.get_by_label("Factuur op naam van").fill("Gemeente Zwolle")
    page.get_by_label("Factuuradres").fill("Grote Kerkplein 15\n8011 PK Zwolle")
    page.get_by_label("Referentie of inkoopordernummer (niet verplicht)").fill("PO-114")
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.get_by_role("heading", name="Bedankt voor je aanmelding!").wait_for()
    fits_and_passes_axe(page, axe)
    confirmation = mail_to("lotte.de.leeuw@zwolle.nl", "We hebben je aanmelding ontvangen")
    assert "Dienstverlening Noord" in confirmation.body

    # The administrator accepts in the queue.
    admin_context = browser.new_context(locale="nl-NL", viewport={"width": WIDTH, "height": 844})
    try:
        admin_page = admin_context.new_page()
        admin_page.set_default_timeout(10_000)
        log_in(admin_context, live_server, f.AdminFactory())
        admin_page.goto(live_server.url + "/teach/")
        admin_page.get_by_role("link", name="Aanmeldingen via de cursuspagina bekijken").click()
        admin_page.get_by_role("heading", name="Lotte de Leeuw").wait_for()
        assert admin_page.evaluate("document.documentElement.scrollWidth") <= WIDTH, (
            admin_page.evaluate(WIDEST)
        )
        admin_page.get_by_role("button", name="Accepteer Lotte de Leeuw").click()
        admin_page.get_by_text(
            "Lotte de Leeuw is ingeschreven in Dienstverlening Noord."
        ).wait_for()
    finally:
        admin_context.close()
    assert SignUp.objects.get().state == SignUp.State.ACCEPTED

    # The invitation's link: choose a password, and the dashboard shows the course.
    invitation = mail_to("lotte.de.leeuw@zwolle.nl", "Welkom bij Vaardigheidsmodule")
    page.goto(live_server.url + path_in(invitation, INVITATION))
    page.get_by_role("heading", name="Kies je wachtwoord").wait_for()
    fits_and_passes_axe(page, axe)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan en beginnen").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.get_by_text("Vaardigheidsmodule Dienstverlening").count()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    learner = Enrollment.objects.get().learner
    assert learner.email == "lotte.de.leeuw@zwolle.nl" and learner.check_password(PASSWORD)


def test_a_full_edition_offers_the_waiting_list_and_a_freed_place_is_taken_on_a_phone(
    page, live_server, request
):
    axe = request.getfixturevalue("axe_script")
    course = build_course()
    edition = build_edition(
        course, name="Dienstverlening Zuid", region="zuid", first_day=first_day(), capacity=1
    )
    enrollment = f.EnrollmentFactory(edition=edition)
    page.set_viewport_size({"width": WIDTH, "height": 844})

    page.goto(live_server.url + "/cursussen/dienstverlening/")
    assert page.get_by_text("Deze editie is vol.").count()
    page.get_by_role("link", name="Aanmelden voor de wachtlijst (regio Zuid)").click()
    assert page.get_by_label(re.compile("vol: je komt op de wachtlijst")).is_checked()
    page.locator("#id_learners-0-first_name").fill("Jan")
    page.locator("#id_learners-0-last_name").fill("Jansen")
    page.locator("#id_learners-0-email").fill("jan@zwolle.nl")
    page.get_by_label("Jouw naam").fill("Henriëtte de Vries")
    page.get_by_label("Jouw e-mailadres").fill("hr@zwolle.nl")
    page.get_by_label("Factuur op naam van").fill("Gemeente Zwolle")
    page.get_by_label("Factuuradres").fill("Grote Kerkplein 15, Zwolle")
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.get_by_role("heading", name="Bedankt voor je aanmelding!").wait_for()
    assert SignUp.objects.get().state == SignUp.State.WAITING

    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.save()  # the place frees: the first on the list is offered it
    offer = mail_to("hr@zwolle.nl", "Er is een plek vrij")
    page.goto(live_server.url + path_in(offer, OFFER))
    page.get_by_role("heading", name="Er is een plek vrij").wait_for()
    fits_and_passes_axe(page, axe)
    page.get_by_role("button", name="Ja, ik neem de plek").click()
    page.get_by_role("heading", name="De plek is van jou").wait_for()
    fits_and_passes_axe(page, axe)
    assert Enrollment.objects.get(learner__email="jan@zwolle.nl").status == "active"
    assert services.signup_offers_sweep() == 0
