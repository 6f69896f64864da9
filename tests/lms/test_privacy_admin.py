"""The administrator erases a person from the admin: a confirmation page that says what goes
and which certificates stay, then the erasure; proposals of the retention rule are approved
or dismissed there; the audit is read only."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.test import TestCase
from django.utils import timezone

from lms.models import ErasureProposal, ErasureRecord
from tests import factories as f
from tests.certificates.conftest import TEST_SIGNING_KEY
from tests.lms.privacy_helpers import build_course, fill, login

pytestmark = pytest.mark.django_db

USERS = "/admin/auth/user/"
PROPOSALS = "/admin/lms/erasureproposal/"


@pytest.fixture(autouse=True)
def _certificate_settings(settings):
    settings.LMS_CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    settings.LMS_CERTIFICATE_FONT = ""


@pytest.fixture
def admin_client(client):
    admin = f.AdminFactory(username="beheer")
    login(client, admin)
    client.admin = admin
    return client


@pytest.fixture
def person():
    setup, enrollment = build_course()
    enrollment.learner.first_name, enrollment.learner.last_name = "Fleur", "de Wit"
    enrollment.learner.save()
    return fill(setup, enrollment, marker="FLEUR")


def act(client, url, action, pks, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **extra}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, follow=bool(extra))


def test_erase_asks_for_confirmation_and_names_the_certificates_that_stay(admin_client, person):
    response = act(admin_client, USERS, "erase_persons", [person.user.pk])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wissen kun je niet ongedaan maken." in html
    assert "Fleur de Wit" in html
    assert "Wat blijft" in html and person.certificate.serial in html
    assert "de naam zoals gedrukt, de cursus, de datum en het nummer" in html
    assert 'name="confirm" value="yes"' in html
    person.user.refresh_from_db()
    assert person.user.is_active and not ErasureRecord.objects.exists()


def test_confirming_erases_and_reports_the_reference(admin_client, person):
    response = act(admin_client, USERS, "erase_persons", [person.user.pk], confirm="yes")
    assert response.status_code == 200
    record = ErasureRecord.objects.get()
    assert record.erased_by == admin_client.admin
    html = response.content.decode()
    assert record.reference in html
    assert "1 certificaat blijft controleerbaar" in html
    person.user.refresh_from_db()
    assert person.user.get_full_name() == "Verwijderde gebruiker"


def test_an_administrator_cannot_erase_themselves_from_the_admin(admin_client):
    page = act(admin_client, USERS, "erase_persons", [admin_client.admin.pk])
    html = page.content.decode()
    assert "Je kunt jezelf niet wissen." in html
    assert "Ja, wis deze gegevens" not in html
    response = act(admin_client, USERS, "erase_persons", [admin_client.admin.pk], confirm="yes")
    assert "is niet gewist" in response.content.decode()
    assert not ErasureRecord.objects.exists()


def test_staff_without_the_right_to_delete_users_cannot_erase(client, person):
    staff = f.UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    login(client, staff)
    act(client, USERS, "erase_persons", [person.user.pk], confirm="yes")
    assert not ErasureRecord.objects.exists()


def test_proposals_are_approved_after_confirmation_or_dismissed(admin_client, person):
    other = f.UserFactory()
    now = timezone.now()
    approve = ErasureProposal.objects.create(
        user=person.user,
        basis=ErasureProposal.Basis.ENROLLMENT,
        basis_date=timezone.localdate() - dt.timedelta(days=800),
        created_at=now,
    )
    dismiss = ErasureProposal.objects.create(
        user=other,
        basis=ErasureProposal.Basis.ACCOUNT,
        basis_date=timezone.localdate() - dt.timedelta(days=900),
        created_at=now,
    )
    assert admin_client.get(PROPOSALS).status_code == 200

    page = act(admin_client, PROPOSALS, "approve", [approve.pk])
    assert "Fleur de Wit" in page.content.decode()
    approve.refresh_from_db()
    assert approve.state == ErasureProposal.State.OPEN

    act(admin_client, PROPOSALS, "approve", [approve.pk], confirm="yes")
    approve.refresh_from_db()
    assert approve.state == ErasureProposal.State.APPROVED
    assert ErasureRecord.objects.get().reason == ErasureRecord.Reason.RETENTION

    response = act(admin_client, PROPOSALS, "dismiss", [dismiss.pk], follow="x")
    dismiss.refresh_from_db()
    assert dismiss.state == ErasureProposal.State.DISMISSED
    assert dismiss.decided_by == admin_client.admin
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.is_active


def test_the_audit_is_read_only(admin_client, person):
    act(admin_client, USERS, "erase_persons", [person.user.pk], confirm="yes")
    record = ErasureRecord.objects.get()
    assert admin_client.get("/admin/lms/erasurerecord/").status_code == 200
    assert admin_client.get("/admin/lms/erasurerecord/add/").status_code == 403
    change = admin_client.get(f"/admin/lms/erasurerecord/{record.pk}/change/")
    assert change.status_code == 200 and record.reference in change.content.decode()
    assert admin_client.get(f"/admin/lms/erasurerecord/{record.pk}/delete/").status_code == 403
