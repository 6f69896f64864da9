"""Privacy (AVG): a learner downloads their own data as one zip; an administrator erases a
person (their work and files go, an issued certificate stays verifiable, audited); the
privacy statement is linked from every page."""

import json
import re

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import models as am
from assessments.assignments import services as assignment_services
from assessments.assignments.services import ReviewInput
from assessments.models import Review
from assessments.results import services as results
from certificates import services as certificate_services
from certificates.models import Certificate
from core.outbox.models import Notification
from courses.models import Attendance, CoachingNote, Enrollment, LessonProgress
from lms.models import ErasureRecord, Kind, MutedKind, Profile
from lms.privacy import erasure
from tests import factories as f
from tests.a11y import problems
from tests.assessments.assignment_factories import hand_in
from tests.certificates.conftest import TEST_SIGNING_KEY
from tests.lms.privacy_helpers import (
    build_course,
    fill,
    login,
    new_learner,
    read_zip,
    take_quiz,
)

pytestmark = pytest.mark.django_db

DOWNLOAD = "/settings/my-data/"


@pytest.fixture(autouse=True)
def _certificate_settings(settings):
    settings.LMS_CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    settings.LMS_CERTIFICATE_FONT = ""


@pytest.fixture
def two_learners():
    """Fleur and, in the same edition, Gijs: each with work, files, feedback, a certificate."""
    setup, enrollment = build_course()
    enrollment.learner.first_name, enrollment.learner.last_name = "Fleur", "de Wit"
    enrollment.learner.email = "fleur@gemeente.nl"
    enrollment.learner.save()
    fleur = fill(setup, enrollment, marker="FLEUR-7")
    gijs = fill(
        setup,
        new_learner(setup.edition, first_name="Gijs", last_name="Geheim", email="gijs@x.nl"),
        marker="GIJS-9",
    )
    return setup, fleur, gijs


def download(client, user) -> dict[str, bytes]:
    login(client, user)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    return read_zip(b"".join(response.streaming_content))


def part(files: dict[str, bytes], name: str):
    return json.loads(files[f"{name}.json"].decode("utf-8"))


# --- download ------------------------------------------------------------------------------------


def test_learner_downloads_all_their_data_as_one_zip(client, two_learners):
    setup, fleur, _gijs = two_learners
    files = download(client, fleur.user)

    readme = files["README.txt"].decode("utf-8")
    assert "Je gegevens uit de Leeromgeving" in readme
    for name in ("profiel.json", "inschrijvingen.json", "toetsen.json", "opdrachten.json"):
        assert name in readme

    profile = part(files, "profiel")
    assert profile["email"] == "fleur@gemeente.nl"
    assert (profile["first_name"], profile["last_name"]) == ("Fleur", "de Wit")
    assert profile["language"] == "nl"
    assert "Herinnering twee dagen voor een deadline" in profile["messages_switched_off"]

    (enrolment,) = part(files, "inschrijvingen")
    assert enrolment["course"] == setup.course.title
    assert enrolment["edition"] == setup.edition.name
    assert enrolment["status"] == "actief"
    assert enrolment["organisation"] == fleur.enrollment.organisation.name
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", enrolment["enrolled_at"])
    assert enrolment["first_day"] == str(setup.edition.sessions.order_by("date").first().date)

    assert {"Les 1.1", "Toets emoties"} <= {p["lesson"] for p in part(files, "voortgang")}
    assert part(files, "aanwezigheid")[0]["note"] == "Op tijd FLEUR-7"
    assert part(files, "coaching")[0]["text"] == "Coaching voor FLEUR-7."

    (attempt,) = part(files, "toetsen")
    assert attempt["quiz"] == "Toets emoties" and attempt["percentage"] == 66.67  # 2 of 3
    assert attempt["passed"] is True
    typed = [a for a in attempt["answers"] if a["answer"] == "Antwoord FLEUR-7"]
    assert typed and typed[0]["answer_in_words"] == ["Antwoord FLEUR-7"]
    assert all("points" in a for a in attempt["answers"])  # a practice quiz shows them

    (work,) = part(files, "opdrachten")
    assert work["versions"][0]["text"] == "Mijn analyse FLEUR-7."
    path = work["files"][0]["file_in_this_zip"]
    assert path.startswith("bestanden/opdrachten/") and path.endswith("verslag-FLEUR-7.pdf")
    assert files[path] == fleur.file_bytes

    (review,) = part(files, "beoordelingen")
    assert review["feedback"] == "Goed gedaan FLEUR-7."
    assert review["comments"][0]["note"] == "Mooi samengevat FLEUR-7."
    assert review["rubric"][0]["criterion"] == "Klantvraag"

    (certificate,) = part(files, "certificaten")
    assert certificate["number"] == fleur.certificate.serial
    assert certificate["name_on_certificate"] == "Fleur de Wit"
    assert certificate["verify_url"].endswith(f"/verify/{fleur.certificate.verification_code}/")
    assert files[certificate["pdf_in_this_zip"]].startswith(b"%PDF")

    assert any(n["details"].get("lesson") == "Les FLEUR-7" for n in part(files, "berichten"))


def test_another_learners_data_never_appears_in_the_zip(client, two_learners):
    _setup, fleur, gijs = two_learners
    files = download(client, fleur.user)
    everything = b"".join(files.values())
    for secret in (b"GIJS-9", b"Geheim", b"gijs@x.nl", gijs.certificate.serial.encode()):
        assert secret not in everything
    assert gijs.file_bytes not in files.values()
    assert b"FLEUR-7" in everything


def test_only_released_reviews_are_in_the_zip(client):
    setup, enrollment = build_course()
    person = fill(setup, enrollment, marker="EERSTE")
    # A second version, reviewed in a draft the learner may not see yet.
    submission = am.Submission.objects.select_related("enrollment__edition").get(
        enrollment=enrollment
    )
    assignment_services.submission_reopen(submission=submission, user=setup.trainer)
    second = hand_in(setup.assignment, enrollment, text="Tweede versie.")
    _draft_review(second, setup.trainer, feedback="CONCEPT-NIET-TONEN")
    files = download(client, person.user)
    assert [r["feedback"] for r in part(files, "beoordelingen")] == ["Goed gedaan EERSTE."]
    assert b"CONCEPT-NIET-TONEN" not in b"".join(files.values())


def _draft_review(version, trainer, *, feedback):
    submission = am.Submission.objects.select_related("enrollment__edition").get(
        pk=version.submission_id
    )
    submission.assignment = am.Assignment.objects.get(pk=submission.assignment_id)
    data = ReviewInput(lock_version=0, levels={0: 1, 1: 0}, feedback=feedback)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assignment_services.review_save(
            submission=submission, version=version, data=data, grader=trainer
        )
    assert Review.objects.get(version=version).state == Review.State.DRAFT


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(DOWNLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _export_queries(client, user) -> int:
    login(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DOWNLOAD)
        b"".join(response.streaming_content)
    return len(queries)


def test_the_export_reads_a_fixed_number_of_queries_whatever_the_number_of_attempts(client):
    setup, enrollment = build_course(questions=5)
    few = fill(setup, enrollment, marker="WEINIG")
    many = fill(setup, new_learner(setup.edition), marker="VEEL")
    for _ in range(9):
        take_quiz(setup.quiz, many.enrollment)
    assert am.Attempt.objects.filter(enrollment=many.enrollment).count() == 10
    assert am.Response.objects.filter(attempt__enrollment=many.enrollment).count() == 50
    _export_queries(client, few.user)  # warm the per-process caches (schedules)
    assert _export_queries(client, many.user) == _export_queries(client, few.user)


def test_the_export_stays_under_a_query_budget(client, two_learners, django_assert_max_num_queries):
    _setup, fleur, _gijs = two_learners
    login(client, fleur.user)
    with django_assert_max_num_queries(45):
        response = client.get(DOWNLOAD)
        b"".join(response.streaming_content)


def test_downloads_are_limited_per_hour(client):
    learner = f.UserFactory()
    login(client, learner)
    for _ in range(10):
        assert client.get(DOWNLOAD).status_code == 200
    response = client.get(DOWNLOAD, follow=True)
    assert response.redirect_chain[-1][0] == reverse("lms:notification_preferences")
    assert "Probeer het over een uur weer" in response.content.decode()


def test_settings_page_offers_the_download(client):
    login(client, f.UserFactory())
    response = client.get(reverse("lms:notification_preferences"))
    html = response.content.decode()
    assert "Download je gegevens" in html
    assert f'href="{DOWNLOAD}"' in html
    assert problems(html) == []


# --- erasure ---------------------------------------------------------------------------------


def erase(person, by):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return erasure.person_erase(user=person.user, by=by)


def test_erasure_removes_personal_data_work_and_files(client, two_learners):
    setup, fleur, gijs = two_learners
    admin = f.AdminFactory()
    upload_name = fleur.upload.file.name
    pdf_name = fleur.certificate.pdf.name
    assert default_storage.exists(upload_name) and default_storage.exists(pdf_name)

    record = erase(fleur, admin)

    user = fleur.user
    user.refresh_from_db()
    assert user.get_full_name() == "Verwijderde gebruiker"
    assert user.username == f"verwijderd-{record.reference}"
    assert user.email.startswith("verwijderd-") and "fleur" not in user.email
    assert not user.has_usable_password() and not user.is_active
    assert not am.Attempt.objects.filter(enrollment__learner=user).exists()
    assert not am.Response.objects.filter(attempt__enrollment__learner=user).exists()
    assert not am.Submission.objects.filter(enrollment__learner=user).exists()
    assert not am.SubmissionFile.objects.filter(pk=fleur.upload.pk).exists()
    assert not Review.objects.filter(submission__enrollment__learner=user).exists()
    assert not am.CourseResult.objects.filter(enrollment__learner=user).exists()
    assert not LessonProgress.objects.filter(enrollment__learner=user).exists()
    assert not Attendance.objects.filter(enrollment__learner=user).exists()
    assert not CoachingNote.objects.filter(enrollment__learner=user).exists()
    assert not Notification.objects.filter(user=user).exists()
    assert not Profile.objects.filter(user=user).exists()
    assert not MutedKind.objects.filter(user=user).exists()
    assert not default_storage.exists(upload_name)
    assert not default_storage.exists(pdf_name)

    # The issued certificate stays, with what it says, and keeps its enrolment.
    certificate = Certificate.objects.get(pk=fleur.certificate.pk)
    assert certificate.status == Certificate.Status.ISSUED
    assert (certificate.name, certificate.serial) == ("Fleur de Wit", fleur.certificate.serial)
    assert certificate.holder_erased_at is not None
    assert not certificate.pdf and certificate.credential is None
    kept = Enrollment.objects.get(pk=fleur.enrollment.pk)
    assert kept.organisation_id is None and kept.status == Enrollment.Status.WITHDRAWN
    page = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    assert page.status_code == 200
    assert "Fleur de Wit" in page.content.decode()
    assert "echt en geldig" in page.content.decode()

    # Audited, without personal data.
    assert record.erased_by == admin and record.erased_by_username == admin.username
    assert record.reason == ErasureRecord.Reason.REQUEST
    assert record.summary["attempts"] == 1 and record.summary["submission_files"] == 1
    assert record.summary["certificates_kept"] == 1
    assert "Fleur" not in json.dumps(record.summary) + record.reference

    # Gijs keeps everything.
    assert default_storage.exists(gijs.upload.file.name)
    assert am.Attempt.objects.filter(enrollment=gijs.enrollment).count() == 1
    assert Certificate.objects.get(pk=gijs.certificate.pk).pdf


def test_an_erased_person_can_no_longer_log_in(client, two_learners):
    _setup, fleur, _gijs = two_learners
    fleur.user.set_password("geheim-wachtwoord-1")
    fleur.user.save()
    erase(fleur, f.AdminFactory())
    for name in ("fleur@gemeente.nl", fleur.user.username):
        response = client.post(
            reverse("login"), {"username": name, "password": "geheim-wachtwoord-1"}
        )
        assert "_auth_user_id" not in client.session, name
        assert response.status_code in (200, 429)


def test_erasing_twice_is_harmless(two_learners):
    _setup, fleur, _gijs = two_learners
    admin = f.AdminFactory()
    first = erase(fleur, admin)
    second = erase(fleur, f.AdminFactory())
    assert second == first
    assert ErasureRecord.objects.count() == 1
    assert Certificate.objects.filter(pk=fleur.certificate.pk, status="issued").exists()


def test_a_kept_certificate_is_never_rendered_mailed_or_flagged_again(two_learners):
    setup, fleur, _gijs = two_learners
    erase(fleur, f.AdminFactory())
    certificate = Certificate.objects.get(pk=fleur.certificate.pk)
    with TestCase.captureOnCommitCallbacks(execute=True):
        results.course_results_recompute(enrollment_ids=[certificate.enrollment_id])
        certificate_services.certificate_evaluate(enrollment_id=certificate.enrollment_id)
        certificate_services.certificates_sweep()
    assert certificate_services.certificate_render(certificate_id=certificate.pk) is False
    assert certificate_services.certificate_email(certificate_id=certificate.pk) is False
    certificate.refresh_from_db()
    assert not certificate.needs_review and not certificate.pdf
    assert certificate.status == Certificate.Status.ISSUED
    assert not Notification.objects.filter(user=fleur.user).exists()
    with pytest.raises(certificate_services.CertificateError):
        certificate_services.certificate_correct_name(
            certificate=certificate, name="Iemand Anders", by=None
        )


def test_pending_certificate_requests_are_removed_with_the_person():
    setup, enrollment = build_course()
    person = fill(setup, enrollment, marker="AANVRAAG")
    Certificate.objects.filter(pk=person.certificate.pk).update(
        status=Certificate.Status.PENDING, serial=None, issued_at=None
    )
    record = erase(person, f.AdminFactory())
    assert not Certificate.objects.filter(pk=person.certificate.pk).exists()
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()
    assert record.summary["enrollments_removed"] == 1
    assert record.summary["certificates_removed"] == 1


def test_an_administrator_cannot_erase_themselves_or_a_superuser():
    admin = f.AdminFactory()
    with pytest.raises(erasure.ErasureRefused):
        erasure.person_erase(user=admin, by=admin)
    with pytest.raises(erasure.ErasureRefused):
        erasure.person_erase(user=f.AdminFactory(), by=admin)
    assert not ErasureRecord.objects.exists()


def test_erasure_is_one_transaction(two_learners, monkeypatch):
    _setup, fleur, _gijs = two_learners
    upload_name = fleur.upload.file.name

    def broken(user):
        raise RuntimeError("courses could not finish")

    monkeypatch.setattr(erasure.course_privacy, "erase", broken)
    with pytest.raises(RuntimeError), TestCase.captureOnCommitCallbacks(execute=True):
        erasure.person_erase(user=fleur.user, by=f.AdminFactory())
    fleur.user.refresh_from_db()
    assert fleur.user.first_name == "Fleur"
    assert am.Attempt.objects.filter(enrollment=fleur.enrollment).exists()
    assert default_storage.exists(upload_name)
    assert not ErasureRecord.objects.exists()


def test_a_trainer_erased_leaves_their_editions(two_learners):
    setup, _fleur, _gijs = two_learners
    trainer = setup.trainer
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure.person_erase(user=trainer, by=f.AdminFactory())
    assert not setup.edition.trainers.filter(pk=trainer.pk).exists()
    # The notes and reviews they wrote for others stay, under the anonymised account.
    assert CoachingNote.objects.filter(author=trainer).exists()


# --- the privacy statement -------------------------------------------------------------------


def test_privacy_statement_is_public_and_accessible(client, settings):
    settings.LMS_PRIVACY_RETENTION_YEARS = 3
    settings.LMS_SECURITY_CONTACT = "mailto:privacy@leeromgeving.example"
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Privacyverklaring</h1>" in html
    assert "3 jaar" in html
    assert 'href="mailto:privacy@leeromgeving.example"' in html
    assert problems(html) == []


def test_privacy_statement_offers_a_logged_in_person_their_download(client):
    login(client, f.UserFactory())
    html = client.get("/privacy/").content.decode()
    assert f'href="{DOWNLOAD}"' in html
    assert problems(html) == []


@pytest.mark.parametrize("url", ["/accounts/login/", "/privacy/", "/dashboard/"])
def test_every_page_links_the_privacy_statement_in_its_footer(client, url):
    login(client, f.UserFactory())
    html = client.get(url, follow=True).content.decode()
    footer = html.split('<footer class="site-footer', 1)[1]
    assert 'href="/privacy/"' in footer


def test_erasure_clears_what_hangs_on_the_account_and_the_name_in_others_messages(two_learners):
    setup, fleur, _gijs = two_learners
    admin = f.AdminFactory()
    now = timezone.now()
    digest = Notification.objects.create(
        user=setup.trainer,
        kind=Kind.TRAINER_DIGEST,
        item=f"edition:{setup.edition.pk}",
        about=timezone.localdate(),
        created_at=now,
        data={
            "behind": [
                {"name": "Fleur de Wit", "overdue": 2},
                {"name": "Gijs Geheim", "overdue": 1},
            ]
        },
    )
    log = LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(fleur.user),
        object_id=str(fleur.user.pk),
        object_repr="Fleur de Wit",
        action_flag=CHANGE,
    )
    AccessLog.objects.create(username=fleur.user.username.lower(), ip_address="192.0.2.7")
    devices = []
    if apps.is_installed("django_otp.plugins.otp_totp"):
        totp = apps.get_model("otp_totp", "TOTPDevice")
        devices.append(totp.objects.create(user=fleur.user, name="telefoon"))

    record = erase(fleur, admin)

    digest.refresh_from_db()
    assert [b["name"] for b in digest.data["behind"]] == ["Verwijderde gebruiker", "Gijs Geheim"]
    log.refresh_from_db()
    assert log.object_repr == f"verwijderd-{record.reference}"
    assert not AccessLog.objects.filter(ip_address="192.0.2.7").exists()
    for device in devices:
        assert not type(device).objects.filter(pk=device.pk).exists()


def test_the_learners_conversation_is_in_the_zip_and_goes_with_an_erasure(client, two_learners):
    from lms.conversations import selectors as conversation_selectors
    from lms.conversations import services as conversation_services
    from lms.models import Message

    setup, fleur, gijs = two_learners
    access = conversation_selectors.conversation_access_or_404(
        fleur.user, fleur.enrollment.pk
    )
    conversation_services.message_send(access=access, body="Mag ik iets vragen? FLEUR-BERICHT")
    other = conversation_selectors.conversation_access_or_404(gijs.user, gijs.enrollment.pk)
    conversation_services.message_send(access=other, body="GIJS-BERICHT")

    files = download(client, fleur.user)
    assert b"FLEUR-BERICHT" in files["gesprekken.json"]
    assert b"GIJS-BERICHT" not in b"".join(files.values())

    erase(fleur, f.AdminFactory())

    assert list(Message.objects.values_list("body", flat=True)) == ["GIJS-BERICHT"]
