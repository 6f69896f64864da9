"""Queueing messages, and the sender: claim, render, send, mark.

E-mail leaves through the outbox: a sender claims waiting rows with a conditional UPDATE (a
fresh claim token; a row claimed by another process is not taken), sends each over one SMTP
connection, and marks it sent. An SMTP error puts the rest of the batch back, and the task
retries with exponential backoff (the same backoff keeps the beat sweep from retrying a row
earlier). A crash between the SMTP server's "250 OK" and the "sent" mark leaves the row
claimed; after `CLAIM_TIMEOUT` the sweep sends it again *with the same Message-ID*, derived
from the row (`message_id`). We chose this (at least once to the SMTP server, with a stable
Message-ID so that a resend is recognisable as the same message and mail systems fold it)
over marking before sending, which would lose the message instead.

A message whose renderer fails is marked failed at once (rendering it again would fail
again) and the batch goes on; a message whose kind its recipient switched off is not sent,
nor one the project says is no longer true (`hooks.truth_check_set`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from core.tasks import is_transient

from . import conf, hooks, signals, tasks
from .models import Notification

logger = logging.getLogger(__name__)

SEND_BATCH = 100
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_EMAIL_ATTEMPTS = conf.MAX_EMAIL_ATTEMPTS
# Kept from the rows' time in `lms`: a row claimed before the move is resent with its ID.
MESSAGE_ID_SALT = "lms.notifications.message-id"

State = Notification.EmailState


def retry_delay(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failed try: 30 s, 1 min, 2 min … at most 1 h."""
    base = conf.get("LMS_OUTBOX_RETRY_SECONDS")
    return int(min(base * 2 ** max(attempts - 1, 0), 3600))


# --------------------------------------------------------------------------------------------
# Queueing
# --------------------------------------------------------------------------------------------


def notification_new(
    *,
    user_id: int,
    email: str,
    kind: str,
    item: str,
    about: date,
    now: datetime,
    data: dict,
    url: str,
) -> Notification:
    """An unsaved message; it is e-mailed too when the user has an address."""
    return Notification(
        user_id=user_id,
        kind=kind,
        item=item,
        about=about,
        created_at=now,
        data=data,
        url=url,
        email_state=_email_state(email),
    )


def notifications_insert(rows: list[Notification]) -> int:
    """Insert the rows that are not there yet (the unique marker decides); after commit,
    announce them (`notifications_added`) and start the sender. Returns len(rows)."""
    if not rows:
        return 0
    considered = len(rows)
    # Leave out what is already marked (cheap reruns); a concurrent insert is still caught
    # by the unique constraint.
    existing = set(
        Notification.objects.filter(
            kind__in={row.kind for row in rows}, about__in={row.about for row in rows}
        ).values_list("user_id", "kind", "item", "about")
    )
    rows = [r for r in rows if (r.user_id, r.kind, r.item, r.about) not in existing]
    if not rows:
        return considered
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        _after_commit(rows)
    return considered


def notification_queue(
    *,
    user_id: int,
    email: str,
    kind: str,
    item: str,
    about: date,
    data: dict,
    url: str,
    now: datetime | None = None,
) -> bool:
    """Queue one message unless it is there already; True when this call queued it."""
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            user_id=user_id,
            kind=kind,
            item=item,
            about=about,
            defaults={
                "created_at": now or timezone.now(),
                "data": data,
                "url": url,
                "email_state": _email_state(email),
            },
        )
        if created:
            _after_commit([notification])
    return created


def _email_state(email: str) -> str:
    """Pending for a user with an address; a user without one gets the notice only."""
    return State.PENDING if email else State.NONE


def _after_commit(rows: list[Notification]) -> None:
    user_ids = sorted({row.user_id for row in rows})
    transaction.on_commit(partial(_announce, user_ids))
    if any(row.email_state == State.PENDING for row in rows):
        transaction.on_commit(_start_sender, robust=True)


def _announce(user_ids: list[int]) -> None:
    signals.notifications_added.send(sender=Notification, user_ids=user_ids)


def _start_sender() -> None:
    tasks.outbox_send.delay()


# --------------------------------------------------------------------------------------------
# Sending
# --------------------------------------------------------------------------------------------


def message_id(notification: Notification) -> str:
    """The same Message-ID every time this row is sent, so that a resend after a crash is
    recognisable as the same message."""
    key = (
        f"{notification.pk}:{notification.user_id}:{notification.kind}:"
        f"{notification.item}:{notification.about}"
    )
    digest = salted_hmac(MESSAGE_ID_SALT, key).hexdigest()[:24]
    domain = urlsplit(getattr(settings, "LMS_BASE_URL", "")).hostname or "localhost"
    return f"<{notification.kind}.{notification.pk}.{digest}@{domain}>"


def email_for(
    notification: Notification, *, recipient: hooks.Recipient | None = None, connection=None
) -> EmailMultiAlternatives:
    """The row's e-mail, written by its kind's renderer in the recipient's language."""
    if recipient is None:
        recipient = hooks.recipients([notification.user_id])[notification.user_id]
    with translation.override(recipient.language):
        content = hooks.renderer_for(notification.kind)(notification)
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=content.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.user.email],
        connection=connection,
        headers={"Message-ID": message_id(notification), "Auto-Submitted": "auto-generated"},
    )
    if content.html:
        message.attach_alternative(content.html, "text/html")
    return message


def _claimable(now: datetime, claim_timeout: timedelta) -> Q:
    """Rows waiting to be sent: new ones, ones whose retry delay passed, and ones a sender
    claimed but never marked (it crashed) longer than `claim_timeout` ago."""
    retry = Q(email_attempts=0)
    for attempts in range(1, MAX_EMAIL_ATTEMPTS):
        retry |= Q(
            email_attempts=attempts,
            email_claimed_at__lte=now - timedelta(seconds=retry_delay(attempts)),
        )
    return (Q(email_state=State.PENDING) & retry) | Q(
        email_state=State.SENDING, email_claimed_at__lt=now - claim_timeout
    )


def outbox_claim(
    *, limit: int = SEND_BATCH, claim_timeout: timedelta = CLAIM_TIMEOUT
) -> list[Notification]:
    """Claim up to `limit` e-mails for this process (a conditional UPDATE: a row another
    process claimed first is not taken) and return them with their recipients."""
    now = timezone.now()
    waiting = _claimable(now, claim_timeout)
    ids = list(
        Notification.objects.filter(waiting).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    token = uuid.uuid4().hex
    Notification.objects.filter(waiting, pk__in=ids).update(
        email_state=State.SENDING,
        email_claimed_at=now,
        claim_token=token,
        email_attempts=F("email_attempts") + 1,
    )
    return list(
        Notification.objects.filter(claim_token=token, email_state=State.SENDING)
        .select_related("user")
        .order_by("pk")
    )


def _mark(notification: Notification, state: str, *, error: str = "") -> None:
    Notification.objects.filter(pk=notification.pk, claim_token=notification.claim_token).update(
        email_state=state,
        emailed_at=timezone.now() if state == State.SENT else None,
        claim_token="",
        last_error=error[:2000],
    )


def outbox_mark_sent(notification: Notification) -> None:
    _mark(notification, State.SENT)


def outbox_release(rows: Iterable[Notification], *, error: str) -> None:
    """Put claimed rows back (to be retried after their delay), or give up after
    MAX_EMAIL_ATTEMPTS tries."""
    for row in rows:
        state = State.FAILED if row.email_attempts >= MAX_EMAIL_ATTEMPTS else State.PENDING
        Notification.objects.filter(pk=row.pk, claim_token=row.claim_token).update(
            email_state=state, claim_token="", last_error=error[:2000]
        )


def outbox_send(
    *, limit: int = SEND_BATCH, claim_timeout: timedelta = CLAIM_TIMEOUT
) -> tuple[int, bool]:
    """Send up to `limit` waiting e-mails over one connection. Returns (sent, more_waiting).

    An SMTP or database error puts the unsent rest back and is raised, for the task to
    retry."""
    rows = outbox_claim(limit=limit, claim_timeout=claim_timeout)
    if not rows:
        return 0, False
    people = hooks.recipients({row.user_id for row in rows})
    untrue = hooks.no_longer_true(rows)
    sent = done = 0
    connection = mail.get_connection()
    try:
        connection.open()
        for row in rows:
            recipient = people[row.user_id]
            if row.kind in recipient.muted:
                _mark(row, State.NONE)
            elif row.pk in untrue:
                _mark(row, State.NONE, error="no longer true: not sent")
            elif (message := _rendered(row, recipient, connection)) is not None:
                connection.send_messages([message])
                outbox_mark_sent(row)
                sent += 1
            done += 1
    except Exception as exc:
        outbox_release(rows[done:], error=repr(exc))
        raise
    finally:
        try:
            connection.close()
        except Exception:  # a broken connection cannot be closed politely
            logger.debug("closing the SMTP connection failed", exc_info=True)
    return sent, len(rows) == limit


def _rendered(
    row: Notification, recipient: hooks.Recipient, connection
) -> EmailMultiAlternatives | None:
    """The row's e-mail, or None after marking it failed: a renderer that fails (a missing
    renderer, a broken template) would fail again, and must not hold up the rest."""
    try:
        return email_for(row, recipient=recipient, connection=connection)
    except Exception as exc:
        if is_transient(exc):
            raise
        logger.exception("outbox: cannot render message %s (%s)", row.pk, row.kind)
        _mark(row, State.FAILED, error=repr(exc))
        return None
