"""Every enrolled person can get in: an invitation to choose a password, single-use and valid
for 14 days; "Wachtwoord vergeten" invites who never had a password; no account enumeration."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.outbox import services as outbox
from core.outbox.models import Notification
from courses import invitations
from courses.imports import enrollment_import
from courses.models import Edition, Invitation
from lms.models import Profile
from tests import factories as f
from tests.logins import log_in

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Balie-gesprek-2027!"


def send_outbox() -> int:
    sent, _more = outbox.outbox_send()
    return sent


def link_in(message) -> str:
    found = re.search(r"https?://\S+(/accounts/invitation/\d+/[0-9a-f]+/)", message.body)
    assert found, message.body
    return found[1]


@pytest.fixture
def noord():
    edition = f.EditionFactory(
        name="Dienstverlening Noord", status=Edition.Status.OPEN, course__title="Dienstverlening"
    )
    f.ClassroomSessionFactory(
        edition=edition,
        date=timezone.localdate() + dt.timedelta(days=20),
        location="Stadskantoor Zwolle",
    )
    return edition


def imported(edition, email="jan.jansen@zwolle.nl"):
    data = f"email,first name,last name,organisation,edition\n{email},Jan,Jansen,Gemeente Zwolle,{edition.name}\n"
    return enrollment_import(data=data.encode(), actor=f.AdminFactory())


def test_import_invites_then_password_then_login_shows_the_course(client, noord):
    report = imported(noord)
    assert report.invited == 1
    assert send_outbox() == 1
    message = mail.outbox[0]
    assert message.to == ["jan.jansen@zwolle.nl"]
    assert message.subject == "Welkom bij Dienstverlening: kies je wachtwoord"
    assert "Dienstverlening Noord" in message.body and "Stadskantoor Zwolle" in message.body
    assert "Hallo Jan," in message.body
    path = link_in(message)

    page = client.get(path)
    assert page.status_code == 200 and "Kies je wachtwoord" in page.content.decode()
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="jan.jansen@zwolle.nl")
    assert user.check_password(PASSWORD)
    assert Invitation.objects.get(user=user).accepted_at is not None
    dashboard = client.get(response["Location"], follow=True)
    assert "Dienstverlening" in dashboard.content.decode()

    client.logout()
    assert log_in(client, username="jan.jansen@zwolle.nl", password=PASSWORD)


def test_a_used_link_works_once(client, noord):
    imported(noord)
    send_outbox()
    path = link_in(mail.outbox[0])
    client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()
    again = client.get(path)
    assert again.status_code == 200 and "Je hebt al een wachtwoord" in again.content.decode()
    response = client.post(
        path, {"new_password1": "Iets-anders-99!", "new_password2": "Iets-anders-99!"}
    )
    assert "new_password1" not in response.content.decode()  # no form: nothing changed
    assert User.objects.get(email="jan.jansen@zwolle.nl").check_password(PASSWORD)


def test_an_expired_link_explains_itself_and_sends_a_new_one(client, noord):
    imported(noord)
    send_outbox()
    path = link_in(mail.outbox[0])
    Invitation.objects.update(
        created_at=timezone.now() - dt.timedelta(days=15),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    page = client.get(path)
    text = page.content.decode()
    assert page.status_code == 410 and "Deze link is verlopen" in text
    for _ in range(3):  # pressed three times: one new link, not three
        response = client.post(path + "new/")
        assert "Kijk in je mail" in response.content.decode()
    assert send_outbox() == 1
    fresh = link_in(mail.outbox[1])
    assert fresh != path and client.get(fresh).status_code == 200
    # The old link still only explains itself; it does not set a password.
    client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert not User.objects.get(email="jan.jansen@zwolle.nl").has_usable_password()


def test_a_wrong_or_unknown_token_is_404(client, noord):
    imported(noord)
    invitation = Invitation.objects.get()
    good = invitations.token(invitation.pk, invitation.nonce)
    bad = ("0" if good[0] != "0" else "1") + good[1:]
    assert client.get(reverse("courses:invitation", args=[invitation.pk, bad])).status_code == 404
    assert (
        client.get(reverse("courses:invitation", args=[invitation.pk + 1, good])).status_code == 404
    )
    assert (
        client.post(reverse("courses:invitation_renew", args=[invitation.pk, bad])).status_code
        == 404
    )


def test_the_link_stops_working_once_an_administrator_set_a_password(client, noord):
    imported(noord)
    send_outbox()
    user = User.objects.get(email="jan.jansen@zwolle.nl")
    user.set_password(PASSWORD)
    user.save()
    assert "Je hebt al een wachtwoord" in client.get(link_in(mail.outbox[0])).content.decode()


def test_password_reset_for_a_never_activated_account_sends_the_invitation(client, noord):
    imported(noord)
    send_outbox()
    mail.outbox.clear()
    Invitation.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    for _ in range(3):  # asked three times in a row: one e-mail, not three
        response = client.post(reverse("password_reset"), {"email": "JAN.JANSEN@zwolle.nl"})
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
    assert send_outbox() == 1
    assert mail.outbox[0].subject.startswith("Welkom bij Dienstverlening")
    assert client.get(link_in(mail.outbox[0])).status_code == 200


def test_password_reset_answers_the_same_for_every_address(client, noord):
    imported(noord)
    f.UserFactory(email="heeft.wachtwoord@zwolle.nl")
    answers = [
        client.post(reverse("password_reset"), {"email": email})
        for email in ("jan.jansen@zwolle.nl", "heeft.wachtwoord@zwolle.nl", "niemand@zwolle.nl")
    ]
    assert {(r.status_code, r["Location"]) for r in answers} == {
        (302, reverse("password_reset_done"))
    }


def test_the_invitation_speaks_the_learners_language_and_cannot_be_muted(noord):
    imported(noord)
    user = User.objects.get(email="jan.jansen@zwolle.nl")
    Profile.objects.create(user=user, language="en")
    assert send_outbox() == 1
    assert mail.outbox[0].subject == "Welcome to Dienstverlening: choose your password"
    assert mail.outbox[0].body.startswith("Hello Jan,")
    assert Notification.objects.get(kind="invitation").user == user


def test_nobody_with_a_password_is_invited(noord):
    user = f.UserFactory(email="al.actief@zwolle.nl")
    imported(noord, email="al.actief@zwolle.nl")
    assert not Invitation.objects.filter(user=user).exists()
    assert invitations.invitation_send(user=user) is None


def test_administrators_see_who_cannot_log_in_and_resend(client, noord):
    imported(noord)
    f.EnrollmentFactory(edition=noord)  # a learner with a password
    admin = f.AdminFactory()
    client.force_login(admin)
    url = reverse("admin:courses_enrollment_changelist")
    waiting = client.get(url, {"can_log_in": "no"})
    assert waiting.status_code == 200
    assert list(waiting.context["cl"].result_list.values_list("learner__email", flat=True)) == [
        "jan.jansen@zwolle.nl"
    ]
    ids = [str(pk) for pk in noord.enrollments.values_list("pk", flat=True)]
    response = client.post(
        url, {"action": "send_invitations", "_selected_action": ids}, follow=True
    )
    assert "1 uitnodiging verstuurd." in response.content.decode()
    assert Invitation.objects.count() == 2
