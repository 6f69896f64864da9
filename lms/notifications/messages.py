"""The texts of notices and e-mails, in the recipient's language, from a row's `data`."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Kind, Notification, Profile


def _when(value: str | None) -> str:
    if not value:
        return ""
    moment = timezone.localtime(datetime.fromisoformat(value))
    return formats.date_format(moment, "l j F, H:i")


def _day(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(timezone.localtime(datetime.fromisoformat(value)), "l j F")


def title(notification: Notification) -> str:
    """The notice's one line, also the e-mail's subject (in the active language)."""
    data = notification.data
    kind = notification.kind
    if kind == Kind.NEW_WORK:
        count = len(data.get("lessons", []))
        return ngettext(
            "Er staat %(count)s nieuw onderdeel voor je klaar",
            "Er staan %(count)s nieuwe onderdelen voor je klaar",
            count,
        ) % {"count": count}
    if kind == Kind.DUE_SOON:
        return _("Herinnering: lever „%(lesson)s” in vóór %(due)s") % {
            "lesson": data.get("lesson", ""),
            "due": _when(data.get("due_at")),
        }
    if kind == Kind.OVERDUE:
        return _("De deadline van „%(lesson)s” is voorbij") % {"lesson": data.get("lesson", "")}
    if kind == Kind.SESSION_SOON:
        return _("Je lesdag komt eraan: %(day)s") % {"day": _day(data.get("starts_at"))}
    if kind == Kind.FEEDBACK:
        if data.get("lesson"):
            return _("Je hebt feedback op „%(lesson)s”") % {"lesson": data["lesson"]}
        return _("Je hebt nieuwe feedback")
    if kind == Kind.CERTIFICATE:
        return _("Gefeliciteerd! Je certificaat voor %(course)s is klaar") % {
            "course": data.get("course", "")
        }
    if kind == Kind.SCHEDULE_CHANGED:
        return _("Je lesdag is verplaatst naar %(day)s") % {"day": _day(data.get("starts_at"))}
    if kind == Kind.TRAINER_DIGEST:
        return _("%(edition)s: %(waiting)s te beoordelen, %(behind)s cursisten achter") % {
            "edition": data.get("edition", ""),
            "waiting": data.get("waiting", 0),
            "behind": data.get("behind_count", 0),
        }
    return str(notification.get_kind_display())


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


def message_id(notification: Notification) -> str:
    """The same Message-ID every time this row is sent, so that a resend after a crash is
    recognisable as the same message."""
    key = f"{notification.pk}:{notification.user_id}:{notification.kind}:{notification.item}:{notification.about}"
    digest = salted_hmac("lms.notifications.message-id", key).hexdigest()[:24]
    domain = urlsplit(settings.LMS_BASE_URL).hostname or "localhost"
    return f"<{notification.kind}.{notification.pk}.{digest}@{domain}>"


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


def email_for(notification: Notification, *, connection=None) -> EmailMultiAlternatives:
    subject, text, html = render(notification, language=language_of(notification.user))
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.user.email],
        connection=connection,
        headers={"Message-ID": message_id(notification), "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
