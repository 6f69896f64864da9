"""lms's own part of a person's data: their profile and choices, their notices and e-mails,
and the record of their logins (django-axes); and its erasure."""

from __future__ import annotations

from collections.abc import Iterable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.outbox.models import Notification
from core.privacy import PersonalFile
from courses.models import Edition, Enrollment

from ..models import ALWAYS_ON, Kind, MutedKind, Profile
from ..notifications import messages

# The name an erased person's account and the lists that named them show instead.
ERASED_NAME = "Verwijderde gebruiker"

PARTS = {
    "profiel": _(
        "Je naam, gebruikersnaam en e-mailadres, wanneer je account is gemaakt en je laatst "
        "inlogde, je taal en welke berichten je wel en niet wilt krijgen."
    ),
    "berichten": _("De berichten die we je stuurden, in de leeromgeving en per e-mail."),
    "inloggen": _(
        "Wanneer je inlogde en uitlogde, en mislukte pogingen om in te loggen, met het "
        "internetadres (IP-adres) en de browser. Dit bewaren we om je account te beschermen."
    ),
}


def _login_names(user) -> Q:
    """How django-axes wrote this person down: the login key is the username in lower case
    (lms.auth.login_throttle_key), or the e-mail address as typed for an unknown one."""
    names = Q(username__iexact=user.get_username())
    if user.email:
        names |= Q(username__iexact=user.email)
    return names


def personal_data(user) -> dict[str, list | dict]:
    profile = Profile.objects.filter(user=user).first()
    muted = set(MutedKind.objects.filter(user=user).values_list("kind", flat=True))
    kinds = [k for k in Kind if k not in ALWAYS_ON]
    notices = list(Notification.objects.filter(user=user).order_by("created_at", "pk"))
    names = _login_names(user)
    return {
        "profiel": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "account_created_at": user.date_joined,
            "last_login_at": user.last_login,
            "administrator": bool(user.is_staff or user.is_superuser),
            "language": profile.language if profile else None,
            "messages_wanted": [str(k.label) for k in kinds if k.value not in muted],
            "messages_switched_off": [str(k.label) for k in kinds if k.value in muted],
            "messages_always_sent": [str(Kind(k).label) for k in sorted(ALWAYS_ON)],
            "has_calendar_link": bool(profile and profile.calendar_token),
        },
        "berichten": [
            {
                "kind": messages.kind_label(n),
                "title": messages.title(n),
                "about": n.about,
                "created_at": n.created_at,
                "read_at": n.read_at,
                "link": messages.absolute(n.url) if n.url else None,
                "email": str(n.get_email_state_display()),
                "emailed_at": n.emailed_at,
                "details": n.data,
            }
            for n in notices
        ],
        "inloggen": {
            "logins": [
                {
                    "logged_in_at": row["attempt_time"],
                    "logged_out_at": row["logout_time"],
                    "ip_address": row["ip_address"],
                    "browser": row["user_agent"],
                }
                for row in AccessLog.objects.filter(names)
                .order_by("attempt_time", "pk")
                .values("attempt_time", "logout_time", "ip_address", "user_agent")
            ],
            "failed_logins": [
                {
                    "last_try_at": row["attempt_time"],
                    "failures": row["failures_since_start"],
                    "ip_address": row["ip_address"],
                    "browser": row["user_agent"],
                }
                for row in AccessAttempt.objects.filter(names)
                .order_by("attempt_time", "pk")
                .values("attempt_time", "failures_since_start", "ip_address", "user_agent")
            ],
        },
    }


def files(user) -> Iterable[PersonalFile]:
    return []


def erasure_summary(user) -> list[tuple[str, int]]:
    return [
        (_("berichten"), Notification.objects.filter(user=user).count()),
        (_("vastgelegde inlogs"), AccessLog.objects.filter(_login_names(user)).count()),
    ]


def _scrub_trainer_digests(user, edition_ids: list[int]) -> int:
    """The trainers' daily overviews name learners who are behind (`data["behind"]`, per
    edition in `data["editions"]` since one overview covers all of a trainer's editions):
    the person's name there becomes ERASED_NAME."""
    name = f"{user.first_name} {user.last_name}".strip() or user.get_username()
    trainers = Edition.trainers.through.objects.filter(edition_id__in=edition_ids).values("user_id")
    changed = []
    for notice in Notification.objects.filter(
        Q(item__in=[f"edition:{pk}" for pk in edition_ids])
        | Q(item__startswith="trainer:", user_id__in=trainers),
        kind=Kind.TRAINER_DIGEST,
    ).only("pk", "data"):
        data = notice.data if isinstance(notice.data, dict) else {}
        found = False
        for part in data.get("editions") or [data]:
            behind = part.get("behind") or []
            if any(b.get("name") == name for b in behind):
                part["behind"] = [
                    {**b, "name": ERASED_NAME} if b.get("name") == name else b for b in behind
                ]
                found = True
        if found:
            changed.append(notice)
    Notification.objects.bulk_update(changed, ["data"])
    return len(changed)


def _admin_log_anonymise(user, placeholder: str, enrollment_ids: list[int]) -> int:
    """The admin's history names the objects it changed: the person's account and their
    enrolments (whose names hold theirs)."""
    types = ContentType.objects.get_for_models(type(user), Enrollment)
    return LogEntry.objects.filter(
        Q(content_type=types[type(user)], object_id=str(user.pk))
        | Q(content_type=types[Enrollment], object_id__in=[str(pk) for pk in enrollment_ids])
    ).update(object_repr=placeholder)


def erase(user, *, placeholder: str) -> dict[str, int]:
    """Remove the person's notices, profile, choices and login records, and their name from
    what others were sent (trainers' overviews) and from the admin's history. Runs first in
    the erasure, while their enrolments still exist."""
    edition_ids = list(Enrollment.objects.filter(learner=user).values_list("edition_id", flat=True))
    enrollment_ids = list(Enrollment.objects.filter(learner=user).values_list("pk", flat=True))
    names = _login_names(user)
    logins = AccessLog.objects.filter(names).delete()[0]
    logins += AccessAttempt.objects.filter(names).delete()[0]
    logins += AccessFailureLog.objects.filter(names).delete()[0]
    return {
        "notifications": Notification.objects.filter(user=user).delete()[0],
        "trainer_overviews_scrubbed": _scrub_trainer_digests(user, edition_ids),
        "profile": Profile.objects.filter(user=user).delete()[0]
        + MutedKind.objects.filter(user=user).delete()[0],
        "login_records": logins,
        "admin_log_entries": _admin_log_anonymise(user, placeholder, enrollment_ids),
    }
