"""A person's certificates (AVG): in their export with the PDF, and what an erasure keeps.

An issued certificate stays verifiable after its holder is erased: a verifier (an employer)
relies on it, so the row keeps what the certificate itself says (the name as printed, the
course, the date, the number, its status and verification code) and is marked
`holder_erased_at`. Its PDF and stored credential go; it is never rendered, mailed or
re-evaluated again (see `services`). Requests that were never issued (pending, rejected)
are removed. Published for lms (`lms.privacy`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.privacy import PersonalFile, archive_name, files_delete_after_commit

from . import signing
from .models import Certificate, CertificateEvent

Status = Certificate.Status
FILES_FOLDER = "bestanden/certificaten"
# Statuses a verifier can look up: these are kept when the holder is erased.
KEPT = (Status.ISSUED, Status.REVOKED, Status.REPLACED)

PARTS = {
    "certificaten": _(
        "Je certificaten en aanvragen: nummer, status, de naam zoals die erop staat, de "
        "cursus, de datum, de link waarmee iemand het certificaat kan controleren en je "
        "digitale certificaat (Open Badge)."
    ),
    FILES_FOLDER + "/": _("De pdf van elk certificaat dat je kreeg."),
}


def _pdf_path(certificate: Certificate) -> str:
    return (
        f"{FILES_FOLDER}/{archive_name(certificate.serial or f'certificaat-{certificate.pk}')}.pdf"
    )


def _for(user):
    return Certificate.objects.filter(enrollment__learner=user)


def personal_data(user) -> dict[str, list | dict]:
    rows = []
    for c in _for(user).select_related("enrollment__edition").order_by("created_at", "pk"):
        public = c.status in KEPT
        rows.append(
            {
                "number": c.serial,
                "status": str(c.get_status_display()),
                "name_on_certificate": c.name,
                "course": c.course_title,
                "edition": c.enrollment.edition.name,
                "parts": c.modules,
                "issued_by": c.issuer_name,
                "issued_at": c.issued_at,
                "revoked_at": c.revoked_at,
                "revocation_reason": c.revocation_reason,
                "rejection_reason": c.rejection_reason,
                "verify_url": signing.verify_url(c.verification_code) if public else None,
                "pdf_in_this_zip": _pdf_path(c) if c.pdf else None,
                "digital_certificate": c.credential,
            }
        )
    return {"certificaten": rows}


def files(user) -> Iterable[PersonalFile]:
    for c in _for(user).exclude(pdf="").only("pk", "serial", "pdf").order_by("pk"):
        yield PersonalFile(_pdf_path(c), c.pdf)


def certificates_kept(user) -> list[Certificate]:
    """What an erasure keeps, for the administrator to see before they confirm."""
    return list(
        _for(user)
        .filter(status__in=KEPT)
        .order_by("issued_at", "pk")
        .only("pk", "serial", "status", "name", "course_title", "issued_at", "verification_code")
    )


def erasure_summary(user) -> list[tuple[str, int]]:
    return [
        (
            _("certificaataanvragen die nooit zijn uitgegeven"),
            _for(user).exclude(status__in=KEPT).count(),
        ),
    ]


def erase(user, *, now: datetime | None = None) -> dict[str, int]:
    """Remove requests that were never issued; keep issued, revoked and replaced certificates
    with only what they say, without their PDF (deleted from storage after the commit) and
    stored credential. Runs inside lms's erasure transaction, before `assessments` and
    `courses` (a kept certificate keeps its enrolment)."""
    now = now or timezone.now()
    removed = _for(user).exclude(status__in=KEPT).delete()[1].get(Certificate._meta.label, 0)
    kept = _for(user).filter(status__in=KEPT)
    # When they downloaded their certificates, or were mailed it again, is about them too.
    CertificateEvent.objects.filter(certificate__in=kept).delete()
    names = list(kept.exclude(pdf="").values_list("pdf", flat=True))
    kept.filter(holder_erased_at__isnull=True).update(holder_erased_at=now)
    count = kept.update(pdf="", credential=None)
    files_delete_after_commit(Certificate._meta.get_field("pdf").storage, names)
    return {"certificates_removed": removed, "certificates_kept": count}
