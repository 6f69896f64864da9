"""Announcements: a trainer posts to an edition they teach, an administrator to any edition or
every edition of a course. The learners see it on their dashboards until it expires, get one
notice each (an e-mail unless they switched those off), also when the job runs twice; an edit
shows "bijgewerkt". Every URL: trainers and administrators only, else 404."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.outbox import services as outbox
from lms.conversations import services
from lms.models import Announcement, Kind, MutedKind, Notification
from lms.notifications import services as notifications
from tests import factories as f
from tests.a11y import problems
from tests.lms.test_conversations import build_talk

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk():
    return build_talk()


def send_all() -> None:
    while outbox.outbox_send()[0]:
        pass


def post(client, **data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("lms:announcements"), data)


def test_a_trainer_posts_to_their_edition_and_every_learner_gets_it_once(client, talk):
    client.force_login(talk.trainer)
    page = client.get(reverse("lms:announcements"))
    assert page.status_code == 200 and problems(page.content.decode()) == []
    assert f'value="edition:{talk.other_edition.pk}"' not in page.content.decode()
    assert 'value="course:' not in page.content.decode()  # whole courses: administrators only
    response = post(
        client,
        target=f"edition:{talk.edition.pk}",
        title="Lokaal verplaatst",
        body="We zitten **in zaal 3**. <script>alert(1)</script>",
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.edition == talk.edition and announcement.author == talk.trainer
    # The post ran the job once; two beats more change nothing.
    for _beat in range(2):
        notifications.announcements_notify_run()
    send_all()
    notices = Notification.objects.filter(kind=Kind.ANNOUNCEMENT)
    assert sorted(notices.values_list("user_id", flat=True)) == sorted(
        [talk.learner.pk, talk.neighbour.learner.pk]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [talk.learner.email, talk.neighbour.learner.email]
    )
    assert mail.outbox[0].subject == "Mededeling: Lokaal verplaatst"
    client.force_login(talk.learner)
    html = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert problems(html) == []
    assert f'id="announcement-{announcement.pk}"' in html
    assert "<strong>in zaal 3</strong>" in html and "<script>alert(1)" not in html
    client.force_login(talk.stranger.learner)
    assert "Lokaal verplaatst" not in client.get(reverse("lms:learner_dashboard")).content.decode()


def test_a_learner_who_switched_announcements_off_sees_it_but_gets_no_mail(client, talk):
    MutedKind.objects.create(user=talk.learner, kind=Kind.ANNOUNCEMENT)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.announcement_post(
            author=talk.trainer, title="Let op", body="Tekst", edition=talk.edition
        )
    send_all()
    assert [m.to[0] for m in mail.outbox] == [talk.neighbour.learner.email]
    assert Notification.objects.filter(user=talk.learner, kind=Kind.ANNOUNCEMENT).exists()


def test_an_administrator_posts_to_every_edition_of_a_course(client, talk):
    client.force_login(f.AdminFactory())
    course = talk.edition.course
    response = post(
        client, target=f"course:{course.pk}", title="Nieuwe examendata", body="Zie het rooster."
    )
    assert response.status_code == 302
    reached = set(
        Notification.objects.filter(kind=Kind.ANNOUNCEMENT).values_list("user_id", flat=True)
    )
    assert reached == {talk.learner.pk, talk.neighbour.learner.pk, talk.stranger.learner.pk}


def test_an_expired_announcement_leaves_the_dashboard_and_an_edit_says_bijgewerkt(client, talk):
    with TestCase.captureOnCommitCallbacks(execute=True):
        announcement = services.announcement_post(
            author=talk.trainer,
            title="Tot morgen",
            body="Tekst",
            edition=talk.edition,
            expires_on=timezone.localdate(),
        )
    client.force_login(talk.trainer)
    edit = reverse("lms:announcement_edit", args=[announcement.pk])
    page = client.get(edit)
    assert page.status_code == 200 and problems(page.content.decode()) == []
    response = client.post(edit, {"title": "Tot morgen!", "body": "Nieuwe tekst", "expires_on": ""})
    assert response.status_code == 302
    client.force_login(talk.learner)
    html = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert "Tot morgen!" in html and "bijgewerkt" in html
    # Edited: no second notice.
    assert Notification.objects.filter(user=talk.learner, kind=Kind.ANNOUNCEMENT).count() == 1
    announcement.refresh_from_db()
    services.announcement_edit(
        announcement=announcement,
        title=announcement.title,
        body=announcement.body,
        expires_on=timezone.localdate(),
    )
    assert "Tot morgen!" in client.get(reverse("lms:learner_dashboard")).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=1)):
        assert "Tot morgen!" not in client.get(reverse("lms:learner_dashboard")).content.decode()
    notifications.announcements_notify_run()
    assert Notification.objects.filter(kind=Kind.ANNOUNCEMENT).count() == 2


def test_a_past_expiry_and_another_editions_target_are_refused(client, talk):
    client.force_login(talk.trainer)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = post(
        client, target=f"edition:{talk.edition.pk}", title="X", body="Y", expires_on=yesterday
    )
    assert response.status_code == 400
    response = post(client, target=f"edition:{talk.other_edition.pk}", title="X", body="Y")
    assert response.status_code == 400
    response = post(client, target=f"course:{talk.edition.course_id}", title="X", body="Y")
    assert response.status_code == 400
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    ("who", "page", "edit"),
    [
        ("trainer", 200, 200),
        ("administrator", 200, 200),
        ("other_trainer", 200, 404),
        ("learner", 404, 404),
    ],
)
def test_who_may_post_and_edit(client, talk, who, page, edit):
    announcement = services.announcement_post(
        author=talk.trainer, title="Hallo", body="Tekst", edition=talk.edition
    )
    people = {
        "trainer": talk.trainer,
        "administrator": f.AdminFactory(),
        "other_trainer": talk.other_trainer,
        "learner": talk.learner,
    }
    client.force_login(people[who])
    assert client.get(reverse("lms:announcements")).status_code == page
    url = reverse("lms:announcement_edit", args=[announcement.pk])
    assert client.get(url).status_code == edit
    client.post(url, {"title": f"Door {who}", "body": "Tekst"})
    assert Announcement.objects.filter(title=f"Door {who}").exists() == (edit == 200)


def test_anonymous_visitors_are_sent_to_the_login_page(client, talk):
    announcement = services.announcement_post(
        author=talk.trainer, title="Hallo", body="Tekst", edition=talk.edition
    )
    for url in (
        reverse("lms:announcements"),
        reverse("lms:announcement_edit", args=[announcement.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_dashboard_reads_the_same_queries_for_5_or_50_announcements(client, talk):
    def count(n: int) -> int:
        Announcement.objects.all().delete()
        for i in range(n):
            services.announcement_post(
                author=talk.trainer, title=f"Nummer {i}", body="Tekst", edition=talk.edition
            )
        client.force_login(talk.learner)
        client.get(reverse("lms:learner_dashboard"))
        from_page = client.get(reverse("lms:announcements"))
        assert from_page.status_code == 404
        client.force_login(talk.trainer)
        client.get(reverse("lms:announcements"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("lms:announcements"))
        return len(queries)

    assert count(5) == count(50)
