"""Private iCalendar feeds: a learner's or trainer's classroom days and due dates.

A feed is reached by a secret token in its URL (no login, so that Outlook and Google
Calendar can fetch it); the user can revoke it or make a new one. Every event has a stable
UID and a SEQUENCE made of version counters that only ever rise (the edition's schedule,
the course structure, and for a learner's due dates their own enrolment, which an extension
raises), so a calendar that already has an event replaces it when a date changes.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import ClassroomSession, DueDateExtension, Edition, Enrollment

from .models import CoachingMoment, Profile
from .notifications import selectors
from .notifications.messages import absolute, language_of

DEADLINE_MINUTES = 30
COACHING_PAST_DAYS = 90


def calendar_token_regenerate(*, user) -> str:
    """A new secret for the user's feed; the old address stops working at once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        profile.calendar_token = token
        profile.save(update_fields=["calendar_token"])
    return token


def calendar_token_revoke(*, user) -> None:
    Profile.objects.filter(user=user).update(calendar_token=None)


def calendar_token_for(user) -> str | None:
    return Profile.objects.filter(user=user).values_list("calendar_token", flat=True).first()


def calendar_user_for_token(token: str):
    """The user whose feed this token opens, or None (unknown, revoked or inactive)."""
    if not token:
        return None
    profile = (
        Profile.objects.filter(calendar_token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    return profile.user if profile else None


@dataclass(frozen=True)
class Event:
    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    location: str
    description: str
    url: str
    status: str = ""


def _domain() -> str:
    return urlsplit(settings.LMS_BASE_URL).hostname or "localhost"


def calendar_events(user, *, now: datetime | None = None) -> list[Event]:
    """The user's classroom days and due dates: as a learner (with their own extensions)
    and as a trainer (the edition's dates). A fixed number of queries."""
    domain = _domain()
    learning = list(
        Enrollment.objects.filter(learner=user, status__in=Enrollment.SHOWN_STATUSES).values_list(
            "pk", "edition_id", "progress_version"
        )
    )
    teaching = set(
        Edition.trainers.through.objects.filter(user=user).values_list("edition_id", flat=True)
    )
    edition_ids = {edition_id for _pk, edition_id, _v in learning} | teaching
    if not edition_ids:
        return []
    events: list[Event] = coaching_events(user, domain=domain, now=now or timezone.now())
    plans = selectors.live_schedules(edition_ids=list(edition_ids))
    extensions: dict[int, dict[int, datetime]] = defaultdict(dict)
    for enrollment_id, lesson_id, due_at in DueDateExtension.objects.filter(
        enrollment__learner=user
    ).values_list("enrollment_id", "lesson_id", "due_at"):
        extensions[enrollment_id][lesson_id] = due_at
    seen_sessions: set[int] = set()

    def session_events(plan) -> None:
        edition = plan.edition
        for session in plan.sessions:
            if session.pk in seen_sessions:
                continue
            seen_sessions.add(session.pk)
            events.append(_session_event(session, edition, domain))

    def due_events(plan, *, uid_prefix: str, personal: dict[int, datetime], extra: int) -> None:
        edition = plan.edition
        for lesson in plan.lessons:
            due = personal.get(lesson.pk, plan.dates[lesson.pk].due_at)
            if due is None:
                continue
            events.append(
                Event(
                    uid=f"{uid_prefix}-lesson-{lesson.pk}@{domain}",
                    sequence=edition.schedule_version + edition.course.structure_version + extra,
                    start=due - timedelta(minutes=DEADLINE_MINUTES),
                    end=due,
                    summary=_("Inleveren: %(lesson)s") % {"lesson": lesson.title},
                    location="",
                    description=_("%(course)s, %(edition)s. Lever dit in vóór deze tijd.")
                    % {"course": edition.course.title, "edition": edition.name},
                    url=absolute(reverse("courses:lesson", args=[edition.pk, lesson.pk])),
                )
            )

    for enrollment_id, edition_id, progress_version in learning:
        plan = plans.get(edition_id)
        if plan is None:
            continue
        session_events(plan)
        due_events(
            plan,
            uid_prefix=f"enrollment-{enrollment_id}",
            personal=extensions.get(enrollment_id, {}),
            extra=progress_version,
        )
    for edition_id in sorted(teaching):
        plan = plans.get(edition_id)
        if plan is None:
            continue
        session_events(plan)
        due_events(plan, uid_prefix=f"edition-{edition_id}", personal={}, extra=0)
    return sorted(events, key=lambda e: (e.start, e.uid))


def coaching_events(user, *, domain: str, now: datetime) -> list[Event]:
    """The coaching moments of the user as a learner or as a trainer of the edition, also
    cancelled ones (STATUS:CANCELLED, so a calendar that has one removes it), from the last
    few months on (one query). SEQUENCE is the moment's own, which every change raises."""
    teaching = Edition.trainers.through.objects.filter(
        edition_id=OuterRef("enrollment__edition_id"), user_id=user.pk
    )
    moments = (
        CoachingMoment.objects.filter(
            Q(enrollment__learner=user, enrollment__status__in=Enrollment.SHOWN_STATUSES)
            | Q(Exists(teaching)),
            starts_at__gte=now - timedelta(days=COACHING_PAST_DAYS),
        )
        .select_related("enrollment__learner", "enrollment__edition__course", "planned_by")
        .order_by("starts_at", "pk")
    )
    events = []
    for moment in moments:
        edition = moment.enrollment.edition
        learner = moment.enrollment.learner
        if learner.pk == user.pk:
            trainer = moment.planned_by
            who = (trainer.get_full_name() or trainer.get_username()) if trainer else ""
            summary = _("Coachingsgesprek: %(topic)s") % {"topic": moment.topic}
        else:
            who = learner.get_full_name() or learner.get_username()
            summary = _("Coaching met %(name)s: %(topic)s") % {"name": who, "topic": moment.topic}
        where = " · ".join(part for part in (moment.location, moment.video_url) if part)
        events.append(
            Event(
                uid=f"coaching-{moment.pk}@{domain}",
                sequence=moment.sequence,
                start=moment.starts_at,
                end=moment.ends_at,
                summary=summary,
                location=where,
                description=_("%(course)s, %(edition)s. Met %(name)s.")
                % {"course": edition.course.title, "edition": edition.name, "name": who},
                url=absolute(reverse("lms:coaching_moment", args=[moment.pk])),
                status="CANCELLED" if moment.cancelled else "CONFIRMED",
            )
        )
    return events


def _session_event(session: ClassroomSession, edition: Edition, domain: str) -> Event:
    return Event(
        uid=f"session-{session.pk}@{domain}",
        sequence=edition.schedule_version,
        start=session.starts_at,
        end=session.ends_at,
        summary=_("Lesdag %(course)s: %(module)s")
        % {"course": edition.course.title, "module": session.module.title},
        location=session.location,
        description=_("%(edition)s, %(dagdelen)s.")
        % {"edition": edition.name, "dagdelen": session.dagdelen_label},
        url=absolute(reverse("courses:outline", args=[edition.pk])),
    )


def calendar_ics(user, *, now: datetime | None = None) -> bytes:
    """The feed as iCalendar bytes (times in UTC, which every calendar program reads)."""
    now = now or timezone.now()
    with translation.override(language_of(user)):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Leeromgeving//Agenda//NL")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _("Leeromgeving: mijn lesdagen en deadlines"))
        cal.add("x-published-ttl", "PT1H")
        for item in calendar_events(user, now=now):
            event = icalendar.Event()
            event.add("uid", item.uid)
            event.add("sequence", item.sequence)
            event.add("dtstamp", now.astimezone(UTC))
            event.add("dtstart", item.start.astimezone(UTC))
            event.add("dtend", item.end.astimezone(UTC))
            event.add("summary", item.summary)
            if item.location:
                event.add("location", item.location)
            event.add("description", f"{item.description}\n{item.url}")
            event.add("url", item.url)
            if item.status:
                event.add("status", item.status)
            cal.add_component(event)
        return cal.to_ical()
