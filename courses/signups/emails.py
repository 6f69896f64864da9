"""The e-mails about a sign-up, to the person who sent the form: received, accepted, rejected
(with the reason), on the waiting list, and a place offered (with the link to take it).

They go through the one outbox (`core.outbox`), one kind (`signup`) whose renderer picks the
text by the message's event. A message's `data` holds everything its text needs (course,
edition, days, names), so rendering reads no other table; the link of an offer is computed
from the sign-up's id and the moment of the offer, as the offer page checks it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.outbox import hooks as outbox
from core.outbox import services as outbox_services

from ..models import ClassroomSession, Edition, SessionTimes, SignUp, SignUpSubmission
from . import selectors

EMAIL_KIND = "signup"

RECEIVED = "received"
ACCEPTED = "accepted"
REJECTED = "rejected"
WAITING = "waiting"
OFFERED = "offered"
EVENTS = (RECEIVED, ACCEPTED, REJECTED, WAITING, OFFERED)


# --- queueing ---------------------------------------------------------------------------------


def _edition_data(edition: Edition) -> dict:
    sessions = ClassroomSession.objects.filter(edition_id=edition.pk).select_related("module")
    return {
        "course": edition.course.title,
        "course_slug": edition.course.slug,
        "edition": edition.name,
        "region": edition.region,
        "sessions": [
            {
                "starts_at": session.starts_at.isoformat(),
                "ends_at": session.ends_at.isoformat(),
                "module": session.module.title,
                "location": session.location,
                "first_dagdeel": session.first_dagdeel,
                "last_dagdeel": session.last_dagdeel,
            }
            for session in sessions.order_by("date", "start_time", "pk")
        ],
    }


def _queue(
    *, submission: SignUpSubmission, event: str, item: str, data: dict, now: datetime
) -> bool:
    user = submission.submitter
    if user is None or not user.email:
        return False
    return outbox_services.notification_queue(
        user_id=user.pk,
        email=user.email,
        kind=EMAIL_KIND,
        item=item,
        about=timezone.localdate(now),
        data={"event": event, "submitter": submission.name, **data},
        url=reverse("courses:public_course", args=[data["course_slug"]]),
        now=now,
    )


def _is_self(signup: SignUp) -> bool:
    return signup.email.casefold() == signup.submission.email.casefold()


def received(
    *, submission: SignUpSubmission, edition: Edition, signups: list[SignUp], now: datetime
) -> bool:
    """The confirmation of a sent form: who was signed up, for which edition, and what
    happens next (on the waiting list at once when the edition was full)."""
    return _queue(
        submission=submission,
        event=RECEIVED,
        item=f"signups:{submission.pk}:received",
        data={
            **_edition_data(edition),
            "learners": [s.full_name for s in signups],
            "self": len(signups) == 1 and _is_self(signups[0]),
            "waiting": any(s.state == SignUp.State.WAITING for s in signups),
        },
        now=now,
    )


def accepted(*, signup: SignUp, invited: bool, now: datetime) -> bool:
    """To the sender: the person is enrolled. Not when they signed up themselves and the
    invitation (which says the same, with the link to choose a password) went to them."""
    if invited and _is_self(signup):
        return False
    return _queue(
        submission=signup.submission,
        event=ACCEPTED,
        item=f"signup:{signup.pk}:accepted",
        data={
            **_edition_data(signup.edition),
            "learner": signup.full_name,
            "learner_email": signup.email,
            "self": _is_self(signup),
            "invited": invited,
        },
        now=now,
    )


def rejected(*, signup: SignUp, now: datetime) -> bool:
    return _queue(
        submission=signup.submission,
        event=REJECTED,
        item=f"signup:{signup.pk}:rejected",
        data={
            **_edition_data(signup.edition),
            "learner": signup.full_name,
            "self": _is_self(signup),
            "reason": signup.reject_reason,
        },
        now=now,
    )


def waiting(*, signup: SignUp, now: datetime) -> bool:
    return _queue(
        submission=signup.submission,
        event=WAITING,
        item=f"signup:{signup.pk}:waiting:{signup.waiting_since:%Y%m%d%H%M%S}",
        data={
            **_edition_data(signup.edition),
            "learner": signup.full_name,
            "self": _is_self(signup),
        },
        now=now,
    )


def offered(*, signup: SignUp, now: datetime) -> bool:
    return _queue(
        submission=signup.submission,
        event=OFFERED,
        item=f"signup:{signup.pk}:offered:{signup.offered_at:%Y%m%d%H%M%S}",
        data={
            **_edition_data(signup.edition),
            "learner": signup.full_name,
            "self": _is_self(signup),
            "signup": signup.pk,
            "offered_at": signup.offered_at.isoformat(),
            "expires_at": signup.offer_expires_at.isoformat(),
        },
        now=now,
    )


# --- rendering --------------------------------------------------------------------------------


class _Dagdelen(SessionTimes):
    """The dagdelen of a day in the message, worded as on the site."""

    def __init__(self, first: int, last: int) -> None:
        self.first_dagdeel, self.last_dagdeel = first, last


def _moment(value: str | None) -> datetime | None:
    return timezone.localtime(datetime.fromisoformat(value)) if value else None


def _sessions(data: dict) -> list[dict]:
    return [
        {
            "starts_at": _moment(session["starts_at"]),
            "ends_at": _moment(session["ends_at"]),
            "module": session["module"],
            "location": session["location"],
            "dagdelen": _Dagdelen(session["first_dagdeel"], session["last_dagdeel"]).dagdelen_label,
        }
        for session in data.get("sessions", [])
    ]


def offer_link(data: dict) -> str:
    offered_at = datetime.fromisoformat(data["offered_at"])
    token = selectors.offer_token(data["signup"], offered_at)
    return settings.LMS_BASE_URL + reverse("courses:signup_offer", args=[data["signup"], token])


def _subject(data: dict) -> str:
    values = {"course": data.get("course", ""), "learner": data.get("learner", "")}
    event = data["event"]
    if event == RECEIVED:
        return _("We hebben je aanmelding ontvangen: %(course)s") % values
    if event == ACCEPTED:
        if data.get("self"):
            return _("Je bent ingeschreven voor %(course)s") % values
        return _("%(learner)s is ingeschreven voor %(course)s") % values
    if event == REJECTED:
        return _("Over je aanmelding voor %(course)s") % values
    if event == WAITING:
        return _("Je staat op de wachtlijst voor %(course)s") % values
    return _("Er is een plek vrij in %(course)s") % values


def email_content(notification) -> outbox.Email:
    """The outbox's renderer of sign-up messages, in the active language (the recipient's)."""
    data = notification.data
    event = data["event"]
    if event not in EVENTS:
        raise ValueError(f"unknown sign-up message {event!r}")
    context = {
        "name": data.get("submitter") or notification.user.first_name,
        "data": data,
        "region": Edition.Region(data["region"]).label if data.get("region") else "",
        "sessions": _sessions(data),
        "course_url": settings.LMS_BASE_URL
        + reverse("courses:public_course", args=[data["course_slug"]]),
    }
    if event == OFFERED:
        context["link"] = offer_link(data)
        context["expires_at"] = _moment(data["expires_at"])
    return outbox.Email(
        subject=_subject(data),
        text=render_to_string(f"courses/email/signup_{event}.txt", context),
    )
