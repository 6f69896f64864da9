"""Certificates: eligibility, approval, issue (exactly once), PDF and credential, e-mail,
revocation, replacement and the revocation list.

Exactly once rests on the database, not on the broker: one current certificate per enrolment
is a unique constraint, approval locks the pending row and issues only what is still pending,
rendering locks the row and skips one that has its PDF, and the e-mail is queued once in the
outbox (`core.outbox`), which sends it in the learner's language.
"""

from __future__ import annotations

import logging
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import CourseResult
from core.dates import format_when
from core.outbox.services import notification_queue
from courses import services as course_services
from courses.models import CourseModule, Enrollment

from . import conf, credentials, messages, pdf, selectors, signals, signing, tasks
from .achievements import achievement_description
from .models import (
    Certificate,
    CertificateEvent,
    CertificateTemplate,
    SerialCounter,
    SigningKey,
    StatusList,
)

logger = logging.getLogger(__name__)

Status = Certificate.Status
STATUS_LIST_KEY = "status-list:revocation"
SETTLE = timedelta(minutes=2)


class CertificateError(Exception):
    """An action that does not fit the certificate's state (shown to the administrator)."""


def new_verification_code() -> str:
    """256 bits from the OS's random source, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def printed_name(user) -> str:
    name = " ".join((user.get_full_name() or user.get_username()).split())
    return unicodedata.normalize("NFC", name)


# --- eligibility -----------------------------------------------------------------------------


def certificate_evaluate(*, enrollment_id: int, now: datetime | None = None) -> Certificate | None:
    """React to the enrolment's course result: a passed result without a certificate gets one
    awaiting approval (or issued at once, where the course auto-issues); a result that is no
    longer passed flags the certificate for review — it never revokes on its own."""
    now = now or timezone.now()
    enrollment = (
        Enrollment.objects.select_related("edition__course__certificate_template", "learner")
        .filter(pk=enrollment_id)
        .first()
    )
    if enrollment is None:
        return None
    template = getattr(enrollment.edition.course, "certificate_template", None)
    result = CourseResult.objects.filter(enrollment_id=enrollment_id).first()
    passed = bool(result and result.passed)
    current = _current(enrollment_id)
    if current is not None and current.holder_erased_at is not None:
        return current  # kept only to be verified (lms.privacy): its result is gone on purpose
    if current is None:
        if not passed or template is None:
            return None
        current = _pending_create(enrollment=enrollment)
        if template.auto_issue and current.status == Status.PENDING:
            certificate_approve(certificate_ids=[current.pk], by=None, now=now)
            current.refresh_from_db()
        return current
    if (
        not passed
        and current.status in (Status.ISSUED, Status.PENDING)
        and not current.needs_review
    ):
        note = _("Het cursusresultaat is op %(date)s niet meer voldoende.") % {
            "date": format_when(now, "date_time")
        }
        Certificate.objects.filter(pk=current.pk, needs_review=False).update(
            needs_review=True, review_note=note
        )
        current.needs_review, current.review_note = True, note
        logger.warning("certificate %s flagged for review: result no longer passed", current.pk)
    elif passed and current.needs_review and current.status == Status.PENDING:
        Certificate.objects.filter(pk=current.pk).update(needs_review=False, review_note="")
        current.needs_review, current.review_note = False, ""
    return current


def _current(enrollment_id: int) -> Certificate | None:
    return (
        Certificate.objects.filter(enrollment_id=enrollment_id)
        .exclude(status=Status.REPLACED)
        .first()
    )


def _pending_create(*, enrollment: Enrollment) -> Certificate:
    """A certificate awaiting approval; when another process made it a moment earlier, the
    unique constraint says so and that one is returned."""
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                enrollment=enrollment,
                status=Status.PENDING,
                verification_code=new_verification_code(),
                name=printed_name(enrollment.learner),
            )
    except IntegrityError:
        existing = _current(enrollment.pk)
        if existing is None:
            raise
        return existing


# --- approval and issue --------------------------------------------------------------------


def certificate_approve(
    *,
    certificate_ids: Iterable[int],
    by,
    now: datetime | None = None,
    require_passed: bool = True,
) -> list[int]:
    """Issue the pending certificates among `certificate_ids`; returns those issued now.

    The rows are locked, so of two approvals at once the second finds nothing pending and
    issues nothing. A learner whose result is no longer passed is skipped (flagged)."""
    now = now or timezone.now()
    ids = sorted(set(certificate_ids))
    issued: list[int] = []
    for start in range(0, len(ids), 500):
        issued += _approve_chunk(
            ids[start : start + 500], by=by, now=now, require_passed=require_passed
        )
    return issued


def _approve_chunk(ids: list[int], *, by, now: datetime, require_passed: bool) -> list[int]:
    with transaction.atomic():
        pending = list(
            Certificate.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=Status.PENDING)
            .select_related("enrollment__learner", "enrollment__edition__course")
            .order_by("pk")
        )
        if not pending:
            return []
        if require_passed:
            passed = set(
                CourseResult.objects.filter(
                    enrollment_id__in=[c.enrollment_id for c in pending], passed=True
                ).values_list("enrollment_id", flat=True)
            )
            pending = [c for c in pending if c.enrollment_id in passed]
        _issue(pending, by=by, now=now)
    return [c.pk for c in pending]


def _issue(certificates: Sequence[Certificate], *, by, now: datetime) -> None:
    """Snapshot, number and mark as issued (inside the caller's transaction); after the
    commit each one is rendered, and announced (`certificate_issued`) once its PDF exists."""
    if not certificates:
        return
    course_ids = {c.enrollment.edition.course_id for c in certificates}
    templates = {
        t.course_id: t
        for t in CertificateTemplate.objects.filter(course_id__in=course_ids).select_related(
            "course"
        )
    }
    modules: dict[int, list[str]] = defaultdict(list)
    for course_id, title in (
        CourseModule.objects.filter(course_id__in=course_ids)
        .order_by("course_id", "order", "pk")
        .values_list("course_id", "title")
    ):
        modules[course_id].append(title)

    year = timezone.localdate(now).year
    by_key: dict[str, list[Certificate]] = defaultdict(list)
    for certificate in certificates:
        template = templates.get(certificate.enrollment.edition.course_id)
        if template is None:
            raise CertificateError(_("Deze cursus heeft geen certificaatsjabloon."))
        by_key[f"{template.serial_prefix}-{year}"].append(certificate)
    for key, group in sorted(by_key.items()):
        first = _numbers_take(key, len(group))
        for offset, certificate in enumerate(group):
            certificate.serial = f"{key}-{first + offset:06d}"
    indices = _status_indices_take(len(certificates))

    for offset, certificate in enumerate(certificates):
        course = certificate.enrollment.edition.course
        template = templates[course.pk]
        certificate.status = Status.ISSUED
        certificate.status_index = indices[offset]
        if not certificate.name:
            certificate.name = printed_name(certificate.enrollment.learner)
        certificate.name = unicodedata.normalize("NFC", certificate.name)
        certificate.course_title = course.title
        certificate.modules = modules[course.pk]
        certificate.wording = {
            "title": template.title,
            "intro": template.intro,
            "text": template.wording,
            "criteria": template.criteria,
            "course_slug": course.slug,
        }
        certificate.issuer_name = template.issuer_name or conf.get("LMS_CERTIFICATE_ISSUER_NAME")
        certificate.signatories = [
            {"name": str(s.get("name", "")), "role": str(s.get("role", ""))}
            for s in (template.signatories or [])
            if isinstance(s, dict) and s.get("name")
        ]
        certificate.issued_at = now
        certificate.decided_by = by if by is not None and by.is_authenticated else None
        certificate.decided_at = now
    Certificate.objects.bulk_update(
        certificates,
        [
            "status",
            "serial",
            "status_index",
            "name",
            "course_title",
            "modules",
            "wording",
            "issuer_name",
            "signatories",
            "issued_at",
            "decided_by",
            "decided_at",
        ],
        batch_size=100,
    )
    # The learners' dashboards show their certificates (bulk_update sends no post_save).
    course_services.enrollments_touch(enrollment_ids=[c.enrollment_id for c in certificates])
    certificate_render_later([c.pk for c in certificates])


def _numbers_take(key: str, count: int) -> int:
    """Reserve `count` consecutive numbers under `key`; returns the first. The counter row
    stays locked until the caller's transaction ends."""
    SerialCounter.objects.bulk_create([SerialCounter(key=key)], ignore_conflicts=True)
    counter = SerialCounter.objects.select_for_update().get(key=key)
    first = counter.last + 1
    SerialCounter.objects.filter(key=key).update(last=counter.last + count)
    return first


def _status_indices_take(count: int) -> list[int]:
    """`count` free positions in the revocation status list, chosen at random.

    The Bitstring Status List spec's privacy section asks for it: with positions 0, 1, 2 …
    a verifier who sees two credentials learns their order and how many were issued between
    them. The list's counter row is locked until the caller's transaction ends, so two
    approvals at once never choose the same position (the column is unique as well)."""
    _numbers_take(STATUS_LIST_KEY, count)  # the lock; the counter also counts positions given
    size = credentials.STATUS_LIST_MIN_BITS
    used = set(
        Certificate.objects.filter(status_index__isnull=False).values_list(
            "status_index", flat=True
        )
    )
    if len(used) + count > size:
        raise CertificateError(
            _("De lijst voor intrekkingen is vol. Neem contact op met de beheerder.")
        )
    chosen: list[int] = []
    while len(chosen) < count:
        index = _random.randrange(size)
        if index not in used:
            used.add(index)
            chosen.append(index)
    return chosen


_random = secrets.SystemRandom()


def certificate_reject(
    *, certificate_ids: Iterable[int], by, reason: str, now: datetime | None = None
) -> list[int]:
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Geef een reden op."))
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Certificate.objects.select_for_update()
            .filter(pk__in=list(certificate_ids), status=Status.PENDING)
            .values_list("pk", flat=True)
        )
        Certificate.objects.filter(pk__in=ids).update(
            status=Status.REJECTED,
            rejection_reason=reason,
            decided_by=by,
            decided_at=now,
            needs_review=False,
        )
    return ids


def certificate_issue_unchecked(*, enrollment: Enrollment, by=None, now: datetime | None = None):
    """Issue without looking at the course result: for the demo data only."""
    current = _current(enrollment.pk) or _pending_create(enrollment=enrollment)
    if current.status == Status.PENDING:
        certificate_approve(certificate_ids=[current.pk], by=by, now=now, require_passed=False)
        current.refresh_from_db()
    return current


# --- revocation and replacement ------------------------------------------------------------


def certificate_revoke(
    *, certificate: Certificate, by, reason: str, now: datetime | None = None
) -> Certificate:
    """Revoke an issued certificate: verifiers see it revoked from now on (the status list
    is re-signed), and the learner is told by e-mail, in their language, through the outbox.
    The reason stays internal: it is not in the e-mail nor on the public page."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Geef een reden op."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("enrollment__learner")
            .get(pk=certificate.pk)
        )
        if locked.status != Status.ISSUED:
            raise CertificateError(_("Alleen een uitgegeven certificaat kun je intrekken."))
        locked.status = Status.REVOKED
        locked.revoked_at = now
        locked.revoked_by = by
        locked.revocation_reason = reason
        locked.needs_review = False
        locked.save(
            update_fields=[
                "status",
                "revoked_at",
                "revoked_by",
                "revocation_reason",
                "needs_review",
            ]
        )
        status_list_refresh(now=now)
        if locked.holder_erased_at is None:
            _revocation_email(locked, now=now)
    return locked


def _revocation_email(certificate: Certificate, *, now: datetime) -> None:
    """Queued once per certificate (a certificate is revoked once); a learner without an
    e-mail address gets the notice only."""
    learner = certificate.enrollment.learner
    notification_queue(
        user_id=learner.pk,
        email=learner.email,
        kind=messages.REVOKED_EMAIL_KIND,
        item=f"certificate:{certificate.pk}",
        about=timezone.localdate(now),
        now=now,
        data={
            "course": certificate.course_title,
            "name": certificate.name,
            "serial": certificate.serial,
            "issuer": certificate.issuer_name,
            "revoked_at": now.isoformat(),
            "verify_url": signing.verify_url(certificate.verification_code),
        },
        url=conf.learner_home_url(),
    )


def certificate_correct_name(
    *, certificate: Certificate, name: str, by, now: datetime | None = None
) -> Certificate:
    """Issue a replacement with the corrected name; the old one is marked replaced (and its
    credential's status bit set). The replacement gets its own number and code."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise CertificateError(_("Vul de naam in zoals die op het certificaat moet staan."))
    now = now or timezone.now()
    with transaction.atomic():
        old = (
            Certificate.objects.select_for_update()
            .select_related("enrollment__learner", "enrollment__edition__course")
            .get(pk=certificate.pk)
        )
        if old.status != Status.ISSUED:
            raise CertificateError(_("Alleen een uitgegeven certificaat kun je vervangen."))
        if old.holder_erased_at is not None:
            raise CertificateError(
                _("De houder van dit certificaat is gewist. Je kunt het niet meer vervangen.")
            )
        old.status = Status.REPLACED
        old.save(update_fields=["status"])
        new = Certificate.objects.create(
            enrollment=old.enrollment,
            status=Status.PENDING,
            verification_code=new_verification_code(),
            name=name,
        )
        new.enrollment = old.enrollment
        _issue([new], by=by, now=now)
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        status_list_refresh(now=now)
    return new


def certificate_review_clear(*, certificate: Certificate, by) -> None:
    """The administrator looked and keeps the certificate as it is."""
    Certificate.objects.filter(pk=certificate.pk).update(needs_review=False, review_note="")


def status_list_refresh(*, now: datetime | None = None) -> StatusList:
    """Re-sign the revocation list with the bits of every revoked or replaced certificate."""
    now = now or timezone.now()
    with transaction.atomic():
        StatusList.objects.bulk_create([StatusList(purpose="revocation")], ignore_conflicts=True)
        row = StatusList.objects.select_for_update().get(purpose="revocation")
        indices = Certificate.objects.filter(
            status__in=[Status.REVOKED, Status.REPLACED], status_index__isnull=False
        ).values_list("status_index", flat=True)
        key = signing.current_key()
        document = credentials.status_list_credential(
            url=signing.status_list_url(),
            issuer_id=signing.issuer_id(),
            encoded_list=credentials.encode_status_list(
                indices, size=int(conf.get("LMS_CERTIFICATE_STATUS_LIST_SIZE"))
            ),
            valid_from=now,
        )
        row.credential = credentials.sign(
            document, key=key.private_key, verification_method=key.id, created=now
        )
        row.version += 1
        row.save(update_fields=["credential", "version", "updated_at"])
    return row


# --- PDF, credential, e-mail ---------------------------------------------------------------


RENDER_BATCH = 20


def certificate_render_later(certificate_ids: Iterable[int]) -> None:
    """One message per certificate, or per batch of 20 for a bulk approval (a thousand
    publishes would hold up the administrator's request; each render is still its own
    transaction, so a batch that fails half-way redoes only what is missing)."""
    ids = list(certificate_ids)
    if len(ids) == 1:
        transaction.on_commit(lambda: tasks.certificate_render.delay(ids[0]), robust=True)
        return
    for start in range(0, len(ids), RENDER_BATCH):
        batch = ids[start : start + RENDER_BATCH]
        transaction.on_commit(
            lambda batch=batch: tasks.certificate_render_many.delay(batch), robust=True
        )


def certificate_email_later(certificate_id: int) -> None:
    transaction.on_commit(lambda: tasks.certificate_email.delay(certificate_id), robust=True)


def certificate_render(*, certificate_id: int, now: datetime | None = None) -> bool:
    """Render the PDF and sign the credential of an issued certificate that has none yet.

    The row is locked while it renders: a duplicate delivery waits, then finds the work done.
    Returns whether this call did the work."""
    now = now or timezone.now()
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related(
                "enrollment__edition__course__certificate_template", "enrollment__learner"
            )
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.status == Status.PENDING:
            return False
        if certificate.status == Status.REJECTED or certificate.rendered_at is not None:
            return False
        if certificate.holder_erased_at is not None:
            return False
        data = certificate_pdf_data(certificate)
        template = getattr(certificate.enrollment.edition.course, "certificate_template", None)
        logo = _read_logo(template)
        if logo:
            data = type(data)(**{**data.__dict__, "logo": logo})
        content = pdf.render(data, font_path=str(font_path()))
        certificate.credential = certificate_credential_build(certificate, now=now)
        certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(content), save=False)
        certificate.rendered_at = now
        certificate.render_error = ""
        certificate.save(update_fields=["pdf", "credential", "rendered_at", "render_error"])
        if certificate.status == Status.ISSUED:
            # Announced once, here: rendering happens once per certificate (rendered_at),
            # and the learner's e-mail and notice then point to a PDF that exists.
            pk = certificate.pk
            transaction.on_commit(
                lambda: signals.certificate_issued.send(sender=Certificate, certificate_id=pk),
                robust=True,
            )
            certificate_email_later(pk)
    return True


def certificate_record_render_failure(*, certificate_id: int, error: str) -> None:
    """Count a failed render and keep its error for the administrator (the sweep tries again)."""
    Certificate.objects.filter(pk=certificate_id).update(
        render_failures=F("render_failures") + 1, render_error=error[:2000]
    )


def _read_logo(template: CertificateTemplate | None) -> bytes | None:
    if template is None or not template.logo:
        return None
    try:
        with template.logo.open("rb") as handle:
            return handle.read()
    except OSError:
        return None


def font_path() -> Path:
    found = pdf.find_font(conf.get("LMS_CERTIFICATE_FONT") or "")
    if found is None:
        raise pdf.FontNotFound(conf.get("LMS_CERTIFICATE_FONT") or "DejaVu Sans")
    return Path(found)


def certificate_pdf_data(certificate: Certificate) -> pdf.CertificateData:
    """The page's text, in the site's default language (the certificate's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        wording = certificate.wording or {}
        date = format_when(certificate.issued_at, "date")
        url = signing.verify_url(certificate.verification_code)
        return pdf.CertificateData(
            title=wording.get("title") or _("Certificaat"),
            intro=wording.get("intro", ""),
            name=certificate.name,
            wording=wording.get("text", ""),
            course_title=certificate.course_title,
            modules=list(certificate.modules or []),
            modules_label=_("Onderdelen"),
            date_line=_("Uitgereikt op %(date)s") % {"date": date},
            issuer=certificate.issuer_name,
            signatories=[
                pdf.Signatory(s.get("name", ""), s.get("role", ""))
                for s in certificate.signatories or []
            ],
            serial_line=_("Certificaatnummer %(serial)s") % {"serial": certificate.serial},
            verify_line=_("Controleer de echtheid: %(url)s") % {"url": url},
            verify_url=url,
        )


def certificate_credential_build(certificate: Certificate, *, now: datetime) -> dict:
    """The signed credential, with the newest key. The holder's e-mail address goes in only
    as a salted hash; the salt is random per certificate and kept in the credential."""
    wording = certificate.wording or {}
    slug = wording.get("course_slug", "course")
    key = signing.current_key()
    data = credentials.CredentialData(
        id=signing.verify_url(certificate.verification_code),
        name=certificate.name,
        course_title=certificate.course_title,
        description=achievement_description(
            course_title=certificate.course_title,
            modules=list(certificate.modules or []),
            issuer=certificate.issuer_name,
        ),
        criteria=wording.get("criteria") or wording.get("text") or certificate.course_title,
        achievement_id=signing.achievement_url(slug),
        achievement_image=signing.achievement_image_url(slug),
        holder_email=certificate.enrollment.learner.email,
        holder_salt=secrets.token_hex(16),
        issuer_id=signing.issuer_id(),
        issuer_name=certificate.issuer_name,
        issuer_url=conf.get("LMS_CERTIFICATE_ISSUER_URL"),
        issued_at=certificate.issued_at,
        serial=certificate.serial,
        status_list_url=signing.status_list_url(),
        status_index=certificate.status_index,
        language=settings.LANGUAGE_CODE,
    )
    return credentials.sign(
        credentials.open_badge_credential(data),
        key=key.private_key,
        verification_method=key.id,
        created=now,
    )


def signing_key_rotate(*, now: datetime | None = None) -> SigningKey:
    """Make a new signing key, the one new credentials are signed with from now on. The keys
    before it are retired, not removed: the DID document keeps publishing them, so what they
    signed keeps verifying. The revocation list is re-signed with the new key."""
    now = now or timezone.now()
    with transaction.atomic():
        signing.keys_published()  # key 1, the configured key, is recorded first
        rows = list(SigningKey.objects.select_for_update().order_by("number"))
        new = Ed25519PrivateKey.generate()
        SigningKey.objects.filter(retired_at__isnull=True).update(retired_at=now)
        row = SigningKey.objects.create(
            number=rows[-1].number + 1,
            public_key_multibase=credentials.public_key_multibase(new.public_key()),
            private_key_encrypted=signing.private_key_encrypt(new),
            created_at=now,
        )
        status_list_refresh(now=now)
    return row


def certificate_email(*, certificate_id: int, now: datetime | None = None) -> bool:
    """Queue the learner's certificate e-mail in the outbox, once; returns whether this call
    queued it. The outbox sends it in the learner's language (retried, with a stable
    Message-ID) and lists it as their notice; `emailed_at` is the moment it was queued. A
    learner without an e-mail address gets the notice only."""
    now = now or timezone.now()
    certificate = (
        Certificate.objects.select_related("enrollment__learner", "enrollment__edition")
        .filter(
            pk=certificate_id,
            status=Status.ISSUED,
            emailed_at__isnull=True,
            holder_erased_at__isnull=True,
        )
        .exclude(rendered_at__isnull=True)
        .first()
    )
    if certificate is None:
        return False
    learner = certificate.enrollment.learner
    with transaction.atomic():
        queued = notification_queue(
            user_id=learner.pk,
            email=learner.email,
            kind=messages.EMAIL_KIND,
            item=f"certificate:{certificate.pk}",
            about=timezone.localdate(certificate.issued_at),
            now=now,
            data=_email_data(certificate),
            url=conf.learner_home_url(),
        )
        if learner.email:
            Certificate.objects.filter(pk=certificate_id, emailed_at__isnull=True).update(
                emailed_at=now
            )
    return queued


def _email_data(certificate: Certificate) -> dict:
    """What the certificate e-mail says (`messages.certificate_email_content` writes it)."""
    return {
        "course": certificate.course_title,
        "edition": certificate.enrollment.edition.name,
        "name": certificate.name,
        "serial": certificate.serial,
        "issuer": certificate.issuer_name,
        "verify_url": signing.verify_url(certificate.verification_code),
    }


def certificate_email_again(
    *, certificate: Certificate, by, now: datetime | None = None
) -> CertificateEvent:
    """Send the learner the certificate e-mail once more (an administrator asked: the first
    one was lost or went to an old address). Each request is its own message in the outbox,
    recorded in the certificate's history with who asked."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("enrollment__learner", "enrollment__edition")
            .get(pk=certificate.pk)
        )
        learner = locked.enrollment.learner
        if locked.status != Status.ISSUED:
            raise CertificateError(_("Alleen een uitgegeven certificaat kun je opnieuw mailen."))
        if locked.holder_erased_at is not None:
            raise CertificateError(_("De houder van dit certificaat is gewist."))
        if locked.rendered_at is None:
            raise CertificateError(
                _("De pdf is nog niet klaar. De e-mail gaat vanzelf weg zodra hij klaar is.")
            )
        if not learner.email:
            raise CertificateError(_("Deze cursist heeft geen e-mailadres."))
        event = CertificateEvent.objects.create(
            certificate=locked,
            kind=CertificateEvent.Kind.EMAILED_AGAIN,
            at=now,
            by=by if by is not None and by.is_authenticated else None,
        )
        notification_queue(
            user_id=learner.pk,
            email=learner.email,
            kind=messages.EMAIL_KIND,
            item=again_item(locked.pk, event.pk),
            about=timezone.localdate(now),
            now=now,
            data=_email_data(locked),
            url=conf.learner_home_url(),
        )
        Certificate.objects.filter(pk=locked.pk, emailed_at__isnull=True).update(emailed_at=now)
    return event


def again_item(certificate_id: int, event_id: int) -> str:
    """The outbox item of an e-mail sent again (the first one's is `certificate:<pk>`)."""
    return f"certificate:{certificate_id}:again:{event_id}"


def certificate_download_record(
    *, certificate_id: int, kind: str, by, now: datetime | None = None
) -> None:
    """Note a download of the PDF or the credential, and by whom, for the history."""
    CertificateEvent.objects.create(
        certificate_id=certificate_id,
        kind=kind,
        at=now or timezone.now(),
        by=by if by is not None and by.is_authenticated else None,
    )


def edition_certificates_with_pdf(*, edition) -> list[Certificate]:
    """The edition's valid certificates for a zip of their PDFs; one the worker has not
    rendered yet is rendered now (an administrator is waiting). One that fails keeps no
    PDF here: the failure is recorded and the sweep tries again."""
    certificates = selectors.edition_certificates_issued(edition)
    missing = [c.pk for c in certificates if not c.pdf]
    for certificate_id in missing:
        try:
            certificate_render(certificate_id=certificate_id)
        except Exception as exc:  # one broken certificate must not stop the others
            logger.exception("certificate %s could not be rendered", certificate_id)
            certificate_record_render_failure(certificate_id=certificate_id, error=repr(exc))
    return selectors.edition_certificates_issued(edition) if missing else certificates


# --- the sweep -----------------------------------------------------------------------------


def certificates_sweep(*, now: datetime | None = None, limit: int = 2000) -> dict[str, int]:
    """What lost messages left behind: issued without a PDF, rendered without an e-mail,
    passed without a certificate, no longer passed and not flagged. Enqueues each again."""
    now = now or timezone.now()
    settle = now - SETTLE
    unrendered = list(
        Certificate.objects.filter(
            status=Status.ISSUED,
            rendered_at__isnull=True,
            issued_at__lt=settle,
            holder_erased_at__isnull=True,
        ).values_list("pk", flat=True)[:limit]
    )
    unmailed = list(
        Certificate.objects.filter(
            status=Status.ISSUED,
            rendered_at__lt=settle,
            emailed_at__isnull=True,
            enrollment__learner__email__gt="",
            holder_erased_at__isnull=True,
        ).values_list("pk", flat=True)[:limit]
    )
    current = Certificate.objects.filter(enrollment_id=OuterRef("enrollment_id")).exclude(
        status=Status.REPLACED
    )
    missing = list(
        CourseResult.objects.filter(
            passed=True,
            passed_at__lt=settle,
            enrollment__edition__course__certificate_template__isnull=False,
        )
        .filter(~Exists(current))
        .values_list("enrollment_id", flat=True)[:limit]
    )
    dropped = list(
        Certificate.objects.filter(
            Q(enrollment__course_result__passed=False) | Q(enrollment__course_result__isnull=True),
            status__in=[Status.ISSUED, Status.PENDING],
            needs_review=False,
            holder_erased_at__isnull=True,
        ).values_list("enrollment_id", flat=True)[:limit]
    )
    for pk in unrendered:
        tasks.certificate_render.delay(pk)
    for pk in unmailed:
        tasks.certificate_email.delay(pk)
    for pk in missing + dropped:
        tasks.certificate_evaluate.delay(pk)
    return {
        "render": len(unrendered),
        "email": len(unmailed),
        "evaluate": len(missing) + len(dropped),
    }
