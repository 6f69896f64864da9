"""The site header is rendered once per language, role and page and then reused: what it
is rendered from must hold nothing of the person who happened to ask first."""

import copy

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from lms.templatetags import lms_tags
from tests import factories as f

pytestmark = pytest.mark.django_db

# A project's header that (carelessly) greets the user: it must not greet the wrong one.
NOSY_HEADER = (
    '<header id="nosy">[{{ user.username }}|{{ request.user.username }}|{{ user.email }}|'
    "{{ nav.learns }}|{{ current_url_name }}]</header>"
)


@pytest.fixture
def nosy_header():
    templates = copy.deepcopy(settings.TEMPLATES)
    options = templates[0]["OPTIONS"]
    options["loaders"] = [
        ("django.template.loaders.locmem.Loader", {"partials/site_header.html": NOSY_HEADER}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    templates[0]["APP_DIRS"] = False
    lms_tags._HEADERS.clear()
    with override_settings(TEMPLATES=templates):
        yield
    lms_tags._HEADERS.clear()


def test_the_cached_header_shows_no_user_value_to_another_user(client, nosy_header):
    anna = f.UserFactory(username="anna.devries", email="anna@zwolle.example")
    bram = f.UserFactory(username="bram.jansen", email="bram@deventer.example")
    url = reverse("lms:notices")

    client.force_login(anna)
    first = client.get(url).content.decode()
    client.force_login(bram)
    second = client.get(url).content.decode()

    assert "anna.devries" not in second
    assert "anna@zwolle.example" not in second
    assert '<header id="nosy">[|||False|notices]</header>' in first
    assert '<header id="nosy">[|||False|notices]</header>' in second


def test_the_header_still_marks_the_current_page_and_the_users_roles(client):
    lms_tags._HEADERS.clear()
    learner = f.EnrollmentFactory().learner
    client.force_login(learner)
    html = client.get(reverse("lms:notices")).content.decode()
    header = html.split("</header>")[0]
    assert f'href="{reverse("lms:learner_dashboard")}"' in header
    assert f'href="{reverse("lms:notices")}" aria-current="page"' in header
    assert f'href="{reverse("courses:trainer_editions")}"' not in header
