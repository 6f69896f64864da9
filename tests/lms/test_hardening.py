"""Hardening from issue 20: no demo accounts in production, a cut database connection costs no
request, and `/.well-known/security.txt`."""

import io
import time
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections, connection, connections
from django.utils import timezone

from lms import settings as project_settings
from lms.checks import check_demo_passwords
from lms.demo import DEMO_PASSWORD

User = get_user_model()


# --- seed_demo and the demo password ---------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_refuses_under_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--force-demo-data") as refused:
        call_command("seed_demo", stdout=io.StringIO())
    assert "LMS_DEBUG=0" in str(refused.value)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_demo_runs_under_production_settings_when_forced(settings):
    settings.PRODUCTION = True
    call_command("seed_demo", "--force-demo-data", stdout=io.StringIO())
    assert User.objects.get(username="beheerder").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_check_deploy_errors_while_an_administrator_keeps_the_demo_password():
    admin = User.objects.create_superuser("baas", "baas@example.nl", DEMO_PASSWORD)
    User.objects.create_user("cursist", password=DEMO_PASSWORD)  # a demo login
    User.objects.create_user("ruud", password=DEMO_PASSWORD, is_active=False)
    User.objects.create_user("gewoon", password=DEMO_PASSWORD)  # not tried: not staff, not demo
    User.objects.create_user("trainer", password=None)  # unusable password

    [error] = check_demo_passwords(None)
    assert error.id == "lms.E002"
    assert error.level == checks.ERROR
    assert "baas, cursist." in error.msg
    deploy_ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert "lms.E002" in deploy_ids
    assert "lms.E002" not in {m.id for m in checks.run_checks()}

    admin.set_password("een eigen wachtwoord van de beheerder")
    admin.save()
    User.objects.filter(username="cursist").update(is_active=False)
    assert check_demo_passwords(None) == []


# --- a cut database connection ---------------------------------------------------------------


def _backend_gone(pid: int) -> None:
    """Cut the backend from a second connection and wait until PostgreSQL has ended it."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone() == (True,)
            for _ in range(100):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone() == (0,):
                    return
                time.sleep(0.05)
        raise AssertionError(f"backend {pid} still runs")
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_request_after_its_kept_connection_was_cut_still_answers():
    """A web worker keeps its connection (CONN_MAX_AGE); when PostgreSQL ends that backend
    (restart, fail-over, pg_terminate_backend) the next request reconnects instead of failing,
    through the project's CONN_HEALTH_CHECKS."""
    if connection.vendor != "postgresql":
        pytest.skip("a cut backend: PostgreSQL")
    kept = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.settings_dict["CONN_HEALTH_CHECKS"] = project_settings.DATABASES["default"][
        "CONN_HEALTH_CHECKS"
    ]
    try:
        close_old_connections()  # request_started
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            [pid] = cursor.fetchone()
        close_old_connections()  # request_finished: the connection is kept
        assert connection.connection is not None

        _backend_gone(pid)

        close_old_connections()  # the next request_started
        assert User.objects.filter(pk=-1).exists() is False
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone() != (pid,)
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(kept)


# --- security.txt ----------------------------------------------------------------------------


def _fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.splitlines():
        name, separator, value = line.partition(": ")
        assert separator, f"not a field: {line!r}"
        assert name not in fields, f"{name} twice"
        fields[name] = value
    return fields


@pytest.mark.django_db
def test_security_txt_names_a_contact_and_expires_within_a_year(client, settings):
    settings.LMS_BASE_URL = "https://leren.example.nl"
    settings.LMS_SECURITY_CONTACT = ""
    before = timezone.now()
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response.content.decode())
    assert fields["Contact"] == "mailto:security@leren.example.nl"
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"] == "https://leren.example.nl/.well-known/security.txt"
    expires = datetime.fromisoformat(fields["Expires"])
    assert expires.tzinfo is not None
    assert timezone.now() < expires < before + timedelta(days=366)


@pytest.mark.django_db
def test_security_txt_contact_comes_from_the_setting(client, settings):
    settings.LMS_SECURITY_CONTACT = "https://www.example.nl/melden"
    response = client.get("/.well-known/security.txt")
    assert _fields(response.content.decode())["Contact"] == "https://www.example.nl/melden"
    assert client.post("/.well-known/security.txt").status_code == 405
