"""Reading certificates: a learner's own, an edition's approval queue, a verifier's view,
and the administrators' register with each certificate's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.dates import format_when
from core.outbox.models import Notification
from courses.access import is_administrator
from courses.models import Course, Edition, Organisation

from . import messages
from .models import Certificate, CertificateEvent

Status = Certificate.Status


def certificates_for_learner(user) -> list[Certificate]:
    """The learner's current certificates that exist for others (issued or revoked)."""
    if not user.is_authenticated:
        return []
    return list(
        Certificate.objects.filter(
            enrollment__learner=user, status__in=[Status.ISSUED, Status.REVOKED]
        )
        .only(
            "pk",
            "status",
            "serial",
            "course_title",
            "issued_at",
            "rendered_at",
            "revoked_at",
            "verification_code",
            "issuer_name",
            "enrollment_id",
        )
        .order_by("-issued_at")
    )


def certificate_for_owner(user, certificate_id: int) -> Certificate | None:
    """A learner's own issued or revoked certificate; administrators may open any issued one."""
    if not user.is_authenticated:
        return None
    qs = Certificate.objects.filter(
        pk=certificate_id, status__in=[Status.ISSUED, Status.REVOKED, Status.REPLACED]
    )
    if not is_administrator(user):
        qs = qs.filter(enrollment__learner=user, status=Status.ISSUED)
    return qs.first()


def certificate_for_verification(code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return (
        Certificate.objects.filter(
            verification_code=code,
            status__in=[Status.ISSUED, Status.REVOKED, Status.REPLACED],
        )
        .select_related("replaced_by")
        .only(
            "status",
            "name",
            "course_title",
            "issued_at",
            "issuer_name",
            "revoked_at",
            "serial",
            "verification_code",
            "replaced_by__serial",
            "replaced_by__verification_code",
        )
        .first()
    )


def editions_with_certificate_work() -> QuerySet[Edition]:
    return (
        Edition.objects.select_related("course")
        .annotate(
            pending=Count(
                "enrollments__certificates",
                filter=Q(enrollments__certificates__status=Status.PENDING),
            ),
            review=Count(
                "enrollments__certificates",
                filter=Q(enrollments__certificates__needs_review=True),
            ),
        )
        .filter(Q(pending__gt=0) | Q(review__gt=0))
        .order_by("course__title", "name")
    )


def approval_queue(edition: Edition) -> list[Certificate]:
    return list(
        Certificate.objects.filter(enrollment__edition=edition, status=Status.PENDING)
        .select_related("enrollment__learner", "enrollment__course_result")
        .order_by("enrollment__learner__last_name", "enrollment__learner__first_name", "pk")
    )


def review_queue(edition: Edition) -> list[Certificate]:
    return list(
        Certificate.objects.filter(
            enrollment__edition=edition, needs_review=True, status=Status.ISSUED
        )
        .select_related("enrollment__learner")
        .order_by("serial")
    )


# --- the register --------------------------------------------------------------------------

# What a row of the register and its exports shows: no credential, wording or PDF data.
REGISTER_FIELDS = (
    "serial",
    "name",
    "status",
    "course_title",
    "issued_at",
    "revoked_at",
    "revocation_reason",
    "verification_code",
    "created_at",
    "rendered_at",
    "holder_erased_at",
    "enrollment__learner__email",
    "enrollment__learner__first_name",
    "enrollment__learner__last_name",
    "enrollment__edition__name",
    "enrollment__edition__course__title",
    "enrollment__organisation__name",
    "replaced_by__serial",
)


def certificate_register(
    *,
    q: str = "",
    course: Course | None = None,
    edition: Edition | None = None,
    organisation: Organisation | None = None,
    status: str = "",
    issued_from: dt.date | None = None,
    issued_to: dt.date | None = None,
) -> QuerySet[Certificate]:
    """Every certificate matching the filters, newest issue first (requests without an issue
    date last), with what a row shows in the same query."""
    qs = Certificate.objects.select_related(
        "enrollment__learner",
        "enrollment__edition__course",
        "enrollment__organisation",
        "replaced_by",
    ).only(*REGISTER_FIELDS)
    q = " ".join(q.split())
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(serial__icontains=q)
            | Q(enrollment__learner__email__icontains=q)
        )
    if course is not None:
        qs = qs.filter(enrollment__edition__course=course)
    if edition is not None:
        qs = qs.filter(enrollment__edition=edition)
    if organisation is not None:
        qs = qs.filter(enrollment__organisation=organisation)
    if status:
        qs = qs.filter(status=status)
    if issued_from is not None:
        qs = qs.filter(issued_at__gte=_start_of(issued_from))
    if issued_to is not None:
        qs = qs.filter(issued_at__lt=_start_of(issued_to + dt.timedelta(days=1)))
    return qs.order_by(F("issued_at").desc(nulls_last=True), "-pk")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def register_courses() -> QuerySet[Course]:
    """The courses that give a certificate."""
    return Course.objects.filter(certificate_template__isnull=False).order_by("title")


def register_editions() -> QuerySet[Edition]:
    return Edition.objects.select_related("course").order_by("course__title", "name")


def register_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def certificate_for_register(certificate_id: int) -> Certificate | None:
    """One certificate with everything its page shows (one query)."""
    return (
        Certificate.objects.select_related(
            "enrollment__learner",
            "enrollment__edition__course",
            "enrollment__organisation",
            "decided_by",
            "revoked_by",
            "replaced_by__decided_by",
            "replaces",
        )
        .defer("credential", "replaced_by__credential", "replaces__credential")
        .filter(pk=certificate_id)
        .first()
    )


def edition_certificates_issued(edition: Edition) -> list[Certificate]:
    """The edition's valid certificates that can have a PDF (not those of an erased holder),
    in the order of their numbers."""
    return list(
        Certificate.objects.filter(
            enrollment__edition=edition, status=Status.ISSUED, holder_erased_at__isnull=True
        )
        .only("pk", "serial", "name", "pdf", "rendered_at")
        .order_by("serial")
    )


# --- a certificate's history ----------------------------------------------------------------

HISTORY_EVENTS = 200


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    what: str
    by: str = ""
    detail: str = ""


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _email_detail(notification: Notification | None) -> str:
    if notification is None:
        return ""
    if notification.email_state == Notification.EmailState.SENT and notification.emailed_at:
        return _("verzonden op %(date)s") % {
            "date": format_when(notification.emailed_at, "date_time")
        }
    if notification.email_state == Notification.EmailState.NONE:
        return _("geen e-mailadres: alleen een bericht in de leeromgeving")
    return str(notification.get_email_state_display())


def certificate_history(certificate: Certificate) -> list[HistoryEntry]:
    """What happened to the certificate, oldest first: from its own fields (requested,
    approved or rejected, issued, PDF made, revoked, replaced), its e-mails in the outbox and
    its recorded events (downloads, e-mails sent again). Three queries at most."""
    c = certificate
    replaces = getattr(c, "replaces", None)
    entries = []
    if replaces is None:
        entries.append(HistoryEntry(c.created_at, _("Aangevraagd: de cursist is geslaagd")))
    if c.status == Status.REJECTED and c.decided_at:
        entries.append(
            HistoryEntry(c.decided_at, _("Afgewezen"), _who(c.decided_by), c.rejection_reason)
        )
    elif c.issued_at:
        if replaces is not None:
            what = _("Uitgegeven als vervanging van %(serial)s") % {"serial": replaces.serial}
        elif c.decided_by_id:
            what = _("Goedgekeurd en uitgegeven")
        else:
            what = _("Uitgegeven zonder goedkeuring (de cursus geeft het meteen uit)")
        entries.append(HistoryEntry(c.issued_at, what, _who(c.decided_by), c.serial or ""))
    if c.rendered_at:
        entries.append(HistoryEntry(c.rendered_at, _("Pdf en digitaal certificaat gemaakt")))

    learner_id = c.enrollment.learner_id
    prefix = f"certificate:{c.pk}"
    notifications = {
        (n.kind, n.item): n
        for n in Notification.objects.filter(
            Q(item=prefix) | Q(item__startswith=prefix + ":"),
            user_id=learner_id,
            kind__in=[messages.EMAIL_KIND, messages.REVOKED_EMAIL_KIND],
        ).only("kind", "item", "created_at", "email_state", "emailed_at")
    }
    first = notifications.get((messages.EMAIL_KIND, prefix))
    if first is not None:
        entries.append(
            HistoryEntry(first.created_at, _("E-mail aan de cursist"), detail=_email_detail(first))
        )
    elif c.emailed_at:
        entries.append(HistoryEntry(c.emailed_at, _("E-mail aan de cursist")))

    events = list(
        CertificateEvent.objects.filter(certificate=c)
        .select_related("by")
        .order_by("-at", "-pk")[:HISTORY_EVENTS]
    )
    for event in events:
        detail = ""
        if event.kind == CertificateEvent.Kind.EMAILED_AGAIN:
            again = notifications.get((messages.EMAIL_KIND, f"{prefix}:again:{event.pk}"))
            detail = _email_detail(again)
        entries.append(
            HistoryEntry(event.at, capfirst(event.get_kind_display()), _who(event.by), detail)
        )

    if c.revoked_at:
        entries.append(
            HistoryEntry(c.revoked_at, _("Ingetrokken"), _who(c.revoked_by), c.revocation_reason)
        )
        revoked_mail = notifications.get((messages.REVOKED_EMAIL_KIND, prefix))
        if revoked_mail is not None:
            entries.append(
                HistoryEntry(
                    revoked_mail.created_at,
                    _("E-mail aan de cursist over het intrekken"),
                    detail=_email_detail(revoked_mail),
                )
            )
    if c.replaced_by_id:
        new = c.replaced_by
        entries.append(
            HistoryEntry(
                new.issued_at or new.created_at,
                _("Vervangen door %(serial)s") % {"serial": new.serial},
                _who(new.decided_by),
                detail=_("naam verbeterd: %(name)s") % {"name": new.name},
            )
        )
    return sorted(entries, key=lambda entry: entry.at)
