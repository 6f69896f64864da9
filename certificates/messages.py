"""The certificate e-mail, written for the outbox (`core.outbox`) in the learner's language.

It goes through the same outbox as every other e-mail, so it is sent once, retried, and
speaks the learner's language. It cannot be switched off (lms lists the kind as always on):
it tells the learner that they passed and where their certificate is, and carries the link
an employer uses to check it.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.outbox.hooks import Email
from core.outbox.models import Notification

# The message's kind in the outbox (lms shows it as "Je certificaat").
EMAIL_KIND = "certificate"


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
