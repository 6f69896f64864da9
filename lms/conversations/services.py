"""Sending a message and reading a conversation.

A message is one row; its conversation is created with the first one and keeps the last
message (for the inbox). The sender's own read mark moves past it. Its recipients (the
learner, or the edition's trainers) get a notice and, as they chose, an e-mail through the
outbox (`lms.notifications.services.message_new_notify`); their cached unread counts are
dropped after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.assignments import uploads
from core.uploads import MB
from courses.models import Edition, Enrollment

from ..notifications import services as notifications
from . import about, selectors
from .models import Conversation, ConversationRead, Message

MAX_BODY = 5000
ATTACHMENT_KINDS = list(uploads.KINDS)


class MessageRefused(Exception):
    """The message was not sent; the messages say why, in plain Dutch."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def forget_unread(user_ids: Iterable[int]) -> None:
    """Drop the cached unread counts of these users (after a commit that changed them)."""
    cache.delete_many([selectors.unread_cache_key(pk) for pk in set(user_ids)])


def _head(upload: File) -> bytes:
    upload.seek(0)
    head = upload.read(uploads.HEAD_BYTES)
    upload.seek(0)
    return head


def attachment_check(upload: File) -> None:
    """The checks of a hand-in (core and kind by content, name and size); MessageRefused."""
    try:
        uploads.check(
            name=upload.name,
            size=upload.size,
            head=_head(upload),
            allowed=ATTACHMENT_KINDS,
            max_bytes=settings.LMS_UPLOAD_MAX_FILE_MB * MB,
        )
    except uploads.UploadRefused as exc:
        raise MessageRefused([str(exc)]) from exc


def message_send(
    *,
    access: selectors.Access,
    body: str,
    attachment: File | None = None,
    about_kind: str = "",
    about_id: int | None = None,
    now: datetime | None = None,
) -> Message:
    """Send a message in the conversation of `access` (from `conversation_access_or_404`).
    Refused, with every reason at once: an empty message, one that is too long, an
    attachment that fails the checks of a hand-in, work that is not the learner's (or not
    released), a learner who left the course."""
    now = now or timezone.now()
    enrollment = access.enrollment
    body = (body or "").strip()
    errors: list[str] = []
    if not body and attachment is None:
        errors.append(_("Schrijf eerst je bericht, of voeg een bijlage toe."))
    if len(body) > MAX_BODY:
        errors.append(
            _("Je bericht is te lang: hoogstens %(max)d tekens. Maak het korter.")
            % {"max": MAX_BODY}
        )
    if not access.as_learner and enrollment.status not in Enrollment.SHOWN_STATUSES:
        errors.append(_("Deze cursist is uitgeschreven en kan je bericht niet meer lezen."))
    if attachment is not None:
        try:
            attachment_check(attachment)
        except MessageRefused as exc:
            errors += exc.messages
    found = None
    if about_kind:
        found = about.about_find(
            enrollment_id=enrollment.pk, kind=about_kind, item_id=about_id or 0
        )
        if found is None:
            errors.append(
                _(
                    "We kunnen niet vinden waar je op reageert. Verstuur je bericht dan zonder "
                    "verwijzing."
                )
            )
    if errors:
        raise MessageRefused(errors)
    author = access.user
    with transaction.atomic():
        conversation, _created = Conversation.objects.get_or_create(
            enrollment=enrollment, defaults={"created_at": now}
        )
        message = Message(
            conversation=conversation,
            author=author,
            by_learner=access.as_learner,
            body=body,
            created_at=now,
            about_kind=found.kind if found else "",
            about_id=found.item_id if found else None,
            about_title=found.title[:200] if found else "",
        )
        if attachment is not None:
            message.attachment.save(attachment.name, attachment, save=False)
        message.save()
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message=message, last_message_at=now, unanswered=access.as_learner
        )
        _read_up_to(conversation_id=conversation.pk, user_id=author.pk, up_to=message.pk, now=now)
        recipients = _recipients(enrollment, as_learner=access.as_learner)
        notifications.message_new_notify(
            recipients=recipients,
            item=f"conversation:{conversation.pk}/message:{message.pk}",
            data={
                "sender": selectors.person_name(author),
                "course": enrollment.edition.course.title,
                "edition": enrollment.edition.name,
                "about": message.about_title,
            },
            url=reverse("lms:conversation", args=[enrollment.pk]) + f"#message-{message.pk}",
            now=now,
        )
        transaction.on_commit(partial(forget_unread, [pk for pk, _email in recipients]))
    return message


def _recipients(enrollment: Enrollment, *, as_learner: bool) -> list[tuple[int, str]]:
    """(user key, e-mail) of whom a message goes to: the edition's trainers for a learner's
    message, the learner for a trainer's."""
    if as_learner:
        return list(
            Edition.trainers.through.objects.filter(edition_id=enrollment.edition_id)
            .order_by("user_id")
            .values_list("user_id", "user__email")
        )
    return [(enrollment.learner_id, enrollment.learner.email)]


def _read_up_to(*, conversation_id: int, user_id: int, up_to: int, now: datetime) -> None:
    moved = ConversationRead.objects.filter(
        conversation_id=conversation_id, user_id=user_id, read_up_to__lt=up_to
    ).update(read_up_to=up_to, read_at=now)
    if not moved:
        ConversationRead.objects.get_or_create(
            conversation_id=conversation_id,
            user_id=user_id,
            defaults={"read_up_to": up_to, "read_at": now},
        )


def conversation_mark_read(
    *, access: selectors.Access, conversation_id: int, up_to: int, now: datetime | None = None
) -> None:
    """The viewer has read the conversation up to message `up_to`: their unread count and
    their notices of its messages follow."""
    now = now or timezone.now()
    user_id = access.user.pk
    with transaction.atomic():
        _read_up_to(conversation_id=conversation_id, user_id=user_id, up_to=up_to, now=now)
        notifications.message_notices_mark_read(
            user_id=user_id, item_prefix=f"conversation:{conversation_id}/", now=now
        )
        transaction.on_commit(partial(forget_unread, [user_id]))
