"""A contact person of a gemeente on a 390 px phone (and the administrator's invoicing): logs in, sees their employees (progress,
attendance, result, certificate link), asks for last period's report, waits for it and
downloads both files. No sideways scrolling, axe-core finds nothing serious."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from courses.models import EnrollmentInvoice
from lms.reports import services
from lms.reports.models import Report
from tests import factories as f
from tests.browser import test_small_screens as small
from tests.browser.helpers import inject_axe
from tests.certificates.conftest import TEST_SIGNING_KEY
from tests.lms.organisation_helpers import a_report, organisation_with_employees

axe_script = small.axe_script  # the session fixture that installs axe-core

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-lang-wachtwoord-voor-petra"


def fits(page, axe) -> list[str]:
    inject_axe(page, axe)
    found = list(page.evaluate(small.SERIOUS))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > small.WIDTH:
        found.append(f"scrolls sideways: {width} px ({page.evaluate(small.WIDEST)})")
    return found


def test_a_contact_person_sees_their_employees_and_downloads_the_report_on_a_phone(
    page, live_server, settings, axe_script, tmp_path
):
    settings.LMS_CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    settings.LMS_CERTIFICATE_FONT = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    employer = organisation_with_employees()
    employer.contact.username = "petra"
    employer.contact.set_password(PASSWORD)
    employer.contact.save()
    page.set_viewport_size({"width": small.WIDTH, "height": 844})

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("petra")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Gemeente Zwolle", level=1).wait_for()
    page.get_by_role("heading", name="Henriëtte Nienhuis").wait_for()
    assert page.get_by_text("1 van 2 lessen klaar").count() >= 1
    assert (
        page.get_by_role(
            "link", name="echtheid van het certificaat van Henriëtte Nienhuis controleren"
        ).count()
        == 1
    )
    assert fits(page, axe_script) == []

    sessions = employer.edition.sessions.order_by("date")
    page.locator("#id_start").fill((sessions.first().date - dt.timedelta(days=1)).isoformat())
    page.locator("#id_end").fill(sessions.last().date.isoformat())
    page.get_by_role("button", name="Rapport maken").click()
    page.get_by_role("heading", name="Rapport Gemeente Zwolle").wait_for()
    page.get_by_role("link", name="Download het Excel-bestand (XLSX)").wait_for()
    assert fits(page, axe_script) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download het Excel-bestand (XLSX)").click()
    workbook = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    names = {row[0] for row in workbook["Medewerkers"].iter_rows(min_row=2, values_only=True)}
    assert names == {"Henriëtte Nienhuis", "Bram Bezig"}
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download de samenvatting (pdf)").click()
    assert download_info.value.path().read_bytes().startswith(b"%PDF")
    assert Report.objects.get().requested_by == employer.contact


def test_the_report_page_follows_a_large_report_and_shows_it_when_it_is_done(
    page, live_server, settings, axe_script, tmp_path
):
    settings.LMS_CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    settings.MEDIA_ROOT = tmp_path / "media"
    employer = organisation_with_employees()
    report = a_report(employer, status=Report.Status.RUNNING, done=30, total=100)
    client = Client()
    client.force_login(employer.contact)
    page.set_viewport_size({"width": small.WIDTH, "height": 844})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + f"/reports/{report.pk}/")
    page.get_by_text("30% · wordt gemaakt").wait_for()
    assert fits(page, axe_script) == []
    Report.objects.filter(pk=report.pk).update(done=70)
    page.get_by_text("70% · wordt gemaakt").wait_for()
    assert page.locator("#report-bar").evaluate("bar => bar.value") == 70
    Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED)
    services.report_build(report_id=report.pk)  # the page reloads itself when it is done
    page.get_by_role("link", name="Download het Excel-bestand (XLSX)").wait_for()


def test_an_administrator_marks_enrolments_invoiced_on_a_phone(
    page, live_server, settings, axe_script
):
    settings.LMS_CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    employer = organisation_with_employees()
    client = Client()
    client.force_login(f.AdminFactory())
    page.set_viewport_size({"width": small.WIDTH, "height": 844})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    first_day = employer.edition.sessions.order_by("date").first().date
    page.goto(
        live_server.url
        + f"/teach/invoicing/?organisation={employer.organisation.pk}"
        + f"&start={first_day.isoformat()}&end={first_day.isoformat()}"
    )
    page.get_by_role("heading", name="2 inschrijvingen").wait_for()
    assert fits(page, axe_script) == []
    page.get_by_label("Alle inschrijvingen kiezen").check()
    page.get_by_label("Nieuwe factuurstatus").select_option("invoiced")
    page.get_by_label("Factuurnummer").fill("F2026-0042")
    page.get_by_label("Factuurdatum").fill(first_day.isoformat())
    page.get_by_role("button", name="Status opslaan").click()
    page.get_by_text("De factuurstatus van 2 inschrijvingen is bijgewerkt.").wait_for()
    assert fits(page, axe_script) == []
    assert sorted(EnrollmentInvoice.objects.values_list("number", flat=True)) == ["F2026-0042"] * 2
