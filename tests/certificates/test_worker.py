"""On PostgreSQL with a real worker on Redis: 20 administrators approving the same learner at
once make one certificate, one PDF and one e-mail, also when every message arrives twice. The
e-mail leaves through the outbox (its sender runs on the same worker)."""

import json
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from certificates import services, tasks
from certificates.models import Certificate
from core.outbox.models import Notification
from tests.celery_utils import celery_conf, wait_until

from .factories import passed_enrollment, pending_certificate

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
Status = Certificate.Status


def in_threads(count: int, target) -> list:
    """Run `target` in `count` threads released at the same moment; each has its own
    database connection."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def routes(worker) -> dict:
    """The certificate tasks and the outbox's sender, to the worker's own queue."""
    return {pattern: {"queue": worker.queue} for pattern in ("certificates.*", "lms.*")}


def routed_to_itself(worker) -> None:
    """Restart the worker with the certificate tasks and the outbox's sender routed to its
    own queue, so that the work a task enqueues (render after issue, e-mail after render,
    sending after the e-mail was queued) comes back to it."""
    conf = json.loads(worker.env["LMS_TEST_CELERY_CONF"])
    conf["task_routes"] = routes(worker)
    worker.env["LMS_TEST_CELERY_CONF"] = json.dumps(conf)
    worker.restart()


def pdf_files(settings) -> list[Path]:
    return list(Path(settings.MEDIA_ROOT).glob("certificates/pdf/*/*.pdf"))


def emails_queued(worker) -> int:
    return sum(
        1
        for line in worker.output.splitlines()
        if "certificates.certificate_email[" in line
        and "succeeded" in line
        and line.endswith(": True")
    )


def assert_mailed_once(certificate, worker) -> None:
    """One message in the outbox for the certificate, sent by the outbox's task."""
    wait_until(
        lambda: Notification.objects.filter(
            item=f"certificate:{certificate.pk}", email_state="sent"
        ).exists(),
        timeout=30,
        message=lambda: worker.output[-3000:],
    )
    message = Notification.objects.get(item=f"certificate:{certificate.pk}")
    assert (message.kind, message.email_attempts) == ("certificate", 1)
    assert message.user_id == certificate.enrollment.learner_id


def test_twenty_concurrent_approvals_make_one_certificate_pdf_and_email(
    celery_worker_process, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    worker = celery_worker_process
    routed_to_itself(worker)
    from lms.celery import app

    certificate = pending_certificate()
    with celery_conf(app, task_routes=routes(worker)):
        issued = in_threads(
            20, lambda: services.certificate_approve(certificate_ids=[certificate.pk], by=None)
        )
        assert sorted(len(i) for i in issued) == [0] * 19 + [1]
        for _ in range(3):  # duplicate deliveries change nothing
            worker.enqueue(tasks.certificate_render, certificate.pk)
        wait_until(
            lambda: emails_queued(worker) >= 1,
            timeout=60,
            message=lambda: worker.output[-3000:],
        )
        for _ in range(3):
            worker.enqueue(tasks.certificate_email, certificate.pk)
        wait_until(
            lambda: worker.output.count("certificates.certificate_email[") >= 8,
            timeout=30,
            message=lambda: worker.output[-3000:],
        )
    assert Certificate.objects.filter(enrollment=certificate.enrollment).count() == 1
    assert len(pdf_files(settings)) == 1
    assert emails_queued(worker) == 1
    assert_mailed_once(certificate, worker)


def test_a_passed_result_flows_to_an_issued_certificate_through_the_worker(
    celery_worker_process, settings
):
    worker = celery_worker_process
    routed_to_itself(worker)
    from lms.celery import app

    enrollment = passed_enrollment(auto_issue=True)
    with celery_conf(app, task_routes=routes(worker)):
        for _ in range(2):  # the result-changed evaluation, delivered twice
            worker.enqueue(tasks.certificate_evaluate, enrollment.pk)
        wait_until(  # emailed_at: queued in the outbox (the task logs True just after)
            lambda: (
                Certificate.objects.filter(
                    enrollment=enrollment, status=Status.ISSUED, emailed_at__isnull=False
                ).exists()
                and emails_queued(worker) >= 1
            ),
            timeout=60,
            message=lambda: worker.output[-3000:],
        )
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.pdf and certificate.credential
    assert len(pdf_files(settings)) == 1
    assert emails_queued(worker) == 1
    assert_mailed_once(certificate, worker)
