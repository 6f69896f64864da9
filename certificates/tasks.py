"""Celery tasks: thin wrappers around the certificate services, idempotent and safe to lose
(`certificates_sweep` finds what a lost message left undone). Retries of transient errors
and time limits: `core.tasks`."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth import get_user_model

from core.tasks import PeriodicTask, ServiceTask, is_transient

from . import services


def _render_give_up(exc: BaseException, certificate_id: int) -> None:
    """The certificate stays issued with its PDF pending; the failure is counted and shown
    to the administrator, and the sweep renders it again later."""
    services.certificate_record_render_failure(certificate_id=certificate_id, error=repr(exc))


@shared_task(base=ServiceTask, name="certificates.certificate_evaluate")
def certificate_evaluate(enrollment_id: int) -> bool:
    return services.certificate_evaluate(enrollment_id=enrollment_id) is not None


@shared_task(base=ServiceTask, name="certificates.certificate_render", give_up=_render_give_up)
def certificate_render(certificate_id: int) -> bool:
    """A failure leaves the certificate issued with its PDF pending; it never issues
    anything."""
    return services.certificate_render(certificate_id=certificate_id)


@shared_task(base=ServiceTask, name="certificates.certificate_render_many")
def certificate_render_many(certificate_ids: list[int]) -> int:
    """A bulk approval's renders, a batch per message. One that fails on a transient error
    is handed to its own task (with its retries), any other failure is recorded once; out of
    time, the rest of the batch goes to tasks of their own."""
    done = 0
    for index, certificate_id in enumerate(certificate_ids):
        try:
            done += services.certificate_render(certificate_id=certificate_id)
        except SoftTimeLimitExceeded:
            for rest in certificate_ids[index:]:
                certificate_render.delay(rest)
            break
        except Exception as exc:
            if is_transient(exc):
                certificate_render.delay(certificate_id)
            else:
                _render_give_up(exc, certificate_id)
    return done


@shared_task(base=ServiceTask, name="certificates.certificate_email")
def certificate_email(certificate_id: int) -> bool:
    """Queue the certificate e-mail in the outbox (which sends it)."""
    return services.certificate_email(certificate_id=certificate_id)


@shared_task(base=ServiceTask, name="certificates.certificate_approve")
def certificate_approve(certificate_ids: list[int], user_id: int | None = None) -> int:
    """Bulk approval in the background (the bench, large editions)."""
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return len(services.certificate_approve(certificate_ids=certificate_ids, by=by))


@shared_task(base=PeriodicTask, name="certificates.certificates_sweep")
def certificates_sweep() -> dict:
    return services.certificates_sweep()
