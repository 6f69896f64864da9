"""A contact person of a client organisation, so that the demo shows their side: Petra de
Vries (`contactpersoon`) of Gemeente Zwolle follows its employees (Henriëtte, who passed,
among them), asks for reports and gets the monthly e-mail."""

from __future__ import annotations

from collections.abc import Callable

from courses.models import Organisation, OrganisationContact

from .people import _user_ensure
from .report import DemoReport
from .shapes import PersonSpec

CONTACT = PersonSpec("contactpersoon", "Petra", "de Vries", "petra.devries@example.nl")
ORGANISATION = "Gemeente Zwolle"


def organisation_contact_ensure(*, password: Callable[[], str], report: DemoReport) -> None:
    user = _user_ensure(CONTACT, password=password, report=report)
    organisation, _created = Organisation.objects.get_or_create(name=ORGANISATION)
    _contact, created = OrganisationContact.objects.get_or_create(
        organisation=organisation, user=user, defaults={"wants_monthly_report": True}
    )
    if created:
        report.add("contactpersonen")
