"""The certificate e-mails, written for the outbox (`core.outbox`) in the learner's language.

It goes through the same outbox as every other e-mail, so it is sent once, retried, and
speaks the learner's language. It cannot be switched off (lms lists the kind as always on):
it tells the learner that they passed and where their certificate is, and carries the link
an employer uses to check it.
"""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.dates import format_when
from core.outbox.hooks import Email
from core.outbox.models import Notification

# The message's kind in the outbox (lms shows it as "Je certificaat").
EMAIL_KIND = "certificate"
# The e-mail that tells the learner their certificate was revoked (always sent, as above).
REVOKED_EMAIL_KIND = "certificate_revoked"


def certificate_email_content(notification: Notification) -> Email:
    """Subject and text from the row's `data` (see services.certificate_email), in the
    active language."""
    data = notification.data
    context = {
        "name": notification.user.first_name or data.get("name", ""),
        "data": data,
        "dashboard_url": notification.url,
    }
    return Email(
        subject=_("Je certificaat %(course)s staat klaar") % {"course": data.get("course", "")},
        text=render_to_string("certificates/email/issued.txt", context),
    )


def certificate_revoked_email_content(notification: Notification) -> Email:
    """The revocation, from the row's `data` (see services.certificate_revoke), in the
    active language; the date is written in that language too."""
    data = notification.data
    revoked_at = data.get("revoked_at")
    date = format_when(datetime.fromisoformat(revoked_at), "date") if revoked_at else ""
    context = {
        "name": notification.user.first_name or data.get("name", ""),
        "data": data,
        "date": date,
        "dashboard_url": notification.url,
    }
    return Email(
        subject=_("Je certificaat %(course)s is ingetrokken") % {"course": data.get("course", "")},
        text=render_to_string("certificates/email/revoked.txt", context),
    )
