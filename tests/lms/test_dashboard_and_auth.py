"""The learner dashboard, logging in and out, password reset, language, deploy settings."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import LessonProgress
from tests import factories as f
from tests.logins import log_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def enrollment():
    course = f.build_course()
    edition = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=10))
    return f.EnrollmentFactory(edition=edition)


def test_dashboard_shows_next_classroom_day_open_work_progress_and_feedback(client, enrollment):
    course = enrollment.edition.course
    done = course.modules.get(order=1).lessons.get(order=1)
    LessonProgress.objects.create(enrollment=enrollment, lesson=done, completed_at=timezone.now())
    trainer = f.UserFactory(first_name="Anouk")
    services.coaching_note_create(
        enrollment=enrollment, author=trainer, body="Mooi *doorgevraagd*!"
    )
    client.force_login(enrollment.learner)
    response = client.get(reverse("lms:learner_dashboard"))
    html = response.content.decode()
    card = response.context["card"]
    next_session = enrollment.edition.sessions.get(module__order=2)
    assert card["next_session"].pk == next_session.pk
    assert next_session.location in html
    assert [i.lesson.title for i in card["open_work"]] == ["Les 1.2", "Les 1.3"]
    assert "1 van 3 klaar" in html
    assert 'max="100" value="33"' in html
    assert "<em>doorgevraagd</em>" in html
    assert "Les 2.1" in html  # opens soon


def test_dashboard_of_a_user_without_enrolments_explains_what_comes(client):
    user = f.UserFactory()
    client.force_login(user)
    response = client.get(reverse("lms:learner_dashboard"))
    assert "nog niet ingeschreven" in response.content.decode()


def test_home_sends_each_role_to_its_start_page(client, enrollment):
    client.force_login(enrollment.learner)
    assert client.get("/")["Location"] == reverse("lms:learner_dashboard")
    trainer = f.UserFactory()
    enrollment.edition.trainers.add(trainer)
    client.force_login(trainer)
    assert client.get("/")["Location"] == reverse("courses:trainer_editions")
    assert client.get("/", follow=False).status_code == 302
    client.logout()
    assert client.get("/")["Location"].startswith(reverse("login"))


def test_login_with_username_or_email_and_logout(client, enrollment):
    learner = enrollment.learner
    response = client.post(
        reverse("login"), {"username": learner.email.upper(), "password": "demo"}
    )
    assert response.status_code == 302
    assert client.get(reverse("lms:learner_dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("lms:learner_dashboard")).status_code == 302
    bad = client.post(reverse("login"), {"username": learner.username, "password": "fout"})
    assert bad.status_code == 200 and "Dat klopt niet" in bad.content.decode()


def test_a_session_ends_when_the_user_is_deactivated_deleted_or_changes_password(
    client, enrollment
):
    """The user of each request is looked up by a query compiled once per process: it must
    still see every change to the user."""
    dashboard = reverse("lms:learner_dashboard")
    learner = enrollment.learner
    client.post(reverse("login"), {"username": learner.username, "password": "demo"})
    assert client.get(dashboard).status_code == 200
    learner.set_password("nieuw-wachtwoord")
    learner.save()
    assert client.get(dashboard).status_code == 302
    client.post(reverse("login"), {"username": learner.username, "password": "nieuw-wachtwoord"})
    assert client.get(dashboard).status_code == 200
    learner.is_active = False
    learner.save()
    assert client.get(dashboard).status_code == 302
    other = f.UserFactory()
    client.force_login(other)
    assert client.get(dashboard).status_code == 200
    other.delete()
    assert client.get(dashboard).status_code == 302


def test_password_reset_by_email_end_to_end(client, enrollment):
    learner = enrollment.learner
    client.post(reverse("password_reset"), {"email": learner.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "nieuw wachtwoord" in message.subject.lower()
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nieuw-wachtwoord-2026", "new_password2": "Nieuw-wachtwoord-2026"},
    )
    client.logout()
    assert log_in(client, username=learner.username, password="Nieuw-wachtwoord-2026")


def test_unknown_email_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.nl"}, follow=True)
    assert "Kijk in je mail" in response.content.decode()
    assert mail.outbox == []


def test_pages_are_dutch_by_default_and_english_on_request(client, enrollment):
    client.force_login(enrollment.learner)
    dutch = client.get(reverse("lms:learner_dashboard"))
    assert '<html lang="nl">' in dutch.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/dashboard/"})
    english = client.get(reverse("lms:learner_dashboard"))
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert "Your next classroom day" in html


def test_the_header_language_switch_also_sets_the_language_of_the_users_mail(client, enrollment):
    from lms.models import Profile

    client.force_login(enrollment.learner)
    response = client.post(reverse("lms:set_language"), {"language": "en", "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert Profile.objects.get(user=enrollment.learner).language == "en"
    client.post(reverse("lms:set_language"), {"language": "xx", "next": "/dashboard/"})
    assert Profile.objects.get(user=enrollment.learner).language == "en"
    client.post(reverse("lms:set_language"), {"language": "nl", "next": "/dashboard/"})
    assert Profile.objects.get(user=enrollment.learner).language == "nl"


def _deploy_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings",
        LMS_DEBUG="0",
        LMS_SECRET_KEY="a-long-random-production-secret-" + "x7Qp9!" * 10,
        LMS_ALLOWED_HOSTS="leren.example.nl",
        LMS_BASE_URL="https://leren.example.nl",
        LMS_CERTIFICATE_SIGNING_KEY="9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        LMS_DATABASE_URL="postgres://lms@db.example.nl/lms",
        LMS_CACHE_URL="redis://cache.example.nl:6379/1",
    )
    env.update(extra)
    return env


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _check_deploy(_deploy_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = _deploy_env()
    del env["LMS_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "LMS_SECRET_KEY" in result.stderr


def test_the_cached_header_carries_a_working_csrf_token_for_each_visitor(enrollment):
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    other = f.EnrollmentFactory(edition=enrollment.edition)
    first.force_login(enrollment.learner)
    second.force_login(other.learner)
    tokens = []
    for client in (first, second):
        html = client.get(reverse("lms:learner_dashboard")).content.decode()
        form = html.split(f'action="{reverse("logout")}"', 1)[1]
        tokens.append(form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0])
        assert 'name="next" type="hidden" value="/dashboard/"' in html
    assert tokens[0] != tokens[1]
    response = first.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302
    assert first.get(reverse("lms:learner_dashboard")).status_code == 302


def test_check_deploy_warns_when_production_has_no_shared_signing_key():
    env = _deploy_env()
    del env["LMS_CERTIFICATE_SIGNING_KEY"]
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "certificates.W001" in result.stdout + result.stderr


def test_check_deploy_warns_when_production_has_no_shared_cache():
    env = _deploy_env()
    del env["LMS_CACHE_URL"]
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "lms.W002" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("locmem://", "django.contrib.sessions.backends.db"),
        ("redis://cache.example.nl:6379/1", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_read_through_the_cache_only_when_every_process_shares_it(cache_url, engine):
    """A logout must end the session in every web worker: a per-process memory cache would
    keep serving it in the workers that did not see the logout."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.SESSION_ENGINE)",
        ],
        cwd=ROOT,
        env=_deploy_env(LMS_CACHE_URL=cache_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == engine


def test_a_card_lists_the_first_open_work_and_links_to_all_of_it(client):
    course = f.build_course(lessons_per_module=10, modules=2)
    edition = f.build_edition(course, first_day=timezone.localdate() - dt.timedelta(days=1))
    enrollment = f.EnrollmentFactory(edition=edition)
    client.force_login(enrollment.learner)

    html = client.get(reverse("lms:learner_dashboard")).content.decode()

    work = html.split("Online werk dat open staat", 1)[1].split("</section>", 1)[0]
    assert work.split('class="lesson-list"', 1)[1].split("</ul>", 1)[0].count("<li>") == 8
    outline = reverse("courses:outline", args=[edition.pk])
    assert f'<a href="{outline}">Alle 10 bekijken</a>' in work
    assert "Bekijk alles wat er nog komt (10)" in work
