"""Invitations: how a person who was enrolled without a password gets in.

An administrator enrols people who have no account yet (the CSV import, the admin, an
accepted sign-up). Their account has no usable password, and Django's "Wachtwoord vergeten"
skips such accounts on purpose, so they get an invitation instead: an e-mail in their
language with the course, their edition, the first classroom day, and a link to choose a
password. The link

- holds the invitation's id and an HMAC of its secret nonce under the SECRET_KEY: the
  database alone gives no working link, and no link can be guessed;
- works for `INVITATION_DAYS` days, once: it stops working when it was used, and as soon as
  the person has a password (chosen through any link or set by an administrator);
- when expired, says so and offers a new one by e-mail, to the address on the account.

The e-mail goes through the one outbox (`core.outbox`): sent once, retried, with a stable
Message-ID, in the recipient's language; the kind cannot be switched off.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from core.outbox import hooks as outbox
from core.outbox import services as outbox_services

from . import conf
from .models import ClassroomSession, Enrollment, Invitation

INVITATION_DAYS = 14
EMAIL_KIND = "invitation"
_SALT = "courses.invitation"


def token(invitation_id: int, nonce: str) -> str:
    return salted_hmac(_SALT, f"{invitation_id}:{nonce}").hexdigest()[:40]


def link_path(invitation: Invitation) -> str:
    return reverse(
        "courses:invitation", args=[invitation.pk, token(invitation.pk, invitation.nonce)]
    )


def needs_invitation(user) -> bool:
    """Whether this person cannot log in yet: active, with an address, without a password."""
    return bool(user.is_active and user.email and not user.has_usable_password())


# --- writing ----------------------------------------------------------------------------------


RESEND_PAUSE = timedelta(minutes=10)
"""A link asked for by the person (an expired link, "Wachtwoord vergeten") is not sent again
within this time of the last one: a stranger holding an old link cannot flood a mailbox."""


def invitation_send(
    *,
    user,
    enrollment: Enrollment | None = None,
    by=None,
    now: datetime | None = None,
    pause: timedelta | None = None,
) -> Invitation | None:
    """Invite a person without a password (None, and nothing sent, for anyone else). The
    e-mail names `enrollment`'s course, or the person's latest enrolment's. With `pause`,
    nothing is sent when the last invitation is younger than that."""
    if not needs_invitation(user):
        return None
    now = now or timezone.now()
    if pause and Invitation.objects.filter(user=user, created_at__gt=now - pause).exists():
        return None
    if enrollment is None:
        enrollment = (
            Enrollment.objects.filter(learner=user, status__in=Enrollment.SHOWN_STATUSES)
            .select_related("edition__course")
            .order_by("-enrolled_at", "-pk")
            .first()
        )
    with transaction.atomic():
        invitation = Invitation.objects.create(
            user=user,
            enrollment=enrollment,
            created_at=now,
            expires_at=now + timedelta(days=INVITATION_DAYS),
            created_by=by,
        )
        outbox_services.notification_queue(
            user_id=user.pk,
            email=user.email,
            kind=EMAIL_KIND,
            item=f"invitation:{invitation.pk}",
            about=timezone.localdate(now),
            data=_email_data(invitation, enrollment),
            url=conf.learner_home_url(),
            now=now,
        )
    return invitation


def invitations_send(*, enrollment_ids: Iterable[int], by=None) -> int:
    """Invite the learners of these enrolments who cannot log in yet; how many were invited."""
    enrollments = Enrollment.objects.filter(pk__in=list(enrollment_ids)).select_related(
        "learner", "edition__course"
    )
    sent = 0
    for enrollment in enrollments.order_by("pk"):
        sent += invitation_send(user=enrollment.learner, enrollment=enrollment, by=by) is not None
    return sent


def invitation_accept(*, invitation: Invitation, now: datetime | None = None) -> None:
    """Mark the link used (the caller saved the password in the same transaction)."""
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=now or timezone.now()
    )


def _email_data(invitation: Invitation, enrollment: Enrollment | None) -> dict:
    data = {
        "invitation": invitation.pk,
        "nonce": invitation.nonce,
        "expires_at": invitation.expires_at.isoformat(),
    }
    if enrollment is None:
        return data
    edition = enrollment.edition
    first = ClassroomSession.objects.filter(edition=edition).order_by("date", "start_time").first()
    data.update(course=edition.course.title, edition=edition.name)
    if first is not None:
        data.update(
            first_day=first.starts_at.isoformat(),
            first_day_end=first.ends_at.isoformat(),
            location=first.location,
        )
    return data


# --- reading ----------------------------------------------------------------------------------


class LinkState(enum.Enum):
    VALID = "valid"
    USED = "used"  # used, or the person has a password by now
    EXPIRED = "expired"


@dataclass(frozen=True)
class FoundLink:
    invitation: Invitation
    state: LinkState


def invitation_find(
    *, invitation_id: int, given_token: str, now: datetime | None = None
) -> FoundLink | None:
    """The invitation a link points to and whether it still works; None for a link that is
    not ours (unknown id or wrong token: the same answer, nothing to learn from it)."""
    invitation = (
        Invitation.objects.select_related("user", "enrollment__edition__course")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not constant_time_compare(
        token(invitation.pk, invitation.nonce), given_token
    ):
        return None
    if invitation.accepted_at is not None or not needs_invitation(invitation.user):
        return FoundLink(invitation, LinkState.USED)
    if (now or timezone.now()) >= invitation.expires_at:
        return FoundLink(invitation, LinkState.EXPIRED)
    return FoundLink(invitation, LinkState.VALID)


def open_invitations(users: Iterable) -> dict[int, Invitation]:
    """user id: their latest invitation, for people who have not chosen a password yet."""
    ids = [user.pk for user in users]
    latest: dict[int, Invitation] = {}
    for invitation in Invitation.objects.filter(user_id__in=ids, accepted_at__isnull=True):
        latest.setdefault(invitation.user_id, invitation)  # newest first (Meta.ordering)
    return latest


# --- the e-mail -------------------------------------------------------------------------------


def email_content(notification) -> outbox.Email:
    """The outbox's renderer of invitations, in the active language (the recipient's)."""
    data = notification.data
    invitation_id = data["invitation"]
    path = reverse("courses:invitation", args=[invitation_id, token(invitation_id, data["nonce"])])
    context = {
        "name": notification.user.first_name or notification.user.get_username(),
        "data": data,
        "first_day": _moment(data.get("first_day")),
        "first_day_end": _moment(data.get("first_day_end")),
        "expires_at": _moment(data.get("expires_at")),
        "link": settings.LMS_BASE_URL + path,
        "email": notification.user.email,
    }
    if data.get("course"):
        subject = _("Welkom bij %(course)s: kies je wachtwoord") % {"course": data["course"]}
    else:
        subject = _("Welkom in de leeromgeving: kies je wachtwoord")
    return outbox.Email(
        subject=subject, text=render_to_string("courses/email/invitation.txt", context)
    )


def _moment(value: str | None) -> datetime | None:
    return timezone.localtime(datetime.fromisoformat(value)) if value else None
