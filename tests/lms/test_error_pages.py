"""Error pages in the site's own look and the visitor's language, with a way back; under
production settings never Django's technical pages."""

import pytest
from django.urls import reverse

from tests.lms.production import collect_static, production_get

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("production")
    collect_static(var_dir)
    return var_dir


def test_production_pages_for_an_unknown_page_and_a_failure_are_our_own(production):
    not_found, failed = production_get(production, "/bestaat-niet/", "/verify/ABCD-1234/")

    assert not_found["status"] == 404
    assert "Deze pagina bestaat niet" in not_found["body"]
    assert 'href="/"' in not_found["body"] and "Naar je leeromgeving" in not_found["body"]
    assert "/static/css/site." in not_found["body"]  # the site's own look
    assert failed["status"] == 500
    assert "Er ging iets mis" in failed["body"]
    assert "Traceback" not in failed["body"] and "OperationalError" not in failed["body"]
    for page in (not_found, failed):
        assert "frame-ancestors 'none'" in page["headers"]["Content-Security-Policy"]


def test_error_pages_speak_the_visitors_language(client, settings):
    settings.DEBUG = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/does-not-exist/").content.decode()
    assert "This page does not exist" in page


def test_a_forbidden_post_without_its_token_explains_what_to_do(settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Probeer het nog een keer" in response.content.decode()


def test_an_unknown_certificate_code_says_so_in_plain_words(client):
    response = client.get(reverse("certificates:verify", args=["BESTAAT-NIET"]))
    assert response.status_code == 404
    assert "Dit certificaat bestaat niet" in response.content.decode()


def test_the_site_has_a_favicon(client):
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
