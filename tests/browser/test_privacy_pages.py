"""The privacy statement and the settings page with "Download je gegevens", on a 390 px phone
in Chromium: no sideways scrolling, axe-core finds nothing serious; the download gives a zip."""

import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from tests import factories as f
from tests.browser import test_small_screens as small
from tests.lms.privacy_helpers import login

axe_script = small.axe_script  # the session fixture that installs axe-core

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_privacy_statement_and_download_section_fit_a_phone(page, live_server, axe_script):
    client = Client()
    login(client, f.UserFactory(first_name="Fleur"))
    urls = ["/privacy/", "/settings/notifications/"]
    assert small.problems_at_390(page, live_server, client, urls, axe_script) == {}


def test_a_learner_downloads_their_data_from_the_settings_page(page, live_server):
    client = Client()
    login(client, f.UserFactory(first_name="Fleur", email="fleur@gemeente.nl"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/privacy/")
    page.get_by_role("link", name="Privacyverklaring").click()  # the footer's link
    page.goto(live_server.url + "/settings/notifications/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download je gegevens").click()
    download = info.value
    assert download.suggested_filename.startswith("mijn-gegevens-")
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as archive:
        assert "README.txt" in archive.namelist()
        assert b"fleur@gemeente.nl" in archive.read("profiel.json")
