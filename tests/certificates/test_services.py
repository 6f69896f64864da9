"""Eligibility, approval exactly once, snapshots and serial numbers, rendering, e-mail,
revocation, replacement, review after a dropped result, and the sweep."""

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import CourseResult, Response
from assessments.quizzes import services as attempts
from assessments.results import services as results
from certificates import services, signing, tasks
from certificates.models import Certificate
from certificates.signals import certificate_issued
from core.outbox import services as outbox
from lms.models import Kind, MutedKind, Notification, Profile
from lms.notifications import messages as notification_messages
from lms.notifications.services import preferences_update
from tests.assessments.quiz_factories import build_quiz, right_answer

from .factories import issued_certificate, passed_enrollment, pending_certificate, template_for

pytestmark = pytest.mark.django_db
Status = Certificate.Status


def test_a_passed_result_gets_a_certificate_awaiting_approval():
    enrollment = passed_enrollment()
    certificate = services.certificate_evaluate(enrollment_id=enrollment.pk)
    assert certificate.status == Status.PENDING
    assert certificate.serial is None
    assert services.certificate_evaluate(enrollment_id=enrollment.pk).pk == certificate.pk
    assert Certificate.objects.count() == 1


def test_a_result_that_is_not_passed_gets_nothing():
    enrollment = passed_enrollment(passed=False)
    assert services.certificate_evaluate(enrollment_id=enrollment.pk) is None
    assert not Certificate.objects.exists()


def test_a_course_without_template_gives_no_certificate():
    from tests import factories as f

    enrollment = passed_enrollment(f.EditionFactory())
    assert services.certificate_evaluate(enrollment_id=enrollment.pk) is None


def test_auto_issue_issues_at_once_and_announces_once(django_capture_on_commit_callbacks):
    received = []
    certificate_issued.connect(
        lambda sender, certificate_id, **kw: received.append(certificate_id),
        weak=False,
        dispatch_uid="t",
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enrollment = passed_enrollment(auto_issue=True)
            certificate = services.certificate_evaluate(enrollment_id=enrollment.pk)
            services.certificate_evaluate(enrollment_id=enrollment.pk)
    finally:
        certificate_issued.disconnect(dispatch_uid="t")
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED
    assert received == [certificate.pk]
    assert certificate.rendered_at is not None and certificate.pdf
    assert len(mail.outbox) == 1


def test_the_database_refuses_a_second_current_certificate_per_enrolment():
    certificate = pending_certificate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            enrollment=certificate.enrollment, verification_code=services.new_verification_code()
        )


def test_approving_twice_issues_once_with_a_snapshot_and_a_serial(
    django_capture_on_commit_callbacks,
):
    certificate = pending_certificate(first_name="Henrie\u0308tte", last_name="Nienhuis")
    admin = __import__("tests.factories", fromlist=["AdminFactory"]).AdminFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.certificate_approve(certificate_ids=[certificate.pk], by=admin)
        second = services.certificate_approve(certificate_ids=[certificate.pk], by=admin)
    assert first == [certificate.pk] and second == []
    certificate.refresh_from_db()
    year = timezone.localdate().year
    assert certificate.serial == f"DV-{year}-000001"
    assert certificate.name == "Henriëtte Nienhuis"
    assert unicodedata.is_normalized("NFC", certificate.name)
    assert certificate.modules == ["Module 1", "Module 2", "Module 3"]
    assert certificate.issuer_name == "NVVB / PublieksAcademie"
    assert certificate.signatories == [{"name": "Marloes Visser", "role": "PublieksAcademie"}]
    assert certificate.decided_by == admin
    assert len(certificate.verification_code) >= 43  # 256 bits, URL-safe
    assert len(mail.outbox) == 1
    assert certificate.verification_code in mail.outbox[0].body
    assert not mail.outbox[0].attachments


def test_serials_count_up_per_prefix_and_year_without_gaps():
    first = issued_certificate()
    edition = first.enrollment.edition
    others = [pending_certificate(edition) for _ in range(3)]
    services.certificate_approve(certificate_ids=[c.pk for c in others], by=None)
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    numbers = [int(s.rsplit("-", 1)[1]) for s in serials]
    assert numbers == [1, 2, 3, 4]
    assert all(re.fullmatch(r"DV-\d{4}-\d{6}", s) for s in serials)
    other_course = issued_certificate(serial_prefix="KC")
    assert other_course.serial.endswith("-000001") and other_course.serial.startswith("KC-")


def test_the_snapshot_does_not_change_when_the_course_does():
    certificate = issued_certificate()
    course = certificate.enrollment.edition.course
    course.title = "Andere titel"
    course.save()
    course.certificate_template.wording = "iets anders"
    course.certificate_template.save()
    certificate.refresh_from_db()
    assert certificate.course_title != "Andere titel"
    assert certificate.wording["text"] == "met goed gevolg de vaardigheidsmodule heeft afgerond"


def test_approval_skips_a_learner_whose_result_dropped():
    certificate = pending_certificate()
    CourseResult.objects.filter(enrollment=certificate.enrollment).update(passed=False)
    assert services.certificate_approve(certificate_ids=[certificate.pk], by=None) == []
    services.certificate_evaluate(enrollment_id=certificate.enrollment_id)
    certificate.refresh_from_db()
    assert certificate.status == Status.PENDING and certificate.needs_review


def test_reject_needs_a_reason_and_keeps_the_learner_from_a_new_request():
    certificate = pending_certificate()
    with pytest.raises(services.CertificateError):
        services.certificate_reject(certificate_ids=[certificate.pk], by=None, reason=" ")
    assert services.certificate_reject(
        certificate_ids=[certificate.pk], by=None, reason="Dubbel ingeschreven"
    ) == [certificate.pk]
    services.certificate_evaluate(enrollment_id=certificate.enrollment_id)
    assert Certificate.objects.count() == 1
    assert Certificate.objects.get().status == Status.REJECTED


def test_a_result_that_drops_after_issue_flags_for_review_and_never_revokes():
    certificate = issued_certificate()
    CourseResult.objects.filter(enrollment=certificate.enrollment).update(passed=False)
    services.certificate_evaluate(enrollment_id=certificate.enrollment_id)
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED
    assert certificate.needs_review
    assert "niet meer voldoende" in certificate.review_note


def test_revoke_with_reason():
    certificate = issued_certificate()
    with pytest.raises(services.CertificateError):
        services.certificate_revoke(certificate=certificate, by=None, reason="")
    services.certificate_revoke(certificate=certificate, by=None, reason="Fout bij het nakijken")
    certificate.refresh_from_db()
    assert certificate.status == Status.REVOKED and certificate.revoked_at
    with pytest.raises(services.CertificateError):
        services.certificate_revoke(certificate=certificate, by=None, reason="nogmaals")


def test_a_name_correction_issues_a_replacement_and_marks_the_old_one_replaced(
    django_capture_on_commit_callbacks,
):
    old = issued_certificate(first_name="Henriette", last_name="Nienhuis")
    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_correct_name(
            certificate=old, name="Henrie\u0308tte  Nienhuis", by=None
        )
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == Status.REPLACED and old.replaced_by == new
    assert new.status == Status.ISSUED and new.name == "Henriëtte Nienhuis"
    assert new.serial != old.serial and new.verification_code != old.verification_code
    assert new.rendered_at is not None


def test_a_render_failure_keeps_the_certificate_issued_with_the_pdf_pending(
    django_capture_on_commit_callbacks,
):
    certificate = pending_certificate()
    failing = mock.patch("certificates.pdf.render", side_effect=RuntimeError("disk full"))
    with failing, django_capture_on_commit_callbacks(execute=True):  # robust: approval stands
        services.certificate_approve(certificate_ids=[certificate.pk], by=None)
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED
    assert certificate.rendered_at is None and not certificate.pdf
    assert certificate.render_failures >= 1 and "disk full" in certificate.render_error
    assert tasks.certificate_render.apply(args=[certificate.pk]).get() is True
    certificate.refresh_from_db()
    assert certificate.pdf and Certificate.objects.count() == 1


def send_outbox() -> int:
    sent, _more = outbox.outbox_send()
    return sent


def test_rendering_and_mailing_twice_do_it_once(django_capture_on_commit_callbacks):
    certificate = issued_certificate()
    assert services.certificate_render(certificate_id=certificate.pk) is True
    assert services.certificate_render(certificate_id=certificate.pk) is False
    with django_capture_on_commit_callbacks(execute=True):  # the outbox's sender runs (eager)
        assert services.certificate_email(certificate_id=certificate.pk) is True
        assert services.certificate_email(certificate_id=certificate.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Je certificaat")
    assert mail.outbox[0].to == [certificate.enrollment.learner.email]
    assert send_outbox() == 0


def test_the_certificate_email_is_queued_in_the_outbox_and_is_the_learners_notice():
    certificate = issued_certificate()
    services.certificate_render(certificate_id=certificate.pk)
    assert services.certificate_email(certificate_id=certificate.pk) is True
    certificate.refresh_from_db()
    assert certificate.emailed_at is not None
    message = Notification.objects.get(item=f"certificate:{certificate.pk}")
    assert (message.user, message.kind) == (certificate.enrollment.learner, Kind.CERTIFICATE)
    assert message.email_state == Notification.EmailState.PENDING
    assert notification_messages.title(message).startswith("Gefeliciteerd!")
    assert send_outbox() == 1
    body = mail.outbox[0].body
    assert certificate.serial in body
    assert signing.verify_url(certificate.verification_code) in body
    assert "Veel succes aan de balie!" in body


def test_an_english_speaking_learner_gets_the_english_certificate_email():
    english = issued_certificate(first_name="Ayla")
    dutch = issued_certificate(first_name="Bram")
    Profile.objects.create(user=english.enrollment.learner, language="en")
    for certificate in (english, dutch):
        services.certificate_render(certificate_id=certificate.pk)
        services.certificate_email(certificate_id=certificate.pk)
    assert send_outbox() == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    in_english = by_to[english.enrollment.learner.email]
    assert in_english.subject == f"Your certificate for {english.course_title} is ready"
    assert in_english.body.startswith("Hello Ayla,")
    assert "Good luck at the front desk!" in in_english.body
    assert english.serial in in_english.body
    in_dutch = by_to[dutch.enrollment.learner.email]
    assert in_dutch.subject == f"Je certificaat {dutch.course_title} staat klaar"
    assert in_dutch.body.startswith("Hallo Bram,")


def test_the_certificate_email_cannot_be_switched_off():
    """It is how the learner hears they passed and where their certificate is, with the link
    an employer checks it by: a learner who wants no reminders still gets this one."""
    certificate = issued_certificate()
    learner = certificate.enrollment.learner
    preferences_update(user=learner, language="nl", muted=list(Kind.values))
    assert not MutedKind.objects.filter(user=learner, kind=Kind.CERTIFICATE).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        MutedKind.objects.create(user=learner, kind=Kind.CERTIFICATE)
    services.certificate_render(certificate_id=certificate.pk)
    services.certificate_email(certificate_id=certificate.pk)
    assert send_outbox() == 1
    assert mail.outbox[0].to == [learner.email]


def test_a_learner_without_an_email_address_gets_the_notice_only():
    certificate = issued_certificate()
    type(certificate.enrollment.learner).objects.filter(
        pk=certificate.enrollment.learner_id
    ).update(email="")
    services.certificate_render(certificate_id=certificate.pk)
    assert services.certificate_email(certificate_id=certificate.pk) is True
    message = Notification.objects.get(item=f"certificate:{certificate.pk}")
    assert message.email_state == Notification.EmailState.NONE
    certificate.refresh_from_db()
    assert certificate.emailed_at is None
    assert send_outbox() == 0 and mail.outbox == []


def test_a_failed_send_stays_in_the_outbox_for_the_retry(settings):
    settings.LMS_OUTBOX_RETRY_SECONDS = 0
    certificate = issued_certificate()
    services.certificate_render(certificate_id=certificate.pk)
    services.certificate_email(certificate_id=certificate.pk)
    failing = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("smtp"),
    )
    with failing, pytest.raises(OSError):
        send_outbox()
    message = Notification.objects.get(item=f"certificate:{certificate.pk}")
    assert message.email_state == Notification.EmailState.PENDING
    assert "smtp" in message.last_error
    assert services.certificate_email(certificate_id=certificate.pk) is False  # queued once
    assert send_outbox() == 1
    assert len(mail.outbox) == 1


def test_the_sweep_queues_the_email_a_lost_message_left_behind(
    django_capture_on_commit_callbacks,
):
    certificate = issued_certificate()
    services.certificate_render(certificate_id=certificate.pk)
    Certificate.objects.filter(pk=certificate.pk).update(
        rendered_at=timezone.now() - dt.timedelta(minutes=20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_sweep()["email"] == 1  # eager: the task ran
    assert len(mail.outbox) == 1
    assert services.certificates_sweep()["email"] == 0


def test_the_sweep_finds_lost_work():
    unrendered = issued_certificate()
    enrollment = passed_enrollment(unrendered.enrollment.edition)
    past = timezone.now() - dt.timedelta(minutes=10)
    Certificate.objects.filter(pk=unrendered.pk).update(issued_at=past)
    CourseResult.objects.filter(enrollment=enrollment).update(passed_at=past)
    with (
        mock.patch("certificates.tasks.certificate_render.delay") as render,
        mock.patch("certificates.tasks.certificate_evaluate.delay") as evaluate,
    ):
        found = services.certificates_sweep()
    assert found == {"render": 1, "email": 0, "evaluate": 1}
    render.assert_called_once_with(unrendered.pk)
    evaluate.assert_called_once_with(enrollment.pk)


# --- the pass mark, through real grading -----------------------------------------------------


def graded_exam(*, right: int, pass_mark: Decimal):
    quiz, enrollment = build_quiz(questions=3, is_exam=True, pass_mark=pass_mark)
    course = quiz.module.course
    course.require_attendance = False
    course.save()
    template_for(course, auto_issue=True)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    for position in range(3):
        answer = right_answer(position) if position < right else "fout"
        Response.objects.create(
            attempt=attempt, position=position, answer=answer, saved_at=timezone.now()
        )
    attempts.attempt_submit(attempt=attempt)
    attempts.attempt_grade(attempt_id=attempt.pk)
    attempt.refresh_from_db()
    results.course_results_recompute(enrollment_ids=[enrollment.pk])
    return enrollment, attempt


@pytest.mark.parametrize(
    "pass_mark,gets_one",
    [(Decimal("66.67"), True), (Decimal("66.68"), False), (Decimal("66.66"), True)],
)
def test_exactly_at_the_pass_mark_gets_a_certificate_just_under_does_not(
    pass_mark, gets_one, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment, attempt = graded_exam(right=2, pass_mark=pass_mark)
    assert attempt.percentage == Decimal("66.67")
    assert CourseResult.objects.get(enrollment=enrollment).passed is gets_one
    issued = Certificate.objects.filter(enrollment=enrollment, status=Status.ISSUED).exists()
    assert issued is gets_one


def test_status_list_positions_are_random_and_never_shared():
    """The Bitstring Status List spec's privacy section: positions that count up would tell a
    verifier the order of two credentials and how many were issued between them."""
    from certificates import credentials
    from tests.certificates.factories import issued_certificate

    indices = [issued_certificate().status_index for _ in range(12)]

    assert len(set(indices)) == 12
    assert all(0 <= index < credentials.STATUS_LIST_MIN_BITS for index in indices)
    assert sorted(indices) != list(range(min(indices), min(indices) + 12))
    assert max(indices) > 1000  # not packed at the start of the list
