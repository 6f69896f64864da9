"""An administrator issues certificates by ticking learners and clicking: nothing else typed
(the reject reason, required in the page, must not stand in the way)."""

import pytest
from django.contrib.auth import SESSION_KEY

from certificates.models import Certificate
from tests import factories as f
from tests.certificates.conftest import TEST_SIGNING_KEY
from tests.certificates.factories import pending_certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approvals_page(page, live_server, client, settings):
    settings.LMS_CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    settings.LMS_CERTIFICATE_FONT = ""
    first = pending_certificate()
    edition = first.enrollment.edition
    others = [pending_certificate(edition) for _ in range(2)]
    client.force_login(f.AdminFactory())
    assert client.session[SESSION_KEY]
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/certificates/approvals/{edition.pk}/")
    return page, [first, *others]


def status(certificate) -> str:
    return Certificate.objects.get(pk=certificate.pk).status


def test_ticking_two_learners_and_clicking_issues_their_certificates(approvals_page):
    page, (first, second, third) = approvals_page
    page.get_by_label(first.name).check()
    page.get_by_label(second.name).check()
    page.get_by_role("button", name="Geselecteerde certificaten uitgeven").click()
    page.get_by_text("2 certificaten uitgegeven.").wait_for()
    assert [status(c) for c in (first, second, third)] == ["issued", "issued", "pending"]


def test_select_everyone_then_one_click_issues_all(approvals_page):
    page, certificates = approvals_page
    page.get_by_label("Selecteer iedereen").check()
    page.get_by_role("button", name="Geselecteerde certificaten uitgeven").click()
    page.get_by_text("3 certificaten uitgegeven.").wait_for()
    assert {status(c) for c in certificates} == {"issued"}


def test_rejecting_asks_for_a_reason_first(approvals_page):
    page, (first, *_rest) = approvals_page
    page.get_by_label(first.name).check()
    page.get_by_role("button", name="Geselecteerde aanvragen afwijzen").click()
    assert page.locator("textarea[name=reason]").evaluate("box => !box.validity.valid")
    assert status(first) == "pending"
    page.locator("textarea[name=reason]").fill("Factuur nog niet betaald")
    page.get_by_role("button", name="Geselecteerde aanvragen afwijzen").click()
    page.get_by_text("1 aanvraag afgewezen.").wait_for()
    assert status(first) == "rejected"
