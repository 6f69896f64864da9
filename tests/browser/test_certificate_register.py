"""An administrator on a 390 px phone searches the certificate register, opens a certificate
and revokes it with a reason: no sideways scrolling, axe-core finds nothing serious, and the
learner's e-mail is queued."""

import pytest
from django.test import Client

from certificates import services
from certificates.models import Certificate
from core.outbox.models import Notification
from tests import factories as f
from tests.browser import test_small_screens as small
from tests.browser.helpers import inject_axe
from tests.certificates.conftest import TEST_SIGNING_KEY
from tests.certificates.factories import issued_certificate

axe_script = small.axe_script  # the session fixture that installs axe-core

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> list[str]:
    found = list(page.evaluate(small.SERIOUS))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > small.WIDTH:
        found.append(f"scrolls sideways: {width} px ({page.evaluate(small.WIDEST)})")
    return found


def test_an_administrator_finds_a_certificate_and_revokes_it_on_a_phone(
    page, live_server, settings, axe_script
):
    settings.LMS_CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    settings.LMS_CERTIFICATE_FONT = ""
    target = issued_certificate(first_name="Henriëtte", last_name="Nienhuis-Oosterbroek")
    edition = target.enrollment.edition
    for _ in range(3):
        issued_certificate(edition)
    services.certificate_render(certificate_id=target.pk)
    client = Client()
    client.force_login(f.AdminFactory())
    page.set_viewport_size({"width": small.WIDTH, "height": 800})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(live_server.url + "/certificates/approvals/")
    page.get_by_role("link", name="Certificaatregister: alle certificaten").click()
    page.get_by_role("heading", name="4 certificaten").wait_for()
    inject_axe(page, axe_script)
    assert fits(page) == []

    page.get_by_role("searchbox", name="Zoeken").fill("nienhuis")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("heading", name="1 certificaat").wait_for()
    page.get_by_role("link", name=target.serial).click()
    page.get_by_role("heading", name=f"Certificaat {target.serial}").wait_for()
    inject_axe(page, axe_script)
    assert fits(page) == []

    page.get_by_role("textbox", name="Reden").fill("Examen niet zelf gemaakt")
    page.get_by_role("button", name="Certificaat intrekken").click()
    page.get_by_text("Het certificaat is ingetrokken.").wait_for()
    inject_axe(page, axe_script)
    assert fits(page) == []
    target.refresh_from_db()
    assert target.status == Certificate.Status.REVOKED
    assert target.revocation_reason == "Examen niet zelf gemaakt"
    assert Notification.objects.filter(
        user=target.enrollment.learner, kind="certificate_revoked"
    ).exists()
