"""The outbox below every app: a message is queued once, written by its kind's renderer in
the recipient's language, not sent when its kind is switched off, and a renderer that fails
holds up nothing else. The move of lms's table loses no row."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from core.outbox import hooks
from core.outbox import services as outbox
from core.outbox.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db

KIND = "test_plain"
BROKEN = "test_broken"


def plain(notification: Notification) -> hooks.Email:
    return hooks.Email(
        subject=f"{translation.get_language()}: {notification.data['text']}",
        text=notification.data["text"],
    )


def broken(notification: Notification) -> hooks.Email:
    raise KeyError("a template variable")


@pytest.fixture(autouse=True)
def renderers():
    hooks.renderer_register([KIND], plain)
    hooks.renderer_register([BROKEN], broken)
    yield
    for kind in (KIND, BROKEN):
        hooks._renderers.pop(kind, None)


def queue(user, *, kind=KIND, item="thing:1", text="Hallo") -> bool:
    return outbox.notification_queue(
        user_id=user.pk,
        email=user.email,
        kind=kind,
        item=item,
        about=timezone.localdate(),
        data={"text": text},
        url="/",
    )


def test_a_message_is_queued_once():
    user = f.UserFactory()
    assert queue(user) is True
    assert queue(user) is False
    assert Notification.objects.get().email_state == Notification.EmailState.PENDING
    assert outbox.outbox_send() == (1, False)
    assert mail.outbox[0].subject == "nl: Hallo"


def test_the_recipient_policy_chooses_the_language_and_leaves_out_muted_kinds():
    english, muted, dutch = f.UserFactory(), f.UserFactory(), f.UserFactory()
    policy = {
        english.pk: hooks.Recipient(language="en"),
        muted.pk: hooks.Recipient(language="nl", muted=frozenset({KIND})),
    }
    saved = hooks._policy[:]
    hooks.recipient_policy_set(lambda user_ids: {pk: policy[pk] for pk in user_ids if pk in policy})
    try:
        for user in (english, muted, dutch):
            queue(user)
        assert outbox.outbox_send() == (2, False)
    finally:
        hooks._policy[:] = saved
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [(english.email, "en: Hallo"), (dutch.email, "nl: Hallo")]
    )
    skipped = Notification.objects.get(user=muted)
    assert skipped.email_state == Notification.EmailState.NONE


def test_a_message_whose_renderer_fails_is_marked_failed_and_the_rest_is_sent():
    user = f.UserFactory()
    queue(user, kind=BROKEN, item="thing:1")
    queue(user, item="thing:2")
    queue(user, kind="nobody_renders_this", item="thing:3")
    assert outbox.outbox_send() == (1, False)
    states = dict(Notification.objects.values_list("kind", "email_state"))
    assert states == {BROKEN: "failed", KIND: "sent", "nobody_renders_this": "failed"}
    assert "a template variable" in Notification.objects.get(kind=BROKEN).last_error
    assert outbox.outbox_send() == (0, False)  # not tried again


def test_a_user_without_an_address_gets_the_notice_without_an_email():
    user = f.UserFactory(email="")
    assert queue(user) is True
    assert Notification.objects.get().email_state == Notification.EmailState.NONE
    assert outbox.outbox_send() == (0, False)


def test_the_message_id_is_the_same_on_every_send_and_differs_per_message():
    user = f.UserFactory()
    queue(user, item="thing:1")
    queue(user, item="thing:2")
    first, second = Notification.objects.order_by("pk")
    assert outbox.message_id(first) == outbox.message_id(Notification.objects.get(pk=first.pk))
    assert outbox.message_id(first) != outbox.message_id(second)
    assert outbox.message_id(first).endswith("@127.0.0.1>")


def test_a_kind_has_one_renderer():
    with pytest.raises(ImproperlyConfigured):
        hooks.renderer_register([KIND], broken)


@pytest.mark.django_db(transaction=True)
def test_moving_lms_notifications_to_the_outbox_keeps_every_row():
    """Back to before the move, a row in lms's table, forward again: the same row, now the
    outbox's, and its content type moved along."""
    user = f.UserFactory()
    executor = MigrationExecutor(connection)
    before = [("lms", "0001_notifications_profiles"), ("outbox", None)]
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        tables = connection.introspection.table_names()
        assert "lms_notification" in tables and "outbox_notification" not in tables
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO lms_notification (user_id, kind, item, about, created_at, data,"
                " url, email_state, email_attempts, claim_token, last_error)"
                " VALUES (%s, 'due_soon', 'enrollment:1/lesson:2', %s, %s, %s, '/x',"
                " 'pending', 0, '', '')",
                [user.pk, dt.date(2031, 3, 3), timezone.now(), '{"lesson": "Les 1"}'],
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    tables = connection.introspection.table_names()
    assert "outbox_notification" in tables and "lms_notification" not in tables
    ContentType.objects.clear_cache()
    assert ContentType.objects.filter(app_label="outbox", model="notification").exists()
    assert not ContentType.objects.filter(app_label="lms", model="notification").exists()
    moved = Notification.objects.get()
    assert (moved.user_id, moved.kind, moved.data) == (user.pk, "due_soon", {"lesson": "Les 1"})
    assert moved.email_state == Notification.EmailState.PENDING
