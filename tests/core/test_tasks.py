"""The shared task policy (core.tasks): transient errors are retried with growing, jittered
backoff and then recorded; deterministic ones are recorded once and not retried; every task
of ours has time limits and keeps its name."""

from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError
from django.utils import timezone

from assessments.models import Attempt
from assessments.quizzes import services as attempts
from certificates import pdf
from certificates.models import Certificate
from core import tasks as core_tasks
from lms.celery import app
from tests.assessments.quiz_factories import build_quiz
from tests.celery_utils import celery_conf
from tests.certificates.factories import issued_certificate

pytestmark = pytest.mark.django_db

OURS = ("assessments.", "certificates.", "courses.", "lms.")
# The names are the wire protocol: beat schedules, routes and queued messages use them.
TASK_NAMES = {
    "assessments.attempt_grade",
    "assessments.attempts_close_expired",
    "assessments.attempts_sweep_ungraded",
    "assessments.course_results_recompute",
    "assessments.course_results_recompute_course",
    "assessments.course_results_sweep",
    "certificates.certificate_approve",
    "certificates.certificate_email",
    "certificates.certificate_evaluate",
    "certificates.certificate_render",
    "certificates.certificate_render_many",
    "certificates.certificates_sweep",
    "courses.signup_offers_sweep",
    "courses.waiting_list_fill",
    "lms.noop",
    "lms.privacy.erasure_proposals_create",
    "lms.reports.report_build",
    "lms.reports.reports_sweep",
    "lms.notifications.announcements_notify",
    "lms.notifications.digest_new_work",
    "lms.notifications.digest_trainers",
    "lms.notifications.evaluations_ask",
    "lms.notifications.organisation_reports_monthly",
    "lms.notifications.reminders_coaching",
    "lms.notifications.reminders_due",
    "lms.notifications.reminders_sessions",
    "lms.notifications.send",
    "lms.tasks.heartbeat",
}


def our_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(OURS)}


def retries_run_eagerly():
    """Run a task's retries at once, in the test (an eager run that propagates its errors
    would hand the first Retry to the caller instead)."""
    return celery_conf(app, task_eager_propagates=False)


def submitted_attempt() -> Attempt:
    quiz, enrollment = build_quiz(questions=2)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=Attempt.Status.SUBMITTED, submitted_at=timezone.now()
    )
    return attempt


def test_every_task_of_ours_keeps_its_name_and_has_time_limits_and_late_acks():
    tasks = our_tasks()
    assert set(tasks) == TASK_NAMES
    for name, task in tasks.items():
        assert isinstance(task, core_tasks.ServiceTask), name
        assert task.soft_time_limit and task.time_limit, name
        assert 0 < task.soft_time_limit < task.time_limit, name
        assert task.acks_late and task.reject_on_worker_lost, name


def test_pdf_rendering_and_email_have_time_limits_and_bulk_work_gets_longer():
    tasks = our_tasks()
    for name in ("certificates.certificate_render", "lms.notifications.send"):
        assert tasks[name].soft_time_limit and tasks[name].time_limit
    single = tasks["certificates.certificate_render"]
    batch = tasks["certificates.certificate_render_many"]
    assert batch.soft_time_limit > single.soft_time_limit


def test_tasks_that_retry_retry_only_transient_errors_with_jitter():
    for name, task in our_tasks().items():
        retried = set(task.autoretry_for)
        if isinstance(task, core_tasks.PeriodicTask):
            assert retried == set(), name  # the next beat is the retry
            continue
        assert {OperationalError, *core_tasks.TRANSIENT_ERRORS} <= retried, name
        assert not retried & {IntegrityError, ProgrammingError, ValueError, Exception}, name
        assert task.retry_jitter and task.retry_backoff and task.max_retries, name


def test_a_transient_error_is_retried_with_growing_jittered_backoff_then_counted():
    attempt = submitted_attempt()
    task = app.tasks["assessments.attempt_grade"]
    draws = []

    def highest(n: int) -> int:  # the jitter's draw: the top of its range, to see the range
        draws.append(n)
        return n - 1

    broken = mock.patch.object(
        attempts, "attempt_grade", side_effect=OperationalError("server closed the connection")
    )
    with (
        broken as grade,
        mock.patch.object(task, "retry", wraps=task.retry) as retry,
        mock.patch("celery.utils.time.random.randrange", side_effect=highest),
        retries_run_eagerly(),
    ):
        result = task.apply(args=[attempt.pk])
    assert result.failed() and isinstance(result.result, OperationalError)
    assert grade.call_count == task.max_retries + 1
    countdowns = [call.kwargs["countdown"] for call in retry.call_args_list]
    backoff = task.retry_backoff
    assert countdowns == [min(backoff * 2**n, task.retry_backoff_max) for n in range(len(draws))]
    assert draws == [countdown + 1 for countdown in countdowns]  # drawn from 0…countdown
    attempt.refresh_from_db()
    # Given up once: counted, and left submitted for the sweep (the database may be back).
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.grading_failures == 1 and "server closed" in attempt.last_error


@pytest.mark.parametrize(
    "error", [IntegrityError("duplicate key"), ProgrammingError("no such column"), ValueError()]
)
def test_a_deterministic_error_is_recorded_once_and_not_retried(error):
    attempt = submitted_attempt()
    task = app.tasks["assessments.attempt_grade"]
    with (
        mock.patch.object(attempts, "attempt_grade", side_effect=error) as grade,
        mock.patch.object(task, "retry", wraps=task.retry) as retry,
        pytest.raises(type(error)),
    ):
        task.apply(args=[attempt.pk])
    assert grade.call_count == 1
    retry.assert_not_called()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.NEEDS_ATTENTION  # waits for an administrator
    assert attempt.grading_failures == 1 and type(error).__name__ in attempt.last_error


def test_a_pdf_that_cannot_be_rendered_is_recorded_once_and_not_retried():
    certificate = issued_certificate()
    task = app.tasks["certificates.certificate_render"]
    with (
        mock.patch("certificates.pdf.render", side_effect=ValueError("bad font")) as render,
        mock.patch.object(task, "retry", wraps=task.retry) as retry,
        pytest.raises(ValueError),
    ):
        task.apply(args=[certificate.pk])
    assert render.call_count == 1
    retry.assert_not_called()
    certificate.refresh_from_db()
    assert certificate.render_failures == 1 and "bad font" in certificate.render_error
    assert certificate.status == Certificate.Status.ISSUED and not certificate.pdf


def test_a_render_that_keeps_meeting_a_database_outage_is_retried_then_recorded_once():
    certificate = issued_certificate()
    task = app.tasks["certificates.certificate_render"]
    with (
        mock.patch("certificates.pdf.render", side_effect=OperationalError("gone")) as render,
        mock.patch("celery.utils.time.random.randrange", return_value=0),
        retries_run_eagerly(),
    ):
        assert task.apply(args=[certificate.pk]).failed()
    assert render.call_count == task.max_retries + 1
    certificate.refresh_from_db()
    assert certificate.render_failures == 1


def test_a_batch_render_records_a_broken_one_once_and_hands_a_transient_one_to_its_own_task():
    broken, flaky, fine = (issued_certificate() for _ in range(3))
    task = app.tasks["certificates.certificate_render_many"]
    real_render = pdf.render
    flaky_failures = [OperationalError("busy")]

    def render(data, **kwargs):
        if data.serial_line.endswith(broken.serial):
            raise ValueError("bad logo")
        if data.serial_line.endswith(flaky.serial) and flaky_failures:
            raise flaky_failures.pop()
        return real_render(data, **kwargs)

    with mock.patch("certificates.pdf.render", side_effect=render):
        # The batch renders `fine`; `flaky` is rendered by its own task (eager here).
        assert task.apply(args=[[broken.pk, flaky.pk, fine.pk]]).get() == 1
    states = {
        c.pk: (c.render_failures, bool(c.pdf))
        for c in Certificate.objects.filter(pk__in=[broken.pk, flaky.pk, fine.pk])
    }
    assert states == {broken.pk: (1, False), flaky.pk: (0, True), fine.pk: (0, True)}
