"""The calendar link is reachable from the header menu (next to the notification settings),
and its page offers the link to copy and to open in a calendar app (webcal://)."""

import pytest
from django.urls import reverse

from lms import calendar
from tests import factories as f
from tests.a11y import problems

pytestmark = pytest.mark.django_db


def test_the_header_menu_leads_to_the_calendar_and_the_notification_settings(client):
    learner = f.EnrollmentFactory().learner
    client.force_login(learner)
    page = client.get(reverse("lms:learner_dashboard")).content.decode()
    menu = page.split('id="site-menu"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{reverse("lms:calendar")}">Agenda</a>' in menu
    assert f'<a href="{reverse("lms:notification_preferences")}">Instellingen</a>' in menu
    here = client.get(reverse("lms:calendar")).content.decode()
    assert f'<a href="{reverse("lms:calendar")}" aria-current="page">Agenda</a>' in here


def test_the_calendar_page_offers_copy_and_a_webcal_link(client, settings):
    settings.LMS_BASE_URL = "http://127.0.0.1:8123"
    learner = f.EnrollmentFactory().learner
    client.force_login(learner)
    client.post(reverse("lms:calendar"), {"action": "new"})
    token = calendar.calendar_token_for(learner)
    feed = reverse("lms:calendar_feed", args=[token])
    page = client.get(reverse("lms:calendar")).content.decode()
    assert f'value="http://127.0.0.1:8123{feed}"' in page
    assert f'href="webcal://127.0.0.1:8123{feed}"' in page
    assert 'data-copy="feed-url"' in page and "js/copy.js" in page
    assert problems(page) == []
