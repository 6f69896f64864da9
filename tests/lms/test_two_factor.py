"""Two-factor sign-in (django-otp): an app code after the password, recovery codes for a lost
phone, required for administrators where the setting says so, and no page before the code."""

import datetime as dt
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.logins import log_in

pytestmark = pytest.mark.django_db
PASSWORD = "Goed-wachtwoord-2026"


def person(**fields):
    user = f.UserFactory(**fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def code_now(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def set_up_through_the_page(client, user) -> list[str]:
    """Turn it on as the person does: open the page, read the app's key, confirm a code."""
    page = client.get(reverse("lms:second_factor_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code to scan
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("lms:second_factor_setup"), {"code": code_now(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())


def test_a_trainer_turns_it_on_and_is_then_asked_for_a_code_after_the_password(client):
    trainer = person(username="tineke")
    assert log_in(client, "tineke", PASSWORD)
    codes = set_up_through_the_page(client, trainer)
    assert len(codes) == 10
    device = TOTPDevice.objects.get(user=trainer)
    assert device.confirmed
    client.logout()

    assert log_in(client, "tineke", PASSWORD)
    page = client.get(reverse("lms:learner_dashboard"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("lms:second_factor"))
    wrong = client.post(reverse("lms:second_factor"), {"code": "000000", "next": "/dashboard/"})
    assert wrong.status_code == 400
    assert "Die code klopt niet" in wrong.content.decode()

    # Right after a wrong code even the right one waits (django-otp's back-off)...
    hurried = client.post(
        reverse("lms:second_factor"), {"code": code_now(device, offset=1), "next": "/dashboard/"}
    )
    assert hurried.status_code == 400
    # ...and a moment later it works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=5)
    )
    right = client.post(
        reverse("lms:second_factor"), {"code": code_now(device, offset=1), "next": "/dashboard/"}
    )

    assert right.status_code == 302 and right["Location"] == "/dashboard/"
    assert client.get(reverse("lms:learner_dashboard")).status_code == 200


def test_a_recovery_code_works_once(client):
    trainer = person(username="tineke")
    assert log_in(client, "tineke", PASSWORD)
    codes = set_up_through_the_page(client, trainer)
    client.logout()

    assert log_in(client, "tineke", PASSWORD)
    used = client.post(reverse("lms:second_factor"), {"code": codes[0], "next": "/dashboard/"})
    assert used.status_code == 302
    assert StaticToken.objects.filter(device__user=trainer).count() == 9
    client.logout()

    assert log_in(client, "tineke", PASSWORD)
    again = client.post(reverse("lms:second_factor"), {"code": codes[0], "next": "/dashboard/"})
    assert again.status_code == 400


def test_no_page_opens_before_the_code_not_even_the_admin(client):
    admin = person(username="beheerder2", is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    assert log_in(client, "beheerder2", PASSWORD)
    for url in (reverse("admin:index"), reverse("lms:notices"), reverse("certificates:approvals")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("lms:second_factor"))


def test_the_admins_own_login_page_leads_to_the_code_too(client):
    admin = person(username="beheerder2", is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client.post(reverse("admin:login"), {"username": "beheerder2", "password": PASSWORD})
    assert SESSION_KEY in client.session
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("lms:second_factor"))


def test_an_administrator_without_it_must_set_it_up_when_required(client, settings):
    settings.LMS_2FA_ADMINS = True
    admin = person(username="beheerder2", is_staff=True, is_superuser=True)
    assert log_in(client, "beheerder2", PASSWORD)

    response = client.get(reverse("admin:index"))

    assert response["Location"].startswith(reverse("lms:second_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "verplicht" in page
    set_up_through_the_page(client, admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_required_for_trainers_by_the_setting(client, settings):
    settings.LMS_2FA_TRAINERS = True
    trainer = person(username="tineke")
    edition = f.build_edition(f.build_course(), first_day=timezone.localdate())
    edition.trainers.add(trainer)
    learner = person(username="jan")
    assert log_in(client, "tineke", PASSWORD)
    assert client.get("/teach/")["Location"].startswith(reverse("lms:second_factor_setup"))
    client.logout()
    assert log_in(client, "jan", PASSWORD)
    assert client.get(reverse("lms:learner_dashboard")).status_code == 200
    assert learner.pk


def test_a_person_may_turn_it_off_unless_it_is_required(client, settings):
    trainer = person(username="tineke")
    assert log_in(client, "tineke", PASSWORD)
    set_up_through_the_page(client, trainer)
    client.post(reverse("lms:second_factor_setup"), {"action": "off"})
    assert not TOTPDevice.objects.filter(user=trainer).exists()

    settings.LMS_2FA_ADMINS = True
    admin = person(username="beheerder2", is_staff=True, is_superuser=True)
    client.logout()
    assert log_in(client, "beheerder2", PASSWORD)
    set_up_through_the_page(client, admin)
    client.post(reverse("lms:second_factor_setup"), {"action": "off"})
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_a_wrong_code_when_setting_up_leaves_it_off(client):
    trainer = person(username="tineke")
    assert log_in(client, "tineke", PASSWORD)
    client.get(reverse("lms:second_factor_setup"))
    response = client.post(reverse("lms:second_factor_setup"), {"code": "123456"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=trainer, confirmed=True).exists()


def test_the_code_page_sends_nobody_elsewhere_than_this_site(client):
    trainer = person(username="tineke")
    assert log_in(client, "tineke", PASSWORD)
    set_up_through_the_page(client, trainer)
    device = TOTPDevice.objects.get(user=trainer)
    client.logout()
    assert log_in(client, "tineke", PASSWORD)
    response = client.post(
        reverse("lms:second_factor"),
        {"code": code_now(device, offset=1), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("lms:home")


def test_check_deploy_warns_when_administrators_may_skip_the_second_factor():
    from tests.lms.test_dashboard_and_auth import _check_deploy, _deploy_env

    result = _check_deploy(_deploy_env(LMS_2FA_ADMINS="0"))
    assert result.returncode != 0
    assert "lms.W003" in result.stdout + result.stderr
