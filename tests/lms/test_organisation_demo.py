"""The demo has a contact person of Gemeente Zwolle, who logs in with `demo`."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.models import OrganisationContact
from tests.logins import log_in

pytestmark = pytest.mark.django_db


def test_the_demo_contact_person_logs_in_and_sees_the_organisations_employees(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "contactpersoon" in out.getvalue()
    call_command("seed_demo", stdout=io.StringIO())  # seeding again adds nothing
    contact = OrganisationContact.objects.get(user__username="contactpersoon")
    assert contact.organisation.name == "Gemeente Zwolle" and contact.wants_monthly_report
    assert log_in(client, username="contactpersoon", password="demo")
    page = client.get(reverse("lms:home"), follow=True)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Gemeente Zwolle" in text and "Henriëtte Nienhuis" in text
    assert "/verify/" in text  # her certificate's verification link
