"""Erkend Talent trajectories: an administrator records one on an enrolment; the learner
gives consent (recorded with its date) and the job coach is linked by e-mail and invited;
the job coach follows that one learner (progress per module, attendance, result) until the
learner revokes consent, which ends access at once. Every consent change is kept, exported
and erased with the learner. Every URL: who may see it, and 404 for everyone else."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.results import services as results
from core.outbox.models import Notification
from courses.models import (
    Attendance,
    Enrollment,
    Invitation,
    LessonProgress,
    Trajectory,
    TrajectoryConsent,
)
from courses.trajectories import services
from lms.notifications import messages
from lms.privacy import erasure, export
from lms.reports.models import Report
from tests import factories as f
from tests.a11y import problems

pytestmark = pytest.mark.django_db


@dataclass
class World:
    admin: object
    trainer: object
    other_trainer: object
    learner: object
    enrollment: Enrollment
    trajectory: Trajectory
    neighbour: object  # another learner of the edition, with a trajectory of another coach
    neighbour_trajectory: Trajectory


def record(enrollment, *, by, coach_email="sanne@jobcoach.example", **kwargs) -> Trajectory:
    values = {
        "funder_type": Trajectory.FunderType.UWV,
        "funder_name": "UWV Zwolle",
        "coach_name": "Sanne de Vries",
        "coach_email": coach_email,
        "starts_on": timezone.localdate() - timedelta(days=30),
        "ends_on": timezone.localdate() + timedelta(days=180),
        **kwargs,
    }
    return services.trajectory_save(enrollment=enrollment, by=by, **values)


def build_world(*, modules: int = 3, lessons_per_module: int = 2) -> World:
    admin = f.AdminFactory()
    trainer, other_trainer = f.UserFactory(), f.UserFactory()
    course = f.build_course(modules=modules, lessons_per_module=lessons_per_module)
    edition = f.build_edition(
        course, first_day=timezone.localdate() - timedelta(days=10), trainers=[trainer]
    )
    f.EditionFactory(course=course, trainers=[other_trainer])
    learner = f.UserFactory(first_name="Henriëtte", last_name="Nienhuis")
    enrollment = f.EnrollmentFactory(edition=edition, learner=learner)
    neighbour = f.UserFactory(first_name="Bram", last_name="Buur")
    neighbour_enrollment = f.EnrollmentFactory(edition=edition, learner=neighbour)
    return World(
        admin=admin,
        trainer=trainer,
        other_trainer=other_trainer,
        learner=learner,
        enrollment=enrollment,
        trajectory=record(enrollment, by=admin),
        neighbour=neighbour,
        neighbour_trajectory=record(
            neighbour_enrollment,
            by=admin,
            coach_name="Karim Tahiri",
            coach_email="karim@werkgever.example",
            funder_type=Trajectory.FunderType.EMPLOYER,
            funder_name="Schoonmaak BV",
        ),
    )


@pytest.fixture
def world() -> World:
    return build_world()


def consent(trajectory: Trajectory, *, by, now=None) -> Trajectory:
    return services.trajectory_consent_give(trajectory=trajectory, by=by, now=now)


# --- consent -----------------------------------------------------------------------------------


def test_consent_links_the_coach_by_email_records_its_date_and_invites_a_new_account(world):
    given_at = timezone.make_aware(dt.datetime(2026, 10, 1, 9, 30))
    trajectory = consent(world.trajectory, by=world.learner, now=given_at)
    coach = trajectory.coach
    assert coach.email == "sanne@jobcoach.example"
    assert (coach.first_name, coach.last_name) == ("Sanne", "de Vries")
    assert not coach.has_usable_password()
    assert trajectory.consent_given_at == given_at and trajectory.consent_revoked_at is None
    assert list(trajectory.consents.values_list("action", "at", "by")) == [
        ("given", given_at, world.learner.pk)
    ]
    invitation = Invitation.objects.get(user=coach)
    assert Notification.objects.filter(
        user=coach, kind="invitation", item=f"invitation:{invitation.pk}"
    ).exists()
    assert not Notification.objects.filter(user=coach, kind="trajectory").exists()
    # Giving consent that runs changes nothing, and invites nobody again.
    consent(trajectory, by=world.learner, now=given_at + timedelta(hours=1))
    assert trajectory.consents.count() == 1 and Invitation.objects.filter(user=coach).count() == 1


def test_a_coach_who_has_a_password_is_linked_and_told_instead_of_invited(world):
    coach = f.UserFactory(email="Sanne@JobCoach.example")
    trajectory = consent(world.trajectory, by=world.learner)
    assert trajectory.coach == coach
    assert not Invitation.objects.filter(user=coach).exists()
    (told,) = Notification.objects.filter(user=coach, kind="trajectory")
    assert told.url == reverse("lms:trajectories:coach_learner", args=[trajectory.pk])
    subject, text, _html = messages.render(told, language="nl")
    assert subject == "Henriëtte Nienhuis geeft je toegang als jobcoach"
    assert "altijd intrekken" in text and told.url in text
    # Given again after a revoke: told again; the neighbour's coach hears nothing.
    services.trajectory_consent_revoke(trajectory=trajectory, by=world.learner)
    consent(trajectory, by=world.learner, now=timezone.now() + timedelta(minutes=1))
    assert Notification.objects.filter(kind="trajectory").count() == 2
    assert not Notification.objects.filter(kind="trajectory").exclude(user=coach).exists()


def test_revoking_records_its_date_keeps_the_history_and_consent_can_be_given_again(world):
    t0 = timezone.make_aware(dt.datetime(2026, 10, 1, 9, 0))
    consent(world.trajectory, by=world.learner, now=t0)
    revoked = services.trajectory_consent_revoke(
        trajectory=world.trajectory, by=world.learner, now=t0 + timedelta(days=3)
    )
    assert revoked.consent_given_at == t0
    assert revoked.consent_revoked_at == t0 + timedelta(days=3)
    assert not revoked.has_consent
    again = consent(world.trajectory, by=world.learner, now=t0 + timedelta(days=5))
    assert again.has_consent and again.consent_given_at == t0 + timedelta(days=5)
    assert list(again.consents.values_list("action", "at")) == [
        ("given", t0),
        ("revoked", t0 + timedelta(days=3)),
        ("given", t0 + timedelta(days=5)),
    ]


def test_a_new_coach_address_ends_the_consent_given_to_the_old_coach(world):
    consent(world.trajectory, by=world.learner)
    changed = record(
        world.enrollment, by=world.admin, coach_name="Piet Nieuw", coach_email="piet@x.example"
    )
    assert not changed.has_consent and changed.coach is None
    assert changed.consents.last().action == TrajectoryConsent.Action.ENDED
    assert changed.consents.last().coach_email == "sanne@jobcoach.example"
    # Other changes (the end date) leave the consent alone.
    consent(changed, by=world.learner)
    kept = record(
        world.enrollment,
        by=world.admin,
        coach_name="Piet Nieuw",
        coach_email="PIET@x.example",
        ends_on=timezone.localdate() + timedelta(days=20),
    )
    assert kept.has_consent


def test_the_learner_gives_and_revokes_consent_on_their_settings(client, world):
    client.force_login(world.learner)
    settings_page = client.get(reverse("lms:notification_preferences")).content.decode()
    assert "Sanne de Vries" in settings_page
    assert reverse("lms:trajectories:consent") in settings_page
    url = reverse("lms:trajectories:consent")
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and problems(html) == []
    assert "sanne@jobcoach.example" in html and "UWV Zwolle" in html
    assert "Karim" not in html  # the neighbour's coach
    client.post(url, {"trajectory": world.trajectory.pk, "action": "give"})
    world.trajectory.refresh_from_db()
    assert world.trajectory.has_consent
    client.post(url, {"trajectory": world.trajectory.pk, "action": "revoke"})
    world.trajectory.refresh_from_db()
    assert world.trajectory.consent_revoked_at is not None
    html = client.get(url).content.decode()
    assert "Toestemming ingetrokken" in html and "Toestemming gegeven" in html  # the history


def test_a_learner_cannot_give_consent_for_someone_elses_trajectory(client, world):
    client.force_login(world.learner)
    response = client.post(
        reverse("lms:trajectories:consent"),
        {"trajectory": world.neighbour_trajectory.pk, "action": "give"},
    )
    assert response.status_code == 404
    world.neighbour_trajectory.refresh_from_db()
    assert not world.neighbour_trajectory.has_consent


def test_without_a_trajectory_the_consent_page_says_so_and_changes_nothing(client, world):
    url = reverse("lms:trajectories:consent")
    for user in (world.trainer, world.admin, f.EnrollmentFactory().learner):
        client.force_login(user)
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and problems(html) == []
        assert "niet in een traject" in html and "Sanne" not in html
        response = client.post(url, {"trajectory": world.trajectory.pk, "action": "give"})
        assert response.status_code == 404
    world.trajectory.refresh_from_db()
    assert not world.trajectory.has_consent


# --- the job coach -----------------------------------------------------------------------------


def test_the_job_coach_follows_only_the_learner_who_gave_consent(client, world):
    coach = consent(world.trajectory, by=world.learner).coach
    consent(world.neighbour_trajectory, by=world.neighbour)
    client.force_login(coach)
    assert client.get(reverse("lms:home"))["Location"] == reverse("lms:trajectories:coach_home")
    home = client.get(reverse("lms:trajectories:coach_home")).content.decode()
    assert problems(home) == []
    assert "Henriëtte Nienhuis" in home and "Bram" not in home
    page = client.get(reverse("lms:trajectories:coach_learner", args=[world.trajectory.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and problems(html) == []
    assert page["Cache-Control"] == "private, no-store"
    assert "Module 1: Module 1" in html and "0 van 2" in html
    assert (
        client.get(
            reverse("lms:trajectories:coach_learner", args=[world.neighbour_trajectory.pk])
        ).status_code
        == 404
    )


def test_the_coach_sees_progress_attendance_and_result(client, world):
    coach = consent(world.trajectory, by=world.learner).coach
    lesson = world.enrollment.edition.course.modules.get(order=1).lessons.first()
    LessonProgress.objects.create(
        enrollment=world.enrollment, lesson=lesson, completed_at=timezone.now()
    )
    session = world.enrollment.edition.sessions.order_by("date").first()
    Attendance.objects.create(session=session, enrollment=world.enrollment, status="present")
    results.course_result_recompute(enrollment=world.enrollment)
    client.force_login(coach)
    html = client.get(
        reverse("lms:trajectories:coach_learner", args=[world.trajectory.pk])
    ).content.decode()
    assert "1 van 2" in html  # module 1
    assert "aanwezig" in html
    assert "Aanwezig bij 1 van de 3 lesdagen" in html
    assert "Nog niet geslaagd" in html


@pytest.mark.parametrize(
    "who", ["other_coach", "revoked_coach", "learner", "other_trainer", "trainer", "admin"]
)
def test_only_the_coach_with_consent_opens_the_learner_page(client, world, who):
    coach = consent(world.trajectory, by=world.learner).coach
    other_coach = consent(world.neighbour_trajectory, by=world.neighbour).coach
    users = {
        "other_coach": other_coach,
        "revoked_coach": coach,
        "learner": world.learner,
        "other_trainer": world.other_trainer,
        "trainer": world.trainer,
        "admin": world.admin,
    }
    if who == "revoked_coach":
        services.trajectory_consent_revoke(trajectory=world.trajectory, by=world.learner)
    client.force_login(users[who])
    url = reverse("lms:trajectories:coach_learner", args=[world.trajectory.pk])
    assert client.get(url).status_code == 404


def test_the_coach_home_is_only_for_job_coaches(client, world):
    coach = consent(world.trajectory, by=world.learner).coach
    url = reverse("lms:trajectories:coach_home")
    for user in (world.learner, world.trainer, world.other_trainer, world.admin):
        client.force_login(user)
        assert client.get(url).status_code == 404
    services.trajectory_consent_revoke(trajectory=world.trajectory, by=world.learner)
    client.force_login(coach)
    html = client.get(url).content.decode()
    assert "geeft geen cursist je toestemming" in html and "Henriëtte" not in html


def test_access_ends_after_the_trajectory_end_date_and_with_a_withdrawn_enrolment(client, world):
    coach = consent(world.trajectory, by=world.learner).coach
    client.force_login(coach)
    url = reverse("lms:trajectories:coach_learner", args=[world.trajectory.pk])
    assert client.get(url).status_code == 200
    Trajectory.objects.filter(pk=world.trajectory.pk).update(
        starts_on=timezone.localdate() - timedelta(days=60),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    assert client.get(url).status_code == 404
    Trajectory.objects.filter(pk=world.trajectory.pk).update(ends_on=None)
    assert client.get(url).status_code == 200
    Enrollment.objects.filter(pk=world.enrollment.pk).update(status="withdrawn")
    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    consent(world.trajectory, by=world.learner)
    for url in (
        reverse("lms:trajectories:consent"),
        reverse("lms:trajectories:coach_home"),
        reverse("lms:trajectories:coach_learner", args=[world.trajectory.pk]),
        reverse("lms:trajectories:list"),
        reverse("lms:trajectories:edit", args=[world.enrollment.pk]),
        reverse("lms:trajectories:report"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _modules_worth(modules: int):
    """A learner whose coach follows them, with progress, attendance and a result."""
    w = build_world(modules=modules, lessons_per_module=3)
    coach = consent(w.trajectory, by=w.learner).coach
    for lesson in w.enrollment.edition.course.modules.first().lessons.all():
        LessonProgress.objects.create(
            enrollment=w.enrollment, lesson=lesson, completed_at=timezone.now()
        )
    for session in w.enrollment.edition.sessions.all():
        Attendance.objects.create(session=session, enrollment=w.enrollment, status="present")
    results.course_result_recompute(enrollment=w.enrollment)
    return coach, reverse("lms:trajectories:coach_learner", args=[w.trajectory.pk])


def test_the_coach_page_takes_as_many_queries_for_2_as_for_20_modules(
    client, django_assert_max_num_queries
):
    counts = []
    for modules in (2, 20):
        coach, url = _modules_worth(modules)
        client.force_login(coach)
        client.get(reverse("lms:trajectories:coach_home"))  # the menu's roles, cached
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # Session, user, trajectory, modules, lessons, days, extensions, progress, attendance,
    # result: ten.
    with django_assert_max_num_queries(10):
        client.get(url)


# --- the administrator -------------------------------------------------------------------------


def test_an_administrator_records_a_trajectory_in_the_app(client, world):
    enrollment = f.EnrollmentFactory(edition=world.enrollment.edition)
    client.force_login(world.admin)
    learner_page = client.get(
        reverse("courses:trainer_learner", args=[enrollment.edition_id, enrollment.pk])
    ).content.decode()
    url = reverse("lms:trajectories:edit", args=[enrollment.pk])
    assert url in learner_page
    page = client.get(url)
    assert page.status_code == 200 and problems(page.content.decode()) == []
    response = client.post(
        url,
        {
            "funder_type": "gemeente",
            "funder_name": "Gemeente Zwolle, sociale dienst",
            "coach_name": "Ans de Boer",
            "coach_email": "ans@zwolle.example",
            "starts_on": "2026-09-01",
            "ends_on": "2026-08-01",
        },
    )
    assert response.status_code == 400 and "De einddatum ligt voor de begindatum" in (
        response.content.decode()
    )
    response = client.post(
        url,
        {
            "funder_type": "gemeente",
            "funder_name": "Gemeente Zwolle, sociale dienst",
            "coach_name": "Ans de Boer",
            "coach_email": "ans@zwolle.example",
            "starts_on": "2026-09-01",
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(enrollment=enrollment)
    assert trajectory.funder_type == "gemeente" and trajectory.ends_on is None
    assert not trajectory.has_consent
    listing = client.get(reverse("lms:trajectories:list"))
    assert problems(listing.content.decode()) == []
    assert "Ans de Boer" in listing.content.decode()


def test_the_coach_may_not_be_the_learner_themselves(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("lms:trajectories:edit", args=[world.enrollment.pk]),
        {
            "funder_type": "uwv",
            "funder_name": "UWV",
            "coach_name": "Zelf",
            "coach_email": world.learner.email.upper(),
            "starts_on": "2026-09-01",
        },
    )
    assert response.status_code == 400
    world.trajectory.refresh_from_db()
    assert world.trajectory.coach_email == "sanne@jobcoach.example"


@pytest.mark.parametrize("who", ["learner", "trainer", "other_trainer", "coach"])
def test_the_administrator_pages_are_404_for_everyone_else(client, world, who):
    coach = consent(world.trajectory, by=world.learner).coach
    users = {
        "learner": world.learner,
        "trainer": world.trainer,
        "other_trainer": world.other_trainer,
        "coach": coach,
    }
    client.force_login(users[who])
    assert client.get(reverse("lms:trajectories:list")).status_code == 404
    report = reverse("lms:trajectories:report")
    assert client.get(report).status_code == 404
    assert client.post(report, {"funder": "uwv:UWV Zwolle"}).status_code == 404
    assert not Report.objects.exists()
    edit = reverse("lms:trajectories:edit", args=[world.enrollment.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"funder_type": "uwv"}).status_code == 404
    # The trainer of the edition sees the learner's page without the trajectory on it.
    if who == "trainer":
        html = client.get(
            reverse(
                "courses:trainer_learner",
                args=[world.enrollment.edition_id, world.enrollment.pk],
            )
        ).content.decode()
        assert "UWV Zwolle" not in html


def test_the_django_admin_saves_through_the_service_and_shows_the_history(client, world):
    consent(world.trajectory, by=world.learner)
    client.force_login(world.admin)
    url = reverse("admin:courses_trajectory_change", args=[world.trajectory.pk])
    page = client.get(url).content.decode()
    assert "Soort financier" in page and "Toestemming gegeven" in page
    client.post(
        url,
        {
            "funder_type": "uwv",
            "funder_name": "UWV Zwolle",
            "coach_name": "Piet Nieuw",
            "coach_email": "piet@x.example",
            "starts_on": "2026-09-01",
            "ends_on": "",
            "consents-TOTAL_FORMS": "1",
            "consents-INITIAL_FORMS": "1",
            "consents-MIN_NUM_FORMS": "0",
            "consents-MAX_NUM_FORMS": "1000",
            "consents-0-id": world.trajectory.consents.get().pk,
            "consents-0-trajectory": world.trajectory.pk,
        },
    )
    world.trajectory.refresh_from_db()
    assert world.trajectory.coach_email == "piet@x.example"
    assert not world.trajectory.has_consent  # ended: another coach


# --- privacy -----------------------------------------------------------------------------------


def test_the_consent_history_is_in_the_learners_export_and_erased_with_them(world):
    t0 = timezone.make_aware(dt.datetime(2026, 10, 1, 9, 0))
    consent(world.trajectory, by=world.learner, now=t0)
    services.trajectory_consent_revoke(
        trajectory=world.trajectory, by=world.learner, now=t0 + timedelta(days=2)
    )
    out = io.BytesIO()
    export.personal_data_archive(world.learner, out)
    with zipfile.ZipFile(out) as archive:
        part = json.loads(archive.read("trajecten.json"))
        readme = archive.read("README.txt").decode()
    assert "trajecten.json" in readme
    (trajectory,) = part
    assert trajectory["funder"] == "UWV Zwolle" and trajectory["job_coach"] == "Sanne de Vries"
    assert [(c["what"], c["at"][:10]) for c in trajectory["consent_history"]] == [
        ("toestemming gegeven", "2026-10-01"),
        ("toestemming ingetrokken", "2026-10-03"),
    ]
    # The neighbour's trajectory is not in it.
    assert "Karim" not in json.dumps(part)

    erasure.person_erase(user=world.learner, by=world.admin)
    assert not Trajectory.objects.filter(pk=world.trajectory.pk).exists()
    assert not TrajectoryConsent.objects.filter(trajectory_id=world.trajectory.pk).exists()
    assert Trajectory.objects.filter(pk=world.neighbour_trajectory.pk).exists()


# --- the report per funder ---------------------------------------------------------------------


def test_an_administrator_gets_the_report_of_one_funder_as_xlsx_and_pdf(
    client, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Another enrolment of the same funder, its name typed in other case: one funder.
    third = f.EnrollmentFactory(
        edition=world.enrollment.edition,
        learner=f.UserFactory(first_name="Fenna", last_name="Hoekstra"),
    )
    record(third, by=world.admin, funder_name="uwv zwolle", coach_email="ans@x.example")
    client.force_login(world.admin)
    url = reverse("lms:trajectories:report")
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and problems(html) == []
    assert html.count("UWV Zwolle (UWV)") == 1 and "Schoonmaak BV (werkgever)" in html
    sessions = world.enrollment.edition.sessions.order_by("date")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "funder": "uwv:UWV Zwolle",
                "start": sessions.first().date.isoformat(),
                "end": sessions.last().date.isoformat(),
            },
        )
    report = Report.objects.get()
    assert response["Location"] == reverse("lms:reports:detail", args=[report.pk])
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.title == "UWV Zwolle (UWV)"
    detail = client.get(response["Location"]).content.decode()
    assert reverse("lms:trajectories:report") in detail  # back to the funder report page
    sheet = load_workbook(io.BytesIO(report.xlsx.read())).worksheets[0]
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Henriëtte Nienhuis", "Fenna Hoekstra"}  # not Bram (another funder)
    pdf = client.get(reverse("lms:reports:download", args=[report.pk, "pdf"]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # Nobody but administrators sees a funder's report, the job coach neither.
    coach = consent(world.trajectory, by=world.learner).coach
    for user in (coach, world.learner, world.trainer):
        client.force_login(user)
        assert client.get(response["Location"]).status_code == 404
        assert (
            client.get(reverse("lms:reports:download", args=[report.pk, "xlsx"])).status_code == 404
        )


def test_a_funder_report_for_an_unknown_funder_is_refused(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("lms:trajectories:report"),
        {"funder": "uwv:Iemand anders", "start": "2026-01-01", "end": "2026-02-01"},
    )
    assert response.status_code == 400 and not Report.objects.exists()
