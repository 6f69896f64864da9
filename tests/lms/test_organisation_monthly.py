"""The monthly e-mail to contact persons who want it: once per contact person and month
(also when the job runs twice), not to those who switched it off, with last month's figures
and the way to switch it off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import CourseResult
from core.outbox import services as outbox
from core.outbox.models import Notification
from courses.models import OrganisationContact
from lms.models import Kind
from lms.notifications import messages
from lms.organisations import monthly
from tests import factories as f
from tests.lms.organisation_helpers import organisation_with_employees

pytestmark = pytest.mark.django_db


def test_last_month_is_the_whole_calendar_month_before():
    period = monthly.last_month(dt.date(2026, 3, 1))
    assert (period.start, period.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    period = monthly.last_month(dt.date(2027, 1, 20))
    assert (period.start, period.end) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def october(employer) -> None:
    """Henriëtte passed in October (the helper's result is from today)."""
    CourseResult.objects.filter(enrollment=employer.passed).update(
        passed_at=timezone.make_aware(dt.datetime(2026, 10, 20, 12, 0))
    )


def test_each_contact_who_wants_it_gets_one_email_a_month_also_when_the_job_runs_twice():
    employer = organisation_with_employees(first_day=dt.date(2026, 10, 5))
    october(employer)
    quiet = f.UserFactory(email="stil@zwolle.example")
    OrganisationContact.objects.create(
        organisation=employer.organisation, user=quiet, wants_monthly_report=False
    )
    early_november = timezone.make_aware(dt.datetime(2026, 11, 2, 6, 0))
    assert monthly.monthly_reports_run(now=early_november) == 1
    assert monthly.monthly_reports_run(now=early_november + dt.timedelta(hours=1)) == 0
    assert monthly.monthly_reports_run(now=early_november + dt.timedelta(days=20)) == 0
    (notice,) = Notification.objects.filter(kind=Kind.ORGANISATION_REPORT)
    assert notice.user == employer.contact and notice.about == dt.date(2026, 11, 1)
    assert notice.data["employees"] == 2 and notice.data["passed"] == 1
    december = timezone.make_aware(dt.datetime(2026, 12, 1, 6, 0))
    assert monthly.monthly_reports_run(now=december) == 1
    assert Notification.objects.filter(kind=Kind.ORGANISATION_REPORT).count() == 2


def test_the_email_names_the_period_and_figures_and_how_to_switch_it_off():
    employer = organisation_with_employees(first_day=dt.date(2026, 10, 5))
    october(employer)
    monthly.monthly_reports_run(now=timezone.make_aware(dt.datetime(2026, 11, 2, 6, 0)))
    notice = Notification.objects.get(kind=Kind.ORGANISATION_REPORT)
    subject, text, html = messages.render(notice, language="nl")
    assert subject == "Maandoverzicht van Gemeente Zwolle"
    assert "van 1 oktober 2026 tot en met 31 oktober 2026" in text
    assert "- 2 inschrijvingen" in text and "- geslaagd: 1 (50%)" in text
    assert "Wil je dit maandoverzicht niet meer?" in text
    link = f"/organisation/{employer.organisation.pk}/#maandoverzicht"
    assert link in text and link in html
    english = messages.render(notice, language="en")
    assert english[0] == "Monthly report of Gemeente Zwolle"


def test_a_contact_who_muted_the_kind_in_the_preferences_gets_no_email():
    employer = organisation_with_employees(first_day=dt.date(2026, 10, 5))
    employer.contact.muted_kinds.create(kind=Kind.ORGANISATION_REPORT)
    monthly.monthly_reports_run(now=timezone.make_aware(dt.datetime(2026, 11, 2, 6, 0)))
    outbox.outbox_send()
    notice = Notification.objects.get(kind=Kind.ORGANISATION_REPORT)
    assert notice.email_state != Notification.EmailState.SENT
