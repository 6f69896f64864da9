"""A trainer, on a 390 px phone, goes from the home page by links only to the grading queue,
releases everything that is ready, downloads all hand-ins of the assignment as a zip, and
opens the gradebook of the edition. No page scrolls sideways; axe-core finds nothing serious."""

import io
import re
import zipfile

import pytest
from django.test import Client

from assessments.models import Review
from tests.assessments.assignment_factories import build_assignment, enrol, grade, hand_in
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


def open_menu_link(page, name: str) -> None:
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=name, exact=True
    ).click()


def test_trainer_releases_all_downloads_the_zip_and_opens_the_gradebook(page, live_server, request):
    axe = request.getfixturevalue("axe_script")
    assignment, enrollment, trainer = build_assignment()
    other = enrol(enrollment.edition)
    for learner in (enrollment, other):
        grade(hand_in(assignment, learner), trainer, state=Review.State.READY)

    page.set_viewport_size({"width": WIDTH, "height": 844})
    log_in(page, live_server, trainer)
    page.goto(live_server.url + "/")
    open_menu_link(page, "Nakijken")
    page.wait_for_url(re.compile(r"/teach/grading/$"))
    fits_and_passes_axe(page, axe)

    page.get_by_role("button", name="Geef alles vrij wat klaarstaat").click()
    page.wait_for_url(re.compile(r"/teach/grading/\?"))
    assert page.get_by_text("2 beoordelingen zijn vrijgegeven.").count() == 1
    assert set(Review.objects.values_list("state", flat=True)) == {"released"}
    fits_and_passes_axe(page, axe)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download alle inzendingen")).first.click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len([n for n in names if n.endswith("/versie-1/inzending.txt")]) == 2

    open_menu_link(page, "Mijn edities")
    page.get_by_role("link", name=enrollment.edition.name).first.click()
    page.get_by_role("link", name="Cijferlijst").click()
    page.wait_for_url(re.compile(r"/gradebook/$"))
    assert page.get_by_role("columnheader", name="Aanwezig").count() == 1
    assert page.get_by_role("link", name=re.compile("voldoende|onvoldoende")).count() == 2
    fits_and_passes_axe(page, axe)
