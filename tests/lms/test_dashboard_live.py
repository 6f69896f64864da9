"""The dashboard's live part (coaching moments, announcements, evaluations) comes from a cached
fragment, yet a trainer's change shows at the learner's next visit, and a moment that is over
or an announcement that expired leaves it when its time passes."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from lms.conversations import services
from tests.lms.test_coaching import local, move, plan
from tests.lms.test_conversations import build_talk

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk():
    return build_talk()


def dashboard(client) -> str:
    return client.get(reverse("lms:learner_dashboard")).content.decode()


def test_a_planned_moved_or_cancelled_moment_shows_at_the_next_visit(client, talk):
    client.force_login(talk.learner)
    assert "Je coachingsgesprekken" not in dashboard(client)  # the fragment is now cached
    moment = plan(talk, days=3, hour=10, topic="Je klantgesprek van dinsdag")
    assert "Je klantgesprek van dinsdag" in dashboard(client)
    move(moment, days=4, hour=15)
    html = dashboard(client)
    assert "15:00" in html and "10:00" not in html
    moment.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.coaching_moment_cancel(moment=moment)
    assert "Je klantgesprek van dinsdag" not in dashboard(client)


def test_a_moment_leaves_the_dashboard_once_it_is_over(client, talk):
    plan(talk, days=0, hour=23, topic="Laat gesprek")
    client.force_login(talk.learner)
    assert "Laat gesprek" in dashboard(client)
    after = local(1, 0, 30)  # the moment ended at 23:45, the cached fragment said until then
    with mock.patch("django.utils.timezone.now", return_value=after):
        assert "Laat gesprek" not in dashboard(client)


def test_an_announcement_shows_at_once_and_leaves_the_day_after_its_expiry(client, talk):
    client.force_login(talk.learner)
    assert "Mededelingen" not in dashboard(client)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.announcement_post(
            author=talk.trainer,
            title="Zaal 3",
            body="We zitten in zaal 3.",
            edition=talk.edition,
            expires_on=timezone.localdate(),
        )
    assert "Zaal 3" in dashboard(client)
    tomorrow = timezone.now() + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        assert "Zaal 3" not in dashboard(client)
    # Another edition's learner never sees it.
    client.force_login(talk.stranger.learner)
    assert "Zaal 3" not in dashboard(client)
