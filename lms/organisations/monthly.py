"""The monthly e-mail to contact persons who want it: last month's figures of their
organisation, with a link to their page (where they ask for the full report or switch the
e-mail off). Through the outbox, marked per contact person, organisation and month, so it
goes once per month also when beat runs the job twice or after a downtime."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from core.outbox import services as outbox
from core.outbox.models import Notification
from courses.organisations import selectors
from lms import clock
from lms.models import Kind
from lms.reports import data as report_data

KIND = Kind.ORGANISATION_REPORT


def last_month(today: date) -> report_data.Period:
    first = today.replace(day=1)
    previous_end = first - timedelta(days=1)
    return report_data.Period(previous_end.replace(day=1), previous_end)


def _midnight(day: date) -> str:
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


def monthly_reports_run(*, now: datetime | None = None) -> int:
    """Queue this month's e-mail (about last month) for each contact person who wants it and
    has not had it; the figures are computed once per organisation. How many were queued."""
    now = now or clock.now()
    today = timezone.localdate(now)
    about = today.replace(day=1)
    period = last_month(today)
    sent = set(Notification.objects.filter(kind=KIND, about=about).values_list("user_id", "item"))
    waiting = defaultdict(list)
    for contact in selectors.contacts_for_monthly_report():
        item = f"organisation:{contact.organisation_id}"
        if (contact.user_id, item) not in sent:
            waiting[contact.organisation].append(contact)
    rows = []
    for organisation, contacts in waiting.items():
        figures = report_data.report_data(
            selectors.organisation_enrollments(organisation),
            title=organisation.name,
            period=period,
            now=now,
        )
        held = sum(figures.attendance.values())
        present = figures.attendance.get("present", 0)
        data = {
            "organisation": organisation.name,
            "start_at": _midnight(period.start),
            "end_at": _midnight(period.end),
            "employees": len(figures.rows),
            "passed": figures.passed,
            "pass_rate": figures.pass_rate,
            "attendance_rate": round(100 * present / held) if held else 0,
            "certificates": figures.certificates,
        }
        url = reverse("lms:organisations:employees", args=[organisation.pk]) + "#maandoverzicht"
        rows.extend(
            outbox.notification_new(
                user_id=contact.user_id,
                email=contact.user.email,
                kind=KIND,
                item=f"organisation:{organisation.pk}",
                about=about,
                now=now,
                data=data,
                url=url,
            )
            for contact in contacts
        )
    outbox.notifications_insert(rows)
    return len(rows)
