"""The notices page, the unread count in the (cached) header, preferences: who sees what."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.outbox import services as outbox
from lms.models import Kind, MutedKind, Notification, Profile
from tests import factories as f
from tests.a11y import problems

pytestmark = pytest.mark.django_db


def notice(user, n: int, kind=Kind.FEEDBACK):
    now = timezone.now()
    return outbox.notifications_insert(
        [
            outbox.notification_new(
                user_id=user.pk,
                email="",
                kind=kind,
                item=f"submission:{user.pk}{i}",
                about=now.date(),
                now=now,
                data={"lesson": f"Opdracht {i}", "course": "Cursus"},
                url=reverse("lms:learner_dashboard"),
            )
            for i in range(n)
        ]
    )


def badge(html: str) -> str | None:
    found = re.search(r'<span class="badge"[^>]*>(\d+)</span>', html)
    return found.group(1) if found else None


def test_the_header_shows_each_user_their_own_unread_count(
    client, django_capture_on_commit_callbacks
):
    ayla, bram = f.UserFactory(), f.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notice(ayla, 3)
    client.force_login(ayla)
    assert badge(client.get(reverse("lms:notices")).content.decode()) == "3"
    client.force_login(bram)  # same role, same cached header HTML
    assert badge(client.get(reverse("lms:notices")).content.decode()) is None


def test_marking_read_updates_the_cached_count_at_once(client, django_capture_on_commit_callbacks):
    ayla = f.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notice(ayla, 2)
    client.force_login(ayla)
    assert badge(client.get(reverse("lms:notices")).content.decode()) == "2"
    first = Notification.objects.filter(user=ayla).first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("lms:notice_read", args=[first.pk]))
    assert badge(client.get(reverse("lms:notices")).content.decode()) == "1"
    with django_capture_on_commit_callbacks(execute=True):
        notice(ayla, 1, kind=Kind.CERTIFICATE)
    assert badge(client.get(reverse("lms:notices")).content.decode()) == "2"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("lms:notices_read_all"))
    assert badge(client.get(reverse("lms:notices")).content.decode()) is None


def test_a_user_sees_and_marks_only_their_own_notices(client):
    ayla, bram = f.UserFactory(), f.UserFactory()
    notice(ayla, 1)
    theirs = Notification.objects.get(user=ayla)
    client.force_login(bram)
    assert "Opdracht 0" not in client.get(reverse("lms:notices")).content.decode()
    assert client.post(reverse("lms:notice_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_pages_need_a_login(client):
    for name in ("lms:notices", "lms:notification_preferences", "lms:calendar"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_notices_page_is_accessible_and_bounded(client, django_assert_max_num_queries):
    ayla = f.UserFactory()
    notice(ayla, 30)
    client.force_login(ayla)
    client.get(reverse("lms:notices"))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("lms:notices"))
    html = response.content.decode()
    assert "Opdracht 29" in html
    assert problems(html) == []


def test_preferences_save_language_and_switched_off_kinds(client):
    ayla = f.UserFactory()
    client.force_login(ayla)
    page = client.get(reverse("lms:notification_preferences")).content.decode()
    assert problems(page) == []
    assert "Gewijzigde datums" in page  # shown as always on
    always = {
        Kind.SCHEDULE_CHANGED,
        Kind.CERTIFICATE,
        Kind.INVITATION,
        Kind.CERTIFICATE_REVOKED,
        Kind.SIGNUP,
    }
    wanted = [k for k in Kind.values if k not in always | {Kind.DUE_SOON}]
    response = client.post(
        reverse("lms:notification_preferences"), {"language": "en", "wanted": wanted}
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=ayla).language == "en"
    assert set(MutedKind.objects.filter(user=ayla).values_list("kind", flat=True)) == {
        Kind.DUE_SOON
    }
    wanted = [k for k in Kind.values if k not in always]
    client.post(reverse("lms:notification_preferences"), {"language": "nl", "wanted": wanted})
    assert not MutedKind.objects.filter(user=ayla).exists()


def test_a_cold_menu_takes_one_query_for_roles_and_unread_count(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from django.core.cache import cache

    from lms.selectors import menu_state

    trainer = f.UserFactory()
    f.EditionFactory().trainers.add(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        notice(trainer, 4)
    cache.clear()
    with django_assert_num_queries(1):
        state = menu_state(trainer)
    assert (state.learns, state.teaches, state.unread) == (False, True, 4)
    with django_assert_num_queries(0):
        assert menu_state(trainer) == state
    client.force_login(trainer)
    cache.clear()
    html = client.get(reverse("lms:notices")).content.decode()
    assert badge(html) == "4" and "Mijn edities" in html and "Mijn leeromgeving" not in html
