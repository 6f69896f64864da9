"""Celery tasks: thin wrappers around the certificate services, idempotent and safe to lose
(`certificates_sweep` finds what a lost message left undone)."""

from celery import shared_task
from django.db import DatabaseError, OperationalError

from . import services


@shared_task(
    name="certificates.certificate_evaluate",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=5,
)
def certificate_evaluate(self, enrollment_id: int) -> bool:
    try:
        return services.certificate_evaluate(enrollment_id=enrollment_id) is not None
    except (OperationalError, DatabaseError) as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task(
    name="certificates.certificate_render",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=6,
)
def certificate_render(self, certificate_id: int) -> bool:
    """A failure leaves the certificate issued with its PDF pending and tries again later;
    it never issues anything."""
    try:
        return services.certificate_render(certificate_id=certificate_id)
    except Exception as exc:
        services.certificate_record_render_failure(certificate_id=certificate_id, error=repr(exc))
        if self.request.retries >= self.max_retries:
            return False  # the sweep picks it up again
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 60)) from exc


@shared_task(
    name="certificates.certificate_render_many",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=6,
)
def certificate_render_many(self, certificate_ids: list[int]) -> int:
    """A bulk approval's renders, a batch per message; one that fails is retried alone."""
    done = 0
    for certificate_id in certificate_ids:
        try:
            done += services.certificate_render(certificate_id=certificate_id)
        except Exception as exc:
            services.certificate_record_render_failure(
                certificate_id=certificate_id, error=repr(exc)
            )
            certificate_render.apply_async((certificate_id,), countdown=1)
    return done


@shared_task(
    name="certificates.certificate_email",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=5,
)
def certificate_email(self, certificate_id: int) -> bool:
    try:
        return services.certificate_email(certificate_id=certificate_id)
    except Exception as exc:  # SMTP or the database away: the claim was given back
        raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 2), 300)) from exc


@shared_task(
    name="certificates.certificate_approve",
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
    max_retries=5,
)
def certificate_approve(self, certificate_ids: list[int], user_id: int | None = None) -> int:
    """Bulk approval in the background (the bench, large editions)."""
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        return len(services.certificate_approve(certificate_ids=certificate_ids, by=by))
    except (OperationalError, DatabaseError) as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task(name="certificates.certificates_sweep")
def certificates_sweep() -> dict:
    return services.certificates_sweep()
