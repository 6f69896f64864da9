"""The texts of notices and e-mails, in the recipient's language, from a row's `data`."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import format_when
from core.outbox import hooks as outbox

from ..models import Kind, Notification, Profile


def _when(value: str | None) -> str:
    if not value:
        return ""
    moment = timezone.localtime(datetime.fromisoformat(value))
    return format_when(moment, "weekday_time")


def _day(value: str | None) -> str:
    if not value:
        return ""
    return format_when(datetime.fromisoformat(value), "weekday")


def _new_work(data: dict) -> str:
    count = len(data.get("lessons", []))
    return ngettext(
        "Er staat %(count)s nieuw onderdeel voor je klaar",
        "Er staan %(count)s nieuwe onderdelen voor je klaar",
        count,
    ) % {"count": count}


def _due_soon(data: dict) -> str:
    if data.get("superseded"):
        return _(
            "De deadline van „%(lesson)s” is verschoven; je nieuwe datum staat in je rooster"
        ) % {"lesson": data.get("lesson", "")}
    return _("Herinnering: lever „%(lesson)s” in vóór %(due)s") % {
        "lesson": data.get("lesson", ""),
        "due": _when(data.get("due_at")),
    }


def _overdue(data: dict) -> str:
    if data.get("superseded"):
        return _due_soon(data)
    return _("De deadline van „%(lesson)s” is voorbij") % {"lesson": data.get("lesson", "")}


def _session_soon(data: dict) -> str:
    if data.get("superseded"):
        return _("Je lesdag is verplaatst; de nieuwe datum staat in je rooster")
    return _("Je lesdag komt eraan: %(day)s") % {"day": _day(data.get("starts_at"))}


def _feedback(data: dict) -> str:
    if data.get("lesson"):
        return _("Je hebt feedback op „%(lesson)s”") % {"lesson": data["lesson"]}
    return _("Je hebt nieuwe feedback")


def _certificate(data: dict) -> str:
    return _("Gefeliciteerd! Je certificaat voor %(course)s is klaar") % {
        "course": data.get("course", "")
    }


def _certificate_revoked(data: dict) -> str:
    return _("Je certificaat voor %(course)s is ingetrokken") % {"course": data.get("course", "")}


def _signup(data: dict) -> str:
    event = data.get("event", "")
    course = data.get("course", "")
    if event == "accepted":
        return _("Je aanmelding voor %(course)s is geaccepteerd") % {"course": course}
    if event == "rejected":
        return _("Over je aanmelding voor %(course)s") % {"course": course}
    if event == "waiting":
        return _("Je staat op de wachtlijst voor %(course)s") % {"course": course}
    if event == "offered":
        return _("Er is een plek vrij voor %(course)s") % {"course": course}
    return _("We hebben je aanmelding voor %(course)s ontvangen") % {"course": course}


def _schedule_changed(data: dict) -> str:
    return _("Je lesdag is verplaatst naar %(day)s") % {"day": _day(data.get("starts_at"))}


def _trainer_digest(data: dict) -> str:
    waiting, behind = data.get("waiting", 0), data.get("behind_count", 0)
    editions = data.get("editions") or [data]
    counts = {
        "waiting": ngettext(
            "%(count)s inzending te beoordelen", "%(count)s inzendingen te beoordelen", waiting
        )
        % {"count": waiting},
        "behind": ngettext(
            "%(count)s cursist loopt achter", "%(count)s cursisten lopen achter", behind
        )
        % {"count": behind},
    }
    if len(editions) == 1:
        return _("%(edition)s: %(waiting)s, %(behind)s") % {
            "edition": editions[0].get("edition", ""),
            **counts,
        }
    return _("Je overzicht van vandaag: %(waiting)s, %(behind)s") % counts


def _invitation(data: dict) -> str:
    if data.get("course"):
        return _("Welkom bij %(course)s") % {"course": data["course"]}
    return _("Welkom in de leeromgeving")


def _new_message(data: dict) -> str:
    if data.get("sender"):
        return _("Nieuw bericht van %(sender)s") % {"sender": data["sender"]}
    return _("Je hebt een nieuw bericht")


def _coaching(data: dict) -> str:
    day = _when(data.get("starts_at"))
    event = data.get("event", "")
    if event == "moved":
        return _("Je coachingsgesprek is verplaatst naar %(when)s") % {"when": day}
    if event == "cancelled":
        return _("Je coachingsgesprek van %(when)s gaat niet door") % {"when": day}
    return _("Je trainer plant een coachingsgesprek met je: %(when)s") % {"when": day}


def _coaching_soon(data: dict) -> str:
    return _("Herinnering: je coachingsgesprek is op %(when)s") % {
        "when": _when(data.get("starts_at"))
    }


def _evaluation(data: dict) -> str:
    if data.get("step") == "reminder":
        return _("Herinnering: wat vond je van %(course)s?") % {"course": data.get("course", "")}
    return _("Wat vond je van %(course)s? Geef je mening") % {"course": data.get("course", "")}


def _organisation_report(data: dict) -> str:
    return _("Maandoverzicht van %(organisation)s") % {"organisation": data.get("organisation", "")}


def _trajectory(data: dict) -> str:
    return _("%(learner)s geeft je toegang als jobcoach") % {"learner": data.get("learner", "")}


def _announcement(data: dict) -> str:
    return _("Mededeling: %(title)s") % {"title": data.get("title", "")}


TITLES = {
    Kind.NEW_WORK: _new_work,
    Kind.DUE_SOON: _due_soon,
    Kind.OVERDUE: _overdue,
    Kind.SESSION_SOON: _session_soon,
    Kind.FEEDBACK: _feedback,
    Kind.CERTIFICATE: _certificate,
    Kind.SCHEDULE_CHANGED: _schedule_changed,
    Kind.TRAINER_DIGEST: _trainer_digest,
    Kind.INVITATION: _invitation,
    Kind.NEW_MESSAGE: _new_message,
    Kind.CERTIFICATE_REVOKED: _certificate_revoked,
    Kind.SIGNUP: _signup,
    Kind.COACHING: _coaching,
    Kind.COACHING_SOON: _coaching_soon,
    Kind.ANNOUNCEMENT: _announcement,
    Kind.EVALUATION: _evaluation,
    Kind.ORGANISATION_REPORT: _organisation_report,
    Kind.TRAJECTORY: _trajectory,
}
# The kinds whose e-mail lms writes (the certificates app writes the certificate's and the
# revocation's, the courses app the invitation's and the sign-up's).
EMAILED_KINDS = frozenset(TITLES) - {
    Kind.CERTIFICATE,
    Kind.INVITATION,
    Kind.CERTIFICATE_REVOKED,
    Kind.SIGNUP,
}


def kind_label(notification: Notification) -> str:
    """What kind of message this is, for the notices page."""
    kind = notification.kind
    return str(Kind(kind).label) if kind in Kind.values else kind


def title(notification: Notification) -> str:
    """The notice's one line, also the e-mail's subject (in the active language)."""
    render_title = TITLES.get(notification.kind)
    return render_title(notification.data) if render_title else kind_label(notification)


def _moments(value):
    """`data` with ISO timestamps (keys ending in `_at`) turned into aware datetimes."""
    if isinstance(value, dict):
        return {
            key: (
                datetime.fromisoformat(item)
                if key.endswith("_at") and isinstance(item, str)
                else _moments(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_moments(item) for item in value]
    return value


def absolute(path: str) -> str:
    return settings.LMS_BASE_URL + path if path.startswith("/") else path


def language_of(user) -> str:
    try:
        return user.lms_profile.language or settings.LANGUAGE_CODE
    except Profile.DoesNotExist:
        return settings.LANGUAGE_CODE


def render(notification: Notification, *, language: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the e-mail."""
    with translation.override(language):
        user = notification.user
        context = {
            "kind": notification.kind,
            "name": user.first_name or user.get_username(),
            "title": title(notification),
            "data": _moments(notification.data),
            "url": absolute(notification.url),
            "preferences_url": absolute(reverse("lms:notification_preferences")),
            "about": notification.about
            if isinstance(notification.about, date)
            else date.fromisoformat(str(notification.about)),
            "LANGUAGE_CODE": language,
        }
        text = render_to_string(f"lms/email/{notification.kind}.txt", context)
        html = render_to_string(f"lms/email/{notification.kind}.html", context)
        return context["title"], text, html


def email_content(notification: Notification) -> outbox.Email:
    """The outbox's renderer of lms's kinds: the e-mail in the active language (the outbox
    activates the recipient's)."""
    subject, text, html = render(notification, language=translation.get_language())
    return outbox.Email(subject=subject, text=text, html=html)
